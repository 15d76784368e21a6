import { expect } from "expect";
import { extractText, getDocumentProxy } from "unpdf";
import { canonicalReport, digestOf, displayCell, type ExportStamp } from "./export_digest.ts";
import { bigReport, sampleReport } from "./export_fixtures.ts";
import { pdfExport } from "./export_pdf.ts";
import { missingFigures, verifyExport } from "./export_verify.ts";
import type { Cell, ColumnKind, Report } from "./report_model.ts";

async function exported(report: Report = sampleReport()) {
  const stamp: ExportStamp = { workNumber: "6001", name: "审计员", sha256: await digestOf(report) };
  const bytes = await new Response(pdfExport(report, stamp)).bytes();
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text: pages } = await extractText(pdf, { mergePages: false });
  return { report, stamp, bytes, pages };
}

/** How the PDF prints a figure, written out here rather than borrowed from the exporter. */
function printed(kind: ColumnKind, raw: Cell | undefined): string {
  if (raw === null || raw === undefined || raw === "") return "—";
  if (typeof raw === "string") return raw;
  const sign = kind === "delta" && raw > 0 ? "+" : "";
  if (kind === "rate" || kind === "delta") return `${sign}${(raw * 100).toFixed(2)}%`;
  if (kind === "seconds") return raw.toFixed(1);
  return raw.toLocaleString("en-US");
}

Deno.test("PDF export: Chinese text in an embedded, extractable CJK font", async () => {
  const { report, stamp, bytes, pages } = await exported();
  const raw = new TextDecoder("latin1").decode(bytes);
  expect(raw.startsWith("%PDF-")).toBe(true);
  expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+WenQuanYiMicroHei/); // a subset
  expect(raw).toContain("/FontFile2");
  expect(raw).toContain("/ToUnicode");
  expect(raw).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.28\d*\]/); // A4 landscape
  const first = pages[0];
  expect(first).toContain(report.title);
  expect(first).toContain("查询参数：category_id=12&from=2026-10-01&kind=monthly&to=2026-10-31");
  expect(first).toContain("生成时间：2026/11/01 09:30:00（北京时间）");
  expect(first).toContain("导出人：6001 审计员");
  expect(first).toContain("各部分行数：话务量（按日） 3 行；");
  expect(first).toContain(`数据校验 SHA-256：${stamp.sha256}`);
});

Deno.test("PDF export: every row's figures are printed, in column order", async () => {
  const { report, pages } = await exported();
  const text = pages.join("\n");
  for (const section of report.sections) {
    expect(text).toContain(`${section.title}（${section.rows.length} 行）`);
    expect(text).toContain(section.columns.map((c) => c.label).join(" "));
    for (const row of [...section.rows, ...section.totals ?? []]) {
      const line = section.columns.map((c) => printed(c.kind, row[c.key])).join(" ");
      // The one cell with a line break prints on two lines.
      expect(text).toContain(line.replace("第一行\n第二行", "第一行"));
    }
  }
  expect(text).toContain("2026-10-01 12,345 12,000 66.67% 187.3 +3.44%");
  expect(text).toContain("合计 12,352 12,007 97.21% 186.9 —");
});

Deno.test("PDF export: long tables break pages and repeat the column headings", async () => {
  const report = bigReport(300);
  const { stamp, bytes, pages } = await exported(report);
  expect(pages.length).toBeGreaterThan(3);
  const labels = report.sections[0].columns.map((c) => c.label).join(" ");
  pages.forEach((page, i) => {
    expect(page).toContain(labels);
    expect(page).toContain(`第 ${i + 1} 页`);
    if (i > 0) expect(page).toContain("（续）");
  });
  const flat = pages.join("").replace(/\s+/g, "");
  expect(missingFigures(flat, canonicalReport(report))).toEqual([]);
  const rows = report.sections[0].rows;
  const last = rows[rows.length - 1];
  expect(pages.at(-1)).toContain(
    `${last.day} ${last.agent} ${last.name} ${last.offered} ${last.answered}`,
  );
  const verified = await verifyExport("big.pdf", bytes);
  expect(verified.problems).toEqual([]);
  expect(verified.computed).toBe(stamp.sha256);
});

Deno.test("PDF export: the verifier recomputes the SHA-256 and finds a figure not printed", async () => {
  const { stamp, bytes, pages } = await exported();
  const verified = await verifyExport("r.pdf", bytes);
  expect(verified.ok).toBe(true);
  expect(verified.stated).toBe(stamp.sha256);
  expect(verified.computed).toBe(stamp.sha256);
  const data = canonicalReport(sampleReport());
  data.sections[0].rows[0][1] = 12346;
  const missing = missingFigures(pages.join("").replace(/\s+/g, ""), data);
  expect(missing).toEqual([
    `话务量（按日） 第 1 行「呼入量」${displayCell("int", 12346, "pdf")} 未在正文中找到`,
  ]);
});
