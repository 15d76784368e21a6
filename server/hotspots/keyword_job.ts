/**
 * The incremental job behind hotspot keywords and hours (migration 0011): cases past the
 * watermark are segmented and their terms added to per-day and per-month counts. Runs on a timer
 * in every process (server/system.ts); a run that meets another process's run gives way.
 *
 * Each batch is one REPEATABLE READ transaction, so the new cases, the skipped ids (gaps) and the
 * moved cases are all read in one snapshot: a case counted here was counted under the district
 * and category it had in that snapshot, and the first later change of either leaves a move row
 * with exactly those old values.
 */
import type { Database, Tx } from "../../db/port.ts";
import { chinaDay } from "../cases/working_days.ts";
import { caseTerms } from "./keywords.ts";

interface CaseText {
  id: string;
  created_at: Date;
  content: string;
  district_code: string | null;
  category1: string | null;
  category3: string | null;
}

interface Move {
  id: string;
  case_id: string;
  district_code: string | null;
  category1: string | null;
  category3: string | null;
}

interface Gap {
  lo: string;
  hi: string;
  seen_at: Date;
}

export interface JobOptions {
  /** Cases per transaction. */
  batch: number;
  /** A run stops starting batches after this long; the next tick goes on. */
  budgetMs: number;
  /** Unfilled ids are forgotten after this long (a rolled-back transaction). */
  gapTtlMs: number;
  now: () => number;
}

export const JOB_DEFAULTS: JobOptions = {
  batch: 2000,
  budgetMs: 20_000,
  gapTtlMs: 86_400_000,
  now: Date.now,
};

export interface JobResult {
  /** Cases counted for the first time. */
  cases: number;
  /** Counted cases whose district or category changed, moved to the new key. */
  moved: number;
  batches: number;
  /** True when no case was left past the watermark. */
  caught_up: boolean;
}

const SELECT_CASE = `select c.id, c.created_at, c.content, c.district_code,
  left(cat.code, 2) as category1, case when length(cat.code) = 6 then cat.code end as category3
  from cases c left join case_categories cat on cat.id = c.category_id`;

class Deltas {
  days = new Map<string, number>();
  months = new Map<string, number>();
  places = new Map<string, number>();
  hours = new Map<string, number>();
  topics = new Map<string, number>();

  /**
   * Counts a case under a district and category (sign −1 takes it back). A move changes only
   * the keyed tables (`totals` false): a term's totals do not depend on the place.
   */
  add(
    c: { created_at: Date; content: string },
    place: Place,
    sign = 1,
    totals = true,
  ) {
    const at = c.created_at.getTime();
    const day = chinaDay(at);
    const month = `${day.slice(0, 7)}-01`;
    const hour = new Date(at + 8 * 3_600_000).getUTCHours();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + sign);
    bump(this.hours, `${day}\t${hour}\t${place[0]}\t${place[1]}`);
    if (place[0] !== "") bump(this.topics, `${day}\tdistrict\t${place[0]}`);
    if (place[2] !== "") bump(this.topics, `${day}\tcategory3\t${place[2]}`);
    for (const term of caseTerms(c.content)) {
      if (totals) {
        bump(this.days, `${day}\t${term}`);
        bump(this.months, `${month}\t${term}`);
      }
      bump(this.places, `${month}\t${place[0]}\t${place[1]}\t${term}`);
    }
  }
}

/** District, level-1 category, level-3 category code ('': none). */
type Place = [string, string, string];

const placeOf = (
  c: { district_code: string | null; category1: string | null; category3: string | null },
): Place => [c.district_code ?? "", c.category1 ?? "", c.category3 ?? ""];

/** Adds the counts of `m` (keys joined by tabs, of the given SQL types) into `table`. */
async function upsert(tx: Tx, table: string, keys: [string, string][], m: Map<string, number>) {
  const cols: unknown[][] = Array.from({ length: keys.length + 1 }, () => []);
  for (const [key, n] of m) {
    if (n === 0) continue;
    key.split("\t").forEach((v, i) => cols[i].push(v));
    cols[keys.length].push(n);
  }
  if (cols[keys.length].length === 0) return;
  const names = keys.map(([k]) => k).join(", ");
  const arrays = keys.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  await tx.query(
    `insert into ${table} (${names}, n)
     select * from unnest(${arrays}, $${keys.length + 1}::int[])
     on conflict (${names}) do update set n = ${table}.n + excluded.n`,
    cols,
  );
}

const inGap = (id: bigint, gaps: Gap[]) =>
  gaps.some((g) => BigInt(g.lo) <= id && id <= BigInt(g.hi));

/** The id ranges of `gaps` and of (after, upTo] that none of `found` fills. */
export function remainingGaps(
  gaps: { lo: bigint; hi: bigint; seen_at: number }[],
  after: bigint,
  found: bigint[],
  now: number,
): { lo: bigint; hi: bigint; seen_at: number }[] {
  const ids = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const upTo = ids.filter((id) => id > after).at(-1) ?? after;
  const ranges = [...gaps];
  if (upTo > after) ranges.push({ lo: after + 1n, hi: upTo, seen_at: now });
  const out: { lo: bigint; hi: bigint; seen_at: number }[] = [];
  for (const r of ranges) {
    let lo = r.lo;
    for (const id of ids) {
      if (id < lo || id > r.hi) continue;
      if (id > lo) out.push({ lo, hi: id - 1n, seen_at: r.seen_at });
      lo = id + 1n;
    }
    if (lo <= r.hi) out.push({ lo, hi: r.hi, seen_at: r.seen_at });
  }
  return out;
}

