import ExcelJS from "exceljs";
import { expect } from "expect";
import { digestOf, type ExportStamp } from "./export_digest.ts";
import { bigReport, sampleReport } from "./export_fixtures.ts";
import { verifyExport } from "./export_verify.ts";
import { xlsxExport } from "./export_xlsx.ts";
import type { Cell, ColumnKind, Report } from "./report_model.ts";

async function exported(report: Report = sampleReport()) {
  const stamp: ExportStamp = { workNumber: "6001", name: "审计员", sha256: await digestOf(report) };
  const bytes = await new Response(xlsxExport(report, stamp)).bytes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return { report, stamp, bytes, workbook };
}

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: "#,##0",
  rate: "0.00%",
  delta: "+0.00%;-0.00%;0.00%",
  seconds: "0.0",
};

/** A cell against the report's own value: numbers stay numbers, to their shown precision. */
function expectCell(kind: ColumnKind, raw: Cell | undefined, cell: ExcelJS.Cell) {
  if (raw === null || raw === undefined || raw === "") return expect(cell.value ?? null).toBeNull();
  if (kind === "text" || typeof raw === "string") return expect(cell.value).toBe(String(raw));
  expect(typeof cell.value).toBe("number");
  const half = { int: 0.005, rate: 0.00005, delta: 0.00005, seconds: 0.05 }[kind];
  expect(Math.abs((cell.value as number) - raw)).toBeLessThanOrEqual(half + 1e-12);
  expect(cell.numFmt).toBe(FORMATS[kind]);
}

Deno.test("XLSX export: the 说明 sheet states query, time, user, rows and SHA-256", async () => {
  const { report, stamp, workbook } = await exported();
  expect(workbook.worksheets.map((s) => s.name)).toEqual([
    "说明",
    "1 话务量（按日）",
    "2 工单 按承办单位  排名：含 特殊 字符的很长很长很长很长", // 31 characters at most
    "3 空表",
  ]);
  expect(workbook.worksheets.every((s) => s.name.length <= 31)).toBe(true);
  const info = workbook.getWorksheet("说明")!;
  const rows = new Map<string, ExcelJS.CellValue[]>();
  info.eachRow((row) => {
    const v = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.set(String(v[0]), v.slice(1));
  });
  expect(rows.get("报表")).toEqual([report.title]);
  expect(rows.get("查询参数")).toEqual([
    "category_id=12&from=2026-10-01&kind=monthly&to=2026-10-31",
  ]);
  expect(rows.get("生成时间")).toEqual(["2026/11/01 09:30:00（北京时间）", report.generated_at]);
  expect(rows.get("导出人")).toEqual(["6001", "审计员"]);
  expect(rows.get("数据校验 SHA-256")).toEqual([stamp.sha256]);
  expect(rows.get("1 话务量（按日）")).toEqual([
    "话务量（按日）",
    3,
    1,
    "text|int|int|rate|seconds|delta",
  ]);
  expect(rows.get("3 空表")).toEqual(["空表", 0, 0, "text|int"]);
});

Deno.test("XLSX export: every figure as a number in its format, totals bold", async () => {
  const { report, workbook } = await exported();
  report.sections.forEach((section, s) => {
    const sheet = workbook.worksheets[s + 1];
    const heading = sheet.getRow(1);
    expect((heading.values as ExcelJS.CellValue[]).slice(1)).toEqual(
      section.columns.map((c) => c.label),
    );
    expect(heading.getCell(1).font?.bold).toBe(true);
    const totals = section.totals ?? [];
    [...section.rows, ...totals].forEach((row, i) => {
      const line = sheet.getRow(2 + i);
      section.columns.forEach((c, j) => expectCell(c.kind, row[c.key], line.getCell(j + 1)));
      expect(line.getCell(1).font?.bold ?? false).toBe(i >= section.rows.length);
    });
    expect(sheet.rowCount).toBe(1 + section.rows.length + totals.length);
  });
});

Deno.test("XLSX export: the SHA-256 recomputes, a changed cell breaks it", async () => {
  const { stamp, bytes, workbook } = await exported();
  const ok = await verifyExport("r.xlsx", bytes);
  expect(ok.problems).toEqual([]);
  expect(ok.computed).toBe(stamp.sha256);
  workbook.worksheets[1].getRow(2).getCell(2).value = 12346;
  const tampered = new Uint8Array(await workbook.xlsx.writeBuffer());
  const bad = await verifyExport("r.xlsx", tampered);
  expect(bad.ok).toBe(false);
  expect(bad.computed).not.toBe(stamp.sha256);
});

Deno.test("XLSX export: 5,000 rows stream out and read back exactly", async () => {
  const report = bigReport(5000);
  const { stamp, bytes, workbook } = await exported(report);
  const sheet = workbook.worksheets[1];
  expect(sheet.rowCount).toBe(1 + 5000 + 1);
  const last = report.sections[0].rows[4999];
  expect(sheet.getRow(5001).getCell(4).value).toBe(last.offered);
  expect((await verifyExport("big.xlsx", bytes)).computed).toBe(stamp.sha256);
});
