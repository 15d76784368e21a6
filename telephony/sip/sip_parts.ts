/** The structured header values a user agent needs: URIs, name-addrs (From/To/Contact), Via. */

export type Params = Map<string, string | null>;

export interface SipUri {
  scheme: string;
  user: string | null;
  host: string;
  port: number | null;
  params: Params;
}

export interface NameAddr {
  display: string | null;
  uri: string;
  params: Params;
}

export interface Via {
  transport: string;
  host: string;
  port: number | null;
  params: Params;
}

/** ";a=b;c" → {a: "b", c: null}; names lower-cased. */
export function parseParams(text: string): Params {
  const params: Params = new Map();
  for (const part of text.split(";")) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf("=");
    if (eq < 0) params.set(p.toLowerCase(), null);
    else params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
  }
  return params;
}

export function formatParams(params: Params): string {
  return [...params].map(([k, v]) => v === null ? `;${k}` : `;${k}=${v}`).join("");
}

const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

function hostPort(text: string): { host: string; port: number | null } | null {
  const m = HOST.exec(text);
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host: m[1].replace(/^\[|\]$/g, ""), port };
}

/** sip:user@host:port;params (headers after "?" are ignored); null when it is not one. */
export function parseUri(text: string): SipUri | null {
  const m = /^(sips?):([^?]*)/i.exec(text.trim());
  if (!m) return null;
  const [userHost, ...paramParts] = m[2].split(";");
  const at = userHost.lastIndexOf("@");
  const user = at >= 0 ? userHost.slice(0, at) : null;
  const hp = hostPort(at >= 0 ? userHost.slice(at + 1) : userHost);
  if (!hp || user === "") return null;
  return {
    scheme: m[1].toLowerCase(),
    user: user === null ? null : decodeUser(user),
    host: hp.host,
    port: hp.port,
    params: parseParams(paramParts.join(";")),
  };
}

function decodeUser(user: string): string {
  try {
    return decodeURIComponent(user.split(":")[0]);
  } catch {
    return user.split(":")[0];
  }
}

/**
 * `"Name" <sip:a@b>;tag=x`, `<sip:a@b>;tag=x` or `sip:a@b;tag=x` (in the last form the
 * parameters belong to the header, RFC 3261 §20.10).
 */
export function parseNameAddr(value: string): NameAddr | null {
  const v = value.trim();
  const lt = v.indexOf("<");
  if (lt >= 0) {
    const gt = v.indexOf(">", lt);
    if (gt < 0) return null;
    const display = v.slice(0, lt).trim().replace(/^"(.*)"$/, "$1") || null;
    const uri = v.slice(lt + 1, gt).trim();
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) return null;
    return { display, uri, params: parseParams(v.slice(gt + 1)) };
  }
  if (v === "*") return { display: null, uri: "*", params: new Map() };
  const [uri, ...rest] = v.split(";");
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) return null;
  return { display: null, uri, params: parseParams(rest.join(";")) };
}

export function formatNameAddr(na: NameAddr): string {
  const display = na.display ? `"${na.display.replace(/["\\\r\n]/g, "")}" ` : "";
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}

/** "SIP/2.0/UDP host:port;branch=z9hG4bK…" */
export function parseVia(value: string): Via | null {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(;.*)?$/i.exec(value.trim());
  if (!m) return null;
  const hp = hostPort(m[2]);
  if (!hp) return null;
  return { transport: m[1].toUpperCase(), ...hp, params: parseParams(m[3] ?? "") };
}

export function formatVia(via: Via): string {
  const host = via.host.includes(":") ? `[${via.host}]` : via.host;
  const port = via.port === null ? "" : `:${via.port}`;
  return `SIP/2.0/${via.transport} ${host}${port}${formatParams(via.params)}`;
}

/** RFC 3261's magic cookie marks branches unique in space and time. */
export function newBranch(): string {
  return `z9hG4bK${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
}

export function newTag(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 12);
}
