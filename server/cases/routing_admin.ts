import { z } from "zod";
import { appendEvents } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError, parseOrThrow } from "../errors.ts";
import type { SuggestEntry } from "./category_suggest.ts";
import { CASE_TYPES, type CaseType, type DeadlinePolicy } from "./deadline_rules.ts";

/** A leaf category and its route, if it has one. */
export interface RoutingRow {
  category_id: number;
  code: string;
  name: string;
  path: string;
  /** Its level-1 category: the routing page shows one group at a time. */
  group_id: number;
  group_name: string;
  active: boolean;
  lead_department_id: number | null;
  department_name: string | null;
  working_days: number | null;
  keywords: string[];
  updated_at: Date | null;
}

export interface CalendarDay {
  day: string;
  kind: "holiday" | "workday";
  name: string;
}

// Messages in Chinese for the page and English for logs and API clients.
const whole = (min: number, max: number, message: string) =>
  z.number({ error: "须为整数 (must be a whole number)" })
    .int("须为整数 (must be a whole number)").min(min, message).max(max, message);
const WORKING_DAYS = "办理时限须为 0–60 个工作日 (working days must be 0..60)";
const RouteInput = z.object({
  category_id: whole(1, 2 ** 31 - 1, "无效的分类 (invalid category)"),
  lead_department_id: whole(1, 2 ** 31 - 1, "请选择承办部门 (choose a lead department)"),
  working_days: whole(0, 60, WORKING_DAYS).nullable(),
  keywords: z.array(
    z.string().trim().min(1, "关键词不能为空 (empty keyword)")
      .max(20, "关键词最长 20 字 (a keyword has at most 20 characters)"),
  ).max(40, "关键词最多 40 个 (at most 40 keywords)").transform((ks) => [...new Set(ks)]),
});
export type RouteFields = Omit<z.input<typeof RouteInput>, "category_id">;

const PolicyInput = z.object({
  type: z.enum(CASE_TYPES, { error: "没有这个工单类型 (unknown case type)" }),
  working_days: whole(0, 60, WORKING_DAYS),
  warn_working_days: whole(0, 10, "预警须为 0–10 个工作日 (warning must be 0..10 working days)"),
});

const isRealDay = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d) && d >= "2000" && d < "2101";
};
const Day = z.string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD (date as YYYY-MM-DD)")
  .refine(isRealDay, "不是有效日期 (not a real date in 2000–2100)");
const DayInput = z.object({
  day: Day,
  kind: z.enum(["holiday", "workday"], {
    error: "类型须为节假日或调休上班 (kind must be holiday or workday)",
  }),
  name: z.string().trim().min(1, "请填写名称 (name the day)")
    .max(32, "名称最长 32 字 (at most 32 characters)"),
});
const Year = whole(2000, 2100, "年份须在 2000–2100 (year 2000..2100)");
const Times = z.array(
  z.string().trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式为 HH:MM，如 09:00 (time as HH:MM, e.g. 09:00)"),
).max(8, "每天最多 8 个催办时间 (at most 8 reminder times a day)")
  .transform((ts) => [...new Set(ts)].sort());

/** Input a person typed is checked here, whoever calls: a bad value is 422 with every issue. */
function valid<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  try {
    return parseOrThrow(schema, value, what);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(422, "invalid_input", error.message, error.issues);
  }
}

function refuse(code: string, path: string, message: string): never {
  throw new AppError(422, code, message, [{ path, message }]);
}

// Leaf categories with their path and route; categories are at most three levels deep.
const LEAVES = `
  from case_categories c
  left join case_categories p on p.id = c.parent_id
  left join case_categories g on g.id = p.parent_id
  left join case_routing r on r.category_id = c.id`;
const IS_LEAF = "not exists (select 1 from case_categories k where k.parent_id = c.id)";
const PATH = "concat_ws(' / ', g.name, p.name, c.name)";

/**
 * The operator-edited settings of the case loop: the routing list (派单目录), the deadline
 * policies per case type, the working-day calendar and the times of the automatic reminders.
 * Each change is one transaction with its audit record and one "routing.changed" event.
 */
export class RoutingAdmin {
  constructor(private readonly db: Database) {}

  /** Every leaf category in tree order, with its route or nulls. */
  list(): Promise<RoutingRow[]> {
    return this.rows(this.db, null);
  }

  private rows(tx: Tx, categoryId: number | null): Promise<RoutingRow[]> {
    return tx.query<RoutingRow>(
      `select c.id as category_id, c.code, c.name, ${PATH} as path, c.active,
         coalesce(g.id, p.id, c.id) as group_id, coalesce(g.name, p.name, c.name) as group_name,
         r.lead_department_id, d.name as department_name, r.working_days,
         coalesce(r.keywords, '{}') as keywords, r.updated_at
       ${LEAVES}
       left join departments d on d.id = r.lead_department_id
       where ${IS_LEAF} and ($1::int is null or c.id = $1)
       order by c.code`,
      [categoryId],
    );
  }

