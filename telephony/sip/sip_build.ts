/** Building responses and in-dialog requests from what was received. */
import {
  type Headers,
  headerValue,
  headerValues,
  REASONS,
  type SipRequest,
  type SipResponse,
} from "./sip_message.ts";
import { formatParams, formatVia, newBranch, parseNameAddr, parseVia } from "./sip_parts.ts";
import type { Remote } from "./udp_socket.ts";

export const SERVER_NAME = "12345-hotline-edge";
export const ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO";

/**
 * A response to `req` (RFC 3261 §8.2.6): its Via list (the top one stamped with where it
 * really came from, RFC 3581), From, To (with our tag), Call-ID and CSeq.
 */
export function responseTo(
  req: SipRequest,
  status: number,
  opts: { toTag?: string; from?: Remote; headers?: Headers; body?: Uint8Array } = {},
): SipResponse {
  const headers: Headers = [];
  const vias = headerValues(req, "via");
  vias.forEach((v, i) => {
    const via = i === 0 && opts.from ? parseVia(v) : null;
    if (via && opts.from) {
      via.params.set("received", opts.from.address);
      if (via.params.has("rport")) via.params.set("rport", String(opts.from.port));
      headers.push(["via", formatVia(via)]);
    } else headers.push(["via", v]);
  });
  headers.push(["from", headerValue(req, "from")!]);
  let to = headerValue(req, "to")!;
  const parsedTo = parseNameAddr(to);
  if (opts.toTag && parsedTo && !parsedTo.params.has("tag")) to += `;tag=${opts.toTag}`;
  headers.push(["to", to]);
  headers.push(["call-id", headerValue(req, "call-id")!]);
  headers.push(["cseq", headerValue(req, "cseq")!]);
  if (status >= 200 && status < 300 && req.method === "INVITE") {
    for (const rr of headerValues(req, "record-route")) headers.push(["record-route", rr]);
  }
  headers.push(["server", SERVER_NAME]);
  headers.push(...(opts.headers ?? []));
  return {
    type: "response",
    status,
    reason: REASONS[status] ?? "Unknown",
    headers,
    body: opts.body ?? new Uint8Array(),
  };
}

export interface DialogAddress {
  callId: string;
  /** Our From (with our tag) when we send in the dialog. */
  local: string;
  /** Their address (with their tag) as our To. */
  remote: string;
  remoteTarget: string;
  routeSet: string[];
}

/** A request inside a dialog (BYE, INFO…) and its branch. */
export function inDialogRequest(
  d: DialogAddress,
  method: string,
  seq: number,
  via: { host: string; port: number },
  extra: Headers = [],
  body?: Uint8Array,
): { request: SipRequest; branch: string } {
  const branch = newBranch();
  const viaParams = new Map<string, string | null>([["branch", branch], ["rport", null]]);
  const request: SipRequest = {
    type: "request",
    method,
    uri: d.remoteTarget,
    headers: [
      ["via", `SIP/2.0/UDP ${via.host}:${via.port}${formatParams(viaParams)}`],
      ["max-forwards", "70"],
      ...d.routeSet.map((r): [string, string] => ["route", r]),
      ["from", d.local],
      ["to", d.remote],
      ["call-id", d.callId],
      ["cseq", `${seq} ${method}`],
      ["user-agent", SERVER_NAME],
      ...extra,
    ],
    body: body ?? new Uint8Array(),
  };
  return { request, branch };
}
