import assert from "node:assert/strict";
import { lastDayAllowed, paramsOf, PeriodQuery, SummaryQuery } from "./report_query.ts";

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.path.join("."));

Deno.test("SummaryQuery takes real days, from ≤ to, at most three years", () => {
  assert.deepEqual(issues(SummaryQuery.safeParse({ from: "2024-02-29", to: "2024-03-01" })), []);
  assert.deepEqual(issues(SummaryQuery.safeParse({ from: "2025-02-29", to: "2025-03-01" })), [
    "from",
  ]);
  assert.deepEqual(issues(SummaryQuery.safeParse({ from: "2025-03-02", to: "2025-03-01" })), [
    "to",
  ]);
  assert.equal(lastDayAllowed("2024-02-29"), "2027-02-27");
  assert.deepEqual(issues(SummaryQuery.safeParse({ from: "2024-02-29", to: "2027-02-27" })), []);
  assert.deepEqual(issues(SummaryQuery.safeParse({ from: "2024-02-29", to: "2027-02-28" })), [
    "to",
  ]);
  assert.deepEqual(
    issues(SummaryQuery.safeParse({ from: "2024-01-01", to: "2024-01-02", kind: "x" })),
    [""],
  );
});

Deno.test("PeriodQuery normalises a kind's period from any day in it", () => {
  const q = (input: Record<string, string>) => paramsOf(PeriodQuery.parse(input));
  assert.deepEqual(q({ kind: "quarterly", from: "2026-05-20" }), {
    kind: "quarterly",
    from: "2026-04-01",
    to: "2026-06-30",
  });
  assert.deepEqual(q({ from: "2024-02-10", to: "2024-02-29", category_id: "7" }), {
    kind: "monthly",
    from: "2024-02-01",
    to: "2024-02-29",
    category_id: 7,
  });
  assert.deepEqual(q({ kind: "custom", from: "2025-12-30", to: "2026-01-02" }), {
    kind: "custom",
    from: "2025-12-30",
    to: "2026-01-02",
  });
});

Deno.test("PeriodQuery refuses a custom range without its end and a kind's wrong end", () => {
  assert.deepEqual(issues(PeriodQuery.safeParse({ kind: "custom", from: "2026-01-01" })), ["to"]);
  assert.deepEqual(
    issues(PeriodQuery.safeParse({ kind: "weekly", from: "2026-03-04", to: "2026-03-07" })),
    ["to"],
  );
  assert.deepEqual(
    issues(PeriodQuery.safeParse({ kind: "weekly", from: "2026-03-04", to: "2026-03-08" })),
    [],
  );
  assert.deepEqual(issues(PeriodQuery.safeParse({ from: "2026-03-04", department_id: "0" })), [
    "department_id",
  ]);
  assert.deepEqual(issues(PeriodQuery.safeParse({ from: "2026-03-04", district_code: "39" })), [
    "district_code",
  ]);
});
