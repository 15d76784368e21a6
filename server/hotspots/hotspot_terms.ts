/**
 * Keyword counts from the job's tables (migration 0011): whole calendar months of a range from the
 * monthly table, the days before and after them from the daily one.
 */
import type { Queryable } from "../../db/port.ts";
import type { DayRange } from "../reports/report_model.ts";
import { addDays } from "./hotspot_windows.ts";
import type { TermCount } from "./keywords.ts";

const firstOfNextMonth = (day: string) => {
  const [y, m] = day.split("-").map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};

/**
 * The whole months inside a range as [first month, month after the last), and the days of the
 * range outside them; no whole month means every day is read from the daily table.
 */
export function splitMonths(r: DayRange): { months: [string, string] | null; days: DayRange[] } {
  const first = r.from.endsWith("-01") ? r.from : firstOfNextMonth(r.from);
  const end = firstOfNextMonth(r.to) === addDays(r.to, 1)
    ? addDays(r.to, 1)
    : `${r.to.slice(0, 7)}-01`;
  if (first >= end) return { months: null, days: [r] };
  const days: DayRange[] = [];
  if (r.from < first) days.push({ from: r.from, to: addDays(first, -1) });
  if (end <= r.to) days.push({ from: end, to: r.to });
  return { months: [first, end], days };
}

/** The most frequent terms of a range (cases mentioning each). */
export async function topTerms(db: Queryable, r: DayRange, limit: number): Promise<TermCount[]> {
  const { months, days } = splitMonths(r);
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (months) {
    parts.push(`select term, n from hotspot_terms_monthly
      where month >= ${p(months[0])} and month < ${p(months[1])}`);
  }
  for (const d of days) {
    parts.push(`select term, n from hotspot_terms_daily
      where day between ${p(d.from)} and ${p(d.to)}`);
  }
  return await db.query<TermCount>(
    `select term, sum(n)::int as n from (${parts.join(" union all ")}) t
     group by term order by 2 desc, 1 limit ${p(limit)}`,
    params,
  );
}

/** The whole calendar months a range touches: read from the monthly table alone. */
export function monthsAround(r: DayRange): DayRange {
  return { from: `${r.from.slice(0, 7)}-01`, to: addDays(firstOfNextMonth(r.to), -1) };
}
