/**
 * Cases (工单) at a million rows on the real PostgreSQL, measured through CaseService.
 *
 *   deno run -A bench/case_load.ts [--cases=1000000] [--phones=300000] [--batch=50000]
 *     [--creates=1000] [--lookups=500] [--lists=200] [--texts=200] [--handler=100] [--seed=12345]
 *     [--shape-seconds=60] [--reuse=postgres://…]   (or BENCH_CASES, BENCH_PHONES, …)
 *
 * A fresh database (createTestDatabase), migrated, the demo city, routing list and users; a
 * million cases bulk-loaded by case_load_fill.ts (two years, `source = 'bench'`), VACUUM ANALYZE.
 * Then, one call at a time after a warm-up: `cases.register` (dispatch with a category, a lead
 * department and a phone), `cases.search` by number, by phone, department + status + 3-month
 * range (pages 1–5), text, and as a handler (their department only). Each call is timed around
 * the service method; every statement it ran is timed too (case_load_probe.ts), and the slowest
 * call's main statement of the slowest shapes is run again under EXPLAIN (ANALYZE, BUFFERS).
 * The database is dropped at the end, also on failure or SIGINT/SIGTERM. A shape still running
 * after --shape-seconds stops there (warm-up: a sixth of that). --reuse measures again on a
 * database an earlier fillCases() loaded, without loading, and keeps it.
 */
import { migrate } from "../db/migrate.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";
import type { CaseViewer } from "../server/cases/case_access.ts";
import { STATUSES } from "../server/cases/case_flow.ts";
import { caseNumber } from "../server/cases/case_number.ts";
import { CaseIntake } from "../server/cases/case_schemas.ts";
import { CaseSearch } from "../server/cases/case_search.ts";
import type { CaseActor } from "../server/cases/case_tx.ts";
import { mulberry32 } from "../server/seed/prng.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { seedDemoUsers } from "../server/seed/demo_users.ts";
import { createServices } from "../server/services.ts";
import { TEST_KEYS } from "../tests/harness.ts";
import * as F from "./case_load_fill.ts";
import { explain, mainStatement, oneLine, recording, type Statement } from "./case_load_probe.ts";
import { loadAverage, option, pct } from "./common.ts";

const n = (name: string, fallback: number) => Number(option(name, String(fallback)));
const CASES = n("cases", 1_000_000);
const PHONES = n("phones", 300_000);
const BATCH = n("batch", 50_000);
const CREATES = n("creates", 1000);
const LOOKUPS = n("lookups", 500);
const LISTS = n("lists", 200);
const TEXTS = n("texts", 200);
const HANDLER = n("handler", 100);
/** A shape that is far too slow stops after this long (its calls column says how many ran). */
const SHAPE_SECONDS = n("shape-seconds", 60);
const rand = mulberry32(n("seed", 12345));
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const any = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const LIMIT_MS = 60 * 60_000;
const DAY = 86_400_000;
/** China-time calendar day of an instant, as the search form sends it. */
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** Two words typed with a space: without it the pair across them (路噪) is a term no text has. */
const QUERIES = [
  "噪音扰民",
  "路灯不亮",
  "拖欠工资",
  "物业费",
  "垃圾清运",
  "电梯",
  "幸福路 噪音扰民",
];

const log = (line: string) => console.log(line);
const loadavg = loadAverage();
/** A database an earlier fillCases() loaded: measure again without loading (it is kept). */
const REUSE = option("reuse", "");
const tdb = REUSE ? null : await createTestDatabase("casebench");
const raw = openPostgres(REUSE || tdb!.url, { max: 4, applicationName: "case-bench" });
const db = recording(raw);
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  cleaning ??= (async () => {
    clearTimeout(limit);
    await raw.close().catch(() => {});
    await tdb?.drop();
  })();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const onSignal = () => {
  console.error("case_load: interrupted, dropping the database");
  void cleanup().finally(() => Deno.exit(130));
};
for (const sig of SIGNALS) Deno.addSignalListener(sig, onSignal);
const limit = setTimeout(() => {
  console.error(`case_load: over its time limit of ${LIMIT_MS / 60_000} min, stopping`);
  void cleanup().finally(() => Deno.exit(1));
}, LIMIT_MS);

interface Shape {
  name: string;
  target: number | null;
  wanted: number;
  ms: number[];
  /** The main statement's time, and all statements' together (not the COMMIT), per call. */
  sqlMs: number[];
  allMs: number[];
  rows: number;
  slowest?: { ms: number; statements: Statement[] };
}
const shapes: Shape[] = [];
const shape = (name: string, target: number | null): Shape => {
  const s: Shape = { name, target, wanted: 0, ms: [], sqlMs: [], allMs: [], rows: 0 };
  shapes.push(s);
  return s;
};

