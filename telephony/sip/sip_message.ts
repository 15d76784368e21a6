/**
 * SIP messages (RFC 3261 §7) as plain data: a parser that never throws on hostile bytes and a
 * serializer. Header names are kept lower-case in their long form; values are kept as text.
 */

export type Headers = [name: string, value: string][];

export interface SipRequest {
  type: "request";
  method: string;
  uri: string;
  headers: Headers;
  body: Uint8Array;
}

export interface SipResponse {
  type: "response";
  status: number;
  reason: string;
  headers: Headers;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export type ParseResult =
  | { ok: true; message: SipMessage }
  /**
   * `request` is set when the start line and the headers could be read: enough to answer 400
   * with the caller's Via, From, To, Call-ID and CSeq. Otherwise the datagram is dropped.
   */
  | { ok: false; error: string; request?: SipRequest };

/** UDP datagrams cannot be longer; headers beyond these limits are an attack, not a call. */
export const MAX_MESSAGE_BYTES = 65_535;
const MAX_HEADERS = 120;
const MAX_LINE = 8192;

const COMPACT: Record<string, string> = {
  i: "call-id",
  m: "contact",
  e: "content-encoding",
  l: "content-length",
  c: "content-type",
  f: "from",
  s: "subject",
  k: "supported",
  t: "to",
  v: "via",
  o: "event",
  r: "refer-to",
  b: "referred-by",
  u: "allow-events",
  x: "session-expires",
};

const DISPLAY: Record<string, string> = {
  "call-id": "Call-ID",
  "cseq": "CSeq",
  "www-authenticate": "WWW-Authenticate",
  "mime-version": "MIME-Version",
};

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const REQUIRED = ["via", "from", "to", "call-id", "cseq"] as const;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** A CRLF keep-alive (RFC 5626 §4.4.1): not a message, not an error. */
export function isKeepAlive(bytes: Uint8Array): boolean {
  return bytes.length <= 8 && bytes.every((b) => b === 13 || b === 10);
}

/** Parses one datagram. Every failure is a value, never an exception. */
export function parseMessage(bytes: Uint8Array): ParseResult {
  if (bytes.length === 0) return { ok: false, error: "empty datagram" };
  if (bytes.length > MAX_MESSAGE_BYTES) return { ok: false, error: "message too large" };
  const split = headerEnd(bytes);
  if (!split) return { ok: false, error: "no end of headers" };
  let head: string;
  try {
    head = utf8.decode(bytes.subarray(0, split.at));
  } catch {
    return { ok: false, error: "headers are not UTF-8" };
  }
  const lines = head.replace(/[\r\n]+$/, "").split(/\r?\n/);
  const startLine = lines.shift() ?? "";
  if (startLine.length > MAX_LINE) return { ok: false, error: "start line too long" };
  const headers: Headers = [];
  for (const line of lines) {
    if (line.length > MAX_LINE) return { ok: false, error: "header line too long" };
    if (line === "") continue;
    if (line[0] === " " || line[0] === "\t") {
      // Folded continuation of the previous header (obsolete, still legal in SIP).
      if (headers.length === 0) return { ok: false, error: "continuation before any header" };
      headers[headers.length - 1][1] += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) return { ok: false, error: `malformed header line` };
    const raw = line.slice(0, colon).trim().toLowerCase();
    if (!TOKEN.test(raw)) return { ok: false, error: `malformed header name` };
    if (headers.length >= MAX_HEADERS) return { ok: false, error: "too many headers" };
    headers.push([COMPACT[raw] ?? raw, line.slice(colon + 1).trim()]);
  }
  let body = bytes.subarray(split.bodyAt);
  const request = parseRequestLine(startLine, headers, body);
  const response = request ? null : parseStatusLine(startLine, headers, body);
  if (!request && !response) return { ok: false, error: "malformed start line" };
  const partial = request ?? undefined;
  const lengths = headers.filter(([n]) => n === "content-length");
  if (lengths.length > 1) return { ok: false, error: "several Content-Length", request: partial };
  if (lengths.length === 1) {
    if (!/^\d{1,5}$/.test(lengths[0][1])) {
      return { ok: false, error: "bad Content-Length", request: partial };
    }
    const n = Number(lengths[0][1]);
    if (n > body.length) {
      return { ok: false, error: "body shorter than Content-Length", request: partial };
    }
    body = body.subarray(0, n);
  }
  const message = (request ?? response)!;
  message.body = body.slice();
  for (const name of REQUIRED) {
    const count = headers.filter(([n]) => n === name).length;
    if (count === 0) return { ok: false, error: `missing ${name}`, request: partial };
    if (name !== "via" && count > 1) {
      return { ok: false, error: `several ${name}`, request: partial };
    }
  }
  const cseq = parseCSeq(headerValue(message, "cseq")!);
  if (!cseq) return { ok: false, error: "bad CSeq", request: partial };
  if (request && cseq.method !== request.method) {
    return { ok: false, error: "CSeq method differs from the request's", request: partial };
  }
  const maxForwards = headerValue(message, "max-forwards");
  if (maxForwards !== undefined && !/^\d{1,3}$/.test(maxForwards)) {
    return { ok: false, error: "bad Max-Forwards", request: partial };
  }
  return { ok: true, message };
}

function headerEnd(bytes: Uint8Array): { at: number; bodyAt: number } | null {
  const limit = Math.min(bytes.length, MAX_MESSAGE_BYTES);
  for (let i = 0; i < limit - 1; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return { at: i, bodyAt: i + 2 };
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return { at: i, bodyAt: i + 3 };
  }
  // A message without a body may lack the final empty line over UDP: accept the whole datagram.
  const text = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 16)));
  return /^[A-Z]+ |^SIP\/2\.0 /.test(text) && bytes.length < MAX_MESSAGE_BYTES
    ? { at: bytes.length, bodyAt: bytes.length }
    : null;
}

