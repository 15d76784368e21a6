/**
 * The counters the rollups keep (db/migrations/0009_report_rollups.sql) and the figures made from
 * them. Pure. The call figures follow server/acd/queue_metrics.ts to the letter, so a report's day
 * and the wall's "today" give the same numbers; docs/reports.md defines each one.
 */
import { CASE_TYPES, CHANNELS as CASE_CHANNELS } from "../cases/case_schemas.ts";
import type { Compared } from "./report_model.ts";

/** The rollup keeps one column per type and per channel (t_…, ch_…): a new one needs a migration. */
export { CASE_CHANNELS, CASE_TYPES };

export const CALL_COUNTERS = [
  "offered",
  "answered",
  "answered_15s",
  "short_abandoned",
  "abandoned",
  "unanswered_other",
  "waiting",
  "handled",
  "answer_wait_ms",
  "handle_ms",
] as const;
/**
 * The rollup's counters plus late_waiting, read live: calls of the cohort still waiting or ringing
 * that have waited more than 15 s as of now (already misses for the service level; the others
 * still waiting are undecided and stay out of it, as on the wall).
 */
export type CallCounts = Record<typeof CALL_COUNTERS[number] | "late_waiting", number>;

export const CASE_COUNTERS = [
  "registered",
  ...CASE_TYPES.map((t) => `t_${t}` as const),
  ...CASE_CHANNELS.map((c) => `ch_${c}` as const),
  "closed",
  "closed_on_time",
  "closed_late",
  "merged",
  "dispatched",
  "signed_in_time",
  "replied",
  "replied_in_time",
  "callbacks",
  "resolved",
  "satisfied",
] as const;
/** The rollup's counters plus open_overdue, which is read live (it depends on "now"). */
export type CaseCounts = Record<typeof CASE_COUNTERS[number] | "open_overdue", number>;

export function emptyCalls(): CallCounts {
  return Object.fromEntries([...CALL_COUNTERS, "late_waiting"].map((k) => [k, 0])) as CallCounts;
}

export function emptyCases(): CaseCounts {
  return Object.fromEntries([...CASE_COUNTERS, "open_overdue"].map((k) => [k, 0])) as CaseCounts;
}

/** Adds `b` into `a` key by key (both of the same counter shape). */
export function addInto<T extends Record<string, number>>(a: T, b: Partial<T>): T {
  for (const key of Object.keys(a) as (keyof T)[]) {
    (a[key] as number) += Number(b[key] ?? 0);
  }
  return a;
}

export const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export interface CallFigures {
  offered: number;
  answered: number;
  /** Abandons after 5 s or more in the queue (the wall's "abandoned"). */
  abandoned: number;
  /** Abandons within 5 s: out of the service level, in the abandon rate. */
  short_abandoned: number;
  answer_rate: number | null;
  service_level_15s: number | null;
  abandon_rate: number | null;
  asa_s: number | null;
  aht_s: number | null;
}

export function callFigures(c: CallCounts): CallFigures {
  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    short_abandoned: c.short_abandoned,
    answer_rate: ratio(c.answered, c.offered),
    service_level_15s: ratio(
      c.answered_15s,
      c.answered + c.abandoned + c.unanswered_other + c.late_waiting,
    ),
    abandon_rate: ratio(c.abandoned + c.short_abandoned, c.offered),
    asa_s: c.answered === 0 ? null : c.answer_wait_ms / c.answered / 1000,
    aht_s: c.handled === 0 ? null : c.handle_ms / c.handled / 1000,
  };
}

export interface CaseRates {
  /** 按时办结率: closed by the due time ÷ closed (created in the range). */
  on_time_rate: number | null;
  /** 响应率: signed for within the sign deadline ÷ dispatched (dispatched in the range). */
  response_rate: number | null;
  /** 按期答复率 (三率页的按期办结率): the lead department's first reply in time ÷ replied. */
  reply_on_time_rate: number | null;
  /** 解决率 and 满意率 over each case's first callback that reached the citizen. */
  resolution_rate: number | null;
  satisfaction_rate: number | null;
}

export function caseRates(c: CaseCounts): CaseRates {
  return {
    on_time_rate: ratio(c.closed_on_time, c.closed),
    response_rate: ratio(c.signed_in_time, c.dispatched),
    reply_on_time_rate: ratio(c.replied_in_time, c.replied),
    resolution_rate: ratio(c.resolved, c.callbacks),
    satisfaction_rate: ratio(c.satisfied, c.callbacks),
  };
}

/** Relative change; null when either side is unknown or there is nothing to compare with. */
export function change(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return (value - base) / base;
}

export function compared(
  value: number | null,
  lastYear: number | null,
  previous: number | null,
): Compared {
  return {
    value,
    last_year: lastYear,
    previous,
    yoy: change(value, lastYear),
    mom: change(value, previous),
  };
}