interface BatchResult {
  counted: number;
  moved: number;
  /** The batch was full: more cases may be waiting. */
  full: boolean;
}

async function batch(db: Database, o: JobOptions): Promise<BatchResult> {
  return await db.transaction(async (tx) => {
    await tx.exec("set transaction isolation level repeatable read");
    const [{ last_case_id }] = await tx.query<{ last_case_id: string }>(
      "select last_case_id from hotspot_state for update",
    );
    const after = BigInt(last_case_id);
    const gaps = await tx.query<Gap>("select lo, hi, seen_at from hotspot_gaps");
    const fresh = await tx.query<CaseText>(
      `${SELECT_CASE} where c.id > $1 order by c.id limit $2`,
      [last_case_id, o.batch],
    );
    const filled = gaps.length === 0 ? [] : await tx.query<CaseText>(
      `${SELECT_CASE} join hotspot_gaps g on c.id between g.lo and g.hi`,
    );
    const deltas = new Deltas();
    for (const c of [...fresh, ...filled]) {
      deltas.add(c, placeOf(c));
    }

    // Moves of cases counted before this batch: out of the old key, into the current one.
    const moves = await tx.query<Move>(
      `select m.id, m.case_id, m.district_code, left(cat.code, 2) as category1,
         case when length(cat.code) = 6 then cat.code end as category3
       from hotspot_moves m left join case_categories cat on cat.id = m.category_id
       order by m.id limit 10000`,
    );
    const first = new Map<string, Move>();
    for (const m of moves) {
      const id = BigInt(m.case_id);
      const key = String(m.case_id);
      if (id <= after && !inGap(id, gaps) && !first.has(key)) first.set(key, m);
    }
    if (first.size > 0) {
      const now = await tx.query<CaseText>(`${SELECT_CASE} where c.id = any($1::bigint[])`, [
        [...first.keys()],
      ]);
      for (const c of now) {
        const old = first.get(String(c.id))!;
        deltas.add(c, placeOf(old), -1, false);
        deltas.add(c, placeOf(c), 1, false);
      }
    }
    if (moves.length > 0) {
      await tx.query("delete from hotspot_moves where id = any($1::bigint[])", [
        moves.map((m) => m.id),
      ]);
    }

    await upsert(tx, "hotspot_terms_daily", [["day", "date"], ["term", "text"]], deltas.days);
    await upsert(tx, "hotspot_terms_monthly", [["month", "date"], ["term", "text"]], deltas.months);
    await upsert(tx, "hotspot_terms_by_place", [
      ["month", "date"],
      ["district_code", "text"],
      ["category1", "text"],
      ["term", "text"],
    ], deltas.places);
    await upsert(tx, "hotspot_hours", [
      ["day", "date"],
      ["hour", "smallint"],
      ["district_code", "text"],
      ["category1", "text"],
    ], deltas.hours);
    await upsert(tx, "hotspot_topics_daily", [
      ["day", "date"],
      ["dim", "text"],
      ["key", "text"],
    ], deltas.topics);

    const now = o.now();
    const left = remainingGaps(
      gaps.map((g) => ({ lo: BigInt(g.lo), hi: BigInt(g.hi), seen_at: g.seen_at.getTime() })),
      after,
      [...fresh, ...filled].map((c) => BigInt(c.id)),
      now,
    ).filter((g) => now - g.seen_at < o.gapTtlMs);
    if (gaps.length > 0 || left.length > 0) {
      await tx.query("delete from hotspot_gaps");
      await tx.query(
        `insert into hotspot_gaps (lo, hi, seen_at)
         select * from unnest($1::bigint[], $2::bigint[], $3::timestamptz[])`,
        [
          left.map((g) => String(g.lo)),
          left.map((g) => String(g.hi)),
          left.map((g) => new Date(g.seen_at).toISOString()),
        ],
      );
    }
    const newLast = fresh.length > 0 ? fresh[fresh.length - 1].id : last_case_id;
    await tx.query("update hotspot_state set last_case_id = $1, ran_at = $2", [
      newLast,
      new Date(now),
    ]);
    return {
      counted: fresh.length + filled.length,
      moved: first.size,
      full: fresh.length === o.batch,
    };
  });
}

/**
 * Counts the cases past the watermark, batch after batch, until none is left or the budget is
 * spent. Another process running it at the same time makes this run stop (serialization failure
 * on the watermark row) without counting anything twice.
 */
export async function runKeywordJob(
  db: Database,
  options: Partial<JobOptions> = {},
): Promise<JobResult> {
  const o = { ...JOB_DEFAULTS, ...options };
  const started = o.now();
  const result: JobResult = { cases: 0, moved: 0, batches: 0, caught_up: false };
  while (true) {
    let step;
    try {
      step = await batch(db, o);
    } catch (error) {
      if ((error as { code?: string }).code === "40001") return result;
      throw error;
    }
    result.batches++;
    result.cases += step.counted;
    result.moved += step.moved;
    if (!step.full) return { ...result, caught_up: true };
    if (o.now() - started > o.budgetMs) return result;
  }
}
