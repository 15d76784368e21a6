/**
 * The hotspot API at a big city's year, on the real PostgreSQL.
 *
 *   deno task bench:hotspots [--cases=10000000] [--batch=500000] [--runs=5] [--vocabulary=30000]
 *     [--job=20000]        (or BENCH_CASES, …)
 *
 * A fresh database (dropped at the end, also on failure or SIGINT/SIGTERM), migrated, the demo
 * city and routing list. The year 2025 of cases is loaded set-based by the report bench's
 * generator (report_load_fill.ts: skewed categories, districts, types, channels), triggers off,
 * then the case rollups built by report_rollups_rebuild() (migration 0009) and copied a year back
 * for 同比. The last 35 days get realistic Chinese texts, addresses and callers (case_load_fill.ts
 * fragments) for the lists that read cases. The keyword tables are filled set-based with a Zipf
 * vocabulary (10 terms a case), the hours table from the cases. Then buildHotspots for a week, a
 * month and the year, --runs times each after a warm-up, with its parts timed alone; and the
 * keyword job's own cost: --job new hotline cases segmented and counted, and what the move
 * trigger adds to an update of a case's category.
 */
import { migrate } from "../db/migrate.ts";
import { clustersOf, repeatsOf } from "../server/hotspots/hotspot_cases.ts";
import { h as jsx } from "preact";
import { renderToString } from "preact-render-to-string";
import { HotspotBody } from "../routes/hotspots.tsx";
import { countByAll } from "../server/hotspots/hotspot_counts.ts";
import { buildHotspots } from "../server/hotspots/hotspot_engine.ts";
import { previousOf } from "../server/reports/periods.ts";
import { buildSummary } from "../server/reports/summary.ts";
import { topTerms } from "../server/hotspots/hotspot_terms.ts";
import { risingWindows } from "../server/hotspots/hotspot_windows.ts";
import { runKeywordJob } from "../server/hotspots/keyword_job.ts";
import { risingOf } from "../server/hotspots/rising.ts";
import { CASE_COUNTERS } from "../server/reports/figures.ts";
import type { DayRange } from "../server/reports/report_model.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { IMPACTS, PLACES, REQUESTS, ROADS, TIMES } from "./case_load_fill.ts";
import { benchDatabase } from "./bench_database.ts";
import { loadAverage, option, pct } from "./common.ts";
import * as F from "./report_load_fill.ts";

const n = (name: string, fallback: number) => Number(option(name, String(fallback)));
const CASES = n("cases", 10_000_000);
const BATCH = n("batch", 500_000);
const RUNS = n("runs", 5);
const VOCABULARY = n("vocabulary", 30_000);
const JOB = n("job", 20_000);
const log = (line: string) => console.log(line);

const { db, cleanup } = await benchDatabase("hotspotbench");

const seconds = async (what: string, fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadAverage()})`);
};
const sqlList = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(", ")}]`;

/** Texts, addresses and callers for the last 35 days: what clusters and repeat lists read. */
const TEXTS = `
update cases c set
  content = '市民反映：' || r.road || (1 + floor(report_bench_u(c.id::int, 20) * 60))::int || '号'
    || r.place || r.time || r.impact || '。' || r.request,
  address = r.road || (1 + floor(report_bench_u(c.id::int, 20) * 60))::int || '号',
  citizen_phone_hash = case when report_bench_u(c.id::int, 22) < .9
    then 'h' || floor(report_bench_u(c.id::int, 23) * 400000)::int end
from (select id,
    (${sqlList(ROADS)})[1 + floor(report_bench_u(id::int, 11) * ${ROADS.length})::int] as road,
    (${sqlList(PLACES)})[1 + floor(report_bench_u(id::int, 12) * ${PLACES.length})::int] as place,
    (${sqlList(TIMES)})[1 + floor(report_bench_u(id::int, 13) * ${TIMES.length})::int] as time,
    (${
  sqlList(IMPACTS)
})[1 + floor(report_bench_u(id::int, 14) * ${IMPACTS.length})::int] as impact,
    (${sqlList(REQUESTS)})[1 + floor(report_bench_u(id::int, 15) * ${REQUESTS.length})::int]
      as request
  from cases where created_at >= '2025-11-27T00:00:00+08:00') r
where c.id = r.id`;

/**
 * Cases mentioning each term per day: term k (1 … V) has the Zipf share 1 ÷ (k·H) of 10 terms a
 * case, with ±30 % day-to-day noise; a term expected below half a case that day is absent.
 */
