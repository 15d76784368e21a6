/** A hand-written SIP peer and a UA with a logging handler, for the UA's tests. */
import dgram from "node:dgram";
import { AllowList } from "./allow_list.ts";
import type { Negotiated } from "./sdp.ts";
import { headerValue, parseMessage, type SipMessage, type SipResponse } from "./sip_message.ts";
import type { CallSession, UaOptions } from "./sip_call.ts";
import { SipUa } from "./sip_ua.ts";

/** A raw UDP peer that writes SIP by hand and collects what comes back. */
export class Peer {
  inbox: SipMessage[] = [];
  #waiters: (() => void)[] = [];
  private constructor(
    readonly socket: dgram.Socket,
    readonly address: string,
    readonly port: number,
  ) {}

  static open(address = "127.0.0.1"): Promise<Peer> {
    const s = dgram.createSocket("udp4");
    return new Promise((resolve) =>
      s.bind(0, address, () => {
        const peer = new Peer(s, address, s.address().port);
        s.on("message", (b) => {
          const r = parseMessage(new Uint8Array(b));
          if (r.ok) peer.inbox.push(r.message);
          for (const w of peer.#waiters.splice(0)) w();
        });
        resolve(peer);
      })
    );
  }

  send(text: string, port: number): void {
    this.socket.send(new TextEncoder().encode(text.replace(/\n/g, "\r\n")), port, "127.0.0.1");
  }

  /** The first message matching `pick` (removed from the inbox), waiting up to `ms`. */
  async take(pick: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pick);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      const left = until - Date.now();
      if (left <= 0) {
        throw new Error(`no matching message in ${ms} ms; inbox: ${this.inbox.length}`);
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  response(status: number, method = "INVITE") {
    return this.take((m) =>
      m.type === "response" && m.status === status && headerValue(m, "cseq")!.endsWith(method)
    ) as Promise<SipResponse>;
  }

  close() {
    this.socket.close();
  }
}

export const SDP = (port: number, extra = "") =>
  `v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio ${port} RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n${extra}`;

export function request(
  p: Peer,
  method: string,
  o: {
    callId: string;
    branch: string;
    seq: number;
    toTag?: string;
    body?: string;
    type?: string;
    extra?: string;
  },
): string {
  const body = o.body ?? "";
  return `${method} sip:12345@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP ${p.address}:${p.port};branch=${o.branch};rport
Max-Forwards: 70
From: "citizen" <sip:13800000000@${p.address}>;tag=caller1
To: <sip:12345@127.0.0.1>${o.toTag ? `;tag=${o.toTag}` : ""}
Call-ID: ${o.callId}
CSeq: ${o.seq} ${method}
Contact: <sip:13800000000@${p.address}:${p.port}>
${o.extra ?? ""}${o.type ? `Content-Type: ${o.type}\n` : ""}Content-Length: ${
    new TextEncoder().encode(body.replace(/\n/g, "\r\n")).length
  }

${body}`;
}

/** A UA with a handler that logs what the edge would be told. */
export async function startUa(opts: Partial<UaOptions> = {}) {
  const log: string[] = [];
  const ua = await SipUa.start({
    host: "127.0.0.1",
    port: 0,
    allow: AllowList.parse("127.0.0.1"),
    ...opts,
  }, {
    accept(call) {
      log.push(`accept ${call.caller}→${call.dialed} ${call.offer.codec}`);
      const session: CallSession = {
        confirmed: () => log.push("confirmed"),
        ended: (reason) => log.push(`ended ${reason}`),
        digit: (d) => log.push(`digit ${d}`),
        reoffer: (o: Negotiated) => {
          log.push(`reoffer ${o.remotePort} ${o.peerDirection}`);
          return { host: "127.0.0.1", port: 31000, sessionId: 1, version: 0 };
        },
      };
      return Promise.resolve({
        media: { host: "127.0.0.1", port: 31000, sessionId: 1, version: 1 },
        session,
      });
    },
  });
  return { ua, log };
}

export const toTagOf = (m: SipMessage) => /tag=([^;]+)/.exec(headerValue(m, "to")!)![1];
