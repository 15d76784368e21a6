/**
 * Period reports (日报 … 年报, custom ranges): calls by day, hour, queue and 工号; cases by type,
 * channel, category and lead department with the department ranking; each with 同比 and 环比.
 * A conditional query (category, department, district) narrows the case sections; calls have
 * none of those, so their sections are left out then.
 */
import type { Queryable } from "../../db/port.ts";
import { callBreakdown, callsByAgent } from "./call_rollups.ts";
import { callSections } from "./call_sections.ts";
import { caseBreakdown, type CaseFilter } from "./case_rollups.ts";
import { caseSections } from "./case_sections.ts";
import {
  lastYearOf,
  PERIOD_KINDS,
  PERIOD_NAMES,
  type PeriodKind,
  periodLabel,
  previousOf,
} from "./periods.ts";
import type { DayRange, Report, ReportParams } from "./report_model.ts";
import { categorySubtree, loadRefs, type ReportRefs } from "./report_refs.ts";

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/** The conditions of the params, and their words for the title. */
function filterOf(params: ReportParams, refs: ReportRefs): { filter: CaseFilter; words: string[] } {
  const filter: CaseFilter = {};
  const words: string[] = [];
  if (present(params.category_id)) {
    const id = Number(params.category_id);
    filter.categoryIds = categorySubtree(refs, id);
    words.push(`分类：${refs.categories.get(id)?.name ?? id}`);
  }
  if (present(params.department_id)) {
    filter.departmentId = Number(params.department_id);
    words.push(`承办单位：${refs.departments.get(filter.departmentId) ?? filter.departmentId}`);
  }
  if (present(params.district_code)) {
    filter.districtCode = String(params.district_code);
    words.push(`区县：${refs.districts.get(filter.districtCode) ?? filter.districtCode}`);
  }
  return { filter, words };
}

export function reportTitle(kind: string, range: DayRange, words: readonly string[] = []): string {
  const name = PERIOD_KINDS.includes(kind as PeriodKind) && kind !== "custom"
    ? PERIOD_NAMES[kind as PeriodKind]
    : "统计报表";
  const scope = words.length ? ` · ${words.join("，")}` : "";
  return `12345 热线${name}（${periodLabel(range)}）${scope}`;
}

/**
 * The report of params.from … params.to (China days, inclusive) as given: callers normalise a
 * kind's boundaries first (periodOf). `now` decides what is overdue and which waiting calls have
 * already missed the 15 s target.
 */
export async function buildPeriodReport(
  db: Queryable,
  params: ReportParams,
  now: number = Date.now(),
): Promise<Report> {
  const range: DayRange = { from: params.from, to: params.to };
  const lastYear = lastYearOf(range);
  const previous = previousOf(range);
  const refs = await loadRefs(db);
  const { filter, words } = filterOf(params, refs);
  const ranges = [range, lastYear, previous];
  const [cases, calls, agents] = await Promise.all([
    Promise.all(ranges.map((r) => caseBreakdown(db, r, filter, now))),
    words.length ? null : Promise.all(ranges.map((r) => callBreakdown(db, r, now))),
    words.length ? null : callsByAgent(db, range),
  ]);
  const sections = [
    ...(calls && agents
      ? callSections({
        range,
        lastYear,
        previous,
        cur: calls[0],
        ly: calls[1],
        pv: calls[2],
        agents,
        refs,
      })
      : []),
    ...caseSections({
      range,
      lastYear,
      previous,
      cur: cases[0],
      ly: cases[1],
      pv: cases[2],
      refs,
    }),
  ];
  return {
    title: reportTitle(params.kind, range, words),
    params,
    generated_at: new Date(now).toISOString(),
    sections,
  };
}
