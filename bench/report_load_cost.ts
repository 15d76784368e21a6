/**
 * What the rollup triggers cost each write (bench/report_load.ts), two ways:
 * - inside the server: each write run under EXPLAIN ANALYZE with the deferred triggers made
 *   immediate, in a transaction rolled back afterwards; the rollup triggers' own time summed;
 * - as the service sees it: single-row writes, each its own transaction, timed with the triggers
 *   on and off in alternating blocks on one connection (this includes the commit's flush and
 *   every other process on the machine, so it is the noisier figure).
 * Also on the embedded PGlite.
 */
import { migrate } from "../db/migrate.ts";
import { openPglite } from "../db/pglite_adapter.ts";
import type { Database } from "../db/port.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { pct } from "./common.ts";

const TRIGGERS = [
  ["cases", "cases_rollup_insert_delete"],
  ["cases", "cases_rollup_update"],
  ["case_replies", "case_replies_rollup"],
  ["case_callbacks", "case_callbacks_rollup"],
  ["calls", "calls_rollup_insert_delete"],
  ["calls", "calls_rollup_update"],
];
export const setTriggers = (db: Database, on: boolean) =>
  db.exec(
    TRIGGERS.map(([t, name]) => `alter table ${t} ${on ? "enable" : "disable"} trigger ${name};`)
      .join("\n"),
  );

interface Op {
  name: string;
  sql: string;
  params: (k: number) => unknown[];
  /** Keeps the id a write returned, for the writes that follow. */
  keep?: number[];
}

async function ops(db: Database): Promise<Op[]> {
  const [ref] = await db.query<{ category_id: number; department_id: number; agent_id: number }>(
    `select (select id from case_categories where level = 3 order by code limit 1) as category_id,
       (select id from departments order by id limit 1) as department_id,
       (select id from agents order by id limit 1) as agent_id`,
  );
  const base = Date.parse("2025-12-31T12:00:00+08:00");
  const caseIds: number[] = [];
  const callIds: number[] = [];
  let numbers = 0;
  return [{
    name: "insert a case (dispatched)",
    sql: `insert into cases (case_number, type, channel, status, content, category_id,
        district_code, lead_department_id, created_at, dispatched_at, sign_due_at, due_at)
      values ($1, 'complaint', 'phone', 'dispatched', '噪', $2, '390101', $3, $4, $4,
        $4::timestamptz + interval '1 day', $4::timestamptz + interval '13 days')
      returning id`,
    params: (k) => [
      String(99_000_000 + ++numbers),
      ref.category_id,
      ref.department_id,
      new Date(base + k * 1000),
    ],
    keep: caseIds,
  }, {
    // Signed ↔ dispatched: each write changes what the case counts for.
    name: "update a case (signed or back)",
    sql: `update cases set status = case when status = 'signed' then 'dispatched' else 'signed' end,
        signed_at = case when status = 'signed' then null else created_at + interval '1 hour' end
      where id = $1`,
    params: (k) => [caseIds[k % caseIds.length]],
  }, {
    name: "insert a callback (reached)",
    sql:
      `insert into case_callbacks (case_id, reached, satisfaction, resolved, called_by, called_at)
      values ($1, true, 'satisfied', true, 'bench', now())`,
    params: (k) => [caseIds[k % caseIds.length]],
  }, {
    name: "insert a call (queued)",
    sql: `insert into calls (channel, queue_code, state, offered_at, queued_at)
      values ('phone', 'general', 'queued', $1, $1) returning id`,
    params: (k) => [new Date(base + k * 1000)],
    keep: callIds,
  }, {
    // Answered and ended ↔ waiting again: each write changes what the call counts for.
    name: "update a call (answered and ended, or back)",
    sql: `update calls set
        state = case when state = 'ended' then 'queued' else 'ended' end,
        agent_id = case when state = 'ended' then null else $2::int end,
        answered_at = case when state = 'ended' then null else queued_at + interval '8 seconds' end,
        ended_at = case when state = 'ended' then null else queued_at + interval '3 minutes' end,
        end_reason = case when state = 'ended' then null else 'completed' end,
        wrap_ms = case when state = 'ended' then null else 20000 end
      where id = $1`,
    params: (k) => [callIds[k % callIds.length], ref.agent_id],
  }];
}

interface Plan {
  Triggers?: { "Trigger Name": string; Time: number }[];
}

/** The rollup triggers' time in the server for one write (rolled back). */
async function triggerMs(db: Database, op: Op, k: number): Promise<number> {
  let ms = 0;
  await db.transaction(async (tx) => {
    await tx.query("set constraints all immediate");
    const [row] = await tx.query<{ "QUERY PLAN": Plan[] }>(
      `explain (analyze, format json) ${op.sql}`,
      op.params(k),
    );
    for (const t of row["QUERY PLAN"][0].Triggers ?? []) {
      if (t["Trigger Name"].includes("rollup")) ms += t.Time;
    }
    throw new Rollback();
  }).catch((e) => {
    if (!(e instanceof Rollback)) throw e;
  });
  return ms;
}
class Rollback extends Error {}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p95 = (xs: number[]) => pct(Float64Array.from(xs).sort(), 0.95);

/**
 * One row per kind of write. After each switch of the triggers the first writes are not counted:
 * ALTER TABLE drops the session's cached plans, and a session plans the trigger's statements
 * once (≈ 10 ms, docs/reports.md).
 */
async function costOf(db: Database, count: number): Promise<string[]> {
  const lines: string[] = [];
  const blocks = 6;
  const warm = 10;
  let k = 0;
  for (const op of await ops(db)) {
    const times: Record<"on" | "off", number[]> = { on: [], off: [] };
    for (let b = 0; b < blocks; b++) {
      const on = b % 2 === 1;
      await setTriggers(db, on);
      for (let i = 0; i < warm + count / blocks; i++) {
        const t0 = performance.now();
        const [row] = await db.query<{ id: number }>(op.sql, op.params(k++));
        if (i >= warm) times[on ? "on" : "off"].push(performance.now() - t0);
        if (op.keep && row) op.keep.push(Number(row.id));
      }
    }
    await setTriggers(db, true);
    const server: number[] = [];
    for (let i = 0; i < warm + count / 2; i++) {
      const ms = await triggerMs(db, op, k++);
      if (i >= warm) server.push(ms);
    }
    lines.push(
      `| ${op.name} | ${mean(server).toFixed(3)} (p95 ${p95(server).toFixed(3)}) | ${
        mean(times.off).toFixed(2)
      } | ${mean(times.on).toFixed(2)} (p95 ${p95(times.on).toFixed(2)}) | ${
        (mean(times.on) - mean(times.off)).toFixed(2)
      } |`,
    );
  }
  return lines;
}

const HEAD = [
  "| write (own transaction) | rollup triggers in the server, ms | write, triggers off, ms | on, ms | difference, ms |",
  "| --- | --: | --: | --: | --: |",
];

export async function maintenanceCost(
  db: Database,
  count: number,
  log: (line: string) => void,
): Promise<void> {
  log(`\nmaintenance cost on PostgreSQL (${count} writes of each kind):`);
  for (const line of [...HEAD, ...await costOf(db, count)]) log(line);
}

export async function pgliteCost(count: number, log: (line: string) => void): Promise<void> {
  const db = await openPglite();
  try {
    await migrate(db);
    await seedDemoCity(db);
    log(`\nmaintenance cost on PGlite (in memory, only the demo city; ${count} writes of each):`);
    for (const line of [...HEAD, ...await costOf(db, count)]) log(line);
  } finally {
    await db.close();
  }
}
