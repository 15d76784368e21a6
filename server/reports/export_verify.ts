/**
 * Reads an exported report back (CSV, XLSX or PDF) and recomputes its SHA-256, so a figure
 * filed months ago can be checked: `deno task report-verify <file>`. CSV and XLSX are parsed
 * cell by cell into the canonical form; a PDF's canonical data comes from its attachment, and
 * every figure of it must also be found, in order, in the printed text.
 */
import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { CSV_LABELS } from "./export_csv.ts";
import {
  canonicalCell,
  type CanonicalReport,
  type CanonicalSection,
  DIGEST_FORMAT,
  digestOf,
  displayCell,
  numberFromText,
  paramsFromText,
} from "./export_digest.ts";
import { PDF_DATA_ATTACHMENT } from "./export_pdf.ts";
import { INFO_SHEET, SECTION_TABLE_HEADINGS } from "./export_xlsx.ts";
import type { Cell, ColumnKind } from "./report_model.ts";

export type ExportFormat = "csv" | "xlsx" | "pdf";

export interface Verification {
  format: ExportFormat;
  /** The SHA-256 the file states. */
  stated: string | null;
  /** The SHA-256 recomputed from the file's figures. */
  computed: string;
  ok: boolean;
  data: CanonicalReport;
  problems: string[];
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length) records.push([...record, field]);
  return records;
}

/** Undoes the quote export_csv.ts puts before would-be formulas. */
const unquote = (text: string) => (/^'[=+\-@\t\r']/.test(text) ? text.slice(1) : text);

function csvCell(kind: ColumnKind, text: string): Cell {
  const t = unquote(text);
  return kind === "text" ? canonicalCell("text", t) : numberFromText(kind, t);
}

export function readCsvExport(bytes: Uint8Array): { data: CanonicalReport; stated: string | null } {
  const records = parseCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""));
  const info = new Map<string, string[]>();
  let i = 0;
  for (; i < records.length && !records[i][0].startsWith("【"); i++) {
    if (records[i][0]) info.set(records[i][0], records[i].slice(1));
  }
  const sections: CanonicalSection[] = [];
  while (i < records.length) {
    const head = records[i++];
    if (head.length === 1 && head[0] === "") continue;
    const title = unquote(head[0]).replace(/^【/, "").replace(/】$/, "");
    const kinds = head[3].split("|") as ColumnKind[];
    const labels = records[i++].map(unquote);
    const take = (n: number) =>
      records.slice(i, i += n).map((r) => kinds.map((k, j) => csvCell(k, r[j] ?? "")));
    const rows = take(parseInt(head[1]));
    const totals = take(parseInt(head[2]));
    sections.push({ title, columns: labels.map((l, j) => [l, kinds[j]]), rows, totals });
  }
  return {
    data: { params: paramsFromText(info.get(CSV_LABELS.params)?.[0] ?? ""), sections },
    stated: info.get(CSV_LABELS.sha256)?.[0] ?? null,
  };
}

function xlsxValue(value: ExcelJS.CellValue): Cell {
  if (value == null) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "object" && "richText" in value) {
    return value.richText.map((r) => r.text).join("");
  }
  return String(value);
}

export async function readXlsxExport(
  bytes: Uint8Array,
): Promise<{ data: CanonicalReport; stated: string | null }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const info = workbook.getWorksheet(INFO_SHEET);
  if (!info) throw new Error(`no sheet ${INFO_SHEET}: not an exported report`);
  const values = (sheet: ExcelJS.Worksheet, n: number) =>
    ((sheet.getRow(n).values as ExcelJS.CellValue[]) ?? []).slice(1).map(xlsxValue);
  const stated = new Map<string, Cell[]>();
  let tableAt = 0;
  for (let n = 1; n <= info.rowCount; n++) {
    const row = values(info, n);
    if (row[0] === SECTION_TABLE_HEADINGS[0]) tableAt = n;
    else if (!tableAt && typeof row[0] === "string") stated.set(row[0], row.slice(1));
  }
  const sections: CanonicalSection[] = [];
  for (let n = tableAt + 1; tableAt && n <= info.rowCount; n++) {
    const [sheetName, title, rowCount, totalCount, kindText] = values(info, n);
    if (!sheetName) continue;
    const sheet = workbook.getWorksheet(String(sheetName));
    if (!sheet) throw new Error(`the workbook lacks the sheet ${sheetName}`);
    const kinds = String(kindText).split("|") as ColumnKind[];
    const labels = values(sheet, 1).map(String);
    const read = (from: number, count: number) =>
      Array.from({ length: count }, (_, k) => {
        const cells = values(sheet, from + k);
        return kinds.map((kind, j) => canonicalCell(kind, cells[j] ?? null));
      });
    sections.push({
      title: String(title),
      columns: kinds.map((k, j) => [labels[j] ?? "", k]),
      rows: read(2, Number(rowCount)),
      totals: read(2 + Number(rowCount), Number(totalCount)),
    });
  }
  const params = stated.get(CSV_LABELS.params)?.[0];
  const sha = stated.get(CSV_LABELS.sha256)?.[0];
  return {
    data: { params: paramsFromText(typeof params === "string" ? params : ""), sections },
    stated: typeof sha === "string" ? sha : null,
  };
}

