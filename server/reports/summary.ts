/**
 * `GET /api/reports/summary`: the headline figures of a range of China days, each with the same
 * figure one year earlier (同比) and for the range just before (环比), from the rollups.
 */
import type { Queryable } from "../../db/port.ts";
import { callBreakdown } from "./call_rollups.ts";
import { caseBreakdown } from "./case_rollups.ts";
import {
  type CallFigures,
  callFigures,
  CASE_TYPES,
  type CaseCounts,
  caseRates,
  compared,
} from "./figures.ts";
import { lastYearOf, previousOf } from "./periods.ts";
import type { Compared, DayRange, SummaryFigures } from "./report_model.ts";

export interface RangeTotals {
  calls: CallFigures;
  cases: CaseCounts;
}

/** The totals of one range, unfiltered. */
export async function rangeTotals(
  db: Queryable,
  range: DayRange,
  now: number,
): Promise<RangeTotals> {
  const [calls, cases] = await Promise.all([
    callBreakdown(db, range, now),
    caseBreakdown(db, range, {}, now),
  ]);
  return { calls: callFigures(calls.total), cases: cases.total };
}

export async function buildSummary(
  db: Queryable,
  range: DayRange,
  now: number = Date.now(),
): Promise<SummaryFigures> {
  const lastYear = lastYearOf(range);
  const previous = previousOf(range);
  const [cur, ly, pv] = await Promise.all(
    [range, lastYear, previous].map((r) => rangeTotals(db, r, now)),
  );
  const call = (pick: (f: CallFigures) => number | null): Compared =>
    compared(pick(cur.calls), pick(ly.calls), pick(pv.calls));
  const kase = (pick: (c: CaseCounts) => number | null): Compared =>
    compared(pick(cur.cases), pick(ly.cases), pick(pv.cases));
  return {
    range: { from: range.from, to: range.to },
    last_year: lastYear,
    previous,
    calls: {
      offered: call((f) => f.offered),
      answered: call((f) => f.answered),
      abandoned: call((f) => f.abandoned),
      service_level_15s: call((f) => f.service_level_15s),
      aht_s: call((f) => f.aht_s),
    },
    cases: {
      total: kase((c) => c.registered),
      by_type: Object.fromEntries(CASE_TYPES.map((t) => [t, kase((c) => c[`t_${t}`])])),
      on_time_rate: kase((c) => caseRates(c).on_time_rate),
      response_rate: kase((c) => caseRates(c).response_rate),
      resolution_rate: kase((c) => caseRates(c).resolution_rate),
      satisfaction_rate: kase((c) => caseRates(c).satisfaction_rate),
    },
  };
}
