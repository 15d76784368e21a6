/**
 * The report figures against numbers worked out by hand, 同比/环比 across a leap day and a year
 * end, and the consistency rule: a day's summary equals the wall's "today" for the same calls.
 * On PostgreSQL and on PGlite.
 */
import assert from "node:assert/strict";
import { migrate } from "../db/migrate.ts";
import type { Database } from "../db/port.ts";
import { ADAPTERS } from "../db/testing.ts";
import { acdSnapshot } from "../server/acd/acd_snapshot.ts";
import { departmentRates } from "../server/cases/case_rates.ts";
import { buildPeriodReport } from "../server/reports/period_report.ts";
import type { Report, ReportSection } from "../server/reports/report_model.ts";
import { buildSummary } from "../server/reports/summary.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import {
  at,
  insertCall,
  insertCallback,
  insertCase,
  insertReply,
  refIds,
} from "./report_fixtures.ts";

const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(
    actual !== null && Math.abs(actual - expected) < 1e-9,
    `${what}: expected ${expected}, got ${actual}`,
  );
const section = (r: Report, title: string): ReportSection => {
  const s = r.sections.find((x) => x.title === title);
  assert.ok(s, `section ${title} missing; have ${r.sections.map((x) => x.title).join(", ")}`);
  return s;
};

/** Five calls on the leap day 2024-02-29, one on 2023-02-28 (同比), two on 2024-02-28 (环比). */
async function leapDayCalls(db: Database) {
  const { agents } = await refIds(db);
  const [a, b] = [agents.get("1001")!, agents.get("1002")!];
  await insertCall(db, {
    agentId: a,
    queued: at("2024-02-29 09:00:00"),
    answered: at("2024-02-29 09:00:10"),
    ended: at("2024-02-29 09:05:10"),
    wrapMs: 30_000,
  });
  await insertCall(db, {
    agentId: b,
    queued: at("2024-02-29 09:10:00"),
    answered: at("2024-02-29 09:10:20"),
    ended: at("2024-02-29 09:12:20"),
  });
  await insertCall(db, { queued: at("2024-02-29 10:00:00"), ended: at("2024-02-29 10:00:03") });
  await insertCall(db, { queued: at("2024-02-29 10:30:00"), ended: at("2024-02-29 10:30:40") });
  await insertCall(db, {
    queue: "business",
    queued: at("2024-02-29 11:00:00"),
    ended: at("2024-02-29 11:02:00"),
    endReason: "voicemail",
  });
  // Never queued (hung up in the IVR): not offered.
  await insertCall(db, { queued: null });
  // Just outside the day on both sides (China time).
  await insertCall(db, { queued: at("2024-02-28 23:59:59"), ended: at("2024-02-29 00:00:20") });
  await insertCall(db, { queued: at("2024-03-01 00:00:00"), ended: at("2024-03-01 00:00:20") });
  await insertCall(db, { queued: at("2024-02-28 12:00:00"), ended: at("2024-02-28 12:01:00") });
  await insertCall(db, { queued: at("2023-02-28 12:00:00"), ended: at("2023-02-28 12:01:00") });
  // 2023 has no 29 February; 1 March 2023 is not its 同比.
  await insertCall(db, { queued: at("2023-03-01 12:00:00"), ended: at("2023-03-01 12:01:00") });
}

