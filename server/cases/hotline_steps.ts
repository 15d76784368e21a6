/** The hotline's steps on a case: dispatch, re-route, decisions on returns and extensions, review. */
import type { Tx } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { signDueAt } from "./case_flow.ts";
import type { CaseRow } from "./case_read.ts";
import { checkCaseRefs } from "./case_refs.ts";
import type { Decision, Dispatch, Reason, Reroute, Review } from "./case_schemas.ts";
import { type CaseActor, type CaseDeps, caseStep } from "./case_tx.ts";
import { loadDeadlineRules } from "./deadline_rules.ts";
import { addWorkingDays } from "./working_days.ts";
import type { z } from "zod";

type In<S extends z.ZodType> = z.output<S>;

async function setDepartments(
  deps: CaseDeps,
  tx: Tx,
  row: CaseRow,
  lead: number,
  assisting: readonly number[],
): Promise<void> {
  const rules = await loadDeadlineRules(tx);
  const now = deps.now();
  await tx.query(
    `update cases set status = 'dispatched', lead_department_id = $2, dispatched_at = $3,
       sign_due_at = $4, signed_at = null, updated_at = $3 where id = $1`,
    [row.id, lead, new Date(now), new Date(signDueAt(now, rules.calendar))],
  );
  await tx.query("delete from case_assisting_departments where case_id = $1", [row.id]);
  if (assisting.length > 0) {
    await tx.query(
      "insert into case_assisting_departments (case_id, department_id) select $1, unnest($2::int[])",
      [row.id, assisting],
    );
  }
}

export function dispatchCase(
  deps: CaseDeps,
  who: CaseActor,
  n: string,
  input: In<typeof Dispatch>,
) {
  return caseStep(deps, who, n, "dispatch", async (tx, row) => {
    await checkCaseRefs(tx, input);
    if (input.category_id) {
      await tx.query("update cases set category_id = $2 where id = $1", [
        row.id,
        input.category_id,
      ]);
    }
    await setDepartments(deps, tx, row, input.lead_department_id, input.assisting_department_ids);
    return {
      result: null,
      change: {
        kind: "dispatched",
        status: "dispatched",
        departmentId: input.lead_department_id,
        data: {
          lead_department_id: input.lead_department_id,
          assisting_department_ids: input.assisting_department_ids,
          note: input.note ?? null,
        },
      },
    };
  });
}

/**
 * 改派: another lead department. The due time stays: the citizen's wait does not restart
 * because the hotline picked the wrong unit first. A pending return is settled by it.
 */
export function rerouteCase(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Reroute>) {
  return caseStep(deps, who, n, "reroute", async (tx, row) => {
    await checkCaseRefs(tx, input);
    if (input.assisting_department_ids.includes(input.lead_department_id)) {
      throw new AppError(422, "invalid_reference", "协办单位不能同时是主办单位");
    }
    await settleOpenRequest(deps, tx, row, who, "approved", `改派：${input.reason}`);
    await setDepartments(deps, tx, row, input.lead_department_id, input.assisting_department_ids);
    return {
      result: null,
      change: {
        kind: "rerouted",
        status: "dispatched",
        departmentId: input.lead_department_id,
        before: { lead_department_id: row.lead_department_id },
        data: {
          from_department_id: row.lead_department_id,
          lead_department_id: input.lead_department_id,
          assisting_department_ids: input.assisting_department_ids,
          reason: input.reason,
        },
      },
    };
  });
}

async function settleOpenRequest(
  deps: CaseDeps,
  tx: Tx,
  row: CaseRow,
  who: CaseActor,
  decision: "approved" | "refused",
  note: string | null,
) {
  const [req] = await tx.query<{ id: number; kind: string; extra_working_days: number | null }>(
    `update case_requests set decision = $2, decision_note = $3, decided_by = $4, decided_at = $5
     where case_id = $1 and decision is null returning id, kind, extra_working_days`,
    [row.id, decision, note, who.audit.actor, new Date(deps.now())],
  );
  return req;
}

