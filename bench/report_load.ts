/**
 * Period reports and the summary at a big city's year, on the real PostgreSQL.
 *
 *   deno task bench:reports [--cases=10000000] [--calls=20000000] [--batch=500000] [--runs=5]
 *     [--ops=400] [--pglite=on]        (or BENCH_CASES, BENCH_CALLS, …)
 *
 * A fresh database (createTestDatabase, dropped at the end, also on failure or SIGINT/SIGTERM),
 * migrated, the demo city with its routing list and 600 agents. The year 2025 is loaded
 * set-based (report_load_fill.ts) with the rollup triggers disabled and the secondary indexes
 * dropped (rebuilt afterwards), then the rollups are built set-based by report_rollups_rebuild()
 * (the migration's backfill) and copied one year back, so that 同比 and 环比 read a full year of
 * rollup rows too. Then: the summary and period reports of a week, a month, a quarter, a year and
 * a custom range, each run --runs times after a warm-up; and the maintenance cost of the
 * triggers, per single-row write, as the difference in latency with the triggers on and off.
 */
import { migrate } from "../db/migrate.ts";
import type { Database } from "../db/port.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { CALL_COUNTERS, CASE_COUNTERS } from "../server/reports/figures.ts";
import { buildPeriodReport } from "../server/reports/period_report.ts";
import { buildSummary } from "../server/reports/summary.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { benchDatabase } from "./bench_database.ts";
import { loadAverage, option, pct } from "./common.ts";
import * as F from "./report_load_fill.ts";
import { maintenanceCost, pgliteCost } from "./report_load_cost.ts";

const n = (name: string, fallback: number) => Number(option(name, String(fallback)));
const CASES = n("cases", 10_000_000);
const CALLS = n("calls", 20_000_000);
const BATCH = n("batch", 500_000);
const RUNS = n("runs", 5);
const OPS = n("ops", 400);
const PGLITE = option("pglite", "on") === "on";

const log = (line: string) => console.log(line);
const { db, url, cleanup } = await benchDatabase("reportbench");

const seconds = async (what: string, fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  log(`  ${what}: ${s.toFixed(1)} s (load average ${loadAverage()})`);
  return s;
};

const LOADED = ["cases", "case_replies", "case_callbacks", "calls"];

