/**
 * Case counters of a range of China days from the rollups: whole months from the monthly table,
 * the loose days around them from the daily one, in total, by category and by lead department
 * (grouping sets, one pass). Open cases past their due time are counted live, as of "now".
 */
import type { Queryable } from "../../db/port.ts";
import { addInto, CASE_COUNTERS, type CaseCounts, emptyCases } from "./figures.ts";
import { splitByMonths } from "./periods.ts";
import type { DayRange } from "./report_model.ts";

/** Conditions of a conditional query; absent means all. */
export interface CaseFilter {
  /** A category and everything under it (ids of the subtree). */
  categoryIds?: readonly number[];
  departmentId?: number;
  districtCode?: string;
}

export interface CaseBreakdown {
  total: CaseCounts;
  /** By leaf category id; 0 = without a category. */
  byCategory: Map<number, CaseCounts>;
  /** By current lead department id; 0 = none yet. */
  byDepartment: Map<number, CaseCounts>;
}

const SUMS = CASE_COUNTERS.map((k) => `sum(${k})::int as ${k}`).join(", ");

type Grouped = CaseCounts & {
  category_id: number | null;
  lead_department_id: number | null;
  gc: number;
  gd: number;
};

/** `where` conditions over columns category_id, lead_department_id, district_code. */
function conditions(filter: CaseFilter, params: unknown[], none: { cat: string; dep: string }) {
  const out: string[] = [];
  if (filter.categoryIds) {
    params.push(filter.categoryIds);
    out.push(`${none.cat} = any($${params.length}::int[])`);
  }
  if (filter.departmentId !== undefined) {
    params.push(filter.departmentId);
    out.push(`${none.dep} = $${params.length}`);
  }
  if (filter.districtCode !== undefined) {
    params.push(filter.districtCode);
    out.push(`district_code = $${params.length}`);
  }
  return out;
}

export async function caseBreakdown(
  db: Queryable,
  range: DayRange,
  filter: CaseFilter,
  now: number,
): Promise<CaseBreakdown> {
  const split = splitByMonths(range);
  const params: unknown[] = [];
  const parts: string[] = [];
  if (split.months) {
    params.push(split.months.from, split.months.to);
    parts.push(
      `select * from case_rollup_monthly where day between $${
        params.length - 1
      }::date and $${params.length}::date`,
    );
  }
  for (const days of split.days) {
    params.push(days.from, days.to);
    parts.push(
      `select * from case_rollup_daily where day between $${
        params.length - 1
      }::date and $${params.length}::date`,
    );
  }
  const where = conditions(filter, params, { cat: "category_id", dep: "lead_department_id" });
  const rollupSql = `select category_id, lead_department_id, grouping(category_id) as gc,
      grouping(lead_department_id) as gd, ${SUMS}
    from (${parts.join(" union all ")}) scope
    ${where.length ? `where ${where.join(" and ")}` : ""}
    group by grouping sets ((category_id), (lead_department_id), ())`;

  const liveParams: unknown[] = [
    new Date(`${range.from}T00:00:00+08:00`),
    new Date(Date.parse(`${range.to}T00:00:00+08:00`) + 86_400_000),
    new Date(now),
  ];
  const liveWhere = conditions(filter, liveParams, {
    cat: "coalesce(category_id, 0)",
    dep: "coalesce(lead_department_id, 0)",
  });
  const liveSql = `select coalesce(category_id, 0) as category_id,
      coalesce(lead_department_id, 0) as lead_department_id,
      grouping(coalesce(category_id, 0)) as gc, grouping(coalesce(lead_department_id, 0)) as gd,
      count(*)::int as open_overdue
    from cases
    where status in ('dispatched', 'signed', 'returned') and due_at < $3
      and created_at >= $1 and created_at < $2 ${liveWhere.map((w) => `and ${w}`).join(" ")}
    group by grouping sets ((coalesce(category_id, 0)), (coalesce(lead_department_id, 0)), ())`;

  const [rows, live] = await Promise.all([
    db.query<Grouped>(rollupSql, params),
    db.query<Grouped>(liveSql, liveParams),
  ]);
  const out: CaseBreakdown = {
    total: emptyCases(),
    byCategory: new Map(),
    byDepartment: new Map(),
  };
  const slot = (map: Map<number, CaseCounts>, key: number) => {
    let counts = map.get(key);
    if (!counts) map.set(key, counts = emptyCases());
    return counts;
  };
  for (const r of [...rows, ...live]) {
    if (r.gc === 0) addInto(slot(out.byCategory, Number(r.category_id)), r);
    else if (r.gd === 0) addInto(slot(out.byDepartment, Number(r.lead_department_id)), r);
    else addInto(out.total, r);
  }
  return out;
}
