/** /api/hotspots and the hotspot report on the fixtures of hotspot_fixtures.ts. */
import assert from "node:assert/strict";
import { repeatsOf } from "../server/hotspots/hotspot_cases.ts";
import { buildHotspotReport } from "../server/hotspots/hotspot_report.ts";
import { runKeywordJob } from "../server/hotspots/keyword_job.ts";
import { RANGE, seedHotspots } from "./hotspot_fixtures.ts";
import { startTestApp, USER_OF } from "./harness.ts";

Deno.test("[hotspots] the API's figures match the fixtures, and only its roles may read it", async () => {
  const t = await startTestApp();
  try {
    await seedHotspots(t.db, t.services.pii);
    const job = await runKeywordJob(t.db);
    assert.equal(job.cases, 8 * 7 + 25);
    const leader = await t.signIn(USER_OF.leader);
    const res = await t.request(`/api/hotspots?from=${RANGE.from}&to=${RANGE.to}`, {}, leader);
    assert.equal(res.status, 200);
    const h = await res.json();

    // 环比: 1 Feb–28 Feb holds the nearest baseline window's 2 + 5 cases.
    assert.deepEqual(h.total, {
      value: 25,
      last_year: 0,
      previous: 7,
      yoy: null,
      mom: (25 - 7) / 7,
    });
    const [c1] = h.top_categories;
    assert.equal(c1.name, "城乡建设");
    assert.equal(c1.count, 20);
    assert.equal(c1.share, 0.8);
    assert.equal(c1.previous, 2);
    const [{ id }] = await t.db.query<{ id: number }>(
      "select id from case_categories where code = '01'",
    );
    assert.equal(c1.href, `/cases?category_id=${id}&from=2026-03-01&to=2026-03-31`);
    assert.equal(h.categories[2].items[0].name, "城乡建设 / 市政设施 / 路灯故障");
    assert.deepEqual(
      h.top_districts.map((d: { name: string; count: number }) => [d.name, d.count]),
      [["东城区", 20], ["西城区", 5]],
    );
    assert.equal(
      h.top_districts[0].href,
      "/cases?district_code=390101&from=2026-03-01&to=2026-03-31",
    );
    assert.deepEqual(h.channels.map((c: { name: string }) => c.name), ["电话"]);
    assert.equal(h.trend.grain, "day");
    assert.equal(h.trend.points.length, 31);
    assert.equal(h.trend.points.reduce((a: number, p: { count: number }) => a + p.count, 0), 25);
    assert.equal(h.hours[20], 20);
    assert.equal(h.hours[10], 5);

    // Rising: the street lights (category, district, keyword); the bus matter is steady.
    const rising = new Map(
      h.rising.map((r: { kind: string; key: string }) => [`${r.kind}:${r.key}`, r]),
    );
    const light = rising.get("category:010103") as {
      current: number;
      expected: number;
      series: number[];
    };
    assert.ok(light, `rising: ${[...rising.keys()].join(", ")}`);
    assert.equal(light.current, 20);
    assert.equal(light.expected, 2);
    assert.deepEqual(light.series, [2, 2, 2, 2, 2, 2, 2, 2, 20]);
    assert.ok(rising.has("district:390101"));
    assert.ok(rising.has("keyword:路灯"));
    assert.ok(!rising.has("category:030101"));
    assert.ok(!rising.has("district:390102"));

    const kw = h.keywords.find((k: { text: string }) => k.text === "路灯");
    assert.equal(kw.n, 20);
    assert.equal(kw.href, `/cases?q=${encodeURIComponent("路灯")}&from=2026-03-01&to=2026-03-31`);
    // 公交线路 always comes with 调整 here: the phrase stands for both words.
    const bus = h.keywords.filter((k: { text: string }) => k.text.startsWith("公交线路"));
    assert.deepEqual(bus.map((k: { text: string; n: number }) => [k.text, k.n]), [[
      "公交线路调整",
      5,
    ]]);

    assert.equal(h.clusters.items.length, 1);
    assert.equal(h.clusters.items[0].size, 20);
    assert.equal(h.clusters.items[0].district_name, "东城区");
    assert.deepEqual(
      h.repeats.callers.map((c: { label: string; count: number }) => [c.label, c.count]),
      [
        ["139****5678", 3],
      ],
    );
    assert.deepEqual(h.repeats.addresses.map((a: { count: number }) => a.count), [3]);
    // Capped at the newest 3 cases, the lists say from which day they read.
    const capped = await repeatsOf(t.db, RANGE, undefined, 3);
    assert.ok(capped.window.from > h.repeats.window.from, JSON.stringify(capped.window));
    assert.deepEqual(capped.addresses, []);
    assert.ok(!JSON.stringify(h).includes("13912345678"));
    assert.equal(h.examples.length, 5);

    // The drill-down link lists the cases behind the number.
    const list = await t.request(`/api/cases?${c1.href.split("?")[1]}&page_size=100`, {}, leader);
    assert.equal((await list.json()).rows.length, 20);

    for (const role of ["supervisor", "auditor"] as const) {
      const s = await t.signIn(USER_OF[role]);
      assert.equal(
        (await t.request(`/api/hotspots?from=2026-03-01&to=2026-03-31`, {}, s)).status,
        200,
      );
    }
    for (const role of ["agent", "handler", "admin"] as const) {
      const s = await t.signIn(USER_OF[role]);
      assert.equal(
        (await t.request(`/api/hotspots?from=2026-03-01&to=2026-03-31`, {}, s)).status,
        403,
      );
    }
    assert.equal((await t.request(`/api/hotspots?from=2026-03-01&to=2026-03-31`)).status, 401);
  } finally {
    await t.dispose();
  }
});

