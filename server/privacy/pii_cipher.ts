/**
 * Encryption at rest for citizens' personal data (phone numbers, names). Tokens look like `v1.<kid>.<iv>.<ciphertext+tag>` (base64url, no padding) so they fit a TEXT
 * column and carry the id of the key that sealed them, which is what makes key rotation possible.
 */

type Bytes = Uint8Array<ArrayBuffer>;

/** Keys by kid, in spec order: the first one is the current key, the rest only decrypt. */
export interface Keyring {
  readonly currentKid: string;
  readonly keys: ReadonlyMap<string, Bytes>;
}

export class PiiCipherError extends Error {
  override name = "PiiCipherError";
}

const KID = /^[a-z0-9]{1,16}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";
const LOOKUP_INFO = "hotline-pii-lookup";
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Parses `"kid1:BASE64KEY,kid2:BASE64KEY"`; errors name the entry but never echo key material. */
export function parseKeyring(spec: string): Keyring {
  const entries = spec.trim() === "" ? [] : spec.split(",");
  if (entries.length === 0) throw new PiiCipherError("PII keyring is empty");
  const keys = new Map<string, Bytes>();
  entries.forEach((raw, i) => {
    const where = `PII keyring entry ${i + 1}`;
    const entry = raw.trim();
    if (entry === "") throw new PiiCipherError(`${where} is empty`);
    const colon = entry.indexOf(":");
    if (colon < 0) throw new PiiCipherError(`${where} must look like "kid:base64key"`);
    const kid = entry.slice(0, colon).trim();
    // An invalid kid may be a pasted key, so it is described rather than quoted.
    if (!KID.test(kid)) throw new PiiCipherError(`${where}: kid must match [a-z0-9]{1,16}`);
    if (keys.has(kid)) throw new PiiCipherError(`${where}: duplicate kid "${kid}"`);
    const key = decodeBase64Loose(entry.slice(colon + 1).trim());
    if (key === null) throw new PiiCipherError(`${where} (kid "${kid}"): key is not valid base64`);
    if (key.length !== KEY_BYTES) {
      throw new PiiCipherError(
        `${where} (kid "${kid}"): key must be ${KEY_BYTES} bytes, got ${key.length}`,
      );
    }
    keys.set(kid, key);
  });
  return { currentKid: keys.keys().next().value!, keys };
}

/** A fresh `kid:key` entry; prepend it to the spec to rotate. */
export function generateKeySpec(kid = "k1"): string {
  if (!KID.test(kid)) throw new PiiCipherError("kid must match [a-z0-9]{1,16}");
  return `${kid}:${encodeBase64Url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)))}`;
}

/**
 * Normalises a phone number so differently typed forms of one number compare equal:
 * full-width characters and separators go, and the +86 / 0086 country code is dropped
 * (a bare 86 only before a mobile number, as 86 may also begin a local number).
 * After an explicit country code, a landline regains its trunk 0 (+86 21… → 021…).
 */
export function normalizePhone(s: string): string {
  const compact = s.normalize("NFKC").replace(/[\s\-().]/g, "");
  const international = /^(?:\+|00)86(\d+)$/.exec(compact);
  if (international) {
    const rest = international[1];
    return /^1[3-9]\d{9}$/.test(rest) || rest.startsWith("0") ? rest : `0${rest}`;
  }
  if (/^861[3-9]\d{9}$/.test(compact)) return compact.slice(2);
  return compact;
}

export class PiiCipher {
  private constructor(
    private readonly currentKid: string,
    private readonly aesKeys: ReadonlyMap<string, CryptoKey>,
    private readonly hmacKey: CryptoKey,
  ) {}

