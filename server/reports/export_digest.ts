/**
 * What every export of a report carries so that a figure can be checked later: the figures as
 * shown (one rounding rule shared by CSV, XLSX and PDF) and the SHA-256 over them.
 *
 * The digest (docs/report_exports.md): SHA-256, lowercase hex, of the UTF-8 bytes of
 *
 *   {"format":"12345-report-v1","params":[[k,v],…],"sections":[{"title":…,
 *    "columns":[[label,kind],…],"rows":[[cell,…],…],"totals":[[cell,…],…]},…]}
 *
 * written without spaces by JSON.stringify: params as [key, string value] pairs sorted by key,
 * null and empty values left out; cells in column order, each through `canonicalCell`. The
 * report's title, generation time and the exporting user are not part of it: the same figures
 * exported twice give the same digest.
 */
import { createSHA256 } from "hash-wasm";
import type {
  Cell,
  ColumnKind,
  Report,
  ReportParams,
  ReportRow,
  ReportSection,
} from "./report_model.ts";

export const DIGEST_FORMAT = "12345-report-v1";

/** Who exported and the checksum of what: printed into every file. */
export interface ExportStamp {
  workNumber: string;
  name: string;
  sha256: string;
}

/** A report reduced to what the digest covers; also what the verifier reads back from a file. */
export interface CanonicalSection {
  title: string;
  columns: [string, ColumnKind][];
  rows: Cell[][];
  totals: Cell[][];
}
export interface CanonicalReport {
  params: [string, string][];
  sections: CanonicalSection[];
}

/** Decimal places a figure keeps in every export: rates and deltas to 0.01 %. */
const DIGITS: Record<Exclude<ColumnKind, "text">, number> = {
  int: 2,
  rate: 4,
  delta: 4,
  seconds: 1,
};

/**
 * Halves away from zero on the decimal digits people see: 0.98765 → 0.9877, where toFixed would
 * go by the binary value (0.98764999…). Rounding a rounded figure changes nothing.
 */
function round(n: number, digits: number): number {
  if (Number.isInteger(n)) return n;
  const scale = 10 ** digits;
  const x = Math.abs(n * scale);
  // Only a value within float noise of a half needs its decimal digits looked at (slow).
  const near = Math.abs(x - Math.floor(x) - 0.5) < 1e-6;
  const scaled = Math.round(near ? Number(x.toPrecision(15)) : x);
  return (n < 0 ? -scaled : scaled) / scale;
}

/**
 * A number column's text as it is written in a CSV (or found where a producer put text):
 * "95.12%" is 0.9512, "" is nothing, anything not numeric stays text.
 */
export function numberFromText(kind: Exclude<ColumnKind, "text">, text: string): Cell {
  const t = text.trim();
  if (t === "") return null;
  const m = /^([+-]?\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) return t;
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return round(n, DIGITS[kind]);
}

/** One cell as every export shows it and the digest covers it. */
export function canonicalCell(kind: ColumnKind, value: Cell | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (kind === "text") {
    const s = String(value);
    return s === "" ? null : s;
  }
  if (typeof value === "string") return numberFromText(kind, value);
  return Number.isFinite(value) ? round(value, DIGITS[kind]) : null;
}

