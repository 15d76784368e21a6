/**
 * RFC 6238 TOTP (HMAC-SHA-1, 30 s step) for staff second-factor sign-in, compatible with
 * common authenticator apps, which only reliably support SHA-1 / 6 digits / 30 s.
 */
import { constantTimeEqual } from "../security/constant_time.ts";

export class TotpError extends Error {
  override name = "TotpError";
}

export const TOTP_STEP_SECONDS = 30;
const SECRET_BYTES = 20;
const MAX_WINDOW = 10;
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32, upper case, without padding (the form authenticator apps expect). */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes base32 leniently about what people type (lower case, spaces, dashes, padding)
 * but strictly about the alphabet, so a mistyped 0/1/8 is an error rather than a wrong secret.
 */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
  // Lengths 1, 3 and 6 (mod 8) cannot come from whole bytes.
  if ([1, 3, 6].includes(clean.length % 8)) {
    throw new TotpError("base32 text has an impossible length");
  }
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new TotpError("base32 text contains a character outside A-Z and 2-7");
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** A new shared secret: 20 random bytes (the HMAC-SHA-1 block-size recommendation of RFC 4226). */
export function generateTotpSecret(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** The time step that contains `atMs`; store it after a successful sign-in for replay checks. */
export function totpStep(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_STEP_SECONDS);
}

export interface TotpOptions {
  digits?: number;
}

export async function totpCode(
  secretB32: string,
  atMs: number,
  { digits = 6 }: TotpOptions = {},
): Promise<string> {
  return await hotp(await importSecret(secretB32), totpStep(atMs), checkDigits(digits));
}

export interface VerifyTotpOptions extends TotpOptions {
  window?: number;
  lastUsedStep?: number;
}

/**
 * Accepts a code from up to `window` steps before or after `atMs` to absorb clock drift and
 * typing time. A step at or before `lastUsedStep` is refused, so a code seen over a
 * shoulder or in a log cannot be used a second time.
 */
export async function verifyTotp(
  secretB32: string,
  code: string,
  atMs: number,
  { window = 1, lastUsedStep, digits = 6 }: VerifyTotpOptions = {},
): Promise<{ ok: boolean; step?: number }> {
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new TotpError(`window must be an integer from 0 to ${MAX_WINDOW}`);
  }
  checkDigits(digits);
  const typed = code.normalize("NFKC").replace(/\s/g, "");
  if (!new RegExp(`^\\d{${digits}}$`).test(typed)) return { ok: false };
  const key = await importSecret(secretB32);
  const now = totpStep(atMs);
  let accepted: number | undefined;
  // Every candidate is computed and compared, so timing does not reveal which step matched.
  for (let step = now - window; step <= now + window; step++) {
    const matches = constantTimeEqual(await hotp(key, step, digits), typed);
    const fresh = lastUsedStep === undefined || step > lastUsedStep;
    if (matches && fresh && accepted === undefined) accepted = step;
  }
  return accepted === undefined ? { ok: false } : { ok: true, step: accepted };
}

/**
 * The `otpauth://` URI shown as a QR code. Issuer and account are percent-encoded (spaces as
 * %20, which authenticator apps expect) and may not contain ":" since it separates them.
 */
export function totpUri(secretB32: string, account: string, issuer = "12345热线"): string {
  if (issuer.includes(":") || account.includes(":")) {
    throw new TotpError('issuer and account must not contain ":"');
  }
  const secret = base32Encode(base32Decode(secretB32));
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = `secret=${secret}&issuer=${encodeURIComponent(issuer)}` +
    `&algorithm=SHA1&digits=6&period=${TOTP_STEP_SECONDS}`;
  return `otpauth://totp/${label}?${query}`;
}

async function importSecret(secretB32: string): Promise<CryptoKey> {
  const raw = base32Decode(secretB32);
  if (raw.length < 10) throw new TotpError("TOTP secret is shorter than 80 bits");
  return await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-1" }, false, [
    "sign",
  ]);
}

/** RFC 4226 HOTP with dynamic truncation. */
async function hotp(key: CryptoKey, counter: number, digits: number): Promise<string> {
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

function checkDigits(digits: number): number {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new TotpError("digits must be 6, 7 or 8");
  }
  return digits;
}
