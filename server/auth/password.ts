/**
 * Staff password hashing (argon2id, OWASP parameters) and the password rules, which follow
 * NIST SP 800-63B / OWASP ASVS: length and blocklists, no composition rules.
 */
import { argon2id } from "hash-wasm";

/** OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS = {
  memorySize: 19456,
  iterations: 2,
  parallelism: 1,
  saltLength: 16,
  hashLength: 32,
} as const;

// A stored hash could otherwise make a verification allocate gigabytes.
const MAX_MEMORY_KIB = 1 << 20;
const MAX_ITERATIONS = 64;
const MAX_PARALLELISM = 16;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * NFKC first, as SP 800-63B asks, so a password typed with full-width characters or a
 * different input method still matches.
 */
function passwordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize("NFKC"));
}

/** The PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  if (password === "") throw new RangeError("cannot hash an empty password");
  return await argon2id({
    password: passwordBytes(password),
    salt: crypto.getRandomValues(new Uint8Array(ARGON2_PARAMS.saltLength)),
    memorySize: ARGON2_PARAMS.memorySize,
    iterations: ARGON2_PARAMS.iterations,
    parallelism: ARGON2_PARAMS.parallelism,
    hashLength: ARGON2_PARAMS.hashLength,
    outputType: "encoded",
  });
}

interface ParsedHash {
  memorySize: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parseHash(encoded: string): ParsedHash | null {
  const match =
    /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,10})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/
      .exec(encoded);
  if (!match) return null;
  const [memorySize, iterations, parallelism] = [match[1], match[2], match[3]].map(Number);
  const salt = decodeBase64(match[4]);
  const hash = decodeBase64(match[5]);
  if (!salt || !hash || salt.length < 8 || hash.length < 4) return null;
  if (parallelism < 1 || parallelism > MAX_PARALLELISM) return null;
  if (iterations < 1 || iterations > MAX_ITERATIONS) return null;
  if (memorySize < 8 * parallelism || memorySize > MAX_MEMORY_KIB) return null;
  return { memorySize, iterations, parallelism, salt, hash };
}

/**
 * Recomputes the hash and compares in constant time. hash-wasm's argon2Verify compares the
 * encoded strings with `===`, so it is not used here. A malformed hash yields false.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  // hash-wasm refuses empty input, and an empty password can never be right anyway.
  if (!parsed || password === "") return false;
  const computed = await argon2id({
    password: passwordBytes(password),
    salt: parsed.salt,
    memorySize: parsed.memorySize,
    iterations: parsed.iterations,
    parallelism: parsed.parallelism,
    hashLength: parsed.hash.length,
    outputType: "binary",
  });
  let diff = computed.length ^ parsed.hash.length;
  for (let i = 0; i < parsed.hash.length; i++) diff |= computed[i] ^ parsed.hash[i];
  return diff === 0;
}

/** True when the hash is weaker than today's parameters (or unreadable), so it should be redone. */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  return parsed.memorySize < ARGON2_PARAMS.memorySize ||
    parsed.iterations < ARGON2_PARAMS.iterations ||
    parsed.salt.length < ARGON2_PARAMS.saltLength ||
    parsed.hash.length < ARGON2_PARAMS.hashLength;
}

/** Passwords of 12+ characters that show up in leaked-password lists and Chinese top lists. */
const COMMON_PASSWORDS = new Set(
  `
  password123456 123456789012 qwertyuiop12 12345678abcd admin1234567 woaini1314520 iloveyou1234
  1234567890ab abcd12345678 qwertyuiop123 qwertyuiopasdf 1qaz2wsx3edc 1qaz2wsx3edc4rfv
  qazwsxedcrfv zaq12wsxcde3 passw0rd1234 password1234 password12345 p@ssw0rd1234 admin123456789
  administrator administrator1 welcome12345 changeme1234 letmein12345 123123123123 111111111111
  123456123456 147258369147 987654321012 1234567890123 abc123456789 aa1234567890 a12345678910
  woaini520520 woaini1314521 5201314520131 13145201314520 iloveyou12345 zhang12345678
  wang123456789 huawei123456 hotline12345 12345hotline rexian12345678 qwer12345678 asdfghjkl123
  zxcvbnm12345 88888888888888 666666666666 123qweasdzxc qweasdzxc123
  `.trim().split(/\s+/),
);

type Maybe = string | null | undefined;

export interface PasswordContext {
  workNumber?: Maybe;
  name?: Maybe;
}

// A shorter work number would forbid most passwords containing a common digit pair; names
// are checked from 2 characters because most Chinese names are 2 or 3 characters long.
const MIN_WORK_NUMBER_LENGTH = 3;
const MIN_NAME_LENGTH = 2;

/** Every broken rule as a "中文 (English)" message; an empty array means the password is fine. */
export function checkPasswordRules(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const chars = Array.from(password.normalize("NFKC"));
  const folded = password.normalize("NFKC").toLowerCase();
  if (chars.length < MIN_PASSWORD_LENGTH) {
    problems.push(
      `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 (at least ${MIN_PASSWORD_LENGTH} characters)`,
    );
  }
  if (chars.length > MAX_PASSWORD_LENGTH) {
    problems.push(
      `密码最多 ${MAX_PASSWORD_LENGTH} 个字符 (at most ${MAX_PASSWORD_LENGTH} characters)`,
    );
  }
  if (chars.length > 0 && chars.every((c) => c === chars[0])) {
    problems.push("密码不能全部是同一个字符 (must not repeat a single character)");
  }
  if (containsIdentifier(folded, context.workNumber, MIN_WORK_NUMBER_LENGTH)) {
    problems.push("密码不能包含工号 (must not contain your work number)");
  }
  if (containsIdentifier(folded, context.name, MIN_NAME_LENGTH)) {
    problems.push("密码不能包含姓名 (must not contain your name)");
  }
  if (COMMON_PASSWORDS.has(folded)) {
    problems.push("密码过于常见，请换一个 (is a commonly used password)");
  }
  return problems;
}

function containsIdentifier(folded: string, identifier: Maybe, minLength: number): boolean {
  // "Zhang San" is also caught as "zhangsan" because spaces are ignored on both sides.
  const id = (identifier ?? "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  return Array.from(id).length >= minLength && folded.replace(/\s+/g, "").includes(id);
}

/** No 0/O/1/l/I, so a password read out over the phone or copied from paper survives. */
export const OTP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
export const OTP_LENGTH = 20;

/** A random initial / reset password; rejection sampling keeps every character equally likely. */
export function generateOneTimePassword(): string {
  const limit = 256 - (256 % OTP_ALPHABET.length);
  for (;;) {
    let out = "";
    while (out.length < OTP_LENGTH) {
      for (const byte of crypto.getRandomValues(new Uint8Array(OTP_LENGTH * 2))) {
        if (byte < limit && out.length < OTP_LENGTH) {
          out += OTP_ALPHABET[byte % OTP_ALPHABET.length];
        }
      }
    }
    if (checkPasswordRules(out).length === 0) return out;
  }
}

function decodeBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.fromBase64(text);
  } catch {
    return null;
  }
}
