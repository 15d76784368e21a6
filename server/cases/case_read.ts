import type { Queryable } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { maskName, maskPhone } from "../privacy/mask.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { canSeeCase, type CaseScope, type CaseViewer } from "./case_access.ts";

export interface CaseRow extends CaseScope {
  id: number;
  case_number: string;
  type: string;
  channel: string;
  status: string;
  category_id: number | null;
  district_code: string | null;
  address: string | null;
  content: string;
  citizen_name_enc: string | null;
  citizen_phone_enc: string | null;
  priority: string;
  due_at: Date | null;
  created_at: Date;
  street_code: string | null;
  queue_code: string | null;
  answer: string | null;
  dispatched_at: Date | null;
  sign_due_at: Date | null;
  signed_at: Date | null;
  replied_at: Date | null;
  reviewed_at: Date | null;
  closed_at: Date | null;
  reopen_count: number;
  satisfaction: string | null;
  resolved: boolean | null;
  merged_into_id: number | null;
  source: string;
  citizen_phone_hash: string | null;
}

/** A case with its assisting departments, or 404 when it does not exist or is not the viewer's. */
export async function loadVisibleCase(
  db: Queryable,
  viewer: CaseViewer,
  caseNumber: string,
): Promise<CaseRow> {
  const [row] = await db.query<CaseRow>(
    `select c.*, coalesce(array_agg(a.department_id) filter (where a.department_id is not null), '{}') as assisting_department_ids
     from cases c left join case_assisting_departments a on a.case_id = c.id
     where c.case_number = $1 group by c.id`,
    [caseNumber],
  );
  // Not found and not yours look the same: a handler cannot probe other departments' numbers.
  if (!row || !canSeeCase(viewer, row)) {
    throw new AppError(404, "case_not_found", `没有这个工单 (no case ${caseNumber})`);
  }
  return row;
}

/** The case as lists and detail pages show it: personal data masked, never the ciphertext. */
export async function maskedCaseView(pii: PiiCipher, row: CaseRow) {
  const { citizen_name_enc, citizen_phone_enc, ...rest } = row;
  return {
    ...rest,
    citizen_name: citizen_name_enc ? maskName(await pii.decrypt(citizen_name_enc)) : null,
    citizen_phone: citizen_phone_enc ? maskPhone(await pii.decrypt(citizen_phone_enc)) : null,
  };
}