async function calls(db: Database) {
  await leapDayCalls(db);
  const s = await buildSummary(db, { from: "2024-02-29", to: "2024-02-29" }, Date.now());
  assert.deepEqual(s.last_year, { from: "2023-02-28", to: "2023-02-28" });
  assert.deepEqual(s.previous, { from: "2024-02-28", to: "2024-02-28" });
  assert.deepEqual(s.calls.offered, { value: 5, last_year: 1, previous: 2, yoy: 4, mom: 1.5 });
  assert.equal(s.calls.answered.value, 2);
  assert.equal(s.calls.answered.previous, 0);
  assert.equal(s.calls.answered.mom, null); // nothing to compare with
  assert.equal(s.calls.abandoned.value, 1); // ≥ 5 s; the 3 s one is a short abandon
  // Answered within 15 s: 1 of (2 answered + 1 abandon ≥ 5 s + 1 voicemail).
  close(s.calls.service_level_15s.value, 0.25, "15 s rate");
  // (300 s talk + 30 s wrap-up + 120 s) / 2.
  close(s.calls.aht_s.value, 225, "AHT");

  const r = await buildPeriodReport(db, { kind: "daily", from: "2024-02-29", to: "2024-02-29" });
  assert.equal(r.title, "12345 热线日报（2024年2月29日）");
  const hours = section(r, "话务量（按时段）");
  assert.equal(hours.rows.length, 24);
  assert.equal(hours.rows[9].offered, 2);
  assert.equal(hours.rows[10].short_abandoned, 1);
  assert.equal(hours.rows[10].abandon_rate, 1);
  assert.equal(hours.totals![0].offered, 5);
  const queues = section(r, "话务量（按队列）");
  const general = queues.rows.find((q) => q.queue === "普通话综合")!;
  assert.equal(general.offered, 4);
  close(general.offered_yoy as number, 3, "queue 同比"); // 4 against 1
  const agentsSection = section(r, "话务量（按工号）");
  assert.deepEqual(agentsSection.rows.map((x) => [x.work_number, x.answered, x.aht_s]), [
    ["1001", 1, 330],
    ["1002", 1, 120],
  ]);
  const total = agentsSection.totals!.at(-1)!;
  assert.deepEqual([total.work_number, total.answered, total.aht_s], ["合计", 2, 225]);
  // 1001 and 1002 are in 一班 and 二班: one 小计 each.
  assert.deepEqual(
    agentsSection.totals!.slice(0, -1).map((x) => [x.work_number, x.group, x.answered]),
    [["小计", "一班", 1], ["小计", "二班", 1]],
  );
}

