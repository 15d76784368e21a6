/**
 * Citizen messages to a leaders' message board (the TipDM "智慧政务" attachment 3, xlsx) →
 * historical cases. Pure: the sheet's rows (cell values, as xlsx_rows.ts reads them) in,
 * records and bad rows out. Categories stay empty for the later classifier. See docs/import.md.
 */
import { z } from "zod";
import {
  type BadRow,
  type ImportCaseType,
  issueReason,
  type Parsed,
  rejectDuplicates,
} from "./import_record.ts";
import {
  excelSerialToWallClock,
  fixedOffsetToInstant,
  isValidWallClock,
  type WallClock,
} from "./local_time.ts";

/** China time: UTC+8 all year. */
export const CHINA_OFFSET_MINUTES = 480;

const REQUIRED = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"] as const;

export interface SheetRow {
  /** The sheet's own row number (the header is row 1). */
  row: number;
  cells: unknown[];
}

export interface MessageRecord {
  row: number;
  sourceRef: string;
  user: string | null;
  type: ImportCaseType;
  createdAt: Date;
  content: string;
  likes: number | null;
  dislikes: number | null;
}

/** A message that asks for something to change is a suggestion; everything else a complaint. */
const SUGGESTION = /建议|希望|呼吁|提议|倡议/;

export function messageType(topic: string): ImportCaseType {
  return SUGGESTION.test(topic) ? "suggestion" : "complaint";
}

const TEXT_DATE_TIME = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * 留言时间 as the sheet holds it: text like `2019/2/28 11:25:05`, or an Excel serial number
 * (days since 1899-12-30), both China time. Null for anything else.
 */
export function parseMessageTime(value: unknown): Date | null {
  let w: WallClock;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1) return null;
    w = excelSerialToWallClock(value);
  } else if (typeof value === "string") {
    const m = TEXT_DATE_TIME.exec(value.trim());
    if (!m) return null;
    w = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
  } else {
    return null;
  }
  return isValidWallClock(w) ? fixedOffsetToInstant(w, CHINA_OFFSET_MINUTES) : null;
}

/** Trims the whitespace runs the board's export wraps around the text (also U+3000). */
const trim = (s: string) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
const cellText = z.union([z.string(), z.number()]).nullish().transform((v) =>
  v == null ? "" : trim(String(v))
);
const COUNT = "not a whole number ≥ 0";
const count = z.number({ error: COUNT }).int(COUNT).min(0, COUNT).nullish().transform((v) =>
  v ?? null
);
const NUMBER = "missing or not a message number";

const MessageRow = z.object({
  留言编号: z.union([
    z.number().int(NUMBER).positive(NUMBER),
    z.string().trim().regex(/^\d{1,18}$/, NUMBER),
  ], { error: NUMBER }).transform(String),
  留言用户: cellText.pipe(z.string().max(64, "longer than 64 characters")),
  留言主题: cellText.pipe(z.string().min(1, "missing").max(500, "longer than 500 characters")),
  留言时间: z.unknown().transform((v, ctx) => {
    const d = parseMessageTime(v);
    if (!d) {
      const shown = v == null || v === "" ? "missing" : `"${String(v)}" is not a date`;
      ctx.addIssue({
        code: "custom",
        message: `${shown} (expected 2019/2/28 11:25:05 or an Excel date)`,
      });
    }
    return d;
  }),
  留言详情: cellText,
  反对数: count,
  点赞数: count,
});

export function parseMessages(sheet: SheetRow[]): Parsed<MessageRecord> {
  const [header, ...data] = sheet;
  const columns = (header?.cells ?? []).map((c) => (typeof c === "string" ? c.trim() : ""));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new Error(`not a message-board sheet: the header lacks ${missing.join(", ")}`);
  }
  const bad: BadRow[] = [];
  const records: MessageRecord[] = [];
  for (const { row, cells } of data) {
    const raw: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (c) raw[c] = cells[i];
    });
    const parsed = MessageRow.safeParse(raw);
    if (!parsed.success) {
      bad.push({ row, reason: issueReason(parsed.error) });
      continue;
    }
    const m = parsed.data;
    records.push({
      row,
      sourceRef: m.留言编号,
      user: m.留言用户 || null,
      type: messageType(m.留言主题),
      createdAt: m.留言时间!,
      content: m.留言详情 ? `${m.留言主题}\n${m.留言详情}` : m.留言主题,
      likes: m.点赞数,
      dislikes: m.反对数,
    });
  }
  return {
    rows: data.length,
    records: rejectDuplicates(records, "留言编号", bad),
    bad: bad.sort((a, b) => a.row - b.row),
  };
}