/**
 * The hotline's decision on a department's pending return (退单) or extension (延期).
 * An approved return puts the case back for dispatch; a refused one back with the department.
 * An approved extension moves the due time by the working days asked for.
 */
export function decideRequest(
  deps: CaseDeps,
  who: CaseActor,
  n: string,
  kind: "return" | "extension",
  input: In<typeof Decision>,
) {
  return caseStep(
    deps,
    who,
    n,
    kind === "return" ? "decide_return" : "decide_extension",
    async (tx, row) => {
      const [open] = await tx.query<{ kind: string }>(
        "select kind from case_requests where case_id = $1 and decision is null",
        [row.id],
      );
      if (!open || open.kind !== kind) {
        throw new AppError(
          409,
          "no_open_request",
          kind === "return" ? "没有待审核的退单申请" : "没有待审核的延期申请",
        );
      }
      const req =
        (await settleOpenRequest(deps, tx, row, who, input.decision, input.note ?? null))!;
      let status = row.status;
      const data: Record<string, unknown> = { decision: input.decision, note: input.note ?? null };
      if (kind === "return") {
        status = input.decision === "approved"
          ? "registered"
          : row.signed_at
          ? "signed"
          : "dispatched";
        await tx.query(
          `update cases set status = $2, lead_department_id = case when $2 = 'registered' then null
           else lead_department_id end, updated_at = $3 where id = $1`,
          [row.id, status, new Date(deps.now())],
        );
        if (status === "registered") {
          await tx.query("delete from case_assisting_departments where case_id = $1", [row.id]);
        }
      } else if (input.decision === "approved") {
        const rules = await loadDeadlineRules(tx);
        const due = addWorkingDays(
          row.due_at!.getTime() - 1,
          req.extra_working_days!,
          rules.calendar,
        );
        await tx.query("update cases set due_at = $2, updated_at = $3 where id = $1", [
          row.id,
          new Date(due),
          new Date(deps.now()),
        ]);
        data.due_at = new Date(due).toISOString();
      }
      return {
        result: null,
        change: {
          kind: `${kind}_${input.decision}`,
          status,
          departmentId: row.lead_department_id,
          data,
        },
      };
    },
  );
}

/** 审核: the hotline accepts the department's reply (on to the callback) or sends it back. */
export function reviewReply(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Review>) {
  return caseStep(deps, who, n, "review", async (tx, row) => {
    const now = new Date(deps.now());
    await tx.query(
      `update case_replies set review = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5
       where id = (select max(id) from case_replies where case_id = $1)`,
      [row.id, input.review, input.note ?? null, who.audit.actor, now],
    );
    const status = input.review === "accepted" ? "reviewed" : "signed";
    await tx.query(
      `update cases set status = $2, reviewed_at = case when $2 = 'reviewed' then $3 else reviewed_at end,
         updated_at = $3 where id = $1`,
      [row.id, status, now],
    );
    return {
      result: null,
      change: {
        kind: input.review === "accepted" ? "reply_accepted" : "reply_sent_back",
        status,
        departmentId: row.lead_department_id,
        data: { note: input.note ?? null },
      },
    };
  });
}

/** 催办 by hand: recorded on the case and as a reminder the department sees. */
export function remindCase(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Reason>) {
  return caseStep(deps, who, n, "remind", async (tx, row) => {
    await tx.query(
      `insert into case_reminders (case_id, department_id, kind, reason, sent_by, sent_at)
       values ($1, $2, 'manual', $3, $4, $5)`,
      [row.id, row.lead_department_id, input.reason, who.audit.actor, new Date(deps.now())],
    );
    return {
      result: null,
      change: {
        kind: "reminded",
        status: row.status,
        departmentId: row.lead_department_id,
        data: { reminder: "manual", reason: input.reason },
      },
    };
  });
}