/** Cases on 2026-01-01 worked out by hand (see each line), with 同比 and 环比 around the year end. */
async function cases(db: Database) {
  const { departments: dep, categories: cat } = await refIds(db);
  const road = cat.get("010101")!; // 城乡建设 / 市政设施 / 道路破损
  const smoke = cat.get("020102")!; // 环境保护 / 大气污染 / 餐饮油烟
  const [zjj, jtj, sthjj] = [dep.get("zjj")!, dep.get("jtj")!, dep.get("sthjj")!];
  const day = (t: string) => at(`2026-01-${t}`);
  // c1: first instant of the day; signed and replied in time, closed on time, satisfied.
  const c1 = await insertCase(db, {
    created: at("2026-01-01 00:00:00"),
    categoryId: road,
    departmentId: zjj,
    dispatched: day("01 10:00:00"),
    signDue: day("03 00:00:00"),
    signed: day("01 12:00:00"),
    due: day("10 00:00:00"),
    status: "closed",
    closed: day("05 09:00:00"),
  });
  await insertReply(db, c1, zjj, day("04 09:00:00"));
  await insertCallback(db, c1, day("05 09:00:00"), { satisfaction: "satisfied", resolved: true });
  // c2: a consultation answered on the spot: closed at once, no due time, not dispatched.
  await insertCase(db, {
    created: day("01 08:00:00"),
    type: "consultation",
    channel: "web",
    status: "closed",
    closed: day("01 08:00:00"),
  });
  // c3: signed late, replied late (due then 01-03), closed late; the first reached callback was
  // dissatisfied (an unreached one before it, a satisfied one after it do not count).
  const c3 = await insertCase(db, {
    created: day("01 09:00:00"),
    categoryId: road,
    departmentId: zjj,
    dispatched: day("01 10:00:00"),
    signDue: day("02 00:00:00"),
    signed: day("02 08:00:00"),
    due: day("03 00:00:00"),
    status: "closed",
    closed: day("06 00:00:00"),
  });
  await insertReply(db, c3, jtj, day("02 09:00:00")); // not the lead department's: ignored
  await insertReply(db, c3, zjj, day("05 09:00:00"), day("03 00:00:00"));
  await insertCallback(db, c3, day("05 10:00:00"), null);
  await insertCallback(db, c3, day("05 11:00:00"), {
    satisfaction: "dissatisfied",
    resolved: false,
  });
  await insertCallback(db, c3, day("05 12:00:00"), { satisfaction: "satisfied", resolved: true });
  // c4: dispatched, never signed, due 01-02: overdue and open as of now.
  await insertCase(db, {
    created: day("01 11:00:00"),
    type: "report",
    channel: "app",
    categoryId: smoke,
    departmentId: sthjj,
    dispatched: day("01 11:00:00"),
    signDue: day("02 00:00:00"),
    due: day("02 00:00:00"),
    status: "dispatched",
  });
  // c5: merged into c1.
  await insertCase(db, {
    created: day("01 12:00:00"),
    type: "help",
    status: "merged",
    mergedInto: c1,
    closed: day("01 13:00:00"),
  });
  // c6: imported: closed before its due time; imported cases are outside the three rates.
  await insertCase(db, {
    created: day("01 13:00:00"),
    channel: "web",
    source: "import_311",
    departmentId: jtj,
    dispatched: day("01 13:00:00"),
    due: day("03 00:00:00"),
    status: "closed",
    closed: day("02 00:00:00"),
  });
  // Around the day: the last instant of 2025 (环比), two a year before (同比), one the day after.
  await insertCase(db, { created: at("2025-12-31 23:59:59") });
  await insertCase(db, { created: at("2025-01-01 10:00:00") });
  await insertCase(db, { created: at("2025-01-01 11:00:00"), type: "consultation" });
  await insertCase(db, { created: at("2026-01-02 00:00:00") });

  const now = at("2026-01-20 12:00:00").getTime();
  const range = { from: "2026-01-01", to: "2026-01-01" };
  const s = await buildSummary(db, range, now);
  assert.deepEqual(s.last_year, { from: "2025-01-01", to: "2025-01-01" });
  assert.deepEqual(s.previous, { from: "2025-12-31", to: "2025-12-31" });
  assert.deepEqual(s.cases.total, { value: 6, last_year: 2, previous: 1, yoy: 2, mom: 5 });
  assert.deepEqual(s.cases.by_type.complaint, {
    value: 3,
    last_year: 1,
    previous: 1,
    yoy: 2,
    mom: 2,
  });
  assert.equal(s.cases.by_type.consultation.value, 1);
  assert.equal(s.cases.by_type.consultation.yoy, 0);
  assert.equal(s.cases.by_type.report.value, 1);
  assert.equal(s.cases.by_type.help.value, 1);
  assert.equal(s.cases.by_type.praise.value, 0);
  close(s.cases.on_time_rate.value, 3 / 4, "on-time rate"); // c1, c2, c6 of c1, c2, c3, c6
  close(s.cases.response_rate.value, 1 / 3, "response rate"); // c1 of c1, c3, c4
  close(s.cases.resolution_rate.value, 1 / 2, "resolution rate"); // c1 of c1, c3
  close(s.cases.satisfaction_rate.value, 1 / 2, "satisfaction rate");
  assert.equal(s.cases.satisfaction_rate.last_year, null);

  const r = await buildPeriodReport(db, { kind: "daily", ...range }, now);
  const overview = section(r, "工单概要").rows[0];
  assert.equal(overview.closed_late, 1);
  assert.equal(overview.open_overdue, 1);
  const channels = section(r, "工单（按渠道）");
  assert.deepEqual(
    channels.rows.filter((x) => x.registered !== 0).map((x) => [x.name, x.registered, x.share]),
    [["电话", 3, 0.5], ["网站", 2, 2 / 6], ["移动应用", 1, 1 / 6]],
  );
  const level1 = section(r, "工单（按一级分类）");
  assert.deepEqual(level1.rows.map((x) => [x.code, x.registered, x.on_time_rate]), [
    ["01", 2, 0.5],
    ["02", 1, null],
    ["", 3, 1],
  ]);
  const level2 = section(r, "工单（按二级分类）");
  assert.deepEqual(level2.rows[0], {
    parent: "城乡建设",
    code: "0101",
    name: "市政设施",
    registered: 2,
    share: 2 / 6,
    closed: 2,
    on_time_rate: 0.5,
    closed_late: 1,
    open_overdue: 0,
    yoy: null,
    mom: null,
  });
  const ranking = section(r, "承办单位排名");
  assert.deepEqual(ranking.rows.map((x) => [x.rank, x.department, x.score]), [
    [1, "市交通运输局", 1],
    [2, "市住房和城乡建设局", 0.5],
    [3, "市生态环境局", 0],
  ]);
  // The ranking's three rates are the three-rates page's, for the same days.
  const rates = await departmentRates(db, at("2026-01-01 00:00:00"), at("2026-01-02 00:00:00"));
  for (const d of rates) {
    const row = ranking.rows.find((x) => x.department === d.department_name)!;
    assert.equal(row.dispatched, d.dispatched, d.department_name);
    assert.equal(row.response_rate, d.response_rate, d.department_name);
    assert.equal(row.reply_on_time_rate, d.on_time_rate, d.department_name);
    assert.equal(row.resolution_rate, d.resolution_rate, d.department_name);
    assert.equal(row.satisfaction_rate, d.satisfaction_rate, d.department_name);
  }
  assert.equal(rates.length, 2);

  // A conditional query: category 城乡建设 only; calls have no category and are left out.
  const only = await buildPeriodReport(db, {
    kind: "custom",
    ...range,
    category_id: (await refIds(db)).categories.get("01")!,
  }, now);
  assert.equal(only.title, "12345 热线统计报表（2026年1月1日） · 分类：城乡建设");
  assert.ok(!only.sections.some((x) => x.title.startsWith("话务")));
  assert.equal(section(only, "工单概要").rows[0].registered, 2);
}

