import { z } from "zod";
import type { Queryable } from "../../db/port.ts";
import { maskPhone } from "../privacy/mask.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { type CaseViewer, seesAllCases } from "./case_access.ts";
import { STATUS_NAMES, STATUSES } from "./case_flow.ts";
import { calendarDay, CASE_TYPES, CHANNELS } from "./case_schemas.ts";
import { type CaseType, loadDeadlineRules } from "./deadline_rules.ts";
import { deadlineLight } from "./working_days.ts";

const date = calendarDay;
export const CaseSearch = z.object({
  number: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字").optional(),
  phone: z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, "电话号码格式不对").optional(),
  q: z.string().trim().min(1).max(100).optional(),
  category_id: z.coerce.number().int().positive().optional(),
  district_code: z.string().regex(/^\d{6}$/).optional(),
  department_id: z.coerce.number().int().positive().optional(),
  status: z.enum(STATUSES).optional(),
  type: z.enum(CASE_TYPES).optional(),
  channel: z.enum(CHANNELS).optional(),
  overdue: z.enum(["1"]).optional(),
  /** China-time calendar days, both inclusive. */
  from: date.optional(),
  to: date.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
}).strict();
export type CaseSearch = z.infer<typeof CaseSearch>;

export interface CaseListRow {
  case_number: string;
  type: string;
  channel: string;
  status: string;
  status_name: string;
  priority: string;
  category_name: string | null;
  district_name: string | null;
  lead_department_name: string | null;
  summary: string;
  citizen_phone: string | null;
  created_at: Date;
  due_at: Date | null;
  light: string | null;
}

/**
 * Staff search with paging. A handler only ever sees their department's cases, whatever the
 * filters say. Text search uses the n-gram terms index (cjk_terms); no total count, which
 * would cost a full scan on a million cases — the page says whether there is a next one.
 */
export async function searchCases(
  db: Queryable,
  pii: PiiCipher,
  viewer: CaseViewer,
  s: CaseSearch,
  now: number,
): Promise<{ rows: CaseListRow[]; page: number; has_next: boolean }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (s.number) where.push(`c.case_number = ${p(s.number)}`);
  if (s.phone) {
    const h = p(await pii.lookupHash(s.phone));
    where.push(
      `(c.citizen_phone_hash = ${h} or c.id = any(array(select case_id from case_contacts where phone_hash = ${h})))`,
    );
  }
  if (s.q) {
    // One character has no pair to index: a plain scan, bounded by the other filters and paging.
    where.push(
      [...s.q].length < 2
        ? `c.content like ${p(`%${s.q.replace(/[%_\\]/g, "\\$&")}%`)}`
        : `c.search_terms @> cjk_terms(${p(s.q)})`,
    );
  }
  if (s.category_id) {
    where.push(`c.category_id in (select id from case_categories where code like
      (select code from case_categories where id = ${p(s.category_id)}) || '%')`);
  }
  if (s.district_code) where.push(`c.district_code = ${p(s.district_code)}`);
  if (s.department_id) where.push(`c.lead_department_id = ${p(s.department_id)}`);
  if (s.status) where.push(`c.status = ${p(s.status)}`);
  if (s.type) where.push(`c.type = ${p(s.type)}`);
  if (s.channel) where.push(`c.channel = ${p(s.channel)}`);
  if (s.overdue) {
    where.push(
      `c.status in ('dispatched', 'signed', 'returned') and c.due_at < ${p(new Date(now))}`,
    );
  }
  if (s.from) where.push(`c.created_at >= ${p(`${s.from}T00:00:00+08:00`)}::timestamptz`);
  if (s.to) {
    where.push(`c.created_at < ${p(`${s.to}T00:00:00+08:00`)}::timestamptz + interval '1 day'`);
  }
  const limit = p(s.page_size + 1);
  const offset = p((s.page - 1) * s.page_size);
  // A handler's cases are those their department leads or assists in (unless confidential).
  // Unfiltered, they are dense enough that walking all cases newest first fills a page soon. With
  // filters that walk can read a whole date range for a few rows, because the OR cannot use an
  // index: then two branches, each by its own index, each at most offset + limit rows.
  let from = "cases c";
  let outer = where;
  if (!seesAllCases(viewer) && where.length === 0) {
    const d = p(viewer.departmentId ?? -1);
    outer = [`(c.lead_department_id = ${d} or (not c.confidential and exists (select 1 from
      case_assisting_departments a where a.case_id = c.id and a.department_id = ${d})))`];
  } else if (!seesAllCases(viewer)) {
    const d = p(viewer.departmentId ?? -1);
    const enough = p(s.page * s.page_size + 1);
    const and = (first: string) => [first, ...where].join(" and ");
    from = `(select c.id from cases c where ${and(`c.lead_department_id = ${d}`)}
        order by c.created_at desc, c.id desc limit ${enough})
      union all
      (select c.id from cases c
        where ${
      and(`c.id = any(array(select case_id from case_assisting_departments
          where department_id = ${d})) and not c.confidential and c.lead_department_id is distinct from ${d}`)
    }
        order by c.created_at desc, c.id desc limit ${enough})`;
    from = `(${from}) mine join cases c on c.id = mine.id`;
    outer = [];
  }
  const rows = await db.query<CaseListRow & { citizen_phone_enc: string | null; content: string }>(
    `select c.case_number, c.type, c.channel, c.status, c.priority, c.content, c.citizen_phone_enc,
       c.created_at, c.due_at, cat.name as category_name, dis.name as district_name,
       dep.name as lead_department_name
     from ${from}
     left join case_categories cat on cat.id = c.category_id
     left join districts dis on dis.code = c.district_code
     left join departments dep on dep.id = c.lead_department_id
     ${outer.length ? `where ${outer.join(" and ")}` : ""}
     order by c.created_at desc, c.id desc limit ${limit} offset ${offset}`,
    params,
  );
  const rules = await loadDeadlineRules(db);
  const page = rows.slice(0, s.page_size);
  return {
    page: s.page,
    has_next: rows.length > s.page_size,
    rows: await Promise.all(page.map(async ({ citizen_phone_enc, content, ...r }) => ({
      ...r,
      status_name: STATUS_NAMES[r.status as keyof typeof STATUS_NAMES] ?? r.status,
      summary: content.length > 60 ? `${content.slice(0, 60)}…` : content,
      citizen_phone: citizen_phone_enc ? maskPhone(await pii.decrypt(citizen_phone_enc)) : null,
      light: ["dispatched", "signed", "returned"].includes(r.status) && r.due_at
        ? deadlineLight(
          now,
          r.due_at.getTime(),
          rules.calendar,
          rules.policies.get(r.type as CaseType)?.warn_working_days ?? 1,
        )
        : null,
    }))),
  };
}

/** Earlier cases of the same caller (repeat callers), newest first, masked. */
export async function casesOfCaller(db: Queryable, phoneHash: string, limit = 10) {
  const rows = await db.query<{ case_number: string; status: string }>(
    `select c.case_number, c.type, c.status, c.created_at, left(c.content, 60) as summary,
       cat.name as category_name
     from cases c left join case_categories cat on cat.id = c.category_id
     where c.citizen_phone_hash = $1
       or c.id = any(array(select case_id from case_contacts where phone_hash = $1))
     order by c.created_at desc limit $2`,
    [phoneHash, limit],
  );
  return rows.map((r) => ({
    ...r,
    status_name: STATUS_NAMES[r.status as keyof typeof STATUS_NAMES] ?? r.status,
  }));
}
