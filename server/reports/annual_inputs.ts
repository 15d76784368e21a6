/**
 * The figures the annual summary is drafted from, read the way the period report reads them
 * (the same rollups, the same department ranking), so the draft agrees with the 年报 and its
 * exports. A year not yet over runs to today (China time) and compares with the same dates of
 * the year before.
 */
import type { Queryable } from "../../db/port.ts";
import { chinaDay } from "../cases/working_days.ts";
import type { AnnualInputs, NamedCount, RankedDepartment } from "./annual_summary.ts";
import { caseBreakdown } from "./case_rollups.ts";
import { departmentScore } from "./case_sections.ts";
import { caseRates } from "./figures.ts";
import type { DayRange } from "./report_model.ts";
import { categoryAt, loadRefs } from "./report_refs.ts";
import { buildSummary } from "./summary.ts";

/** The range of a year's summary: the whole year, or up to today while it lasts. */
export function annualRange(year: number, now: number): DayRange {
  const today = chinaDay(now);
  const end = `${year}-12-31`;
  return { from: `${year}-01-01`, to: end < today ? end : today };
}

export async function annualInputs(
  db: Queryable,
  year: number,
  now: number = Date.now(),
): Promise<AnnualInputs> {
  const range = annualRange(year, now);
  const [figures, breakdown, refs] = await Promise.all([
    buildSummary(db, range, now),
    caseBreakdown(db, range, {}, now),
    loadRefs(db),
  ]);
  const byTop = new Map<string, number>();
  for (const [id, counts] of breakdown.byCategory) {
    const top = id === 0 ? null : categoryAt(refs, id, 1);
    if (top) byTop.set(top.name, (byTop.get(top.name) ?? 0) + counts.registered);
  }
  const topCategories: NamedCount[] = [...byTop].map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));
  // The order of the period report's 承办单位排名 (case_sections.ts).
  const departments: RankedDepartment[] = [...breakdown.byDepartment]
    .filter(([id]) => id !== 0)
    .map(([id, c]) => ({ id, c, score: departmentScore(c) }))
    .sort((a, b) =>
      (b.score ?? -1) - (a.score ?? -1) || b.c.registered - a.c.registered || a.id - b.id
    )
    .map(({ id, c }) => ({
      name: refs.departments.get(id) ?? `#${id}`,
      cases: c.registered,
      on_time_rate: caseRates(c).on_time_rate,
      satisfaction_rate: caseRates(c).satisfaction_rate,
    }));
  return { year, figures, topCategories, departments };
}
