/**
 * Masking of personal data for roles that need to recognise a record but not read it
 * (supervisors' wallboards, statistics, exported reports).
 */
import { normalizePhone } from "./pii_cipher.ts";

type Maybe = string | null | undefined;

/**
 * Numbers of 11+ digits (mobiles, landlines with area code) keep the first 3 and last 4 digits;
 * 7–10 digits keep only the last 4 so at least 3 stay hidden; ≤ 6 digits keep the last 2
 * (≤ 2 digits are hidden entirely). One star per hidden digit; separators and the +86
 * prefix are dropped so every spelling of a number masks the same way.
 */
export function maskPhone(phone: Maybe): string {
  if (!phone) return "";
  const digits = normalizePhone(phone).replace(/\D/g, "");
  // Input without digits is not a phone number; hiding all of it is the only safe answer.
  if (digits === "") return stars(Array.from(phone.trim()).length || 1);
  const n = digits.length;
  if (n >= 11) return digits.slice(0, 3) + stars(n - 7) + digits.slice(-4);
  if (n >= 7) return stars(n - 4) + digits.slice(-4);
  if (n > 2) return stars(n - 2) + digits.slice(-2);
  return stars(n);
}

/**
 * Each word of the name keeps its first character and every other character becomes a star:
 * "张三" → "张*", "张小明" → "张**", "欧阳娜娜" → "欧***", "John Smith" → "J*** S****".
 * Chinese names have no spaces, so only the first character of the surname survives, which
 * also covers two-character surnames. Words split on spaces and the middle dot used in
 * transliterated names ("阿依古丽·买买提" → "阿***·买**"). A one-character name becomes "*".
 */
export function maskName(name: Maybe): string {
  const trimmed = name?.trim() ?? "";
  if (trimmed === "") return "";
  if (Array.from(trimmed).length === 1) return "*";
  return trimmed
    .split(/(\s+|[·・•])/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const chars = Array.from(part);
      return chars.length === 0 ? "" : chars[0] + stars(chars.length - 1);
    })
    .join("");
}

/** Stars in the local part of an email, so the mask does not reveal its length. */
export const EMAIL_MASK_STARS = 7;

/**
 * Keeps the first character of the local part and the whole domain (needed to tell a work
 * address from a private one): "zhang.san@example.com" → "z*******@example.com".
 * Without an "@" the value is treated as a bare local part.
 */
export function maskEmail(email: Maybe): string {
  const trimmed = email?.trim() ?? "";
  if (trimmed === "") return "";
  const at = trimmed.lastIndexOf("@");
  const local = at < 0 ? trimmed : trimmed.slice(0, at);
  const domain = at < 0 ? "" : trimmed.slice(at);
  const first = Array.from(local)[0] ?? "";
  return first + stars(EMAIL_MASK_STARS) + domain;
}

function stars(count: number): string {
  return "*".repeat(Math.max(0, count));
}