  /** Creates or changes the route of a leaf category. */
  async setRoute(who: AuditActor, categoryId: number, fields: RouteFields): Promise<RoutingRow> {
    const f = valid(RouteInput, { ...fields, category_id: categoryId }, "routing entry");
    return await this.db.transaction(async (tx) => {
      const [category] = await tx.query<{ leaf: boolean }>(
        `select ${IS_LEAF} as leaf
         from case_categories c where c.id = $1`,
        [f.category_id],
      );
      if (!category) {
        refuse("unknown_category", "category_id", `没有这个分类 (no category ${f.category_id})`);
      }
      if (!category.leaf) {
        refuse(
          "not_leaf",
          "category_id",
          `只有末级分类可以设置派单 (only a leaf category is routed; ${f.category_id} has subcategories)`,
        );
      }
      const [department] = await tx.query<{ active: boolean }>(
        "select active from departments where id = $1",
        [f.lead_department_id],
      );
      if (!department?.active) {
        refuse(
          "unknown_department",
          "lead_department_id",
          `承办部门不存在或已停用 (department ${f.lead_department_id} does not exist or is inactive)`,
        );
      }
      const before = await this.routeEntry(tx, f.category_id);
      await tx.query(
        `insert into case_routing (category_id, lead_department_id, working_days, keywords)
         values ($1, $2, $3, $4)
         on conflict (category_id) do update set lead_department_id = excluded.lead_department_id,
           working_days = excluded.working_days, keywords = excluded.keywords, updated_at = now()`,
        [f.category_id, f.lead_department_id, f.working_days, f.keywords],
      );
      const after = {
        lead_department_id: f.lead_department_id,
        working_days: f.working_days,
        keywords: f.keywords,
      };
      await audit(tx, who, {
        action: "routing.update",
        objectType: "routing",
        objectId: f.category_id,
        before: before ?? null,
        after,
      });
      const [row] = await this.rows(tx, f.category_id);
      await appendEvents(tx, [routingChanged("route", f.category_id, after)]);
      return row;
    });
  }

  /** Takes a category off the routing list: its cases are then dispatched by hand. */
  async removeRoute(who: AuditActor, categoryId: number): Promise<void> {
    const id = valid(RouteInput.shape.category_id, categoryId, "category id");
    await this.db.transaction(async (tx) => {
      const before = await this.routeEntry(tx, id);
      if (!before) {
        throw new AppError(
          404,
          "route_not_found",
          `该分类没有派单设置 (category ${id} has no route)`,
        );
      }
      await tx.query("delete from case_routing where category_id = $1", [id]);
      await audit(tx, who, {
        action: "routing.update",
        objectType: "routing",
        objectId: id,
        before,
        after: null,
      });
      await appendEvents(tx, [routingChanged("route", id, { lead_department_id: null })]);
    });
  }

  private async routeEntry(tx: Tx, categoryId: number) {
    const [row] = await tx.query<
      { lead_department_id: number; working_days: number | null; keywords: string[] }
    >(
      `select lead_department_id, working_days, keywords from case_routing
       where category_id = $1 for update`,
      [categoryId],
    );
    return row;
  }

  /** The policy of every case type, in the order the hotline names them. */
  async policies(): Promise<({ type: CaseType } & DeadlinePolicy)[]> {
    const rows = await this.db.query<{ type: CaseType } & DeadlinePolicy>(
      "select type, working_days, warn_working_days from case_deadline_policies",
    );
    return rows.sort((a, b) => CASE_TYPES.indexOf(a.type) - CASE_TYPES.indexOf(b.type));
  }

  /** `type` and the numbers may come straight from a form: they are checked here. */
  async setPolicy(
    who: AuditActor,
    type: string,
    workingDays: number,
    warnWorkingDays: number,
  ): Promise<void> {
    const f = valid(
      PolicyInput,
      { type, working_days: workingDays, warn_working_days: warnWorkingDays },
      "deadline policy",
    );
    await this.db.transaction(async (tx) => {
      const [before] = await tx.query<DeadlinePolicy>(
        `select working_days, warn_working_days from case_deadline_policies where type = $1 for update`,
        [f.type],
      );
      await tx.query(
        `insert into case_deadline_policies (type, working_days, warn_working_days) values ($1, $2, $3)
         on conflict (type) do update set working_days = excluded.working_days,
           warn_working_days = excluded.warn_working_days`,
        [f.type, f.working_days, f.warn_working_days],
      );
      const after = { working_days: f.working_days, warn_working_days: f.warn_working_days };
      await audit(tx, who, {
        action: "deadline_policy.update",
        objectType: "deadline_policy",
        objectId: f.type,
        before: before ?? null,
        after,
      });
      await appendEvents(tx, [routingChanged("policy", f.type, after)]);
    });
  }

