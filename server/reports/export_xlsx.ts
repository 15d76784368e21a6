/**
 * A report as XLSX, written with exceljs's streaming WorkbookWriter: each row is committed to
 * the zip as it is written, so memory stays flat however many rows a section has. The first
 * sheet 说明 holds the query, generation time, user, SHA-256 and a table of the sections (sheet,
 * title, rows, totals, column kinds); then one sheet per section, headings frozen, totals bold.
 * Figures are numbers, rates and deltas percent-formatted, all rounded as export_digest.ts says.
 */
import ExcelJS from "exceljs";
import { Writable } from "node:stream";
import { formatDateTime } from "../../islands/format.ts";
import { CSV_LABELS, VERIFY_NOTE } from "./export_csv.ts";
import { canonicalParams, canonicalRow, type ExportStamp, paramsText } from "./export_digest.ts";
import type { ColumnKind, Report, ReportRow, ReportSection } from "./report_model.ts";

const ROWS_BETWEEN_FLUSHES = 1000;

export const INFO_SHEET = "说明";
export const SECTION_TABLE_HEADINGS = ["工作表", "部分", "数据行数", "合计行数", "列类型"];

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: "#,##0",
  rate: "0.00%",
  delta: "+0.00%;-0.00%;0.00%",
  seconds: "0.0",
};

const STYLES = new Map<string, Partial<ExcelJS.Style>>();

/**
 * One style object per kind and weight, shared by every cell: exceljs recognises a style object
 * it has seen (a WeakMap) and skips rendering it again, which is most of its cost per cell.
 */
function styleOf(kind: ColumnKind, bold: boolean): Partial<ExcelJS.Style> {
  const key = `${kind}:${bold}`;
  let style = STYLES.get(key);
  if (!style) {
    style = {
      ...(NUMBER_FORMATS[kind] ? { numFmt: NUMBER_FORMATS[kind] } : {}),
      ...(bold ? { font: { bold: true } } : {}),
    };
    STYLES.set(key, style);
  }
  return style;
}

/** Sheet names: at most 31 characters, none of []:*?/\ and unique, hence the number. */
export function sheetName(index: number, title: string): string {
  return `${index + 1} ${title.replace(/[[\]:*?/\\]/g, " ")}`.slice(0, 31).trimEnd();
}

/** Display width of a text in Excel's character units: CJK characters count twice. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return w;
}

function writeInfo(workbook: ExcelJS.stream.xlsx.WorkbookWriter, report: Report, s: ExportStamp) {
  const sheet = workbook.addWorksheet(INFO_SHEET);
  sheet.columns = [{ width: 18 }, { width: 40 }, { width: 14 }, { width: 10 }, { width: 30 }];
  const add = (values: (string | number)[], bold = false) => {
    const row = sheet.addRow(values);
    if (bold) row.font = { bold: true };
    row.commit();
  };
  add([CSV_LABELS.report, report.title], true);
  add([CSV_LABELS.params, paramsText(canonicalParams(report.params))]);
  add([
    CSV_LABELS.generated,
    `${formatDateTime(report.generated_at)}（北京时间）`,
    report.generated_at,
  ]);
  add([CSV_LABELS.user, s.workNumber, s.name]);
  add([CSV_LABELS.sha256, s.sha256]);
  add([CSV_LABELS.method, VERIFY_NOTE]);
  add([]);
  add(SECTION_TABLE_HEADINGS, true);
  report.sections.forEach((section, i) => {
    add([
      sheetName(i, section.title),
      section.title,
      section.rows.length,
      section.totals?.length ?? 0,
      section.columns.map((c) => c.kind).join("|"),
    ]);
  });
  sheet.commit();
}

async function writeSection(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  index: number,
  section: ReportSection,
  drained: () => Promise<void>,
) {
  const sheet = workbook.addWorksheet(sheetName(index, section.title), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  // Width from the heading and the first rows: measuring every row would cost a pass of its own.
  const sample = section.rows.slice(0, 200).concat(section.totals ?? []);
  sheet.columns = section.columns.map((c) => ({
    width: Math.min(
      60,
      Math.max(8, width(c.label) + 2, ...sample.map((r) => width(String(r[c.key] ?? "")) + 2)),
    ),
  }));
  const heading = sheet.addRow(section.columns.map((c) => c.label));
  heading.font = { bold: true };
  heading.commit();
  const styles = [false, true].map((bold) => section.columns.map((c) => styleOf(c.kind, bold)));
  const add = (r: ReportRow, bold: boolean) => {
    const row = sheet.addRow(canonicalRow(section, r));
    styles[Number(bold)].forEach((style, i) => void (row.getCell(i + 1).style = style));
    row.commit();
  };
  for (let i = 0; i < section.rows.length; i++) {
    add(section.rows[i], false);
    // Committed rows sit in exceljs's buffers until the zip stream runs: let it, now and then.
    if (i % ROWS_BETWEEN_FLUSHES === ROWS_BETWEEN_FLUSHES - 1) await drained();
  }
  for (const r of section.totals ?? []) add(r, true);
  sheet.commit();
}

/** The XLSX file as a stream; rows go out as the client reads (the zip is written as it goes). */
export function xlsxExport(report: Report, stamp: ExportStamp): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let resume: (() => void) | null = null;
  const out = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    pull: () => {
      // Cleared first: the callback may write the next chunk, and set `resume` anew, at once.
      const go = resume;
      resume = null;
      go?.();
    },
  }, { highWaterMark: 4 });
  // A Node stream for exceljs whose writes wait while the client is behind.
  const sink = new Writable({
    write(chunk: Uint8Array, _enc, done) {
      controller.enqueue(new Uint8Array(chunk));
      if ((controller.desiredSize ?? 1) > 0) done();
      else resume = done;
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = `${stamp.workNumber} ${stamp.name}`;
  // Resolves once the client has taken what was written so far.
  const drained = async () => {
    do await new Promise((r) => setTimeout(r, 0)); while (resume);
  };
  (async () => {
    writeInfo(workbook, report, stamp);
    for (const [i, s] of report.sections.entries()) await writeSection(workbook, i, s, drained);
    await workbook.commit();
    sink.end(() => controller.close());
  })().catch((e) => controller.error(e));
  return out;
}