/** Runs `fn` `count` times, one at a time; `warm` calls first are not counted. */
async function measure(
  s: Shape,
  count: number,
  warm: number,
  fn: () => Promise<number>,
  main: (st: Statement[]) => Statement | undefined,
) {
  s.wanted = count;
  const warmUntil = performance.now() + SHAPE_SECONDS * 1000 / 6;
  for (let i = 0; i < warm && performance.now() < warmUntil; i++) await fn();
  db.take();
  const until = performance.now() + SHAPE_SECONDS * 1000;
  for (let i = 0; i < count && performance.now() < until; i++) {
    const t0 = performance.now();
    const rows = await fn();
    const ms = performance.now() - t0;
    const statements = db.take();
    s.ms.push(ms);
    s.sqlMs.push(main(statements)?.ms ?? NaN);
    s.allMs.push(statements.reduce((sum, st) => sum + st.ms, 0));
    s.rows += rows;
    if (!s.slowest || ms > s.slowest.ms) s.slowest = { ms, statements };
  }
}

const q = (xs: number[], p: number) => pct(Float64Array.from(xs).sort(), p);
const f = (v: number) => Number.isNaN(v) ? "–" : v.toFixed(2);

try {
  const t0 = performance.now();
  if (!REUSE) {
    await migrate(raw);
    await seedDemoCity(raw);
    await seedDemoRouting(raw);
    await seedDemoUsers(raw);
  }
  const services = await createServices(db, TEST_KEYS);
  log(`case_load: ${CASES.toLocaleString("en")} cases, load average before ${loadavg}`);
  const fill = REUSE ? null : await F.fillCases(raw, services.pii, {
    cases: CASES,
    phones: PHONES,
    batch: BATCH,
    now: Date.now(),
    log,
  });
  if (fill) {
    log(
      `loaded in ${fill.insert_s.toFixed(1)} s (${
        Math.round(CASES / fill.insert_s)
      } cases/s), indexes ${fill.index_s.toFixed(1)} s, ` +
        `assisting ${fill.assisting_s.toFixed(1)} s, VACUUM ANALYZE ${
          fill.vacuum_analyze_s.toFixed(1)
        } s; table ${fill.table_mb} MB, indexes ${fill.indexes_mb} MB; setup total ${
          ((performance.now() - t0) / 1000).toFixed(0)
        } s; load average ${loadAverage()}`,
    );
  }

  const leaves = await raw.query<{ id: number; name: string; dep: number; keywords: string[] }>(
    "select id, name, dep, keywords from bench_leaf order by k",
  );
  const streets = await raw.query<{ code: string; parent_code: string; name: string }>(
    "select code, parent_code, name from bench_street order by k",
  );
  const leads = (await raw.query<{ id: number }>(
    "select distinct lead_department_id as id from cases where lead_department_id is not null order by 1",
  )).map((r) => r.id);
  const [agent] = await raw.query<{ id: number }>(
    "select id from users where work_number = '1001'",
  );
  const who: CaseActor = {
    viewer: { userId: agent.id, roles: ["agent"], departmentId: null },
    audit: { actor: "1001", role: "agent", ip: "127.0.0.1", userAgent: "case-bench" },
  };
  const staff: CaseViewer = { roles: ["supervisor"], departmentId: null };
  const search = async (viewer: CaseViewer, s: Partial<CaseSearch>) =>
    (await services.cases.search(viewer, CaseSearch.parse(s))).rows.length;

  let created = 0;
  const register = async () => {
    const leaf = any(leaves);
    const street = any(streets);
    const k = int(0, PHONES * 2); // half repeat callers, half new numbers
    await services.cases.register(
      who,
      CaseIntake.parse({
        type: any(["complaint", "report", "help", "suggestion", "consultation"]),
        channel: "phone",
        content: F.caseContent(
          street.name,
          any(F.ROADS),
          any(F.PLACES),
          any(F.TIMES),
          any(leaf.keywords),
          leaf.name,
          any(F.IMPACTS),
          any(F.REQUESTS),
          int(1, 300),
        ),
        category_id: leaf.id,
        district_code: street.parent_code,
        street_code: street.code,
        address: `${street.name}${any(F.ROADS)}${int(1, 300)}号`,
        citizen_name: "张先生",
        citizen_phone: F.phoneOf(k),
        outcome: "dispatch",
        lead_department_id: leaf.dep,
      }),
    );
    created++;
    return 1;
  };
  const insertOf = (st: Statement[]) =>
    st.find((s) => s.sql.trimStart().startsWith("insert into cases"));
  const range = (): Partial<CaseSearch> => {
    const from = int(Date.now() - 730 * DAY, Date.now() - 91 * DAY);
    return { from: chinaDay(from), to: chinaDay(from + 90 * DAY) };
  };

  await measure(shape("create a case (register, dispatch)", 20), CREATES, 50, register, insertOf);
  await measure(
    shape("search by number", 10),
    LOOKUPS,
    50,
    () => search(staff, { number: caseNumber(int(1, CASES)) }),
    mainStatement,
  );
  await measure(
    shape("search by phone", 10),
    LOOKUPS,
    50,
    () => search(staff, { phone: F.phoneOf(int(0, PHONES - 1)) }),
    mainStatement,
  );
  await measure(
    shape("list: department + status + 3 months, p1–5", 100),
    LISTS,
    20,
    () =>
      search(staff, {
        department_id: any(leads),
        status: any(STATUSES),
        ...range(),
        page: int(1, 5),
      }),
    mainStatement,
  );
  await measure(
    shape("text search (n-gram terms)", null),
    TEXTS,
    20,
    () => search(staff, { q: any(QUERIES), page: int(1, 2) }),
    mainStatement,
  );
  await measure(
    shape("handler: own cases, p1–5", null),
    HANDLER,
    10,
    () => search({ roles: ["handler"], departmentId: any(leads) }, { page: int(1, 5) }),
    mainStatement,
  );
  await measure(
    shape("handler: status + 3 months, p1–5", 100),
    HANDLER,
    10,
    () =>
      search({ roles: ["handler"], departmentId: any(leads) }, {
        status: any(["dispatched", "signed", "returned", "closed"] as const),
        ...range(),
        page: int(1, 5),
      }),
    mainStatement,
  );
  await measure(
    shape("list: department + 3 months (no status), p1–5", null),
    LISTS,
    10,
    () => search(staff, { department_id: any(leads), ...range(), page: int(1, 5) }),
    mainStatement,
  );

  const verdicts = report();
  await explainSlowest();
  console.log(JSON.stringify({
    bench: "case_load",
    cases: CASES,
    load: fill,
    registered: created,
    shapes: shapes.map((s) => ({
      name: s.name,
      calls: s.ms.length,
      p50: +f(q(s.ms, 0.5)),
      p95: +f(q(s.ms, 0.95)),
      p99: +f(q(s.ms, 0.99)),
      max: +f(Math.max(...s.ms)),
      target_ms: s.target,
    })),
    met: verdicts.every(Boolean),
    loadavg_before: loadavg,
    loadavg_after: loadAverage(),
  }));
  if (!verdicts.every(Boolean)) Deno.exitCode = 1;
} catch (error) {
  console.error(`case_load failed: ${(error as Error).stack}`);
  Deno.exitCode = 1;
} finally {
  await cleanup();
  for (const sig of SIGNALS) Deno.removeSignalListener(sig, onSignal);
}