/** Drops the secondary indexes of the loaded tables; returns their definitions. */
async function dropIndexes(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
     where tablename in ('cases', 'calls', 'case_replies', 'case_callbacks')
       and indexname not like '%_pkey' and indexdef not like 'CREATE UNIQUE%'`,
  );
  for (const r of rows) await db.exec(`drop index ${r.name}`);
  return rows.map((r) => r.def);
}

/** Each rollup's 2025 rows again as 2024's (2025 has no 29 February: no two rows meet). */
function copyYearBack(): string {
  const keys: Record<string, string> = {
    case_rollup_daily: "category_id, lead_department_id, district_code",
    case_rollup_monthly: "category_id, lead_department_id, district_code",
    call_rollup_hourly: "hour, queue_code",
    call_rollup_agent_daily: "queue_code, agent_id",
  };
  return Object.entries(keys).map(([table, key]) => {
    const counters = (table.startsWith("case") ? CASE_COUNTERS : CALL_COUNTERS).join(", ");
    return `insert into ${table} (day, ${key}, ${counters})
      select (day - interval '1 year')::date, ${key}, ${counters} from ${table}
      where day between '2025-01-01' and '2025-12-31';`;
  }).join("\n");
}

async function load(): Promise<void> {
  await migrate(db);
  await seedDemoCity(db);
  await seedDemoRouting(db);
  await db.exec(F.MORE_AGENTS + F.HELPERS);
  const [{ nl }] = await db.query<{ nl: number }>("select count(*)::int as nl from bench_leaf");
  const [{ nd }] = await db.query<{ nd: number }>("select count(*)::int as nd from bench_district");
  // The load writes consistent rows: no row triggers (foreign keys, rollups) while it runs, and
  // no text-search column (never read by the reports; its bigrams cost ~35 µs a row).
  await db.exec(`${LOADED.map((t) => `alter table ${t} disable trigger all;`).join("\n")}
    alter table cases drop column search_terms;`);
  const indexes = await dropIndexes(db);
  const batch = (sql: string, extra: unknown[] = []) => (from: number, to: number) =>
    db.query(sql, [from, to, ...extra]).then(() => {});
  const progress = (what: string, total: number) => (done: number) =>
    done === total || done % (BATCH * 4) === 0
      ? log(`    ${what} ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`)
      : undefined;
  log(`load: ${CASES.toLocaleString("en")} cases, ${CALLS.toLocaleString("en")} calls (2025)`);
  await seconds(
    "cases",
    () => F.inBatches(CASES, BATCH, batch(F.CASES, [CASES, nl, nd]), progress("cases", CASES)),
  );
  await seconds(
    "replies",
    () => F.inBatches(CASES, BATCH * 2, batch(F.REPLIES), progress("replies of", CASES)),
  );
  await seconds(
    "callbacks",
    () => F.inBatches(CASES, BATCH * 2, batch(F.CALLBACKS), progress("callbacks of", CASES)),
  );
  await seconds(
    "calls",
    () => F.inBatches(CALLS, BATCH * 2, batch(F.CALLS, [CALLS]), progress("calls", CALLS)),
  );
  await seconds(`${indexes.length} secondary indexes rebuilt`, async () => {
    for (const def of indexes) await db.exec(def);
  });
  await db.exec(`
    select setval(pg_get_serial_sequence('cases', 'id'), (select max(id) from cases));
    select setval(pg_get_serial_sequence('calls', 'id'), (select max(id) from calls));`);
  await seconds("VACUUM ANALYZE", () => db.exec("vacuum analyze"));
  await seconds(
    "rollups built set-based (report_rollups_rebuild)",
    () => db.query("select report_rollups_rebuild()"),
  );
  // 同比 and 环比 of 2025 read 2024: the same rollup rows a year back (base rows not needed).
  await seconds("rollups copied to 2024", () => db.exec(copyYearBack()));
  await db.exec(LOADED.map((t) => `alter table ${t} enable trigger all;`).join("\n"));
  await db.exec("vacuum analyze");
  const sizes = await db.query<{ name: string; rows: number; mb: number }>(
    `select relname as name, n_live_tup::bigint as rows,
       round(pg_total_relation_size(relid) / 1048576.0)::int as mb
     from pg_stat_user_tables where relname like '%rollup%' or relname in ('cases', 'calls',
       'case_replies', 'case_callbacks') order by relname`,
  );
  for (const s of sizes) {
    log(`  ${s.name}: ${Number(s.rows).toLocaleString("en")} rows, ${s.mb} MB`);
  }
}

async function timings(): Promise<void> {
  const q = (xs: number[], p: number) => pct(Float64Array.from(xs).sort(), p);
  const shapes: [string, number, () => Promise<unknown>][] = [
    [
      "summary, month (2025-06)",
      1000,
      () => buildSummary(db, { from: "2025-06-01", to: "2025-06-30" }),
    ],
    [
      "summary, year (2025)",
      2000,
      () => buildSummary(db, { from: "2025-01-01", to: "2025-12-31" }),
    ],
    [
      "report, week",
      1000,
      () => buildPeriodReport(db, { kind: "weekly", from: "2025-06-02", to: "2025-06-08" }),
    ],
    [
      "report, month",
      1000,
      () => buildPeriodReport(db, { kind: "monthly", from: "2025-06-01", to: "2025-06-30" }),
    ],
    [
      "report, quarter",
      2000,
      () => buildPeriodReport(db, { kind: "quarterly", from: "2025-04-01", to: "2025-06-30" }),
    ],
    [
      "report, year",
      2000,
      () => buildPeriodReport(db, { kind: "annual", from: "2025-01-01", to: "2025-12-31" }),
    ],
    [
      "report, custom 2025-01-15 – 2025-11-20",
      2000,
      () => buildPeriodReport(db, { kind: "custom", from: "2025-01-15", to: "2025-11-20" }),
    ],
    ["report, year, category 城乡建设", 2000, async () => {
      const [{ id }] = await db.query<{ id: number }>(
        "select id from case_categories where code = '01'",
      );
      return buildPeriodReport(db, {
        kind: "annual",
        from: "2025-01-01",
        to: "2025-12-31",
        category_id: id,
      });
    }],
  ];
  // The one live read of the case sections: open cases past due, for the year (cold).
  const [plan] = await db.query<{ "QUERY PLAN": { Plan: Record<string, unknown> }[] }>(
    `explain (analyze, format json) select count(*) from cases
     where status in ('dispatched', 'signed', 'returned') and due_at < now()
       and created_at >= '2025-01-01T00:00:00+08:00' and created_at < '2026-01-01T00:00:00+08:00'`,
  );
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (String(node["Node Type"]).includes("Scan")) {
      scans.push(`${node["Node Type"]} on ${node["Index Name"] ?? node["Relation Name"]}`);
    }
    for (const child of (node.Plans ?? []) as Record<string, unknown>[]) walk(child);
  };
  const top = plan["QUERY PLAN"][0] as unknown as {
    Plan: Record<string, unknown>;
    "Execution Time": number;
  };
  walk(top.Plan);
  log(
    `\nopen cases past due in 2025 (live): ${scans.join(", ")}, ${
      top["Execution Time"].toFixed(0)
    } ms cold`,
  );
  log(`\nreports (${RUNS} runs after one warm-up; ms):`);
  log("| what | target | first | median | max |");
  log("| --- | --: | --: | --: | --: |");
  for (const [what, target, fn] of shapes) {
    const t0 = performance.now();
    await fn();
    const first = performance.now() - t0;
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    log(
      `| ${what} | < ${target} | ${first.toFixed(0)} | ${q(ms, 0.5).toFixed(0)} | ${
        Math.max(...ms).toFixed(0)
      } |`,
    );
  }
}

try {
  log(
    `report bench: PostgreSQL ${
      (await db.query<{ server_version: string }>("show server_version"))[0].server_version
    }, load average ${loadAverage()}`,
  );
  const t0 = performance.now();
  await load();
  log(`  setup total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await timings();
  // One connection, as a service's transaction has: its plans stay cached between writes.
  const one = openPostgres(url, { max: 1, applicationName: "report-bench-cost" });
  try {
    await maintenanceCost(one, OPS, log);
  } finally {
    await one.close();
  }
  if (PGLITE) await pgliteCost(OPS, log);
} finally {
  await cleanup();
}
