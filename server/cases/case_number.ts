/**
 * Case numbers (工单编号): 8 digits, the last a Damm check digit. Read over the phone, a number
 * with one wrong digit or two neighbouring digits swapped is always caught — Damm detects every
 * single-digit error and every adjacent transposition, which Luhn does not (09 ↔ 90).
 */

// The Damm algorithm's totally anti-symmetric quasigroup of order 10.
const TABLE = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function damm(digits: string): number {
  let interim = 0;
  for (const d of digits) interim = TABLE[interim][d.charCodeAt(0) - 48];
  return interim;
}

export class CaseNumberError extends Error {
  override name = "CaseNumberError";
}

/** The case number of the n-th case: 7 digits of sequence (1 … 9,999,999) and the check digit. */
export function caseNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) {
    throw new CaseNumberError(`case sequence must be 1..9999999: got ${sequence}`);
  }
  const body = String(sequence).padStart(7, "0");
  return body + damm(body);
}

/** Whether a number read back by a caller is a well-formed case number (8 digits, check holds). */
export function isValidCaseNumber(text: string): boolean {
  return /^\d{8}$/.test(text) && damm(text) === 0;
}
