import type { Queryable } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { normalizePhone, type PiiCipher } from "../privacy/pii_cipher.ts";
import { TYPE_NAMES } from "./case_labels.ts";
import { isValidCaseNumber } from "./case_number.ts";

/** What a citizen is told about the progress: plain words, not the internal steps. */
const PUBLIC_STATUS: Record<string, string> = {
  registered: "已受理",
  dispatched: "办理中",
  signed: "办理中",
  returned: "办理中",
  replied: "办理中",
  reviewed: "已答复",
  closed: "已办结",
  merged: "已与相同诉求合并办理",
};

const NOT_FOUND = () =>
  new AppError(404, "case_not_found", "工单编号或电话号码不对 (no such case for this phone)");

/**
 * The citizen's lookup (web portal, IVR): the 8-digit number and the last 4 digits of the phone
 * given at registration. A wrong number, a wrong phone and a case without a phone all get the
 * same 404, so the answer never tells which part was wrong. Only a reply the hotline accepted
 * is shown, and only its opinion, unit and date.
 */
export async function publicCaseStatus(
  db: Queryable,
  pii: PiiCipher,
  caseNumber: string,
  phoneLast4: string,
) {
  if (!isValidCaseNumber(caseNumber) || !/^\d{4}$/.test(phoneLast4)) throw NOT_FOUND();
  const [row] = await db.query<{
    id: number;
    case_number: string;
    type: string;
    status: string;
    created_at: Date;
    closed_at: Date | null;
    answer: string | null;
    citizen_phone_enc: string | null;
    merged_into_id: number | null;
  }>(
    `select id, case_number, type, status, created_at, closed_at, answer, citizen_phone_enc, merged_into_id
     from cases where case_number = $1`,
    [caseNumber],
  );
  const phone = row?.citizen_phone_enc
    ? normalizePhone(await pii.decrypt(row.citizen_phone_enc))
    : "";
  if (!row || phone.replace(/\D/g, "").slice(-4) !== phoneLast4) throw NOT_FOUND();
  const [reply] = await db.query<{ opinion: string; unit: string; reply_date: string }>(
    `select opinion, unit, to_char(reply_date, 'YYYY-MM-DD') as reply_date from case_replies
     where case_id = $1 and review = 'accepted' order by id desc limit 1`,
    [row.merged_into_id ?? row.id],
  );
  return {
    number: row.case_number,
    type: TYPE_NAMES[row.type] ?? row.type,
    status: PUBLIC_STATUS[row.status] ?? "办理中",
    registered_at: row.created_at,
    closed_at: row.closed_at,
    answer: row.answer,
    reply: reply ?? null,
  };
}
