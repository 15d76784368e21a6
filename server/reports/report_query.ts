/**
 * The query of a summary or a period report, checked: real calendar days, from ≤ to, at most
 * three years, a kind's boundaries. Shared by the JSON API, the page and the exports.
 */
import { z } from "zod";
import { addDays, addYears, isCalendarDay, PERIOD_KINDS, periodOf } from "./periods.ts";
import type { DayRange, ReportParams } from "./report_model.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD")
  .refine(isCalendarDay, "没有这一天");
const id = z.coerce.number().int().positive();

/** The longest range a report covers (the same dates three years on, exclusive). */
export const lastDayAllowed = (from: string) => addDays(addYears(from, 3), -1);

function checkRange(r: { from: string; to?: string }, ctx: z.RefinementCtx) {
  if (r.to === undefined) return;
  if (r.from > r.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "结束日期不能早于起始日期" });
  } else if (r.to > lastDayAllowed(r.from)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "时间范围最长 3 年" });
  }
}

export const SummaryQuery = z.object({ from: day, to: day }).strict().superRefine(checkRange);

export const PeriodQuery = z.object({
  kind: z.enum(PERIOD_KINDS).default("monthly"),
  /** Any day of the period for the fixed kinds; the first day for custom. */
  from: day,
  /** Required for custom; for the other kinds, when given, it must be the period's last day. */
  to: day.optional(),
  category_id: id.optional(),
  department_id: id.optional(),
  district_code: z.string().regex(/^\d{6}$/, "区县代码为 6 位数字").optional(),
}).strict().superRefine((q, ctx) => {
  if (q.kind === "custom") {
    if (q.to === undefined) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "自定义时段须给出结束日期" });
    }
    checkRange(q, ctx);
    return;
  }
  const period = periodOf(q.kind, q.from);
  if (q.to !== undefined && q.to !== period.to) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `该报表的结束日期应为 ${period.to}（或不填）`,
    });
  }
});
export type PeriodQuery = z.output<typeof PeriodQuery>;

/** The period of a checked query: a fixed kind's boundaries, or the custom range as given. */
export function rangeOf(q: PeriodQuery): DayRange {
  return q.kind === "custom" ? { from: q.from, to: q.to! } : periodOf(q.kind, q.from);
}

/** The params of buildPeriodReport: the normalised range and the conditions that were set. */
export function paramsOf(q: PeriodQuery): ReportParams {
  const range = rangeOf(q);
  const params: ReportParams = { kind: q.kind, from: range.from, to: range.to };
  if (q.category_id !== undefined) params.category_id = q.category_id;
  if (q.department_id !== undefined) params.department_id = q.department_id;
  if (q.district_code !== undefined) params.district_code = q.district_code;
  return params;
}
