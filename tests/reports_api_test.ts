/**
 * /api/reports/summary, /api/reports/period and the /reports page over HTTP: who may read them,
 * bad input as 400 with the zod issues, and the page and the API telling the same numbers.
 */
import assert from "node:assert/strict";
import type { Report } from "../server/reports/report_model.ts";
import type { SummaryFigures } from "../server/reports/report_model.ts";
import { startTestApp, USER_OF } from "./harness.ts";
import { at, insertCall, insertCase } from "./report_fixtures.ts";

Deno.test("[reports] summary, period report and page over HTTP", async (t) => {
  const app = await startTestApp();
  try {
    const leader = await app.signIn(USER_OF.leader);
    const get = (path: string, as = leader) => app.request(path, {}, as);
    await insertCall(app.db, {
      queued: at("2026-03-03 09:00:00"),
      answered: at("2026-03-03 09:00:05"),
      ended: at("2026-03-03 09:03:05"),
    });
    await insertCall(app.db, {
      queued: at("2026-03-03 10:00:00"),
      ended: at("2026-03-03 10:00:30"),
    });
    await insertCase(app.db, { created: at("2026-03-03 11:00:00"), type: "suggestion" });
    await insertCase(app.db, { created: at("2026-02-03 11:00:00") });

    await t.step("the summary of a range, with 同比 and 环比", async () => {
      const res = await get("/api/reports/summary?from=2026-03-01&to=2026-03-31");
      assert.equal(res.status, 200);
      const s: SummaryFigures = await res.json();
      assert.deepEqual(s.previous, { from: "2026-02-01", to: "2026-02-28" });
      assert.deepEqual(s.last_year, { from: "2025-03-01", to: "2025-03-31" });
      assert.equal(s.calls.offered.value, 2);
      assert.equal(s.calls.abandoned.value, 1);
      assert.equal(s.calls.service_level_15s.value, 0.5);
      assert.deepEqual(s.cases.total, { value: 1, last_year: 0, previous: 1, yoy: null, mom: 0 });
      assert.equal(s.cases.by_type.suggestion.value, 1);
    });

    await t.step("only leaders, supervisors and auditors", async () => {
      assert.equal(
        (await get(
          "/api/reports/summary?from=2026-03-01&to=2026-03-31",
          await app.signIn(USER_OF.supervisor),
        )).status,
        200,
      );
      assert.equal(
        (await get("/api/reports/period?from=2026-03-01", await app.signIn(USER_OF.auditor)))
          .status,
        200,
      );
      const agent = await app.signIn(USER_OF.agent);
      assert.equal(
        (await get("/api/reports/summary?from=2026-03-01&to=2026-03-31", agent)).status,
        403,
      );
      assert.equal((await get("/reports", await app.signIn(USER_OF.handler))).status, 403);
      const anonymous = await app.request("/api/reports/period?from=2026-03-01");
      assert.equal(anonymous.status, 401);
    });

    await t.step("bad input is a 400 naming the field", async () => {
      const cases: [string, string][] = [
        ["/api/reports/summary?from=2025-02-29&to=2025-03-01", "from"],
        ["/api/reports/summary?from=2026-03-02&to=2026-03-01", "to"],
        ["/api/reports/summary?from=2020-01-01&to=2023-01-01", "to"],
        ["/api/reports/summary?from=2026-03-01", "to"],
        ["/api/reports/summary?from=2026-03-01&to=2026-03-31&x=1", "(root)"],
        ["/api/reports/period?kind=custom&from=2026-03-01", "to"],
        ["/api/reports/period?kind=monthly&from=2026-03-01&to=2026-03-30", "to"],
        ["/api/reports/period?kind=hourly&from=2026-03-01", "kind"],
        ["/api/reports/period?from=2026-03-01&category_id=abc", "category_id"],
      ];
      for (const [path, field] of cases) {
        const res = await get(path);
        assert.equal(res.status, 400, path);
        const body = await res.json();
        assert.ok(
          body.error.issues.some((i: { path: string }) => i.path === field),
          `${path}: ${JSON.stringify(body.error.issues)}`,
        );
      }
      // Three years to the day before is the longest range.
      assert.equal((await get("/api/reports/summary?from=2020-01-01&to=2022-12-31")).status, 200);
    });

    await t.step("the period report as JSON agrees with the summary", async () => {
      const res = await get("/api/reports/period?kind=monthly&from=2026-03-15");
      assert.equal(res.status, 200);
      const r: Report = await res.json();
      assert.equal(r.title, "12345 热线月报（2026年3月）");
      assert.deepEqual([r.params.from, r.params.to], ["2026-03-01", "2026-03-31"]);
      const calls = r.sections.find((s) => s.title === "话务概要")!.rows[0];
      const cases = r.sections.find((s) => s.title === "工单概要")!.rows[0];
      const s: SummaryFigures =
        await (await get("/api/reports/summary?from=2026-03-01&to=2026-03-31")).json();
      assert.equal(calls.offered, s.calls.offered.value);
      assert.equal(calls.service_level_15s, s.calls.service_level_15s.value);
      assert.equal(calls.aht_s, s.calls.aht_s.value);
      assert.equal(cases.registered, s.cases.total.value);
      const byDay = r.sections.find((s) => s.title === "话务量（按日）")!;
      assert.equal(byDay.rows.length, 31);
    });

    await t.step("the page renders the report's tables and the export links", async () => {
      const res = await app.request(
        "/reports?kind=weekly&from=2026-03-04",
        { headers: { accept: "text/html" } },
        leader,
      );
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /12345 热线周报（2026年3月2日至3月8日）/);
      assert.match(html, /话务量（按工号）/);
      assert.match(html, /承办单位排名/);
      assert.match(
        html,
        /href="\/api\/reports\/export\?kind=weekly&amp;from=2026-03-02&amp;to=2026-03-08&amp;format=xlsx"/,
      );
      assert.match(html, /统计报表<\/a>/); // the nav link
      const bad = await app.request("/reports?kind=custom&from=2026-03-04", {}, leader);
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /自定义时段须给出结束日期/);
      const plain = await app.request("/reports", {}, leader);
      assert.equal(plain.status, 200);
      assert.match(await plain.text(), /12345 热线月报/);
    });
  } finally {
    await app.dispose();
  }
});