  /** The holidays and make-up working days of one year. */
  calendar(year: number): Promise<CalendarDay[]> {
    const y = valid(Year, year, "year");
    return this.db.query<CalendarDay>(
      `select day::text as day, kind, name from work_calendar
       where day >= make_date($1, 1, 1) and day < make_date($1 + 1, 1, 1) order by day`,
      [y],
    );
  }

  /** Marks a day as a holiday or a make-up working day (调休上班), replacing what it was; checked. */
  async setDay(who: AuditActor, day: string, kind: string, name: string) {
    const f = valid(DayInput, { day, kind, name }, "calendar day");
    const weekday = new Date(`${f.day}T00:00:00Z`).getUTCDay();
    if (f.kind === "workday" && weekday !== 0 && weekday !== 6) {
      refuse(
        "workday_not_weekend",
        "day",
        `调休上班日须为周六或周日 (a make-up working day is a Saturday or Sunday: ${f.day})`,
      );
    }
    await this.db.transaction(async (tx) => {
      const before = await this.calendarDay(tx, f.day);
      await tx.query(
        `insert into work_calendar (day, kind, name) values ($1, $2, $3)
         on conflict (day) do update set kind = excluded.kind, name = excluded.name`,
        [f.day, f.kind, f.name],
      );
      await audit(tx, who, {
        action: "calendar.update",
        objectType: "calendar",
        objectId: f.day,
        before: before ?? null,
        after: f,
      });
      await appendEvents(tx, [routingChanged("calendar", f.day, { kind: f.kind })]);
    });
  }

  /** The day is an ordinary one again (a working day unless it is a weekend). */
  async removeDay(who: AuditActor, day: string): Promise<void> {
    const d = valid(Day, day, "calendar day");
    await this.db.transaction(async (tx) => {
      const before = await this.calendarDay(tx, d);
      if (!before) {
        throw new AppError(404, "day_not_found", `日历中没有这一天 (${d} is not in the calendar)`);
      }
      await tx.query("delete from work_calendar where day = $1", [d]);
      await audit(tx, who, {
        action: "calendar.update",
        objectType: "calendar",
        objectId: d,
        before,
        after: null,
      });
      await appendEvents(tx, [routingChanged("calendar", d, { kind: null })]);
    });
  }

  private async calendarDay(tx: Tx, day: string): Promise<CalendarDay | undefined> {
    const [row] = await tx.query<CalendarDay>(
      "select day::text as day, kind, name from work_calendar where day = $1 for update",
      [day],
    );
    return row;
  }

  /** The times of day (China time, "HH:MM") at which overdue and due-soon cases are reminded. */
  async reminderTimes(tx: Tx = this.db): Promise<string[]> {
    const [row] = await tx.query<{ reminder_times: string[] }>(
      "select reminder_times from case_settings",
    );
    return row?.reminder_times ?? [];
  }

  async setReminderTimes(who: AuditActor, times: readonly string[]): Promise<string[]> {
    const t = valid(Times, times, "reminder times");
    return await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ reminder_times: string[] }>(
        "select reminder_times from case_settings for update",
      );
      await tx.query(
        `insert into case_settings (reminder_times) values ($1)
         on conflict (id) do update set reminder_times = excluded.reminder_times`,
        [t],
      );
      await audit(tx, who, {
        action: "reminder_times.update",
        objectType: "case_settings",
        objectId: "reminder_times",
        before: row?.reminder_times ?? null,
        after: t,
      });
      await appendEvents(tx, [routingChanged("reminder_times", null, { times: t })]);
      return t;
    });
  }

  /**
   * What the category suggester works from: every active leaf with its keywords and its lead
   * department — none when the leaf is unrouted or its department was deactivated since.
   */
  suggestEntries(): Promise<SuggestEntry[]> {
    return this.db.query<SuggestEntry>(
      `select c.id as category_id, ${PATH} as path, c.name, coalesce(r.keywords, '{}') as keywords,
         d.id as lead_department_id, d.name as department_name
       ${LEAVES}
       left join departments d on d.id = r.lead_department_id and d.active
       where ${IS_LEAF} and c.active
       order by c.code`,
    );
  }
}

function routingChanged(
  what: "route" | "policy" | "calendar" | "reminder_times",
  subject: string | number | null,
  data: Record<string, unknown>,
) {
  return { topic: "cases", type: "routing.changed", subject, data: { what, ...data } };
}
