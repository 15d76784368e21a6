import { expect } from "expect";
import { csvExport } from "./export_csv.ts";
import { digestOf, type ExportStamp } from "./export_digest.ts";
import { sampleReport } from "./export_fixtures.ts";
import { parseCsv, verifyExport } from "./export_verify.ts";
import type { Cell, ColumnKind } from "./report_model.ts";

async function exported() {
  const report = sampleReport();
  const stamp: ExportStamp = { workNumber: "6001", name: "审计员", sha256: await digestOf(report) };
  const bytes = await new Response(csvExport(report, stamp)).bytes();
  return { report, stamp, bytes };
}

/** A CSV field against the report's own value: same text, or the number to its shown precision. */
function expectField(kind: ColumnKind, raw: Cell | undefined, field: string) {
  if (raw === null || raw === undefined || raw === "") return expect(field).toBe("");
  if (kind === "text" || typeof raw === "string") {
    return expect(field.replace(/^'(?=[=+\-@'])/, "")).toBe(String(raw));
  }
  const [, num, pct] = /^([+-]?[\d.]+)(%?)$/.exec(field)!;
  const got = Number(num) / (pct ? 100 : 1);
  const half = { int: 0.005, rate: 0.00005, delta: 0.00005, seconds: 0.05 }[kind];
  expect(Math.abs(got - raw)).toBeLessThanOrEqual(half + 1e-12);
}

Deno.test("CSV export: BOM, the header block, then every figure of every section", async () => {
  const { report, stamp, bytes } = await exported();
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = parseCsv(new TextDecoder().decode(bytes.slice(3)));
  const info = new Map(records.slice(0, 7).map((r) => [r[0], r.slice(1)]));
  expect(info.get("报表")).toEqual([report.title]);
  expect(info.get("查询参数")).toEqual([
    "category_id=12&from=2026-10-01&kind=monthly&to=2026-10-31",
  ]);
  expect(info.get("生成时间")).toEqual(["2026/11/01 09:30:00（北京时间）", report.generated_at]);
  expect(info.get("导出人")).toEqual(["6001", "审计员"]);
  expect(info.get("各部分行数")![0]).toContain("话务量（按日） 3 行");
  expect(info.get("数据校验 SHA-256")).toEqual([stamp.sha256]);
  for (const section of report.sections) {
    const at = records.findIndex((r) => r[0] === `【${section.title}】`);
    expect(at).toBeGreaterThan(0);
    const totals = section.totals ?? [];
    expect(records[at].slice(1, 3)).toEqual([
      `${section.rows.length} 行数据`,
      `${totals.length} 行合计`,
    ]);
    expect(records[at + 1]).toEqual(section.columns.map((c) => c.label));
    [...section.rows, ...totals].forEach((row, i) => {
      const record = records[at + 2 + i];
      section.columns.forEach((c, j) => expectField(c.kind, row[c.key], record[j]));
    });
  }
});

Deno.test("CSV export: text a spreadsheet would run as a formula is quoted", async () => {
  const text = new TextDecoder().decode((await exported()).bytes);
  expect(text).toContain("\r\n'=SUM(A1:A9),''007,1.5,0.00%,\r\n");
  expect(text).toContain("\r\n'@某单位,,,50.00%,'+86 电话\r\n");
  expect(text).toContain(`"市交通运输局""交警""",'-3,41,—,"第一行\n第二行"`);
});

Deno.test("CSV export: the SHA-256 recomputes from the file, and a changed figure breaks it", async () => {
  const { stamp, bytes } = await exported();
  const ok = await verifyExport("r.csv", bytes);
  expect(ok.problems).toEqual([]);
  expect(ok.computed).toBe(stamp.sha256);
  const text = new TextDecoder().decode(bytes).replace(
    "\r\n2026-10-01,12345,",
    "\r\n2026-10-01,12346,",
  );
  const bad = await verifyExport("r.csv", new TextEncoder().encode(text));
  expect(bad.ok).toBe(false);
  expect(bad.stated).toBe(stamp.sha256);
  expect(bad.computed).not.toBe(stamp.sha256);
});
