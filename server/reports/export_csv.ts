/**
 * A report as CSV: UTF-8 with a BOM (so spreadsheet programs read the Chinese), a header block
 * (report, query, generation time, user, rows per section, SHA-256), then one block per section:
 * a line 【title】 with its row counts and column kinds, the column headings, the rows, the totals.
 * Written lazily, a few hundred rows per chunk. export_verify.ts reads the same layout back.
 */
import { formatDateTime } from "../../islands/format.ts";
import {
  canonicalParams,
  canonicalRow,
  displayCell,
  type ExportStamp,
  paramsText,
} from "./export_digest.ts";
import type { Report } from "./report_model.ts";

/** Labels of the header block, shared with the reader. */
export const CSV_LABELS = {
  report: "报表",
  params: "查询参数",
  generated: "生成时间",
  user: "导出人",
  counts: "各部分行数",
  sha256: "数据校验 SHA-256",
  method: "校验方法",
} as const;

export const VERIFY_NOTE =
  "SHA-256 为查询参数与各部分表格数据规范化后的摘要（见 docs/report_exports.md），" +
  "可用 deno task report-verify <文件> 重新计算";

const ROWS_PER_CHUNK = 500;

/** A field as RFC 4180 wants it; text that a spreadsheet would run as a formula gets a quote. */
export function csvField(text: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const line = (fields: string[]) => fields.map((f) => csvField(f, true)).join(",") + "\r\n";

/** The section heading line: title, row counts and the column kinds the reader needs. */
export function sectionLine(title: string, rows: number, totals: number, kinds: string[]) {
  return line([`【${title}】`, `${rows} 行数据`, `${totals} 行合计`, kinds.join("|")]);
}

function* csvLines(report: Report, stamp: ExportStamp): Generator<string> {
  const counts = report.sections.map((s) => `${s.title} ${s.rows.length} 行`).join("；");
  yield "\uFEFF" + line([CSV_LABELS.report, report.title]);
  yield line([CSV_LABELS.params, paramsText(canonicalParams(report.params))]);
  yield line([
    CSV_LABELS.generated,
    `${formatDateTime(report.generated_at)}（北京时间）`,
    report.generated_at,
  ]);
  yield line([CSV_LABELS.user, stamp.workNumber, stamp.name]);
  yield line([CSV_LABELS.counts, counts]);
  yield line([CSV_LABELS.sha256, stamp.sha256]);
  yield line([CSV_LABELS.method, VERIFY_NOTE]);
  for (const section of report.sections) {
    const kinds = section.columns.map((c) => c.kind);
    const totals = section.totals ?? [];
    yield "\r\n" + sectionLine(section.title, section.rows.length, totals.length, kinds);
    yield line(section.columns.map((c) => c.label));
    let chunk = "";
    let n = 0;
    for (const rows of [section.rows, totals]) {
      for (const row of rows) {
        chunk += canonicalRow(section, row)
          .map((v, i) => csvField(displayCell(kinds[i], v, "csv"), typeof v === "string"))
          .join(",") + "\r\n";
        if (++n % ROWS_PER_CHUNK === 0) {
          yield chunk;
          chunk = "";
        }
      }
    }
    if (chunk) yield chunk;
  }
}

/** The CSV file as a stream: the report's rows are turned into text as the reader pulls. */
export function csvExport(report: Report, stamp: ExportStamp): ReadableStream<Uint8Array> {
  const lines = csvLines(report, stamp);
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
