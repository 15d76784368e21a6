import { expect } from "expect";
import { sha256Hex } from "../sha256.ts";
import {
  canonicalCell,
  canonicalJson,
  canonicalReport,
  digestOf,
  displayCell,
  numberFromText,
} from "./export_digest.ts";
import { sampleReport } from "./export_fixtures.ts";
import type { Report } from "./report_model.ts";

const tiny = (): Report => ({
  title: "测试",
  params: { to: "2026-01-31", kind: "monthly", from: "2026-01-01", district_code: null },
  generated_at: "2026-02-01T00:00:00.000Z",
  sections: [{
    title: "工单",
    columns: [
      { key: "name", label: "类型", kind: "text" },
      { key: "n", label: "件数", kind: "int" },
      { key: "r", label: "占比", kind: "rate" },
    ],
    rows: [{ name: "咨询", n: 2, r: 2 / 3 }, { name: "", n: null, r: null }],
    totals: [{ name: "合计", n: 3, r: 1 }],
  }],
});

Deno.test("the digest is SHA-256 of the documented canonical JSON", async () => {
  const expected = '{"format":"12345-report-v1",' +
    '"params":[["from","2026-01-01"],["kind","monthly"],["to","2026-01-31"]],' +
    '"sections":[{"title":"工单","columns":[["类型","text"],["件数","int"],["占比","rate"]],' +
    '"rows":[["咨询",2,0.6667],[null,null,null]],"totals":[["合计",3,1]]}]}';
  expect(canonicalJson(tiny())).toBe(expected);
  expect(await digestOf(tiny())).toBe(await sha256Hex(expected));
  // Read back from a file, the same data gives the same digest.
  expect(await digestOf(canonicalReport(tiny()))).toBe(await sha256Hex(expected));
});

Deno.test("the digest ignores title, time, key order and noise below the shown precision", async () => {
  const base = await digestOf(tiny());
  const other = tiny();
  other.title = "另一个标题";
  other.generated_at = "2030-01-01T00:00:00.000Z";
  other.params = { from: "2026-01-01", kind: "monthly", to: "2026-01-31" };
  other.sections[0].rows[0] = { r: 0.66671, n: 2, name: "咨询" };
  expect(await digestOf(other)).toBe(base);
});

Deno.test("the digest changes with any figure, label, param or row", async () => {
  const base = await digestOf(tiny());
  const changes: ((r: Report) => void)[] = [
    (r) => void (r.sections[0].rows[0].n = 3),
    (r) => void (r.sections[0].rows[0].r = 0.6668),
    (r) => void (r.sections[0].columns[1].label = "数量"),
    (r) => void (r.sections[0].title = "工单（按类型）"),
    (r) => void (r.params.category_id = 7),
    (r) => void r.sections[0].rows.pop(),
    (r) => void r.sections[0].totals!.pop(),
  ];
  for (const change of changes) {
    const r = tiny();
    change(r);
    expect(await digestOf(r)).not.toBe(base);
  }
});

Deno.test("cells are rounded as shown: rates to 0.01 %, seconds to 0.1, halves away from zero", () => {
  expect(canonicalCell("rate", 0.98765)).toBe(0.9877);
  expect(canonicalCell("delta", -0.125)).toBe(-0.125);
  expect(canonicalCell("seconds", 187.25)).toBe(187.3);
  expect(canonicalCell("int", 12345)).toBe(12345);
  expect(canonicalCell("int", 1.005)).toBe(1.01);
  expect(canonicalCell("rate", Number.NaN)).toBeNull();
  expect(canonicalCell("text", "")).toBeNull();
  expect(canonicalCell("text", 1001)).toBe("1001");
  expect(canonicalCell("rate", "95.12%")).toBe(0.9512);
  expect(canonicalCell("rate", "—")).toBe("—");
});

Deno.test("displayCell() and numberFromText() are inverse for every kind", () => {
  const cases: [Parameters<typeof displayCell>[0], number, string][] = [
    ["int", 12345, "12345"],
    ["rate", 0.6667, "66.67%"],
    ["delta", 0.0344, "+3.44%"],
    ["delta", -0.125, "-12.50%"],
    ["delta", 0, "0.00%"],
    ["seconds", 60, "60.0"],
  ];
  for (const [kind, value, text] of cases) {
    expect(displayCell(kind, value, "csv")).toBe(text);
    expect(numberFromText(kind as "int", text)).toBe(value);
  }
  expect(displayCell("int", 12345, "pdf")).toBe("12,345");
  expect(displayCell("rate", null, "pdf")).toBe("—");
  expect(displayCell("rate", null, "csv")).toBe("");
});

Deno.test("the digest of the sample report is stable across runs", async () => {
  expect(await digestOf(sampleReport())).toBe(await digestOf(sampleReport()));
});
