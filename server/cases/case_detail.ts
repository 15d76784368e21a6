import type { Queryable } from "../../db/port.ts";
import { maskName, maskPhone } from "../privacy/mask.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import type { CaseViewer } from "./case_access.ts";
import { STATUS_NAMES, type Step, stepAllowed, STEPS } from "./case_flow.ts";
import { type CaseRow, loadVisibleCase } from "./case_read.ts";
import { type CaseType, loadDeadlineRules } from "./deadline_rules.ts";
import { deadlineLight } from "./working_days.ts";

/** The steps this viewer could take now: the UI offers exactly these (the server checks again). */
export function stepsFor(viewer: CaseViewer, row: CaseRow, canHotline: boolean): Step[] {
  const dept = viewer.roles.includes("handler") ? viewer.departmentId : null;
  const lead = dept !== null && dept === row.lead_department_id;
  const assisting = dept !== null && row.assisting_department_ids.includes(dept);
  return (Object.keys(STEPS) as Step[]).filter((step) => {
    if (!stepAllowed(step, row.status)) return false;
    const side = STEPS[step].side;
    return side === "hotline" ? canHotline : side === "lead" ? lead : lead || assisting;
  });
}

const unmask = async (pii: PiiCipher, token: string | null, mask: (s: string) => string) =>
  token ? mask(await pii.decrypt(token)) : null;

/** Everything a case page shows: the case (personal data masked), its history and its papers. */
export async function loadCaseDetail(
  db: Queryable,
  pii: PiiCipher,
  viewer: CaseViewer,
  caseNumber: string,
  now: number,
  canHotline: boolean,
) {
  const row = await loadVisibleCase(db, viewer, caseNumber);
  const id = row.id;
  const [
    names,
    events,
    requests,
    replies,
    attachments,
    reminders,
    callbacks,
    calls,
    contacts,
    rules,
  ] = await Promise.all([
    db.query<{
      lead_department_name: string | null;
      category_path: string | null;
      district_name: string | null;
      street_name: string | null;
      merged_into: string | null;
      assisting_departments: { id: number; name: string }[];
    }>(
      `select (select name from departments where id = $1) as lead_department_name,
         (select coalesce(p2.name || ' / ', '') || coalesce(p1.name || ' / ', '') || c.name
            from case_categories c left join case_categories p1 on p1.id = c.parent_id
            left join case_categories p2 on p2.id = p1.parent_id where c.id = $2) as category_path,
         (select name from districts where code = $3) as district_name,
         (select name from districts where code = $4) as street_name,
         (select case_number from cases where id = $5) as merged_into,
         (select coalesce(json_agg(json_build_object('id', d.id, 'name', d.name) order by d.id), '[]')
            from departments d where d.id = any($6::int[])) as assisting_departments`,
      [
        row.lead_department_id,
        row.category_id,
        row.district_code,
        row.street_code,
        row.merged_into_id,
        row.assisting_department_ids,
      ],
    ),
    db.query(
      `select e.id, e.kind, e.actor, e.department_id, d.name as department_name, e.data, e.at
       from case_events e left join departments d on d.id = e.department_id
       where e.case_id = $1 order by e.id`,
      [id],
    ),
    db.query(
      `select r.*, d.name as department_name from case_requests r join departments d on d.id = r.department_id
       where r.case_id = $1 order by r.id`,
      [id],
    ),
    db.query("select * from case_replies where case_id = $1 order by id", [id]),
    db.query(
      `select id, reply_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at
       from case_attachments where case_id = $1 order by id`,
      [id],
    ),
    db.query("select * from case_reminders where case_id = $1 order by id", [id]),
    db.query("select * from case_callbacks where case_id = $1 order by id", [id]),
    db.query<
      {
        id: number;
        caller_number_enc: string | null;
        offered_at: Date;
        recording_id: number | null;
        chat_messages: number;
      }
    >(
      `select k.id, k.channel, k.queue_code, k.offered_at, k.answered_at, k.ended_at, k.caller_number_enc,
         (select max(r.id) from call_recordings r where r.call_id = k.id
            and r.state in ('complete', 'failed', 'interrupted')) as recording_id,
         -- 文字交流 (web calls): the transcript is read on its own page (audited).
         (select count(*)::int from call_chat_messages m where m.call_id = k.id
            and m.sender <> 'system') as chat_messages
       from case_calls cc join calls k on k.id = cc.call_id where cc.case_id = $1 order by k.id`,
      [id],
    ),
    db.query<{ name_enc: string | null; phone_enc: string | null; from_case: string | null }>(
      `select x.name_enc, x.phone_enc, f.case_number as from_case from case_contacts x
       left join cases f on f.id = x.from_case_id where x.case_id = $1 order by x.id`,
      [id],
    ),
    loadDeadlineRules(db),
  ]);
  const { citizen_name_enc, citizen_phone_enc, citizen_phone_hash: _h, ...rest } = row;
  delete (rest as Record<string, unknown>).search_terms;
  const open = ["dispatched", "signed", "returned"].includes(row.status);
  const warn = rules.policies.get(row.type as CaseType)?.warn_working_days ?? 1;
  return {
    ...rest,
    ...names[0],
    status_name: STATUS_NAMES[row.status as keyof typeof STATUS_NAMES] ?? row.status,
    light: open && row.due_at
      ? deadlineLight(now, row.due_at.getTime(), rules.calendar, warn)
      : null,
    citizen_name: await unmask(pii, citizen_name_enc, maskName),
    citizen_phone: await unmask(pii, citizen_phone_enc, maskPhone),
    contacts: await Promise.all(contacts.map(async (c) => ({
      from_case: c.from_case,
      name: await unmask(pii, c.name_enc, maskName),
      phone: await unmask(pii, c.phone_enc, maskPhone),
    }))),
    calls: await Promise.all(calls.map(async ({ caller_number_enc, recording_id, ...k }) => ({
      ...k,
      caller_number: await unmask(pii, caller_number_enc, maskPhone),
      // Playing it needs recordings.play (and is audited): routes/recordings.ts.
      recording_url: recording_id === null ? null : `/recordings/${recording_id}/audio`,
    }))),
    events,
    requests,
    replies,
    attachments,
    reminders,
    callbacks,
    steps: stepsFor(viewer, row, canHotline),
  };
}

export type CaseDetail = Awaited<ReturnType<typeof loadCaseDetail>>;
