import type { z } from "zod";
import { AppError } from "../errors.ts";
import { canSeeCase } from "./case_access.ts";
import { stepAllowed } from "./case_flow.ts";
import type { Merge } from "./case_schemas.ts";
import { type CaseActor, type CaseDeps, caseStep, lockCase, notFound } from "./case_tx.ts";

/**
 * 并单: a repeat request about the same matter joins the case already being handled. The merged
 * case stops (status merged, pointing at the other); its citizen — and any contacts merged into
 * it before — become contacts of the surviving case, so the callback reaches everyone who asked.
 */
export function mergeCase(
  deps: CaseDeps,
  who: CaseActor,
  n: string,
  input: z.output<typeof Merge>,
) {
  if (input.into === n) throw new AppError(422, "merge_self", "不能与自身并单");
  return caseStep(deps, who, n, "merge", async (tx, row) => {
    const target = await lockCase(tx, input.into);
    if (!target || !canSeeCase(who.viewer, target)) throw notFound(input.into);
    if (!stepAllowed("merge", target.status) && target.status !== "replied") {
      throw new AppError(409, "merge_target_closed", `工单 ${input.into} 已结束或已并单，不能并入`);
    }
    await tx.query(
      `insert into case_contacts (case_id, from_case_id, name_enc, phone_enc, phone_hash)
       select $2::bigint, $1::bigint, citizen_name_enc, citizen_phone_enc, citizen_phone_hash from cases
         where id = $1 and (citizen_phone_enc is not null or citizen_name_enc is not null)
       union all
       select $2::bigint, coalesce(from_case_id, $1::bigint), name_enc, phone_enc, phone_hash from case_contacts
         where case_id = $1`,
      [row.id, target.id],
    );
    const now = new Date(deps.now());
    await tx.query(
      `update case_requests set decision = 'refused', decision_note = '已并单', decided_by = $2, decided_at = $3
       where case_id = $1 and decision is null`,
      [row.id, who.audit.actor, now],
    );
    await tx.query(
      "update cases set status = 'merged', merged_into_id = $2, updated_at = $3, closed_at = $3 where id = $1",
      [row.id, target.id, now],
    );
    await tx.query(
      "insert into case_calls (case_id, call_id) select $2::bigint, call_id from case_calls where case_id = $1 on conflict do nothing",
      [row.id, target.id],
    );
    return {
      result: null,
      change: {
        kind: "merged",
        status: "merged",
        departmentId: row.lead_department_id,
        data: { into: input.into, reason: input.reason },
      },
      more: [{
        row: target,
        change: {
          kind: "merge_received",
          status: target.status,
          departmentId: target.lead_department_id,
          data: { from: n, reason: input.reason },
        },
      }],
    };
  });
}
