/**
 * Optional digest authentication of the trunk (RFC 2617 / 7616, MD5, qop=auth). Nonces are
 * stateless: a time and its HMAC, so a restart or a second edge process accepts them too.
 */
import { md5 } from "hash-wasm";
import { splitCommas } from "./sip_message.ts";

export interface DigestCredentials {
  user: string;
  password: string;
  realm: string;
}

const NONCE_TTL_MS = 5 * 60_000;

export function parseAuthParams(value: string): Map<string, string> | null {
  const m = /^Digest\s+(.*)$/is.exec(value.trim());
  if (!m) return null;
  const params = new Map<string, string>();
  for (const part of splitCommas(m[1])) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    params.set(
      part.slice(0, eq).trim().toLowerCase(),
      part.slice(eq + 1).trim().replace(/^"(.*)"$/s, "$1"),
    );
  }
  return params;
}

export class DigestAuth {
  readonly #key: Promise<CryptoKey>;

  constructor(
    private readonly creds: DigestCredentials,
    private readonly clock: () => number = Date.now,
  ) {
    this.#key = crypto.subtle.importKey(
      "raw",
      crypto.getRandomValues(new Uint8Array(32)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
  }

  async #sign(text: string): Promise<string> {
    const mac = await crypto.subtle.sign("HMAC", await this.#key, new TextEncoder().encode(text));
    return new Uint8Array(mac).slice(0, 12).toHex();
  }

  /** The WWW-Authenticate value of a 401. */
  async challenge(stale = false): Promise<string> {
    const at = String(this.clock());
    const nonce = `${at}.${await this.#sign(at)}`;
    return `Digest realm="${this.creds.realm}", nonce="${nonce}", algorithm=MD5, qop="auth"${
      stale ? ", stale=true" : ""
    }`;
  }

  /** "ok", "stale" (an old nonce: challenge again) or "bad". */
  async verify(method: string, authorization: string | undefined): Promise<"ok" | "stale" | "bad"> {
    if (!authorization) return "bad";
    const p = parseAuthParams(authorization);
    if (!p) return "bad";
    const nonce = p.get("nonce") ?? "";
    const [at, mac] = nonce.split(".");
    if (!at || !/^\d+$/.test(at) || mac !== await this.#sign(at)) return "bad";
    if (p.get("username") !== this.creds.user || p.get("realm") !== this.creds.realm) return "bad";
    const algorithm = (p.get("algorithm") ?? "MD5").toUpperCase();
    if (algorithm !== "MD5") return "bad";
    const ha1 = await md5(`${this.creds.user}:${this.creds.realm}:${this.creds.password}`);
    const ha2 = await md5(`${method}:${p.get("uri") ?? ""}`);
    const qop = p.get("qop");
    const expected = qop === "auth"
      ? await md5(`${ha1}:${nonce}:${p.get("nc") ?? ""}:${p.get("cnonce") ?? ""}:auth:${ha2}`)
      : qop === undefined
      ? await md5(`${ha1}:${nonce}:${ha2}`)
      : null;
    if (expected === null || expected !== (p.get("response") ?? "").toLowerCase()) return "bad";
    return this.clock() - Number(at) > NONCE_TTL_MS ? "stale" : "ok";
  }
}

/** A client's Authorization for a challenge (outbound calls to a trunk that asks). */
export async function authorize(
  creds: { user: string; password: string },
  method: string,
  uri: string,
  challenge: string,
): Promise<string | null> {
  const p = parseAuthParams(challenge);
  const realm = p?.get("realm");
  const nonce = p?.get("nonce");
  if (!p || realm === undefined || nonce === undefined) return null;
  const ha1 = await md5(`${creds.user}:${realm}:${creds.password}`);
  const ha2 = await md5(`${method}:${uri}`);
  const qop = p.get("qop")?.split(",").map((q) => q.trim()).includes("auth") ? "auth" : null;
  const cnonce = crypto.randomUUID().slice(0, 8);
  const response = qop
    ? await md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`)
    : await md5(`${ha1}:${nonce}:${ha2}`);
  return `Digest username="${creds.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
    `response="${response}", algorithm=MD5` +
    (qop ? `, qop=auth, nc=00000001, cnonce="${cnonce}"` : "");
}
