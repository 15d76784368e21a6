/**
 * Baltimore 311 service requests (CSV) → historical cases. Pure: text in, records and bad rows
 * out; the categories, departments and places they name are resolved by baltimore_refs.ts.
 * The mapping is documented in docs/import.md.
 */
import { z } from "zod";
import { parseCsv } from "./csv.ts";
import {
  type BadRow,
  type ImportCaseType,
  type ImportChannel,
  issueReason,
  type Parsed,
  rejectDuplicates,
} from "./import_record.ts";
import { isValidWallClock, zonedToInstant } from "./local_time.ts";

export const BALTIMORE_TIME_ZONE = "America/New_York";

/** The columns a row must have; Outcome and LastActivity are read when present. */
const REQUIRED = [
  "ServiceRequestNum",
  "SRType",
  "MethodReceived",
  "CreatedDate",
  "SRStatus",
  "DueDate",
  "CloseDate",
  "Agency",
  "Address",
  "Neighborhood",
  "CouncilDistrict",
] as const;
const DESCRIPTIONS = ["Outcome", "LastActivity"] as const;

export interface Record311 {
  row: number;
  sourceRef: string;
  srType: string;
  agency: string;
  type: ImportCaseType;
  channel: ImportChannel;
  status: "closed" | "dispatched";
  /** The source's own status when it says more than open/closed, e.g. "Closed (Duplicate)". */
  srStatus: string;
  createdAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  address: string | null;
  neighborhood: string | null;
  /** 1..99, or null when the row has none. */
  councilDistrict: number | null;
  content: string;
}

/** How the request reached 311 → our channel. Staff-entered requests count as web (an operator's form). */
export const CHANNEL_311: Readonly<Record<string, ImportChannel>> = {
  phone: "phone",
  api: "app",
  web: "web",
  email: "email",
  mail: "letter",
  internal: "web",
  system: "web",
  other: "web",
};

/** First match wins; everything else is a request for a service (求助). */
const TYPE_RULES: [RegExp, ImportCaseType][] = [
  [/compliment|praise/i, "praise"],
  [/complaint/i, "complaint"],
  [/information request|look ?up|language line|inquir|report request/i, "consultation"],
  [/illegal|violation|unauthori[sz]ed|zoning|liquor license/i, "report"],
];

export function type311(srType: string): ImportCaseType {
  return TYPE_RULES.find(([re]) => re.test(srType))?.[1] ?? "help";
}

const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)$/i;

/** `04/12/2018 11:11:26 AM` in Baltimore's local time, or null when it is not such a date. */
export function parseUsDateTime(text: string): Date | null {
  const m = US_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const hour12 = Number(m[4]);
  if (hour12 < 1 || hour12 > 12) return null;
  const w = {
    year: Number(m[3]),
    month: Number(m[1]),
    day: Number(m[2]),
    hour: (hour12 % 12) + (m[7].toUpperCase() === "PM" ? 12 : 0),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  return isValidWallClock(w) ? zonedToInstant(w, BALTIMORE_TIME_ZONE) : null;
}

const text = z.string().trim();
const optional = text.transform((s) => s === "" ? null : s);
const dateTime = (required: boolean) =>
  text.transform((s, ctx) => {
    if (s === "") {
      if (required) ctx.addIssue({ code: "custom", message: "missing" });
      return null;
    }
    const d = parseUsDateTime(s);
    if (!d) {
      ctx.addIssue({
        code: "custom",
        message: `"${s}" is not a date like 04/12/2018 11:11:26 AM`,
      });
    }
    return d;
  });

const Row311 = z.object({
  ServiceRequestNum: text.regex(/^[0-9A-Za-z][0-9A-Za-z-]{0,39}$/, "missing or not an SR number"),
  SRType: text.min(1, "missing").max(200, "longer than 200 characters"),
  MethodReceived: text.transform((s, ctx) => {
    const channel = CHANNEL_311[s.toLowerCase()];
    if (!channel) {
      ctx.addIssue({ code: "custom", message: s ? `unknown method "${s}"` : "missing" });
    }
    return channel;
  }),
  CreatedDate: dateTime(true),
  DueDate: dateTime(false),
  CloseDate: dateTime(false),
  SRStatus: text.regex(/^(Closed|Open|New|Pending|In Progress)\b/i, "unknown status"),
  Agency: text.min(1, "missing").max(100, "longer than 100 characters"),
  Address: optional,
  Neighborhood: optional,
  CouncilDistrict: text.transform((s, ctx) => {
    if (s === "") return null;
    if (!/^\d{1,2}$/.test(s) || Number(s) === 0) {
      ctx.addIssue({ code: "custom", message: `"${s}" is not a council district (1..99)` });
    }
    return Number(s);
  }),
  Outcome: optional.optional(),
  LastActivity: optional.optional(),
}).superRefine((r, ctx) => {
  const closed = /^closed/i.test(r.SRStatus);
  if (closed && !r.CloseDate) {
    ctx.addIssue({ code: "custom", path: ["CloseDate"], message: "missing on a closed request" });
  }
  if (r.CreatedDate && r.CloseDate && r.CloseDate < r.CreatedDate) {
    ctx.addIssue({ code: "custom", path: ["CloseDate"], message: "before CreatedDate" });
  }
});

/** Every data row of the file: good ones as records, the others with row number and reason. */
export function parse311(csv: string): Parsed<Record311> {
  const [header, ...data] = parseCsv(csv);
  const columns = header?.fields.map((f) => f.trim()) ?? [];
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new Error(`not a 311 file: the header lacks ${missing.join(", ")}`);
  }
  const bad: BadRow[] = [];
  const records: Record311[] = [];
  for (const { row, fields } of data) {
    if (fields.length !== columns.length) {
      bad.push({ row, reason: `has ${fields.length} fields, expected ${columns.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((c, i) => raw[c] = fields[i]);
    const parsed = Row311.safeParse(raw);
    if (!parsed.success) {
      bad.push({ row, reason: issueReason(parsed.error) });
      continue;
    }
    const r = parsed.data;
    const closed = /^closed/i.test(r.SRStatus);
    const notes = DESCRIPTIONS.map((c) => r[c] ? `${c}: ${r[c]}` : null);
    const qualified = /\(.*\)/.test(r.SRStatus) ? `SRStatus: ${r.SRStatus}` : null;
    records.push({
      row,
      sourceRef: r.ServiceRequestNum,
      srType: r.SRType,
      agency: r.Agency,
      type: type311(r.SRType),
      channel: r.MethodReceived!,
      status: closed ? "closed" : "dispatched",
      srStatus: r.SRStatus,
      createdAt: r.CreatedDate!,
      dueAt: r.DueDate,
      closedAt: closed ? r.CloseDate : null,
      address: r.Address,
      neighborhood: r.Neighborhood,
      councilDistrict: r.CouncilDistrict,
      content: [r.SRType, ...notes, qualified].filter((l) => l !== null).join("\n"),
    });
  }
  return {
    rows: data.length,
    records: rejectDuplicates(records, "ServiceRequestNum", bad),
    bad: bad.sort((a, b) => a.row - b.row),
  };
}
