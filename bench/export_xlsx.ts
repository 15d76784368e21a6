/**
 * Report exports at size: a 100,000-row report (agent × day rows, 8 columns) written as XLSX by
 * the streaming writer, timed from the report in memory to the last byte a reader took, with the
 * process's peak RSS (VmHWM, reset before each run through /proc/self/clear_refs). Then the same
 * rows as CSV, a 20,000-row PDF (the PDF cap), and, for scale, exceljs's in-memory Workbook.
 *
 *   deno task bench:export [--rows=100000] [--runs=3] [--pdf-rows=20000] [--compare=on|off]
 */
import ExcelJS from "exceljs";
import { csvExport } from "../server/reports/export_csv.ts";
import { digestOf } from "../server/reports/export_digest.ts";
import { bigReport } from "../server/reports/export_fixtures.ts";
import { pdfExport } from "../server/reports/export_pdf.ts";
import { readXlsxExport } from "../server/reports/export_verify.ts";
import { xlsxExport } from "../server/reports/export_xlsx.ts";
import type { Report } from "../server/reports/report_model.ts";
import { loadAverage, option } from "./common.ts";

const ROWS = Number(option("rows", "100000"));
const RUNS = Number(option("runs", "3"));
const PDF_ROWS = Number(option("pdf-rows", "20000"));
const COMPARE = option("compare", "on") === "on";
const MB = 1024 * 1024;
const signed = (mb: number) => `${mb >= 0.5 ? "+" : ""}${mb.toFixed(0)}`.replace(/^-0$/, "0");

function status(field: "VmHWM" | "VmRSS"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) * 1024 : NaN;
}

function resetPeak() {
  Deno.writeTextFileSync("/proc/self/clear_refs", "5");
}

/** Reads the stream to its end as a client would, keeping only the byte count (or the bytes). */
async function drain(stream: ReadableStream<Uint8Array>, keep: boolean) {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (keep) parts.push(chunk);
  }
  return {
    bytes,
    file: keep ? new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()) : null,
  };
}

async function measure(
  label: string,
  report: Report,
  make: (
    r: Report,
    stamp: { workNumber: string; name: string; sha256: string },
  ) => ReadableStream<Uint8Array>,
) {
  (globalThis as { gc?: () => void }).gc?.();
  const before = status("VmRSS");
  resetPeak();
  const t0 = performance.now();
  const sha256 = await digestOf(report);
  const tDigest = performance.now() - t0;
  const { bytes } = await drain(
    make(report, { workNumber: "6001", name: "审计员", sha256 }),
    false,
  );
  const seconds = (performance.now() - t0) / 1000;
  const peak = status("VmHWM");
  console.log(
    `| ${label} | ${report.sections[0].rows.length.toLocaleString("en-US")} | ${
      seconds.toFixed(2)
    } s | ${(tDigest / 1000).toFixed(2)} s | ${(bytes / MB).toFixed(1)} MB | ${
      (before / MB).toFixed(0)
    } MB | ${(peak / MB).toFixed(0)} MB | ${signed((peak - before) / MB)} MB |`,
  );
}

console.log(`load average before: ${loadAverage()}; ${new Date().toISOString()}`);
console.log(
  "| export | rows | time (digest + file) | of which digest | file size | RSS before | peak RSS | peak − before |",
);
console.log("| ------ | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const report = bigReport(ROWS);
for (let run = 1; run <= RUNS; run++) {
  await measure(`XLSX streamed, run ${run}`, report, xlsxExport);
}
await measure("CSV", report, csvExport);
if (PDF_ROWS > 0) await measure("PDF", bigReport(PDF_ROWS), pdfExport);
if (COMPARE) {
  // For scale: exceljs's in-memory workbook (what the streaming writer avoids).
  (globalThis as { gc?: () => void }).gc?.();
  const before = status("VmRSS");
  resetPeak();
  const t0 = performance.now();
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("s");
  const cols = report.sections[0].columns;
  for (const r of report.sections[0].rows) sheet.addRow(cols.map((c) => r[c.key]));
  const buf = await wb.xlsx.writeBuffer();
  const peak = status("VmHWM");
  console.log(
    `| XLSX in memory (exceljs Workbook, no styles) | ${ROWS.toLocaleString("en-US")} | ${
      ((performance.now() - t0) / 1000).toFixed(2)
    } s | – | ${(buf.byteLength / MB).toFixed(1)} MB | ${(before / MB).toFixed(0)} MB | ${
      (peak / MB).toFixed(0)
    } MB | ${signed((peak - before) / MB)} MB |`,
  );
}
{
  // Untimed: one more file, kept, to check that it reads back to the same digest.
  const stamp = { workNumber: "6001", name: "审计员", sha256: await digestOf(report) };
  const { file } = await drain(xlsxExport(report, stamp), true);
  const t0 = performance.now();
  const back = await readXlsxExport(file!);
  const again = await digestOf(back.data);
  console.log(
    `read back the last XLSX: ${back.data.sections[0].rows.length} rows, SHA-256 ${
      again === back.stated ? "matches" : "DIFFERS"
    } (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
