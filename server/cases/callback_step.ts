import type { z } from "zod";
import type { Callback } from "./case_schemas.ts";
import { type CaseActor, type CaseDeps, caseStep } from "./case_tx.ts";
import { type CaseType, loadDeadlineRules } from "./deadline_rules.ts";
import { dueAt } from "./case_flow.ts";

/** After this many calls nobody answered, the case closes without a verdict. */
export const MAX_UNREACHED_CALLBACKS = 3;

/**
 * 回访: one callback attempt. Satisfied (or basically) closes the case; dissatisfied sends it
 * back to the lead department with the citizen's reason and a fresh deadline; not reached three
 * times closes it as 回访未接通.
 */
export function recordCallback(
  deps: CaseDeps,
  who: CaseActor,
  n: string,
  input: z.output<typeof Callback>,
) {
  return caseStep(deps, who, n, "callback", async (tx, row) => {
    const now = new Date(deps.now());
    await tx.query(
      `insert into case_callbacks (case_id, reached, satisfaction, resolved, note, called_by, called_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        input.reached,
        input.satisfaction ?? null,
        input.resolved ?? null,
        input.note ?? null,
        who.audit.actor,
        now,
      ],
    );
    const data: Record<string, unknown> = {
      reached: input.reached,
      satisfaction: input.satisfaction ?? null,
      resolved: input.resolved ?? null,
      note: input.note ?? null,
    };
    if (!input.reached) {
      const [{ n: misses }] = await tx.query<{ n: number }>(
        `select count(*)::int as n from case_callbacks where case_id = $1 and not reached
           and called_at > coalesce($2, '-infinity'::timestamptz)`,
        [row.id, row.reviewed_at],
      );
      if (misses < MAX_UNREACHED_CALLBACKS) {
        return { result: null, change: { kind: "callback_unreached", status: row.status, data } };
      }
      await tx.query(
        "update cases set status = 'closed', closed_at = $2, updated_at = $2 where id = $1",
        [
          row.id,
          now,
        ],
      );
      return { result: null, change: { kind: "closed_unreached", status: "closed", data } };
    }
    if (input.satisfaction === "dissatisfied") {
      const rules = await loadDeadlineRules(tx);
      const policy = rules.policies.get(row.type as CaseType)!;
      const route = row.category_id ? rules.routes.get(row.category_id) : undefined;
      const due = dueAt(
        now.getTime(),
        row.priority as "normal",
        policy.working_days,
        route?.working_days ?? null,
        rules.calendar,
      );
      await tx.query(
        `update cases set status = 'signed', reopen_count = reopen_count + 1, due_at = $2,
           satisfaction = $3, resolved = $4, replied_at = null, reviewed_at = null, updated_at = $5
         where id = $1`,
        [row.id, new Date(due), input.satisfaction, input.resolved, now],
      );
      return {
        result: null,
        change: {
          kind: "reopened",
          status: "signed",
          departmentId: row.lead_department_id,
          data: { ...data, due_at: new Date(due).toISOString() },
        },
      };
    }
    await tx.query(
      `update cases set status = 'closed', satisfaction = $2, resolved = $3, closed_at = $4, updated_at = $4
       where id = $1`,
      [row.id, input.satisfaction, input.resolved, now],
    );
    return {
      result: null,
      change: { kind: "closed", status: "closed", departmentId: row.lead_department_id, data },
    };
  });
}
