/** What the ACD load bench reads from the tables after the run, and its statistics helpers. */
import type { Database } from "../db/port.ts";
import { pct } from "./common.ts";

export interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  const s = Float64Array.from(values).sort();
  const r = (x: number) => +x.toFixed(1);
  return {
    n: s.length,
    p50: r(pct(s, 0.5)),
    p90: r(pct(s, 0.9)),
    p99: r(pct(s, 0.99)),
    max: r(pct(s, 1)),
  };
}

export const fmt = (s: Stats) =>
  `p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms (n ${s.n})`;

export interface TableFigures {
  outcomes: Record<string, number>;
  callsRungMoreThanOnce: number;
  /** offered event row → first ringing event row (created_at: clock_timestamp() at insert). */
  ringDb: Stats;
  /** first ringing event row → answered event row: the bench's answer, SSE and transaction. */
  answerDb: Stats;
  /** p50 of ringDb per 10 s of offers: does routing fall behind as the run goes on? */
  ringDbP50By10s: number[];
  eventsInWindow: number;
  eventsTotal: number;
  /** Runs of consecutive seat.reserved/call.ringing ids: about one per routing transaction. */
  routeBatches: number;
  ringsPerBatch: Stats;
}

/** Everything after event `startId`; `from`..`to` (epoch ms) is the offering window. */
export async function readTables(
  db: Database,
  startId: number,
  from: number,
  to: number,
): Promise<TableFigures> {
  const outcomes = await db.query<{ k: string; n: number }>(
    `select state || coalesce('/' || end_reason, '') as k, count(*)::int as n from calls group by 1`,
  );
  const [{ multi }] = await db.query<{ multi: number }>(
    "select count(*)::int as multi from calls where rings > 1",
  );
  const rows = await db.query<{ offered: number; ring_ms: number; answer_ms: number | null }>(
    `with o as (select subject, created_at from events where id > $1 and type = 'call.offered'),
     r as (select distinct on (subject) subject, created_at from events
           where id > $1 and type = 'call.ringing' order by subject, id),
     a as (select distinct on (subject) subject, created_at from events
           where id > $1 and type = 'call.answered' order by subject, id)
     select extract(epoch from o.created_at) * 1000 as offered,
       extract(epoch from r.created_at - o.created_at) * 1000 as ring_ms,
       extract(epoch from a.created_at - r.created_at) * 1000 as answer_ms
     from o join r using (subject) left join a using (subject)`,
    [startId],
  );
  const buckets: number[][] = [];
  for (const r of rows) {
    const b = Math.floor((Number(r.offered) - from) / 10_000);
    if (b >= 0) (buckets[b] ??= []).push(Number(r.ring_ms));
  }
  const [{ inWindow, total }] = await db.query<{ inWindow: number; total: number }>(
    `select count(*) filter (where created_at >= $2 and created_at < $3)::int as "inWindow",
       count(*)::int as total from events where id > $1`,
    [startId, new Date(from), new Date(to)],
  );
  const types = await db.query<{ type: string }>(
    "select type from events where id > $1 order by id",
    [startId],
  );
  const batches: number[] = [];
  let run = 0;
  for (const { type } of [...types, { type: "end" }]) {
    if (type === "call.ringing") run++;
    else if (type !== "seat.reserved" && run > 0) {
      batches.push(run);
      run = 0;
    }
  }
  return {
    outcomes: Object.fromEntries(outcomes.map((o) => [o.k, o.n])),
    callsRungMoreThanOnce: multi,
    ringDb: stats(rows.map((r) => Number(r.ring_ms))),
    answerDb: stats(rows.filter((r) => r.answer_ms !== null).map((r) => Number(r.answer_ms))),
    ringDbP50By10s: [...buckets].map((b) => stats(b ?? []).p50),
    eventsInWindow: inWindow,
    eventsTotal: total,
    routeBatches: batches.length,
    ringsPerBatch: stats(batches),
  };
}

/** Ids of the call and seat events after `startId`, ascending: what the SSE client must get. */
export async function expectedIds(db: Database, startId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    "select id from events where id > $1 and topic in ('call', 'seat') order by id",
    [startId],
  );
  return rows.map((r) => r.id);
}

/** The figures of one run, as printed and as the JSON summary carries them. */
export interface LoadFigures {
  rate: number;
  audited: boolean;
  offered: number;
  offer_errors: number;
  achieved_rate: number;
  issue_lag: Stats;
  offer_commit: Stats;
  offer_to_ringing_sse: Stats;
  offer_to_answered_sse: Stats;
  offer_to_ringing_db: Stats;
  ringing_to_answered_db: Stats;
  ring_db_p50_by_10s: number[];
  sse_delivery: Stats;
  outcomes: Record<string, number>;
  completed: number;
  rung_more_than_once: number;
  drain_s: number;
  events_per_s: number;
  event_tx_per_s: number;
  commits_per_s: number;
  route_batches: number;
  rings_per_batch: Stats;
  pg_sampler: {
    samples: number;
    mean: Record<string, number>;
    min: Record<string, number>;
    max: Record<string, number>;
  };
  snapshot_ms: number[];
  snapshot_seats?: number;
  snapshot_offered?: number;
  stream: { lost: number; duplicates: number; outOfOrder: number; expected: number };
  stream_resets: number;
  stream_error: string | null;
  action_errors: Record<string, number>;
  server_errors: number;
  cpu_pct: Record<string, number>;
  bench_loop_lag: Stats;
  double_booking: string;
}