export function canonicalParams(params: ReportParams): [string, string][] {
  return Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]): [string, string] => [k, String(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The query string of the params (sorted), as the files print them. */
export function paramsText(params: [string, string][]): string {
  return new URLSearchParams(params).toString();
}

export function paramsFromText(text: string): [string, string][] {
  return [...new URLSearchParams(text)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function canonicalRow(section: ReportSection, row: ReportRow): Cell[] {
  return section.columns.map((c) => canonicalCell(c.kind, row[c.key]));
}

export function canonicalReport(report: Report): CanonicalReport {
  return {
    params: canonicalParams(report.params),
    sections: report.sections.map((s) => ({
      title: s.title,
      columns: s.columns.map((c): [string, ColumnKind] => [c.label, c.kind]),
      rows: s.rows.map((r) => canonicalRow(s, r)),
      totals: (s.totals ?? []).map((r) => canonicalRow(s, r)),
    })),
  };
}

/**
 * The canonical JSON text in pieces, row by row, so a large report is never one string. Rows are
 * canonicalised here; a `CanonicalReport` read back from a file goes through the same function
 * (its cells are canonical already, and canonicalising twice changes nothing).
 */
export function* canonicalPieces(data: CanonicalReport | Report): Generator<string> {
  const canonical = "title" in data ? lazyCanonical(data) : data;
  yield `{"format":${JSON.stringify(DIGEST_FORMAT)},"params":${JSON.stringify(canonical.params)}`;
  yield `,"sections":[`;
  let i = 0;
  for (const s of canonical.sections) {
    const kinds = s.columns.map(([, kind]) => kind);
    yield `${i++ ? "," : ""}{"title":${JSON.stringify(s.title)},"columns":`;
    yield `${JSON.stringify(s.columns)},"rows":[`;
    for (const [list, end] of [[s.rows, `],"totals":[`], [s.totals, `]}`]] as const) {
      let first = true;
      for (const row of list) {
        yield (first ? "" : ",") + JSON.stringify(kinds.map((k, j) => canonicalCell(k, row[j])));
        first = false;
      }
      yield end;
    }
  }
  yield `]}`;
}

/** The whole canonical text (the PDF carries it as an attachment). */
export function canonicalJson(data: CanonicalReport | Report): string {
  return [...canonicalPieces(data)].join("");
}

/** SHA-256 (hex) of the canonical text, hashed as it is produced. */
export async function digestOf(data: CanonicalReport | Report): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const encoder = new TextEncoder();
  // Hashed in batches of about 64K characters: one call into the hasher per row costs more than
  // the hashing itself.
  let batch = "";
  let n = 0;
  for (const piece of canonicalPieces(data)) {
    batch += piece;
    if (batch.length < 65_536) continue;
    hasher.update(encoder.encode(batch));
    batch = "";
    // A large report takes a while: other requests go on meanwhile.
    if (++n % 16 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  hasher.update(encoder.encode(batch));
  return hasher.digest("hex");
}

/** Like `canonicalReport`, but rows are produced as they are hashed. */
function lazyCanonical(report: Report) {
  function* cells(section: ReportSection, rows: ReportRow[]): Iterable<Cell[]> {
    for (const r of rows) yield section.columns.map((c) => r[c.key] ?? null);
  }
  return {
    params: canonicalParams(report.params),
    sections: report.sections.map((s) => ({
      title: s.title,
      columns: s.columns.map((c): [string, ColumnKind] => [c.label, c.kind]),
      rows: cells(s, s.rows),
      totals: cells(s, s.totals ?? []),
    })),
  };
}

/** Rows per section as the files and the audit record state them. */
export function rowCounts(report: Report): { title: string; rows: number; totals: number }[] {
  return report.sections.map((s) => ({
    title: s.title,
    rows: s.rows.length,
    totals: s.totals?.length ?? 0,
  }));
}

const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/**
 * A canonical cell as text. "csv": plain numbers a spreadsheet reads back (12345, 95.12%,
 * +3.40%), nothing as empty; "pdf": thousands grouped and nothing as a dash, for reading.
 */
export function displayCell(kind: ColumnKind, value: Cell, style: "csv" | "pdf"): string {
  if (value === null) return style === "csv" ? "" : "—";
  if (typeof value === "string") return value;
  switch (kind) {
    case "rate":
      return `${(value * 100).toFixed(2)}%`;
    case "delta":
      return `${value > 0 ? "+" : ""}${(value * 100).toFixed(2)}%`;
    case "seconds":
      return value.toFixed(1);
    default:
      return style === "csv" ? String(value) : GROUPED.format(value);
  }
}
