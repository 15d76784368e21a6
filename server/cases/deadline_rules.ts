import type { Queryable } from "../../db/port.ts";
import type { WorkCalendar } from "./working_days.ts";

export const CASE_TYPES = [
  "consultation",
  "complaint",
  "report",
  "suggestion",
  "help",
  "praise",
] as const;
export type CaseType = typeof CASE_TYPES[number];

export const CASE_TYPE_NAMES: Record<CaseType, string> = {
  consultation: "咨询",
  complaint: "投诉",
  report: "举报",
  suggestion: "建议",
  help: "求助",
  praise: "表扬",
};

export interface DeadlinePolicy {
  working_days: number;
  /** Yellow light when fewer working days than this are left. */
  warn_working_days: number;
}

export interface RouteRule {
  lead_department_id: number;
  /** The category's own deadline; null: the type's policy applies. */
  working_days: number | null;
}

/** What a due time is computed from: the operator-edited calendar, policies and routing list. */
export interface DeadlineRules {
  calendar: WorkCalendar;
  policies: Map<CaseType, DeadlinePolicy>;
  routes: Map<number, RouteRule>;
}

/**
 * Reads the rules in one round trip, inside the caller's transaction when given one, so a due
 * time is computed from the rules as they are when the case is written. The calendar is a few
 * dozen rows a year and the routing list one row per leaf: small enough to read whole.
 */
export async function loadDeadlineRules(q: Queryable): Promise<DeadlineRules> {
  const [row] = await q.query<{
    calendar: { day: string; kind: "holiday" | "workday" }[];
    policies: ({ type: CaseType } & DeadlinePolicy)[];
    routes: ({ category_id: number } & RouteRule)[];
  }>(
    `select
       (select coalesce(json_agg(json_build_object('day', day::text, 'kind', kind)), '[]')
        from work_calendar) as calendar,
       (select coalesce(json_agg(json_build_object('type', type, 'working_days', working_days,
          'warn_working_days', warn_working_days)), '[]') from case_deadline_policies) as policies,
       (select coalesce(json_agg(json_build_object('category_id', category_id,
          'lead_department_id', lead_department_id, 'working_days', working_days)), '[]')
        from case_routing) as routes`,
  );
  const days = (kind: string) =>
    new Set(row.calendar.filter((d) => d.kind === kind).map((d) => d.day));
  return {
    calendar: { holidays: days("holiday"), workdays: days("workday") },
    policies: new Map(
      row.policies.map((p) => [p.type, {
        working_days: p.working_days,
        warn_working_days: p.warn_working_days,
      }]),
    ),
    routes: new Map(
      row.routes.map((r) => [r.category_id, {
        lead_department_id: r.lead_department_id,
        working_days: r.working_days,
      }]),
    ),
  };
}

/**
 * The deadline of a case of `type` filed under `categoryId`: the category's own working days
 * when the routing list sets them, else the type's; the warning comes from the type.
 */
export function deadlineFor(
  rules: DeadlineRules,
  type: CaseType,
  categoryId: number | null,
): DeadlinePolicy {
  const policy = rules.policies.get(type);
  if (!policy) throw new Error(`no deadline policy for case type ${type}`);
  const own = categoryId == null ? null : rules.routes.get(categoryId)?.working_days ?? null;
  return own == null ? policy : { ...policy, working_days: own };
}
