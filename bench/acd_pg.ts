/**
 * PostgreSQL probes for the ACD load bench: CPU of the backends (from /proc), counters of
 * pg_stat_database, and a sampler of pg_stat_activity/pg_locks that tells how often the two
 * serialising advisory locks are held or waited for (the events append lock of db/events.ts, the
 * audit chain lock and the routing lock of server/acd/acd_service.ts) and what the backends do.
 */
import type { Database } from "../db/port.ts";
import { cpuSeconds } from "./common.ts";

/** The constants of db/events.ts, the audit_chain() trigger (0002_auth_audit.sql), acd_service.ts. */
export const APPEND_LOCK = 12345_0002;
export const AUDIT_LOCK = 12345_0003;
export const ROUTING_LOCK = 12345_0004;

/** pids of every process named `postgres` on this machine (other sessions' backends too). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (Deno.readTextFileSync(`/proc/${entry.name}/comm`).trim() === "postgres") {
        pids.push(Number(entry.name));
      }
    } catch { /* gone */ }
  }
  return pids;
}

/** pids of the backends connected to the bench's database. */
export async function backendPids(db: Database): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database()",
  );
  return rows.map((r) => r.pid);
}

/** CPU seconds per pid now, to subtract later (a pid that is gone counts as 0). */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((p) => [p, cpuSeconds(p)]));
}

/** CPU seconds used between `before` and now, by the pids of `before` and those of `pids`. */
export function cpuSince(before: Map<number, number>, pids: readonly number[]): number {
  let total = 0;
  for (const pid of new Set([...before.keys(), ...pids])) {
    const now = cpuSeconds(pid);
    if (Number.isNaN(now)) continue;
    total += now - (before.get(pid) ?? 0);
  }
  return total;
}

export interface DbCounters {
  xact_commit: number;
  xact_rollback: number;
  tup_inserted: number;
  tup_updated: number;
}

export async function dbCounters(db: Database): Promise<DbCounters> {
  const [row] = await db.query<DbCounters>(
    `select xact_commit, xact_rollback, tup_inserted, tup_updated from pg_stat_database
     where datname = current_database()`,
  );
  return row;
}

/**
 * One sample: holders and waiters of the locks, and what the holder was doing (`idle in
 * transaction` = waiting for its client's next statement, `io` = e.g. the WAL flush of COMMIT),
 * then the other backends of the database by state, and the seats ready / in wrap-up and the calls
 * queued at that moment.
 */
const SAMPLE = `
  with me as (select oid from pg_database where datname = current_database()),
  adv as (
    select l.objid::bigint as key, l.granted, a.state, a.wait_event_type as w from pg_locks l
    join pg_stat_activity a using (pid), me
    where l.locktype = 'advisory' and l.database = me.oid and l.objid in (${APPEND_LOCK}, ${AUDIT_LOCK}, ${ROUTING_LOCK})
  ),
  act as (
    select * from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
  )
  select
    (select count(*) from adv where key = ${APPEND_LOCK} and granted)::int as append_held,
    (select count(*) from adv where key = ${APPEND_LOCK} and granted and state = 'idle in transaction')::int
      as append_held_idle_in_tx,
    (select count(*) from adv where key = ${APPEND_LOCK} and granted and w = 'IO')::int as append_held_io,
    (select count(*) from adv where key = ${APPEND_LOCK} and not granted)::int as append_waiting,
    (select count(*) from adv where key = ${AUDIT_LOCK} and granted)::int as audit_held,
    (select count(*) from adv where key = ${AUDIT_LOCK} and not granted)::int as audit_waiting,
    (select count(*) from adv where key = ${ROUTING_LOCK} and granted)::int as routing_held,
    (select count(*) from adv where key = ${ROUTING_LOCK} and granted and state = 'idle in transaction')::int
      as routing_held_idle_in_tx,
    (select count(*) from adv where key = ${ROUTING_LOCK} and not granted)::int as routing_waiting,
    (select count(*) from act where state = 'active')::int as active,
    (select count(*) from act where state = 'active' and wait_event is null)::int as on_cpu,
    (select count(*) from act where state = 'active' and wait_event_type = 'IO')::int as io,
    (select count(*) from act where state = 'active' and wait_event_type = 'LWLock')::int as lwlock,
    (select count(*) from act where state = 'active' and wait_event_type = 'Lock')::int as lock_wait,
    (select count(*) from act where state = 'idle in transaction')::int as idle_in_tx,
    (select count(*) from seat_states where state = 'ready')::int as seats_ready,
    (select count(*) from seat_states where state = 'wrap_up')::int as seats_wrap_up,
    (select count(*) from calls where state = 'queued')::int as calls_queued`;

/** Mean number of backends per sample in each case (for a lock's holder: the share of time). */
export type Sample = Record<string, number>;

/** Samples every `everyMs` on its own connection until stopped; returns the mean of each field. */
export class PgSampler {
  #samples: Sample[] = [];
  #running = false;
  #loop?: Promise<void>;

  constructor(private readonly db: Database, private readonly everyMs = 50) {}

  start(): void {
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        const t0 = performance.now();
        try {
          const [row] = await this.db.query<Sample>(SAMPLE);
          this.#samples.push(row);
        } catch { /* a failed sample is skipped */ }
        await new Promise((r) =>
          setTimeout(r, Math.max(0, this.everyMs - (performance.now() - t0)))
        );
      }
    })();
  }

  async stop(): Promise<{ samples: number; mean: Sample; min: Sample; max: Sample }> {
    this.#running = false;
    await this.#loop;
    const n = this.#samples.length;
    const mean: Sample = {}, min: Sample = {}, max: Sample = {};
    for (const key of Object.keys(this.#samples[0] ?? {})) {
      const values = this.#samples.map((s) => s[key]);
      mean[key] = +(values.reduce((a, b) => a + b, 0) / n).toFixed(3);
      min[key] = Math.min(...values);
      max[key] = Math.max(...values);
    }
    return { samples: n, mean, min, max };
  }
}
