/**
 * A call we place through the trunk (callbacks, survey calls): the INVITE client transaction of
 * RFC 3261 §17.1.1 — resent until a provisional answer (Timer A), given up after 32 s (Timer B)
 * or after ringing too long (CANCEL) — digest retry on 401/407, ACK of every final answer, and
 * the dialog handed to the user agent once answered.
 */
import { authorize } from "./digest.ts";
import { buildOffer, type LocalMedia, negotiate, type Negotiated, parseSdp } from "./sdp.ts";
import { ALLOW, inDialogRequest, SERVER_NAME } from "./sip_build.ts";
import { Dialog } from "./sip_dialog.ts";
import {
  headerValue,
  headerValues,
  parseCSeq,
  serializeMessage,
  type SipRequest,
  type SipResponse,
} from "./sip_message.ts";
import { newBranch, newTag, parseNameAddr } from "./sip_parts.ts";
import type { CallSession } from "./sip_call.ts";
import type { SipUa } from "./sip_ua.ts";
import type { Remote } from "./udp_socket.ts";

export interface PlaceCall {
  /** The callee as the trunk expects it, e.g. sip:13800138000@10.0.0.1:5060. */
  uri: string;
  /** The trunk: where the INVITE goes. */
  via: Remote;
  /** Our number (the From user part), 12345. */
  from: string;
  media: LocalMedia;
  session: CallSession;
  /** For a trunk that challenges our INVITE. */
  auth?: { user: string; password: string };
  /** How long it may ring before we give up (CANCEL). */
  ringMs?: number;
  /** The far phone rings (the first provisional answer): ringback for whoever waits. */
  onRinging?: () => void;
  /** Aborted: we give up (CANCEL once it rings; an answer that crosses it is hung up by the caller). */
  signal?: AbortSignal;
}

export type PlaceResult =
  | { ok: true; callId: string; answer: Negotiated }
  | { ok: false; callId: string; status: number };

const T1 = 500;
const TIMER_B = 64 * T1;

export function placeCall(ua: SipUa, o: PlaceCall): Promise<PlaceResult> {
  const callId = `${crypto.randomUUID()}@${ua.host}`;
  const from = `<sip:${o.from}@${ua.host}>;tag=${newTag()}`;
  const to = `<${o.uri}>`;
  const body = new TextEncoder().encode(buildOffer(o.media));
  let seq = 0;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PlaceResult) => {
      if (!settled) resolve(r);
      settled = true;
    };
    const attempt = (authorization?: string) => {
      seq++;
      const branch = newBranch();
      const via = `SIP/2.0/UDP ${ua.host}:${ua.port};branch=${branch};rport`;
      const base: [string, string][] = [
        ["via", via],
        ["max-forwards", "70"],
        ["from", from],
        ["to", to],
        ["call-id", callId],
      ];
      const invite: SipRequest = {
        type: "request",
        method: "INVITE",
        uri: o.uri,
        headers: [
          ...base,
          ["cseq", `${seq} INVITE`],
          ["contact", `<sip:${o.from}@${ua.host}:${ua.port}>`],
          ["allow", ALLOW],
          ["user-agent", SERVER_NAME],
          ...(authorization ? [["authorization", authorization] as [string, string]] : []),
          ["content-type", "application/sdp"],
        ],
        body,
      };
      const bytes = serializeMessage(invite);
      ua.sendBytes(bytes, o.via);
      const started = Date.now();
      let provisional = false;
      let interval = T1;
      let retransmit: ReturnType<typeof setTimeout>;
      let ringing: ReturnType<typeof setTimeout> | undefined;
      const again = () => {
        if (provisional || settled) return;
        if (Date.now() - started >= TIMER_B) {
          ua.forget(branch);
          return done({ ok: false, callId, status: 408 });
        }
        ua.sendBytes(bytes, o.via);
        interval *= 2;
        retransmit = setTimeout(again, interval);
      };
      retransmit = setTimeout(again, interval);
      o.signal?.addEventListener("abort", () => provisional && !settled && cancel(), {
        once: true,
      });
      // CANCEL carries the INVITE's branch; the INVITE then ends with 487.
      const cancel = () => {
        const req: SipRequest = {
          type: "request",
          method: "CANCEL",
          uri: o.uri,
          headers: [...base, ["cseq", `${seq} CANCEL`], ["user-agent", SERVER_NAME]],
          body: new Uint8Array(),
        };
        ua.sendBytes(serializeMessage(req), o.via);
      };
      const ackNon2xx = (res: SipResponse) => {
        const ack: SipRequest = {
          type: "request",
          method: "ACK",
          uri: o.uri,
          headers: [
            ...base.filter(([n]) => n !== "to"),
            ["to", headerValue(res, "to")!],
            ["cseq", `${seq} ACK`],
          ],
          body: new Uint8Array(),
        };
        ua.sendBytes(serializeMessage(ack), o.via);
      };
      ua.expect(branch, (res) => {
        if (parseCSeq(headerValue(res, "cseq") ?? "")?.method !== "INVITE") return;
        if (res.status < 200) {
          if (!provisional) o.onRinging?.();
          provisional = true;
          // A CANCEL may only follow a provisional answer (RFC 3261 §9.1): one asked for
          // earlier is sent now.
          if (o.signal?.aborted) cancel();
          ringing ??= setTimeout(cancel, o.ringMs ?? 40_000);
          return;
        }
        clearTimeout(retransmit);
        clearTimeout(ringing);
        if (res.status >= 300) {
          ackNon2xx(res); // again for every copy of the answer
          if (settled) return;
          const challenge = res.status === 401
            ? headerValue(res, "www-authenticate")
            : res.status === 407
            ? headerValue(res, "proxy-authenticate")
            : undefined;
          setTimeout(() => ua.forget(branch), TIMER_B);
          if (challenge && o.auth && !authorization) {
            authorize(o.auth, "INVITE", o.uri, challenge).then((a) =>
              a ? attempt(a) : done({ ok: false, callId, status: res.status })
            );
            return;
          }
          return done({ ok: false, callId, status: res.status });
        }
        ua.forget(branch);
        if (settled) return;
        answered(res, invite);
      });
    };

    const answered = (res: SipResponse, invite: SipRequest) => {
      const sdp = parseSdp(new TextDecoder().decode(res.body));
      const answer = sdp ? negotiate(sdp) : null;
      const dialog = new Dialog({
        callId,
        localTag: /tag=([^;]+)/.exec(from)![1],
        remoteFrom: headerValue(res, "to")!,
        localTo: from,
        remoteTarget: parseNameAddr(headerValues(res, "contact")[0] ?? "")?.uri ?? o.uri,
        // As the caller, the route set is the Record-Route of the answer, reversed.
        routeSet: headerValues(res, "record-route").reverse(),
        remoteSeq: 0,
        localSeq: seq,
        source: o.via,
        invite,
        inviteBranch: null,
        offer: answer ?? ({} as Negotiated),
      });
      dialog.media = o.media;
      dialog.session = o.session;
      dialog.state = "confirmed";
      const ack = inDialogRequest(dialog.address(), "ACK", seq, { host: ua.host, port: ua.port });
      dialog.ack = serializeMessage(ack.request);
      ua.sendBytes(dialog.ack, dialog.nextHop());
      ua.adopt(dialog);
      if (!answer) {
        // An answer we cannot use (no G.711): hang up at once.
        ua.hangup(callId);
        return done({ ok: false, callId, status: 488 });
      }
      done({ ok: true, callId, answer });
    };

    attempt();
  });
}