function parseRequestLine(line: string, headers: Headers, body: Uint8Array): SipRequest | null {
  const m = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/.exec(line);
  if (!m || !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(m[2])) return null;
  return { type: "request", method: m[1], uri: m[2], headers, body };
}

function parseStatusLine(line: string, headers: Headers, body: Uint8Array): SipResponse | null {
  const m = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(line);
  if (!m) return null;
  return { type: "response", status: Number(m[1]), reason: m[2] ?? "", headers, body };
}

export function parseCSeq(value: string): { seq: number; method: string } | null {
  const m = /^(\d{1,10})\s+([A-Za-z0-9.!%*_+`'~-]+)$/.exec(value.trim());
  if (!m || Number(m[1]) > 2 ** 31 - 1) return null;
  return { seq: Number(m[1]), method: m[2] };
}

/** The first value of a header (case-insensitive long or compact name). */
export function headerValue(m: { headers: Headers }, name: string): string | undefined {
  const key = COMPACT[name.toLowerCase()] ?? name.toLowerCase();
  return m.headers.find(([n]) => n === key)?.[1];
}

/**
 * Every value of a header, including comma-joined ones ("Via: a, b"); commas inside quotes or
 * angle brackets do not split.
 */
export function headerValues(m: { headers: Headers }, name: string): string[] {
  const key = COMPACT[name.toLowerCase()] ?? name.toLowerCase();
  return m.headers.filter(([n]) => n === key).flatMap(([, v]) => splitCommas(v));
}

export function splitCommas(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === "<") depth++;
    else if (ch === ">") depth = Math.max(0, depth - 1);
    else if (ch === "," && depth === 0) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== "");
}

function displayName(name: string): string {
  return DISPLAY[name] ?? name.replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase());
}

/** The wire form; Content-Length is always written last, from the body. */
export function serializeMessage(m: SipMessage): Uint8Array {
  const start = m.type === "request"
    ? `${m.method} ${m.uri} SIP/2.0`
    : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = [start];
  for (const [name, value] of m.headers) {
    if (name === "content-length") continue;
    // A value with CR or LF would let one header smuggle others: never written as is.
    lines.push(`${displayName(name)}: ${value.replace(/[\r\n]+/g, " ")}`);
  }
  lines.push(`Content-Length: ${m.body.length}`, "", "");
  const head = encoder.encode(lines.join("\r\n"));
  const out = new Uint8Array(head.length + m.body.length);
  out.set(head);
  out.set(m.body, head.length);
  return out;
}

export const REASONS: Record<number, string> = {
  100: "Trying",
  180: "Ringing",
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  415: "Unsupported Media Type",
  481: "Call/Transaction Does Not Exist",
  483: "Too Many Hops",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  491: "Request Pending",
  500: "Server Internal Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};