Deno.test("[hotspots] a bad range is a 400 naming the field", async () => {
  const t = await startTestApp();
  try {
    const leader = await t.signIn(USER_OF.leader);
    for (
      const [query, path] of [
        ["from=2026-03-31&to=2026-03-01", "from"],
        ["from=2026-02-30&to=2026-03-01", "from"],
        ["from=2020-01-01&to=2026-03-01", "to"],
        ["to=2026-03-01", "from"],
        ["from=2026-03-01&to=2026-03-02&x=1", "(root)"],
      ]
    ) {
      const res = await t.request(`/api/hotspots?${query}`, {}, leader);
      assert.equal(res.status, 400, query);
      const body = await res.json();
      assert.ok(
        body.error.issues.some((i: { path: string }) => i.path === path),
        JSON.stringify(body),
      );
    }
  } finally {
    await t.dispose();
  }
});

Deno.test("[hotspots] the report for exports has the page's sections and no phone number", async () => {
  const t = await startTestApp();
  try {
    await seedHotspots(t.db, t.services.pii);
    await runKeywordJob(t.db);
    const report = await buildHotspotReport(t.db, RANGE, {
      now: Date.parse("2026-04-01T00:00:00Z"),
    });
    assert.equal(report.title, "12345 热线热点分析（2026-03-01 至 2026-03-31）");
    assert.deepEqual(report.params, { kind: "hotspots", from: "2026-03-01", to: "2026-03-31" });
    assert.equal(report.generated_at, "2026-04-01T00:00:00.000Z");
    const titles = report.sections.map((s) => s.title.replace(/（.*$/, ""));
    assert.deepEqual(titles, [
      "受理总量",
      "热点分类",
      "热点分类",
      "热点分类",
      "热点区域",
      "受理渠道",
      "诉求类型",
      "上升话题",
      "关键词",
      "疑似重复诉求",
      "重复地址",
      "重复来电",
    ]);
    assert.equal(report.sections[0].rows[0].value, 25);
    assert.deepEqual(report.sections[1].rows[0], {
      name: "城乡建设",
      count: 20,
      share: 0.8,
      previous: 2,
      change: 9,
    });
    for (const s of report.sections) {
      for (const row of s.rows) {
        for (const c of s.columns) assert.ok(c.key in row, `${s.title} lacks ${c.key}`);
      }
    }
    const callers = report.sections[11].rows;
    assert.equal(callers.length, 1);
    assert.match(String(callers[0].label), /^来电人 #[0-9a-f]{8}$/i);
    assert.ok(!JSON.stringify(report).includes("13912345678"));
  } finally {
    await t.dispose();
  }
});