/** The text of every page, in content order. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

export async function readPdfExport(
  bytes: Uint8Array,
): Promise<{ data: CanonicalReport; stated: string | null; problems: string[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  // pdf.js lists attachments by id and hands out their bytes on request.
  const attachments = await pdf.getAttachments();
  const id = [...(attachments ?? new Map()).entries()]
    .find(([, a]) => a.filename === PDF_DATA_ATTACHMENT)?.[0];
  const content = id === undefined ? null : await pdf.getAttachmentContent(id);
  if (!content) throw new Error(`the PDF carries no ${PDF_DATA_ATTACHMENT}`);
  const parsed = JSON.parse(new TextDecoder().decode(content));
  if (parsed.format !== DIGEST_FORMAT) throw new Error(`unknown data format ${parsed.format}`);
  const data: CanonicalReport = { params: parsed.params, sections: parsed.sections };
  const { text } = await extractText(pdf, { mergePages: true });
  const flat = text.replace(/\s+/g, "");
  const stated = /数据校验SHA-256：([0-9a-f]{64})/.exec(flat)?.[1] ?? null;
  return { data, stated, problems: missingFigures(flat, data) };
}

/** Every figure of the data, as printed, must appear in the page text in the same order. */
export function missingFigures(flatText: string, data: CanonicalReport): string[] {
  const problems: string[] = [];
  let at = 0;
  for (const s of data.sections) {
    const kinds = s.columns.map(([, k]) => k);
    for (const [part, list] of [["行", s.rows], ["合计行", s.totals]] as const) {
      list.forEach((row, r) => {
        row.forEach((cell, j) => {
          const shown = displayCell(kinds[j], cell, "pdf").replace(/\s+/g, "");
          const found = flatText.indexOf(shown, at);
          if (found < 0) {
            problems.push(
              `${s.title} 第 ${r + 1} ${part}「${s.columns[j][0]}」${shown} 未在正文中找到`,
            );
          } else at = found + shown.length;
        });
      });
    }
  }
  return problems;
}

export function formatOf(name: string, bytes: Uint8Array): ExportFormat {
  if (bytes[0] === 0x25 && bytes[1] === 0x50) return "pdf"; // %P
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "xlsx"; // PK (a zip)
  if (/\.csv$/i.test(name) || bytes[0] === 0xef) return "csv";
  throw new Error(`${name}: neither CSV, XLSX nor PDF`);
}

export async function verifyExport(name: string, bytes: Uint8Array): Promise<Verification> {
  const format = formatOf(name, bytes);
  const read = format === "csv"
    ? { ...readCsvExport(bytes), problems: [] }
    : format === "xlsx"
    ? { ...(await readXlsxExport(bytes)), problems: [] }
    : await readPdfExport(bytes);
  const computed = await digestOf(read.data);
  const problems = [...read.problems];
  if (read.stated !== computed) {
    problems.unshift(`SHA-256 不符：文件记载 ${read.stated ?? "（无）"}，重新计算 ${computed}`);
  }
  return {
    format,
    stated: read.stated,
    computed,
    ok: problems.length === 0,
    data: read.data,
    problems,
  };
}

if (import.meta.main) {
  const [path] = Deno.args;
  if (!path) {
    console.error("usage: deno task report-verify <exported .csv | .xlsx | .pdf>");
    Deno.exit(2);
  }
  const result = await verifyExport(path, await Deno.readFile(path));
  const rows = result.data.sections.map((s) => `${s.title} ${s.rows.length} 行`).join("；");
  console.log(`${path} (${result.format}): ${rows}`);
  console.log(`stated   SHA-256 ${result.stated ?? "-"}`);
  console.log(`computed SHA-256 ${result.computed}`);
  for (const p of result.problems.slice(0, 20)) console.log(`  ✗ ${p}`);
  console.log(result.ok ? "OK: 数据与校验值一致" : `FAILED: ${result.problems.length} 处不符`);
  Deno.exit(result.ok ? 0 : 1);
}
