/**
 * A phone call the agent places through the trunk whose audio goes into a call's room: the
 * citizen called back from the seat (the room's `caller`, through `PhoneBridge` as an inbound
 * phone caller is) or the third party of a consultation (`third`, a second phone leg in the
 * call's existing room). The SIP side is the callbacks' (`placeCall`): INVITE, ringback, CANCEL
 * when given up, BYE at the end.
 */
import type { types } from "mediasoup";
import type { MediaConfig } from "../../server/config.ts";
import type { CallRoom } from "../call_room.ts";
import { MediaPeer } from "../media_peer.ts";
import type { PhoneBridge } from "./phone_bridge.ts";
import { PhoneLeg } from "./phone_bridge.ts";
import { type MediaClock, type RtpPortPool, RtpSession } from "./rtp_session.ts";
import type { CallSession } from "./sip_call.ts";
import type { SipUa } from "./sip_ua.ts";
import { placeCall, type PlaceResult } from "./sip_uac.ts";
import type { Remote } from "./udp_socket.ts";

/** What a bound edge with an outbound trunk and a media layer lends (SipEdge.trunk()). */
export interface TrunkParts {
  ua: SipUa;
  ports: RtpPortPool;
  clock: MediaClock;
  host: string;
  trunk: Remote;
  auth?: { user: string; password: string };
  bridge: PhoneBridge;
  network: MediaConfig;
}

/** How a dial ended when nobody talked: the seat shows it, `calls.dial_result` keeps it. */
export type DialResult = "answered" | "busy" | "no_answer" | "rejected" | "failed" | "cancelled";

export function dialResult(status: number): DialResult {
  if (status === 486 || status === 600) return "busy";
  if (status === 408 || status === 480 || status === 487) return "no_answer";
  if ([403, 404, 410, 484, 488, 603, 604, 606].includes(status)) return "rejected";
  return "failed";
}

/** Digits (and a leading +) as the trunk expects them. */
export function dialable(number: string): string | null {
  const n = number.replace(/[\s-]/g, "");
  return /^\+?[0-9]{3,20}$/.test(n) ? n : null;
}

export class OutboundCall {
  readonly rtp: RtpSession;
  sipCallId = "";
  /** Resolves when the far end hangs up (BYE) after answering. */
  readonly farHungUp: Promise<void>;
  #farHungUp!: () => void;
  #answered = false;
  #closed = false;

  private constructor(private readonly p: TrunkParts, readonly startedAt: number) {
    // The far end is known only from its answer: silent until then.
    this.rtp = new RtpSession({
      codec: "PCMU",
      pt: 0,
      dtmfPt: null,
      remoteHost: "0.0.0.0",
      remotePort: 9,
      peerDirection: "inactive",
      ptime: 20,
    });
    this.farHungUp = new Promise((resolve) => this.#farHungUp = resolve);
  }

  static async open(p: TrunkParts): Promise<OutboundCall> {
    const call = new OutboundCall(p, Date.now());
    call.rtp.attach(await p.ports.open(call.rtp));
    p.clock.add(call.rtp);
    return call;
  }

  async dial(
    number: string,
    o: { onRinging?: () => void; signal?: AbortSignal; ringMs?: number },
  ): Promise<PlaceResult> {
    const local = { host: this.p.host, port: this.rtp.localPort, sessionId: this.startedAt };
    const session: CallSession = {
      confirmed: () => {},
      ended: () => this.#farHungUp(),
      digit: () => {},
      reoffer: (offer) => {
        this.rtp.update(offer);
        return { ...local, version: 1 };
      },
    };
    const placed = await placeCall(this.p.ua, {
      uri: `sip:${number}@${this.p.trunk.address}:${this.p.trunk.port}`,
      via: this.p.trunk,
      from: "12345",
      media: { ...local, version: 1 },
      session,
      auth: this.p.auth,
      ringMs: o.ringMs ?? 40_000,
      onRinging: o.onRinging,
      signal: o.signal,
    });
    this.sipCallId = placed.callId;
    if (placed.ok) {
      this.#answered = true;
      this.rtp.update(placed.answer);
      // An answer that crossed our CANCEL: nobody wants it any more.
      if (o.signal?.aborted) await this.hangUp();
    }
    return placed;
  }

  /** Our BYE (once answered); the RTP port is released either way. */
  async hangUp(): Promise<void> {
    if (this.#answered && !this.#closed) await this.p.ua.hangup(this.sipCallId);
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#farHungUp();
    this.p.clock.remove(this.rtp);
    this.rtp.close();
  }
}

/**
 * The third party of a consultation as a party of the call's room: two PlainTransports on the
 * call's router (as a phone caller's leg, `PhoneBridge`), role `third`. What it hears is
 * `hears()`'s to decide per phase; several speakers reach it mixed (room_mixer.ts).
 */
export async function attachThird(
  room: CallRoom,
  p: TrunkParts,
  rtp: RtpSession,
): Promise<PhoneLeg> {
  const router = room.router;
  const listenInfo = { protocol: "udp" as const, ip: p.network.listenIp };
  const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
  const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
  // The socket hears the room before the leg exists: it forwards once the leg is made.
  const slot: { leg?: PhoneLeg } = {};
  const sock = await p.ports.openRaw((bytes) => slot.leg?.fromRoom(bytes)).catch((e) => {
    send.close();
    recv.close();
    throw e;
  });
  await recv.connect({ ip: p.network.listenIp, port: sock.port });
  const peer = new MediaPeer(
    "third",
    send as unknown as types.WebRtcTransport,
    recv as unknown as types.WebRtcTransport,
    null,
  );
  peer.listen(() => {}); // a phone has no page to tell
  const into = {
    address: send.tuple.localAddress ?? send.tuple.localIp,
    port: send.tuple.localPort,
  };
  const made = slot.leg = new PhoneLeg(room, peer, sock, into, rtp);
  await room.serial(async () => {
    room.peers.set(peer.id, peer);
    await room.produce(peer, {
      codecs: [{ mimeType: "audio/PCMU", payloadType: 0, clockRate: 8000, channels: 1 }],
      encodings: [{ ssrc: made.ssrc }],
    });
    await room.ready(peer, router.rtpCapabilities);
  });
  return made;
}