const TERMS = `
with days as (
  select report_day(created_at) as day, count(*)::int as cases from cases group by 1
), h as (select sum(1.0 / k) as h from generate_series(1, $1::int) k)
insert into hotspot_terms_daily (day, term, n)
select d.day, 'w' || k, round(d.cases * 10.0 / (k * h.h)
    * (0.7 + 0.6 * report_bench_u(k, extract(doy from d.day)::int)))::int
from days d cross join h
  cross join lateral generate_series(1, least($1::int, floor(d.cases * 20.0 / h.h)::int)) k`;

const MONTHS = `
insert into hotspot_terms_monthly (month, term, n)
select date_trunc('month', day)::date, term, sum(n)::int from hotspot_terms_daily group by 1, 2`;

const HOURS = `
insert into hotspot_hours (day, hour, district_code, category1, n)
select report_day(c.created_at), report_hour(c.created_at), coalesce(c.district_code, ''),
  coalesce(left(cat.code, 2), ''), count(*)::int
from cases c left join case_categories cat on cat.id = c.category_id group by 1, 2, 3, 4`;

const TOPICS = `
insert into hotspot_topics_daily (day, dim, key, n)
select report_day(c.created_at), 'category3', cat.code, count(*)::int
from cases c join case_categories cat on cat.id = c.category_id and length(cat.code) = 6
group by 1, 3
union all
select report_day(c.created_at), 'district', c.district_code, count(*)::int
from cases c where c.district_code is not null group by 1, 3`;

