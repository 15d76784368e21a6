/**
 * /api/reports/export and /reports/annual over HTTP: each format read back and compared figure
 * by figure with the report the JSON API gives for the same query, the SHA-256 recomputed, the
 * audit record, bad input as 400 (and not audited), and who may export or read.
 */
import assert from "node:assert/strict";
import { extractText, getDocumentProxy } from "unpdf";
import { canonicalReport } from "../server/reports/export_digest.ts";
import { verifyExport } from "../server/reports/export_verify.ts";
import type { Report, SummaryFigures } from "../server/reports/report_model.ts";
import { startTestApp, USER_OF } from "./harness.ts";
import { at, insertCall, insertCase } from "./report_fixtures.ts";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

Deno.test("[reports] exports and the annual summary over HTTP", async (t) => {
  const app = await startTestApp();
  try {
    const auditor = await app.signIn(USER_OF.auditor);
    const leader = await app.signIn(USER_OF.leader);
    const get = (path: string, as = auditor) => app.request(path, {}, as);
    for (const [day, answered] of [["2026-03-03", true], ["2026-03-04", false]] as const) {
      await insertCall(app.db, {
        queued: at(`${day} 09:00:00`),
        answered: answered ? at(`${day} 09:00:05`) : null,
        ended: at(`${day} 09:03:05`),
      });
    }
    await insertCase(app.db, { created: at("2026-03-03 11:00:00"), type: "suggestion" });
    await insertCase(app.db, { created: at("2026-03-05 11:00:00"), type: "consultation" });
    await insertCase(app.db, { created: at("2026-03-06 11:00:00"), type: "consultation" });
    await insertCase(app.db, { created: at("2025-03-06 11:00:00"), type: "consultation" });
    const query = "kind=monthly&from=2026-03-01&to=2026-03-31";
    const report: Report = await (await get(`/api/reports/period?${query}`)).json();
    const expected = canonicalReport(report);
    const auditCount = async () =>
      Number(
        (await app.db.query<{ n: number }>(
          "select count(*)::int as n from audit_log where action = 'report.export'",
        ))[0].n,
      );

    for (const format of ["csv", "xlsx", "pdf"] as const) {
      await t.step(`${format}: the file holds the report's figures and its SHA-256`, async () => {
        const res = await get(`/api/reports/export?${query}&format=${format}`);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(res.headers.get("content-type"), CONTENT_TYPES[format]);
        const disposition = res.headers.get("content-disposition")!;
        assert.equal(
          disposition,
          `attachment; filename="period-2026-03-01_2026-03-31.${format}"; ` +
            `filename*=UTF-8''${encodeURIComponent(`12345 热线月报（2026年3月）.${format}`)}`,
        );
        const sha256 = res.headers.get("x-report-sha256")!;
        const bytes = new Uint8Array(await res.arrayBuffer());
        const verified = await verifyExport(`r.${format}`, bytes);
        assert.deepEqual(verified.problems, []);
        assert.equal(verified.stated, sha256);
        assert.equal(verified.computed, sha256);
        // Figure by figure, the file is the report the JSON API gives for the same query.
        assert.deepEqual(verified.data, expected);
        assert.ok(expected.sections.some((s) => s.title === "工单（按类型）"));

        const [record] = await app.db.query<{ actor: string; object_id: string; after: string }>(
          `select actor, object_id, after::text as after from audit_log
           where action = 'report.export' order by seq desc limit 1`,
        );
        const after = JSON.parse(record.after);
        assert.equal(record.actor, USER_OF.auditor);
        assert.equal(record.object_id, "period");
        assert.equal(after.format, format);
        assert.equal(after.sha256, sha256);
        assert.deepEqual(after.params, { from: "2026-03-01", kind: "monthly", to: "2026-03-31" });
        assert.equal(
          after.rows,
          report.sections.reduce((n, s) => n + s.rows.length + (s.totals?.length ?? 0), 0),
        );
      });
    }

    await t.step("the PDF names the user who exported it", async () => {
      const res = await get(`/api/reports/export?${query}&format=pdf`, leader);
      assert.equal(res.status, 200);
      const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
      const { text } = await extractText(pdf, { mergePages: true });
      assert.match(text, /导出人：8001 李主任/);
      assert.match(text, /查询参数：from=2026-03-01&kind=monthly&to=2026-03-31/);
    });

    await t.step("the hotspot report exports too", async () => {
      const res = await get(
        "/api/reports/export?report=hotspots&from=2026-03-01&to=2026-03-31&format=xlsx",
      );
      assert.equal(res.status, 200);
      const verified = await verifyExport("h.xlsx", new Uint8Array(await res.arrayBuffer()));
      assert.deepEqual(verified.problems, []);
      assert.ok(verified.data.sections.length > 0);
      const [record] = await app.db.query<{ object_id: string }>(
        "select object_id from audit_log where action = 'report.export' order by seq desc limit 1",
      );
      assert.equal(record.object_id, "hotspots");
    });

    await t.step("bad input is a 400 naming the field, and nothing is audited", async () => {
      const before = await auditCount();
      const cases: [string, string][] = [
        [`/api/reports/export?${query}`, "format"],
        [`/api/reports/export?${query}&format=docx`, "format"],
        [`/api/reports/export?${query}&format=csv&report=calls`, "report"],
        ["/api/reports/export?kind=monthly&from=2026-02-30&format=csv", "from"],
        ["/api/reports/export?kind=custom&from=2026-03-09&to=2026-03-01&format=csv", "to"],
        ["/api/reports/export?kind=monthly&from=2026-03-01&to=2026-03-30&format=csv", "to"],
        [`/api/reports/export?${query}&format=csv&colour=red`, "(root)"],
        ["/api/reports/export?report=hotspots&from=2026-03-01&format=csv", "to"],
        [
          "/api/reports/export?report=hotspots&kind=monthly&from=2026-03-01&to=2026-03-31&format=pdf",
          "(root)",
        ],
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
      assert.equal(await auditCount(), before);
    });

    await t.step("only auditors and leaders export; signed out is 401", async () => {
      for (const role of ["handler", "agent", "supervisor", "admin"] as const) {
        const res = await get(
          `/api/reports/export?${query}&format=csv`,
          await app.signIn(USER_OF[role]),
        );
        assert.equal(res.status, 403, role);
      }
      assert.equal((await app.request(`/api/reports/export?${query}&format=csv`)).status, 401);
      assert.equal((await get(`/api/reports/export?${query}&format=csv`, leader)).status, 200);
    });

    await t.step("the annual summary page drafts the year from the summary figures", async () => {
      const res = await app.request(
        "/reports/annual?year=2026",
        { headers: { accept: "text/html" } },
        leader,
      );
      assert.equal(res.status, 200);
      const html = await res.text();
      const s: SummaryFigures = await (await get(
        `/api/reports/summary?from=2026-01-01&to=${
          html.match(/2026-01-01 至 (2026-\d\d-\d\d)/)![1]
        }`,
      )).json();
      assert.equal(s.cases.total.value, 3);
      assert.match(html, /data-testid="annual-draft"/);
      assert.match(html, /共受理群众诉求3件，同比上升200\.0%（上年同期1件）/);
      assert.match(html, /其中咨询类2件，占66\.7%，同比上升100\.0%；建议类1件，占33\.3%/);
      assert.match(
        html,
        /href="\/api\/reports\/export\?kind=annual&amp;from=2026-01-01&amp;format=xlsx"/,
      );
      assert.match(html, /年度总结<\/a>/); // the nav link

      const last = await (await app.request("/reports/annual?year=2025", {}, leader)).text();
      assert.match(last, /2025年，12345政务服务便民热线共受理群众诉求1件。/);
      assert.match(last, /上年同期无可比数据，受理量不作同比/);
    });

    await t.step("the annual page: bad years are a 400, handlers and agents a 403", async () => {
      for (const year of ["1999", "abc", "2999", "2026.5"]) {
        assert.equal(
          (await app.request(`/reports/annual?year=${year}`, {}, leader)).status,
          400,
          year,
        );
      }
      assert.equal(
        (await get("/reports/annual", await app.signIn(USER_OF.supervisor))).status,
        200,
      );
      assert.equal((await get("/reports/annual", auditor)).status, 200);
      assert.equal((await get("/reports/annual", await app.signIn(USER_OF.handler))).status, 403);
      assert.equal((await get("/reports/annual", await app.signIn(USER_OF.agent))).status, 403);
    });
  } finally {
    await app.dispose();
  }
});