  /**
   * `hashKeyB64` (≥ 32 bytes) should be configured in production: without it the lookup key is
   * derived from the current key, so rotating keys would change every lookup hash. When
   * rotating, pass the previously derived key explicitly (see `exportDerivedHashKey`).
   */
  static async create(keyring: Keyring, hashKeyB64?: string): Promise<PiiCipher> {
    const aesKeys = new Map<string, CryptoKey>();
    const usages: KeyUsage[] = ["encrypt", "decrypt"];
    for (const [kid, raw] of keyring.keys) {
      aesKeys.set(kid, await crypto.subtle.importKey("raw", raw, "AES-GCM", false, usages));
    }
    if (!aesKeys.has(keyring.currentKid)) throw new PiiCipherError("current kid has no key");
    let hashKey: Bytes;
    if (hashKeyB64 !== undefined) {
      const decoded = decodeBase64Loose(hashKeyB64.trim());
      if (decoded === null || decoded.length < KEY_BYTES) {
        throw new PiiCipherError(`PII hash key must be base64 of at least ${KEY_BYTES} bytes`);
      }
      hashKey = decoded;
    } else {
      hashKey = await deriveHashKey(keyring.keys.get(keyring.currentKid)!);
    }
    const hmac = { name: "HMAC", hash: "SHA-256" };
    const hmacKey = await crypto.subtle.importKey("raw", hashKey, hmac, false, ["sign"]);
    return new PiiCipher(keyring.currentKid, aesKeys, hmacKey);
  }

  async encrypt(plain: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: aad(this.currentKid) },
      this.aesKeys.get(this.currentKid)!,
      encoder.encode(plain),
    );
    const body = encodeBase64Url(new Uint8Array(sealed));
    return `${VERSION}.${this.currentKid}.${encodeBase64Url(iv)}.${body}`;
  }

  async decrypt(token: string): Promise<string> {
    const { kid, iv, sealed } = parseToken(token);
    const key = this.aesKeys.get(kid);
    if (!key) throw new PiiCipherError(`PII token uses unknown key "${kid}"`);
    const params = { name: "AES-GCM", iv, additionalData: aad(kid) };
    const plain = await crypto.subtle.decrypt(params, key, sealed).catch(() => {
      throw new PiiCipherError("PII token failed authentication (tampered or wrong key)");
    });
    return decoder.decode(plain);
  }

  /** True when the token was sealed by an older key; throws for a malformed token. */
  needsRotation(token: string): boolean {
    return parseToken(token).kid !== this.currentKid;
  }

  /** Verifies the token and re-seals it under the current key; current tokens come back as is. */
  async rotate(token: string): Promise<string> {
    const plain = await this.decrypt(token);
    return this.needsRotation(token) ? await this.encrypt(plain) : token;
  }

  /** Deterministic HMAC-SHA256 (hex) for equality lookups without decrypting every row. */
  async lookupHash(value: string): Promise<string> {
    const mac = await crypto.subtle.sign("HMAC", this.hmacKey, encoder.encode(canonical(value)));
    return new Uint8Array(mac).toHex();
  }
}

/** The lookup key derived from a keyring's current key, to pin it explicitly before rotating. */
export async function exportDerivedHashKey(keyring: Keyring): Promise<string> {
  return encodeBase64Url(await deriveHashKey(keyring.keys.get(keyring.currentKid)!));
}

async function deriveHashKey(key: Bytes): Promise<Bytes> {
  const ikm = await crypto.subtle.importKey("raw", key, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode(LOOKUP_INFO) },
    ikm,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

function canonical(value: string): string {
  const nfkc = value.normalize("NFKC").trim();
  return /^\+?[\d\s\-().]+$/.test(nfkc) && /\d/.test(nfkc) ? normalizePhone(nfkc) : nfkc;
}

// Binding version and kid means a token relabelled with another kid fails authentication.
function aad(kid: string): Bytes {
  return encoder.encode(`${VERSION}.${kid}`);
}

function parseToken(token: string): { kid: string; iv: Bytes; sealed: Bytes } {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new PiiCipherError(`PII token is malformed (expected ${VERSION}.<kid>.<iv>.<data>)`);
  }
  const [, kid, ivText, sealedText] = parts;
  if (!KID.test(kid)) throw new PiiCipherError("PII token has an invalid kid");
  const iv = decodeBase64UrlStrict(ivText);
  const sealed = decodeBase64UrlStrict(sealedText);
  if (iv === null || iv.length !== IV_BYTES || sealed === null || sealed.length < TAG_BYTES) {
    throw new PiiCipherError("PII token is malformed (bad IV or ciphertext encoding)");
  }
  return { kid, iv, sealed };
}

function encodeBase64Url(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/** Accepts base64 or base64url, padded or not, because keys come from hand-edited config. */
function decodeBase64Loose(text: string): Bytes | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.fromBase64(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
}

// Only the canonical spelling is accepted, so no two token strings decode to the same bytes.
function decodeBase64UrlStrict(text: string): Bytes | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = decodeBase64Loose(text);
  return bytes !== null && encodeBase64Url(bytes) === text ? bytes : null;
}