/** A day's summary and the wall's "today", same calls, same now: the same five figures. */
async function sameAsWall(db: Database) {
  const { agents } = await refIds(db);
  const now = at("2026-03-04 12:00:00").getTime();
  const ago = (s: number) => new Date(now - s * 1000);
  const agent = agents.get("1003")!;
  await insertCall(db, {
    agentId: agent,
    queued: ago(3600),
    answered: ago(3590),
    ended: ago(3400),
  });
  await insertCall(db, {
    agentId: agent,
    queue: "complaint",
    queued: ago(3000),
    answered: ago(2970),
    ended: ago(2800),
    wrapMs: 12_000,
  });
  await insertCall(db, { queued: ago(2000), ended: ago(1998) }); // short abandon
  await insertCall(db, { queued: ago(1500), ended: ago(1480) }); // abandon
  await insertCall(db, { agentId: agent, queued: ago(600), answered: ago(595) }); // on the line
  await insertCall(db, { queued: ago(40) }); // waiting 40 s: already a miss
  await insertCall(db, { queued: ago(5) }); // waiting 5 s: undecided
  await insertCall(db, { queued: at("2026-03-04 00:00:00"), ended: at("2026-03-04 00:01:00") });
  await insertCall(db, { queued: at("2026-03-03 23:59:00"), ended: at("2026-03-04 00:01:00") });
  const wall = (await acdSnapshot(db, now)).centre;
  const s = await buildSummary(db, { from: "2026-03-04", to: "2026-03-04" }, now);
  assert.equal(wall.offered, 8);
  assert.equal(s.calls.offered.value, wall.offered);
  assert.equal(s.calls.answered.value, wall.answered);
  assert.equal(s.calls.abandoned.value, wall.abandoned);
  assert.equal(s.calls.service_level_15s.value, wall.service_level_15s);
  close(s.calls.aht_s.value, wall.aht_s!, "AHT against the wall");
}

for (const adapter of ADAPTERS) {
  Deno.test(`[reports] figures by hand, 同比/环比 and the wall's today (${adapter.kind})`, async (t) => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      await t.step("calls on a leap day", () => calls(db));
      await t.step("cases across the year end", () => cases(db));
      await t.step("a day's summary equals the wall's today", () => sameAsWall(db));
    } finally {
      await dispose();
    }
  });
}
