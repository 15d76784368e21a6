import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Database, Queryable, Tx } from "../../db/port.ts";
import type { AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { canSeeCase, type CaseViewer } from "./case_access.ts";
import { type CaseChange, recordCaseChange } from "./case_change.ts";
import { assertStep, type Step, STEPS } from "./case_flow.ts";
import type { CaseRow } from "./case_read.ts";

export interface CaseDeps {
  db: Database;
  pii: PiiCipher;
  now: () => number;
}

/** The person acting on a case: what they may see, and how the audit log names them. */
export interface CaseActor {
  viewer: CaseViewer;
  audit: AuditActor;
}

export function notFound(caseNumber: string): AppError {
  return new AppError(404, "case_not_found", `没有这个工单 (no case ${caseNumber})`);
}

/** The case row locked for update, with its assisting departments. */
export async function lockCase(tx: Queryable, caseNumber: string): Promise<CaseRow | undefined> {
  const [row] = await tx.query<CaseRow>(
    `select c.*, coalesce((select array_agg(department_id order by department_id)
       from case_assisting_departments where case_id = c.id), '{}') as assisting_department_ids
     from cases c where c.case_number = $1 for update of c`,
    [caseNumber],
  );
  return row;
}

export interface StepOutcome<T> {
  change: CaseChange;
  result: T;
  /** More changes in the same transaction, e.g. on the case merged into. */
  more?: { row: { id: number; case_number: string }; change: CaseChange }[];
}

/**
 * One step of a case in one transaction: lock, check who may act and whether the status allows
 * the step, do it, then record history, audit and the live-spine event last.
 */
export function caseStep<T>(
  deps: CaseDeps,
  who: CaseActor,
  caseNumber: string,
  step: Step,
  fn: (tx: Tx, row: CaseRow) => Promise<StepOutcome<T>>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const row = await lockCase(tx, caseNumber);
    if (!row || !canSeeCase(who.viewer, row)) throw notFound(caseNumber);
    assertSide(step, who.viewer, row);
    assertStep(step, row.status);
    const out = await fn(tx, row);
    const events: NewEvent[] = [await recordCaseChange(tx, who.audit, row, out.change)];
    for (const m of out.more ?? []) {
      events.push(await recordCaseChange(tx, who.audit, m.row, m.change));
    }
    await appendEvents(tx, events);
    return out.result;
  });
}

function assertSide(step: Step, viewer: CaseViewer, row: CaseRow): void {
  const side = STEPS[step].side;
  // Hotline steps are guarded by permission at the route; department steps need the department.
  if (side === "hotline") return;
  const dept = viewer.roles.includes("handler") ? viewer.departmentId : null;
  const isLead = dept !== null && dept === row.lead_department_id;
  const isAssisting = dept !== null && row.assisting_department_ids.includes(dept);
  if (side === "lead" ? isLead : isLead || isAssisting) return;
  throw new AppError(
    403,
    "not_lead_department",
    side === "lead"
      ? "只有主办单位可以办理这一步 (only the lead department may do this)"
      : "只有主办或协办单位可以提交意见 (only the departments of the case may do this)",
  );
}
