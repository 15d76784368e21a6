/**
 * Calls and cases written straight with SQL at chosen instants, for the report tests: the rollup
 * triggers must see whatever the services (or an importer, or an operator with psql) write.
 */
import type { Queryable } from "../db/port.ts";

/** An instant from China wall-clock time, e.g. at("2026-01-01 09:00:10"). */
export const at = (chinaTime: string) => new Date(`${chinaTime.replace(" ", "T")}+08:00`);

export interface CallFixture {
  queue?: string | null;
  agentId?: number | null;
  queued: Date | null;
  answered?: Date | null;
  ended?: Date | null;
  endReason?: "completed" | "abandoned" | "failed" | "voicemail" | "callback" | null;
  wrapMs?: number | null;
}

export async function insertCall(db: Queryable, c: CallFixture): Promise<number> {
  const state = c.ended ? "ended" : c.answered ? "connected" : c.queued ? "queued" : "ivr";
  const [{ id }] = await db.query<{ id: number }>(
    `insert into calls (channel, queue_code, agent_id, state, end_reason, offered_at, queued_at,
       answered_at, ended_at, wrap_ms)
     values ('phone', $1, $2, $3, $4, coalesce($5, now()), $5, $6, $7, $8) returning id`,
    [
      c.queue === undefined ? "general" : c.queue,
      c.agentId ?? null,
      state,
      c.ended ? (c.endReason ?? (c.answered ? "completed" : "abandoned")) : null,
      c.queued,
      c.answered ?? null,
      c.ended ?? null,
      c.wrapMs ?? null,
    ],
  );
  return Number(id);
}

export interface CaseFixture {
  created: Date;
  type?: string;
  channel?: string;
  status?: string;
  source?: string;
  categoryId?: number | null;
  districtCode?: string | null;
  departmentId?: number | null;
  dispatched?: Date | null;
  signDue?: Date | null;
  signed?: Date | null;
  due?: Date | null;
  closed?: Date | null;
  mergedInto?: number | null;
}

let serial = 0;
/** Distinct 8-digit numbers for one test process (the format is all the schema checks). */
const nextNumber = () => String(90_000_000 + (++serial * 7919) % 9_999_999).padStart(8, "0");

export async function insertCase(db: Queryable, c: CaseFixture): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    `insert into cases (case_number, type, channel, status, source, content, category_id,
       district_code, lead_department_id, created_at, updated_at, dispatched_at, sign_due_at,
       signed_at, due_at, closed_at, merged_into_id)
     values ($1, $2, $3, $4, $5, '测试诉求内容', $6, $7, $8, $9, $9, $10, $11, $12, $13, $14, $15)
     returning id`,
    [
      nextNumber(),
      c.type ?? "complaint",
      c.channel ?? "phone",
      c.status ?? "registered",
      c.source ?? "hotline",
      c.categoryId ?? null,
      c.districtCode ?? null,
      c.departmentId ?? null,
      c.created,
      c.dispatched ?? null,
      c.signDue ?? null,
      c.signed ?? null,
      c.due ?? null,
      c.closed ?? null,
      c.mergedInto ?? null,
    ],
  );
  return Number(id);
}

export async function insertReply(
  db: Queryable,
  caseId: number,
  departmentId: number,
  submitted: Date,
  due: Date | null = null,
): Promise<void> {
  await db.query(
    `insert into case_replies (case_id, department_id, investigator, investigated_on, findings,
       legal_basis, opinion, handler, reviewer, unit, reply_date, submitted_by, submitted_at, due_at)
     values ($1, $2, '调查人', '2026-01-01', '经查属实', '有关规定', '已处理', '经办人', '审核人',
       '单位', '2026-01-01', 'test', $3, $4)`,
    [caseId, departmentId, submitted, due],
  );
}

export async function insertCallback(
  db: Queryable,
  caseId: number,
  when: Date,
  verdict: { satisfaction: "satisfied" | "basic" | "dissatisfied"; resolved: boolean } | null,
): Promise<void> {
  await db.query(
    `insert into case_callbacks (case_id, reached, satisfaction, resolved, called_by, called_at)
     values ($1, $2, $3, $4, 'test', $5)`,
    [caseId, verdict !== null, verdict?.satisfaction ?? null, verdict?.resolved ?? null, when],
  );
}

/** Ids of the demo city's references the fixtures use. */
export async function refIds(db: Queryable) {
  const departments = new Map(
    (await db.query<{ id: number; code: string }>("select id, code from departments"))
      .map((d) => [d.code, Number(d.id)]),
  );
  const categories = new Map(
    (await db.query<{ id: number; code: string }>("select id, code from case_categories"))
      .map((c) => [c.code, Number(c.id)]),
  );
  const agents = new Map(
    (await db.query<{ id: number; work_number: string }>("select id, work_number from agents"))
      .map((a) => [a.work_number, Number(a.id)]),
  );
  return { departments, categories, agents };
}
