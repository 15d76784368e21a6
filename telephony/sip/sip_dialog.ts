/** One INVITE dialog as the user agent server sees it (RFC 3261 §12). */
import { buildAnswer, type LocalMedia, type Negotiated } from "./sdp.ts";
import type { DialogAddress } from "./sip_build.ts";
import type { SipRequest } from "./sip_message.ts";
import { parseNameAddr, parseUri } from "./sip_parts.ts";
import type { CallSession } from "./sip_call.ts";
import type { Remote } from "./udp_socket.ts";

export interface DialogInit {
  callId: string;
  localTag: string;
  /** The caller's From header, which is our To inside the dialog. */
  remoteFrom: string;
  /** The INVITE's To header, which becomes our From (with our tag). */
  localTo: string;
  remoteTarget: string;
  routeSet: string[];
  remoteSeq: number;
  /** The CSeq of our last request so far (a call we placed: its INVITE's). */
  localSeq?: number;
  source: Remote;
  invite: SipRequest;
  inviteBranch: string | null;
  offer: Negotiated;
}

export class Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly source: Remote;
  readonly invite: SipRequest;
  readonly inviteBranch: string | null;
  remoteTarget: string;
  remoteSeq: number;
  state: "early" | "answered" | "confirmed" | "terminated" = "early";
  session?: CallSession;
  media?: LocalMedia;
  offer: Negotiated;
  /** The CSeq whose 2xx waits for its ACK, if any. */
  awaitingAck: number | null = null;
  ackTimer?: ReturnType<typeof setTimeout>;
  /** Our ACK of a call we placed, sent again if the callee repeats its 200. */
  ack?: Uint8Array;
  /** A 503 of ours says when to try again. */
  retryAfter = false;
  #localSeq = 0;
  #sdpVersion = 1;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly init: DialogInit) {
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.source = init.source;
    this.invite = init.invite;
    this.inviteBranch = init.inviteBranch;
    this.remoteTarget = init.remoteTarget;
    this.remoteSeq = init.remoteSeq;
    this.offer = init.offer;
    this.#localSeq = init.localSeq ?? 0;
  }

  address(): DialogAddress {
    const to = parseNameAddr(this.init.localTo);
    const local = to && !to.params.has("tag")
      ? `${this.init.localTo};tag=${this.localTag}`
      : this.init.localTo;
    return {
      callId: this.callId,
      local,
      remote: this.init.remoteFrom,
      remoteTarget: this.remoteTarget,
      routeSet: this.init.routeSet,
    };
  }

  nextSeq(): number {
    return ++this.#localSeq;
  }

  /**
   * Where a request of ours goes: the first route of the route set (a proxy that stays in the
   * path, loose routing), else the remote target; the INVITE's source when neither resolves.
   */
  nextHop(): Remote {
    const first = this.init.routeSet[0];
    const uri = parseUri(first ? parseNameAddr(first)?.uri ?? "" : this.remoteTarget);
    if (!uri) return this.source;
    return { address: uri.host, port: uri.port ?? 5060 };
  }

  /** Our SDP; `bump` raises the version (a changed session description, RFC 3264 §8). */
  answerSdp(bump = false): string {
    if (bump) this.#sdpVersion++;
    return buildAnswer(this.offer, {
      ...this.media!,
      version: this.#sdpVersion,
    });
  }

  timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  clearTimers(): void {
    clearTimeout(this.ackTimer);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
