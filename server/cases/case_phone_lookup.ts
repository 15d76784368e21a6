import type { Queryable } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { normalizePhone, type PiiCipher } from "../privacy/pii_cipher.ts";
import { publicCaseStatus } from "./case_public.ts";
import { isValidCaseNumber } from "./case_number.ts";

/**
 * The citizen's lookup by phone (the IVR's case status query): the caller is known by the number
 * they call from, so instead of the last 4 digits a caller could guess, the case's phone (or a
 * merged-in contact's) must be the calling number itself, compared by its keyed hash. Same
 * answer and the same single 404 as the web lookup.
 */
export async function phoneCaseStatus(
  db: Queryable,
  pii: PiiCipher,
  caseNumber: string,
  callerNumber: string,
) {
  const notFound = new AppError(
    404,
    "case_not_found",
    "工单编号或电话号码不对 (no such case for this phone)",
  );
  const caller = normalizePhone(callerNumber);
  if (!isValidCaseNumber(caseNumber) || caller.replace(/\D/g, "").length < 4) throw notFound;
  const hash = await pii.lookupHash(caller);
  const [row] = await db.query<{ id: number }>(
    `select c.id from cases c where c.case_number = $1 and (c.citizen_phone_hash = $2
       or exists (select 1 from case_contacts k where k.case_id = c.id and k.phone_hash = $2))`,
    [caseNumber, hash],
  );
  if (!row) throw notFound;
  // The match is proven by the hash; the public answer itself comes from the one lookup there is.
  const [phone] = await db.query<{ citizen_phone_enc: string | null }>(
    "select citizen_phone_enc from cases where id = $1",
    [row.id],
  );
  const last4 = phone.citizen_phone_enc
    ? normalizePhone(await pii.decrypt(phone.citizen_phone_enc)).replace(/\D/g, "").slice(-4)
    : "";
  return await publicCaseStatus(db, pii, caseNumber, last4);
}
