import type { Queryable } from "../../db/port.ts";

export interface DepartmentRates {
  department_id: number;
  department_name: string;
  dispatched: number;
  signed_in_time: number;
  replied: number;
  replied_in_time: number;
  callbacks: number;
  resolved: number;
  satisfied: number;
  /** 响应率: signed for within one working day of dispatch. */
  response_rate: number | null;
  /** 按期办结率: replied by the due time. */
  on_time_rate: number | null;
  /** 解决率: the citizen said the matter was resolved. */
  resolution_rate: number | null;
  /** 满意率: satisfied or basically satisfied. */
  satisfaction_rate: number | null;
}

const rate = (n: number, d: number) => (d === 0 ? null : n / d);

/**
 * The three rates (三率) per lead department for cases dispatched in [from, to). The callback
 * counted is each case's first one that reached the citizen, so a reopened case cannot improve
 * its department's figures by being redone. Imported historical cases have no callbacks and are
 * left out.
 */
export async function departmentRates(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<DepartmentRates[]> {
  const rows = await db.query<Omit<DepartmentRates, `${string}_rate`>>(
    `with scope as (
       select c.id, c.lead_department_id, c.signed_at, c.sign_due_at, c.due_at
       from cases c where c.source = 'hotline' and c.dispatched_at >= $1 and c.dispatched_at < $2
         and c.lead_department_id is not null
     ), first_callback as (
       select distinct on (cb.case_id) cb.case_id, cb.satisfaction, cb.resolved
       from case_callbacks cb join scope s on s.id = cb.case_id
       where cb.reached order by cb.case_id, cb.id
     )
     select d.id as department_id, d.name as department_name,
       count(*)::int as dispatched,
       count(*) filter (where s.signed_at <= s.sign_due_at)::int as signed_in_time,
       count(r.id)::int as replied,
       count(*) filter (where r.first_reply <= coalesce(r.due_at, s.due_at))::int as replied_in_time,
       count(f.case_id)::int as callbacks,
       count(*) filter (where f.resolved)::int as resolved,
       count(*) filter (where f.satisfaction in ('satisfied', 'basic'))::int as satisfied
     from scope s
     join departments d on d.id = s.lead_department_id
     left join lateral (select id, submitted_at as first_reply, due_at from case_replies
       where case_id = s.id and department_id = s.lead_department_id order by id limit 1) r on true
     left join first_callback f on f.case_id = s.id
     group by d.id, d.name order by d.name`,
    [from, to],
  );
  return rows.map((r) => ({
    ...r,
    response_rate: rate(r.signed_in_time, r.dispatched),
    on_time_rate: rate(r.replied_in_time, r.replied),
    resolution_rate: rate(r.resolved, r.callbacks),
    satisfaction_rate: rate(r.satisfied, r.callbacks),
  }));
}
