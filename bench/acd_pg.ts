/**
 * PostgreSQL probes for the ACD load bench: CPU of the backends (from /proc), counters of
 * pg_stat_database, and a sampler of pg_stat_activity/pg_locks that tells how often the two
 * serialising advisory locks are held or waited for (the events append lock of db/events.ts and
 * the routing lock of server/acd/acd_service.ts) and what the other backends are doing.
 */
import type { Database } from "../db/port.ts";
import { cpuSeconds } from "./common.ts";

/** The constants of db/events.ts (EVENTS_APPEND_LOCK) and acd_service.ts (ROUTING_LOCK). */
export const APPEND_LOCK = 12345_0002;
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

const SAMPLE = `
  with me as (select oid from pg_database where datname = current_database()),
  adv as (
    select objid::bigint as key, granted, count(*)::int as n from pg_locks, me
    where locktype = 'advisory' and database = me.oid and objid in (${APPEND_LOCK}, ${ROUTING_LOCK})
    group by 1, 2
  )
  select
    coalesce((select n from adv where key = ${APPEND_LOCK} and granted), 0) as append_held,
    coalesce((select n from adv where key = ${APPEND_LOCK} and not granted), 0) as append_waiting,
    coalesce((select n from adv where key = ${ROUTING_LOCK} and granted), 0) as routing_held,
    coalesce((select n from adv where key = ${ROUTING_LOCK} and not granted), 0) as routing_waiting,
    count(*) filter (where state = 'active')::int as active,
    count(*) filter (where state = 'active' and wait_event is null)::int as on_cpu,
    count(*) filter (where state = 'active' and wait_event_type = 'IO')::int as io,
    count(*) filter (where state = 'active' and wait_event_type = 'LWLock')::int as lwlock,
    count(*) filter (where state = 'active' and wait_event_type = 'Lock')::int as lock_wait,
    count(*) filter (where state = 'idle in transaction')::int as idle_in_tx
  from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;

export type Sample = Record<
  | "append_held"
  | "append_waiting"
  | "routing_held"
  | "routing_waiting"
  | "active"
  | "on_cpu"
  | "io"
  | "lwlock"
  | "lock_wait"
  | "idle_in_tx",
  number
>;

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
        await new Promise((r) => setTimeout(r, Math.max(0, this.everyMs - (performance.now() - t0))));
      }
    })();
  }

  async stop(): Promise<{ samples: number; mean: Sample }> {
    this.#running = false;
    await this.#loop;
    const n = this.#samples.length;
    const mean = {} as Sample;
    for (const key of Object.keys(this.#samples[0] ?? {}) as (keyof Sample)[]) {
      mean[key] = +(this.#samples.reduce((a, s) => a + s[key], 0) / n).toFixed(3);
    }
    return { samples: n, mean };
  }
}
