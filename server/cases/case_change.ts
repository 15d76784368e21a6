import type { NewEvent } from "../../db/events.ts";
import type { Queryable } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";

export interface CaseRef {
  id: number;
  case_number: string;
}

export interface CaseChange {
  /** What happened, e.g. "dispatched", "signed", "kb_answer_attached". */
  kind: string;
  /** The case's status after the change (what the live pages show). */
  status: string;
  departmentId?: number | null;
  data?: Record<string, unknown>;
  /** The audit record's before/after, when the change has a meaningful before. */
  before?: unknown;
}

/**
 * Records one step in a case's life inside the caller's transaction: the case's own history
 * (case_events), the audit record (who, what, when, from where) and the live-spine event, which
 * the caller appends last with `appendEvents(tx, [...])` so the outbox keeps its order.
 */
export async function recordCaseChange(
  tx: Queryable,
  who: AuditActor,
  c: CaseRef,
  change: CaseChange,
): Promise<NewEvent> {
  const data = change.data ?? {};
  await tx.query(
    `insert into case_events (case_id, kind, actor, department_id, data) values ($1, $2, $3, $4, $5::text::jsonb)`,
    [c.id, change.kind, who.actor, change.departmentId ?? null, JSON.stringify(data)],
  );
  await audit(tx, who, {
    action: `case.${change.kind}`,
    objectType: "case",
    objectId: c.case_number,
    before: change.before,
    after: { status: change.status, ...data },
  });
  return {
    topic: "cases",
    type: `case.${change.kind}`,
    subject: c.case_number,
    data: { status: change.status, department_id: change.departmentId ?? null },
  };
}