async function load() {
  await migrate(db);
  await seedDemoCity(db);
  await seedDemoRouting(db);
  await db.exec(F.HELPERS);
  const [{ nl }] = await db.query<{ nl: number }>("select count(*)::int as nl from bench_leaf");
  const [{ nd }] = await db.query<{ nd: number }>("select count(*)::int as nd from bench_district");
  await db.exec(
    "alter table cases disable trigger all; alter table cases drop column search_terms;",
  );
  const indexes = await db.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes where tablename = 'cases'
       and indexname not like '%_pkey' and indexdef not like 'CREATE UNIQUE%'`,
  );
  for (const i of indexes) await db.exec(`drop index ${i.name}`);
  log(`load: ${CASES.toLocaleString("en")} cases (2025)`);
  await seconds(
    "cases",
    () =>
      F.inBatches(
        CASES,
        BATCH,
        (from, to) => db.query(F.CASES, [from, to, CASES, nl, nd]).then(() => {}),
        (done) => {
          if (done % (BATCH * 4) === 0) {
            log(`    ${done.toLocaleString("en")}`);
          }
        },
      ),
  );
  await seconds("texts, addresses and callers of the last 35 days", () => db.exec(TEXTS));
  await seconds(`${indexes.length} indexes rebuilt`, async () => {
    for (const i of indexes) await db.exec(i.def);
  });
  await db.exec(`select setval(pg_get_serial_sequence('cases', 'id'), (select max(id) from cases));
    update hotspot_state set last_case_id = (select max(id) from cases);`);
  await seconds("VACUUM ANALYZE", () => db.exec("vacuum analyze"));
  await seconds(
    "case rollups (report_rollups_rebuild)",
    () => db.query("select report_rollups_rebuild()"),
  );
  await seconds(
    "rollups copied to 2024",
    () =>
      db.exec(
        ["case_rollup_daily", "case_rollup_monthly"].map((t) =>
          `insert into ${t} (day, category_id, lead_department_id, district_code, ${
            CASE_COUNTERS.join(", ")
          }) select (day - interval '1 year')::date, category_id, lead_department_id, district_code, ${
            CASE_COUNTERS.join(", ")
          } from ${t} where day between '2025-01-01' and '2025-12-31';`
        ).join("\n"),
      ),
  );
  await seconds(`keyword tables (Zipf, ${VOCABULARY.toLocaleString("en")} terms)`, async () => {
    await db.query(TERMS, [VOCABULARY]);
    await db.exec(MONTHS + ";" + HOURS + ";" + TOPICS);
  });
  await db.exec("alter table cases enable trigger all");
  await db.exec("vacuum analyze");
  const sizes = await db.query<{ name: string; rows: number; mb: number }>(
    `select relname as name, n_live_tup::int as rows,
       round(pg_total_relation_size(relid) / 1048576.0)::int as mb
     from pg_stat_user_tables where relname in ('cases', 'case_rollup_daily',
       'case_rollup_monthly', 'hotspot_terms_daily', 'hotspot_terms_monthly', 'hotspot_hours',
       'hotspot_topics_daily')
     order by 1`,
  );
  for (const s of sizes) log(`  ${s.name}: ${s.rows.toLocaleString("en")} rows, ${s.mb} MB`);
}

async function timed(what: string, fn: () => Promise<unknown>) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  const sorted = Float64Array.from(ms).sort();
  log(
    `  ${what}: p50 ${pct(sorted, 0.5).toFixed(0)} ms, max ${
      sorted[sorted.length - 1].toFixed(0)
    } ms (load ${loadAverage()})`,
  );
}

async function measure() {
  const ranges: [string, DayRange][] = [
    ["week", { from: "2025-12-22", to: "2025-12-28" }],
    ["month", { from: "2025-12-01", to: "2025-12-31" }],
    ["year", { from: "2025-01-01", to: "2025-12-31" }],
  ];
  const names = { categories: new Map(), districts: new Map() };
  for (const [label, r] of ranges) {
    log(`${label} ${r.from}..${r.to}:`);
    await timed("buildHotspots (the API's work)", () => buildHotspots(db, r));
    await timed("the page: buildHotspots and its HTML", async () => {
      const html = renderToString(jsx(HotspotBody, { h: await buildHotspots(db, r) }));
      if (html.length < 10_000) throw new Error("the hotspot page came out empty");
    });
    await timed("  summary (the period reports' headline)", () => buildSummary(db, r, Date.now()));
    await timed(
      "  counts by 6 dimensions, range and 环比",
      () => Promise.all([countByAll(db, r), countByAll(db, previousOf(r))]),
    );
    await timed("  top terms", () => topTerms(db, r, 400));
    await timed(
      "  rising (categories, districts, keywords)",
      () => risingOf(db, risingWindows(r), names),
    );
    await timed("  near-duplicate clusters", () => clustersOf(db, r));
    await timed("  repeat addresses and callers", () => repeatsOf(db, r));
  }
}

/** The job's own cost: new hotline cases with real text, segmented and counted. */
async function jobCost() {
  await db.query(
    `insert into cases (case_number, type, channel, content, category_id, district_code, created_at)
     select lpad((90000000 + i)::text, 8, '0'), 'complaint', 'phone',
       '市民反映：' || (${sqlList(ROADS)})[1 + i % ${ROADS.length}] || i % 97 || '号'
         || (${sqlList(PLACES)})[1 + i % ${PLACES.length}]
         || (${sqlList(TIMES)})[1 + i % ${TIMES.length}] || c.name || '，'
         || (${sqlList(IMPACTS)})[1 + i % ${IMPACTS.length}] || '。'
         || (${sqlList(REQUESTS)})[1 + i % ${REQUESTS.length}],
       c.id, '390101', timestamptz '2025-12-31T12:00:00+08:00' + i * interval '1 second'
     from generate_series(1, $1::int) i
     join lateral (select id, name from case_categories where level = 3
       order by id offset i % 100 limit 1) c on true`,
    [JOB],
  );
  const t0 = performance.now();
  const r = await runKeywordJob(db, { budgetMs: 3_600_000 });
  const s = (performance.now() - t0) / 1000;
  log(
    `keyword job: ${r.cases} new cases in ${s.toFixed(1)} s = ${
      (r.cases / s).toFixed(0)
    } cases/s, ` +
      `${(s * 1000 / r.cases).toFixed(2)} ms a case (load ${loadAverage()})`,
  );
  // The move trigger: single-row category updates, trigger on and off.
  const ids = (await db.query<{ id: string }>(
    "select id from cases where case_number >= '90000000' order by id limit 2000",
  )).map((x) => x.id);
  for (const on of [false, true, false, true]) {
    await db.exec(`alter table cases ${on ? "enable" : "disable"} trigger cases_hotspot_moved`);
    const t = performance.now();
    for (const id of ids.slice(0, 500)) {
      await db.query(
        "update cases set category_id = (select id from case_categories where level = 3 order by random() limit 1) where id = $1",
        [id],
      );
    }
    log(
      `  500 category updates, move trigger ${on ? "on " : "off"}: ${
        (performance.now() - t).toFixed(0)
      } ms`,
    );
  }
}

try {
  await load();
  await measure();
  await jobCost();
} finally {
  await cleanup();
}