/** Prints the table and the verdict; returns whether the target was met. */
export function printReport(x: LoadFigures): boolean {
  const { mean: m, min: lo, max: hi } = x.pg_sampler;
  const pc = (v: number) => `${Math.round(v * 100)}%`;
  const s = x.stream;
  const errors = Object.entries(x.action_errors).map(([k, n]) => `${k} ×${n}`).join(", ");
  console.log(`
arrivals            ${x.offered} offered (${x.offer_errors} errors), ${x.achieved_rate}/s (target \
${x.rate}/s); issue behind schedule p99 ${x.issue_lag.p99} ms, max ${x.issue_lag.max} ms
offer transaction   ${fmt(x.offer_commit)}
offer → ringing     SSE ${fmt(x.offer_to_ringing_sse)}
                    tables ${fmt(x.offer_to_ringing_db)}
                    tables, p50 per 10 s of the run: ${x.ring_db_p50_by_10s.join(", ")} ms
offer → answered    SSE ${fmt(x.offer_to_answered_sse)}
ringing → answered  tables ${fmt(x.ringing_to_answered_db)}
SSE delivery        row insert → frame read: ${fmt(x.sse_delivery)}
calls               ${JSON.stringify(x.outcomes)}; rang more than once ${x.rung_more_than_once}; \
all ended ${x.drain_s} s after the last offer
stream              expected ${s.expected}, lost ${s.lost}, duplicates ${s.duplicates}, out of \
order ${s.outOfOrder}, resets ${x.stream_resets}, error ${x.stream_error ?? "none"}
writes              ${x.events_per_s} events/s in ${x.event_tx_per_s} event-writing transactions/s; \
${x.commits_per_s} commits/s (all, reads included)
routing             ≈${x.route_batches} routing transactions that assigned, rings per one: p50 \
${x.rings_per_batch.p50}, max ${x.rings_per_batch.max}
routing lock        held ${pc(m.routing_held)} of the time (holder idle in transaction \
${pc(m.routing_held_idle_in_tx)}), waiters ${m.routing_waiting}
append lock         held ${pc(m.append_held)} of the time (holder idle in transaction \
${pc(m.append_held_idle_in_tx)}, in IO ${pc(m.append_held_io)}), waiters ${m.append_waiting}
audit chain lock    held ${pc(m.audit_held)} of the time, waiters ${m.audit_waiting} (agents' \
actions ${x.audited ? "audited" : "not audited"})
backends (mean)     active ${m.active} (on CPU ${m.on_cpu}, IO ${m.io}, lock wait ${m.lock_wait}, \
LWLock ${m.lwlock}), idle in transaction ${m.idle_in_tx}; ${x.pg_sampler.samples} samples
seats and queue     ready mean ${m.seats_ready} (min ${lo.seats_ready}), in wrap-up mean \
${m.seats_wrap_up} (max ${hi.seats_wrap_up}), calls queued mean ${m.calls_queued} (max \
${hi.calls_queued})
CPU (% of a core)   server ${x.cpu_pct.server}, bench ${x.cpu_pct.bench}, PostgreSQL backends \
${x.cpu_pct.pg_backends} (all postgres processes ${x.cpu_pct.all_postgres}); machine \
${x.cpu_pct.machine_busy_of_2}% of 2 cores busy
snapshot            GET /api/acd/snapshot ${x.snapshot_ms.join(" / ")} ms (${x.snapshot_seats} \
seats, ${x.snapshot_offered} offered today)
agent actions       errors: ${errors || "none"}; server log error lines: ${x.server_errors}
bench event loop    lag p99 ${x.bench_loop_lag.p99} ms, max ${x.bench_loop_lag.max} ms
double booking      ${x.double_booking}`);
  const checks: [string, boolean][] = [
    [`arrivals at ≥ 98% of ${x.rate}/s`, x.achieved_rate >= 0.98 * x.rate && x.offer_errors === 0],
    ["every call completed", x.completed === x.offered],
    ["nothing lost or duplicated on SSE", s.lost + s.duplicates + s.outOfOrder === 0],
    ["no ring timed out", x.rung_more_than_once === 0],
    ["routing kept pace: offer → ringing p99 < 1 s", x.offer_to_ringing_db.p99 < 1000],
    ["no double booking", x.double_booking === "passed"],
  ];
  const met = checks.every(([, ok]) => ok);
  console.log(
    `target (${x.rate} arrivals/s sustained end to end): ${met ? "MET" : "NOT MET"} — ${
      checks.map(([what, ok]) => `${ok ? "✓" : "✗"} ${what}`).join("; ")
    }`,
  );
  return met;
}