/** The table of figures; a target is met when p99 is under it. */
function report(): boolean[] {
  console.log(
    "\n| shape | calls | p50 ms | p95 ms | p99 ms | max ms | main SQL p50 / p99 | all SQL p50 / p99 | rows/call | target | met |",
  );
  console.log("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |");
  const verdicts: boolean[] = [];
  for (const s of shapes) {
    const p99 = q(s.ms, 0.99);
    const met = s.target === null ? null : p99 < s.target;
    if (met !== null) verdicts.push(met);
    console.log(
      `| ${s.name} | ${s.ms.length}${s.ms.length < s.wanted ? ` of ${s.wanted}` : ""} | ${
        f(q(s.ms, 0.5))
      } | ${f(q(s.ms, 0.95))} | ${f(p99)} | ${f(Math.max(...s.ms))} | ${f(q(s.sqlMs, 0.5))} / ${
        f(q(s.sqlMs, 0.99))
      } | ${f(q(s.allMs, 0.5))} / ${f(q(s.allMs, 0.99))} | ${(s.rows / s.ms.length).toFixed(1)} | ${
        s.target === null ? "–" : `p99 < ${s.target}`
      } | ${met === null ? "–" : met ? "yes" : "**no**"} |`,
    );
  }
  console.log(`(load average after ${loadAverage()})`);
  return verdicts;
}

/** The slowest call of the slowest shape and of every shape that missed: its statements, EXPLAIN. */
async function explainSlowest() {
  const worst = [...shapes].sort((a, b) => q(b.ms, 0.99) - q(a.ms, 0.99))[0];
  const picked = shapes.filter((s) =>
    s === worst || (s.target !== null && q(s.ms, 0.99) >= s.target)
  );
  for (const s of picked) {
    const slow = s.slowest!;
    console.log(`\n## slowest call of "${s.name}": ${slow.ms.toFixed(2)} ms`);
    for (const st of slow.statements) {
      console.log(`  ${st.ms.toFixed(2).padStart(8)} ms  ${oneLine(st).slice(0, 110)}`);
    }
    const main = s.name.startsWith("create")
      ? undefined // an insert: EXPLAIN ANALYZE would write
      : mainStatement(slow.statements);
    if (!main) continue;
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of it, run again now:\n${oneLine(main)}`);
    for (const line of await explain(raw, main)) console.log(`  ${line}`);
  }
}
