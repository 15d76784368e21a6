import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Tx } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { recordCaseChange } from "./case_change.ts";
import { dueAt, signDueAt } from "./case_flow.ts";
import { caseNumber } from "./case_number.ts";
import { checkCaseRefs } from "./case_refs.ts";
import type { CaseIntake } from "./case_schemas.ts";
import type { CaseActor, CaseDeps } from "./case_tx.ts";
import { loadDeadlineRules } from "./deadline_rules.ts";

interface Contact {
  nameEnc: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  queueCode: string | null;
}

/**
 * Registers a case in one transaction. An answered consultation closes at once; a dispatched
 * case goes to the routing list's lead department (unless the agent chose another) with the
 * deadline of its category or type in working days.
 */
export function registerCase(
  deps: CaseDeps,
  who: CaseActor,
  input: CaseIntake,
): Promise<{ case_number: string }> {
  return deps.db.transaction(async (tx) => {
    await checkCaseRefs(tx, input);
    const rules = await loadDeadlineRules(tx);
    const route = input.category_id ? rules.routes.get(input.category_id) : undefined;
    const lead = input.lead_department_id ?? route?.lead_department_id ?? null;
    if (input.outcome === "dispatch" && lead === null) {
      throw new AppError(422, "no_lead_department", "该分类不在派单目录中，请选择承办单位", [
        { path: "lead_department_id", message: "请选择承办单位" },
      ]);
    }
    const contact = await contactOf(deps, tx, input);
    const now = deps.now();
    const policy = rules.policies.get(input.type)!;
    const due = input.outcome === "answered" ? null : dueAt(
      now,
      input.priority,
      policy.working_days,
      route?.working_days ?? null,
      rules.calendar,
    );
    const dispatching = input.outcome === "dispatch";
    const status = input.outcome === "answered"
      ? "closed"
      : dispatching
      ? "dispatched"
      : "registered";
    const [{ seq }] = await tx.query<{ seq: number }>(
      "select nextval('case_number_seq')::int as seq",
    );
    const number = caseNumber(seq);
    const at = new Date(now);
    const [row] = await tx.query<{ id: number }>(
      `insert into cases (case_number, type, channel, status, category_id, district_code, street_code,
         address, content, citizen_name_enc, citizen_phone_enc, citizen_phone_hash, confidential,
         priority, lead_department_id, due_at, registered_by_user, queue_code, answer, created_at,
         updated_at, dispatched_at, sign_due_at, closed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
         $20, $20, $21, $22, $23)
       returning id`,
      [
        number,
        input.type,
        input.channel,
        status,
        input.category_id ?? null,
        input.district_code ?? null,
        input.street_code ?? null,
        input.address ?? null,
        input.content,
        contact.nameEnc,
        contact.phoneEnc,
        contact.phoneHash,
        input.confidential,
        input.priority,
        input.outcome === "answered" ? null : lead,
        due === null ? null : new Date(due),
        who.viewer.userId ?? null,
        contact.queueCode,
        input.outcome === "answered" ? input.answer : null,
        at,
        dispatching ? at : null,
        dispatching ? new Date(signDueAt(now, rules.calendar)) : null,
        input.outcome === "answered" ? at : null,
      ],
    );
    const assisting = input.outcome === "answered" ? [] : input.assisting_department_ids;
    if (assisting.length > 0) {
      await tx.query(
        "insert into case_assisting_departments (case_id, department_id) select $1, unnest($2::int[])",
        [row.id, assisting],
      );
    }
    if (input.call_id) {
      await tx.query("insert into case_calls (case_id, call_id) values ($1, $2)", [
        row.id,
        input.call_id,
      ]);
    }
    const ref = { id: row.id, case_number: number };
    const events: NewEvent[] = [
      await recordCaseChange(tx, who.audit, ref, {
        kind: "registered",
        status,
        departmentId: input.outcome === "answered" ? null : lead,
        data: {
          type: input.type,
          channel: input.channel,
          outcome: input.outcome,
          call_id: input.call_id ?? null,
          due_at: due === null ? null : new Date(due).toISOString(),
        },
      }),
    ];
    if (dispatching) {
      events.push(
        await recordCaseChange(tx, who.audit, ref, {
          kind: "dispatched",
          status,
          departmentId: lead,
          data: { lead_department_id: lead, assisting_department_ids: assisting },
        }),
      );
    }
    await appendEvents(tx, events);
    return { case_number: number };
  });
}

/** The citizen's contact: what the form says, else the caller number of the linked call. */
async function contactOf(deps: CaseDeps, tx: Tx, input: CaseIntake): Promise<Contact> {
  const { pii } = deps;
  let call: {
    caller_number_enc: string | null;
    caller_number_hash: string | null;
    queue_code: string | null;
  } | undefined;
  if (input.call_id) {
    [call] = await tx.query(
      "select caller_number_enc, caller_number_hash, queue_code from calls where id = $1",
      [input.call_id],
    );
    if (!call) {
      throw new AppError(422, "invalid_reference", "call_id: 没有这个通话", [
        { path: "call_id", message: "没有这个通话" },
      ]);
    }
  }
  const phone = input.citizen_phone;
  return {
    nameEnc: input.citizen_name ? await pii.encrypt(input.citizen_name) : null,
    phoneEnc: phone ? await pii.encrypt(phone) : call?.caller_number_enc ?? null,
    phoneHash: phone ? await pii.lookupHash(phone) : call?.caller_number_hash ?? null,
    queueCode: call?.queue_code ?? null,
  };
}
