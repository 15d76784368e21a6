/**
 * A phone caller's leg in the media layer: when the menu puts a caller in an ACD queue, the
 * call gets a room (as a web call does) so the agent's seat can join it; the caller is a party
 * of the room over two PlainTransports. The edge relays RTP: the caller's G.711 (A-law turned
 * to μ-law) into the room as the caller's producer, the agent's PCMU back to the caller. Keys
 * stay at the edge (mediasoup does not forward RFC 4733). The room follows the ACD's events
 * like any other (answer, hold, recording, listen-in, end): the media layer does that.
 */
import type { types } from "mediasoup";
import type { MediaConfig } from "../../server/config.ts";
import { CallRoom } from "../call_room.ts";
import type { MediaLayer } from "../media_layer.ts";
import { MediaPeer } from "../media_peer.ts";
import { alawToUlaw, ulawToAlaw } from "../g711.ts";
import { buildRtp, parseRtp } from "../rtp_packet.ts";
import { RoomMixer } from "./room_mixer.ts";
import type { RtpPortPool, RtpSession } from "./rtp_session.ts";
import type { Remote, UdpSocket } from "./udp_socket.ts";

export interface LegStats {
  /** Caller packets relayed into the room. */
  toRoom: number;
  /** Packets from the room (the agent, a barging supervisor, music) for the caller. */
  fromRoom: number;
  /** Packets sent to the caller with two speakers mixed in (a barge). */
  mixed: number;
}

export class PhoneLeg {
  readonly stats: LegStats = { toRoom: 0, fromRoom: 0, mixed: 0 };
  #mixer = new RoomMixer();
  #seq = Math.floor(Math.random() * 65536);
  readonly ssrc = crypto.getRandomValues(new Uint32Array(1))[0];
  readonly closed: Promise<void>;

  constructor(
    readonly room: CallRoom,
    readonly peer: MediaPeer,
    private readonly socket: UdpSocket,
    private readonly into: Remote,
    private readonly rtp: RtpSession,
  ) {
    this.closed = new Promise((resolve) => {
      if (room.router.closed) return resolve();
      room.router.observer.once("close", () => resolve());
    });
    this.closed.then(() => this.#release());
    rtp.onAudio = (p) => {
      const payload = rtp.codec === "PCMA" ? alawToUlaw(p.payload) : p.payload;
      this.socket.sendNow(
        buildRtp({
          payloadType: 0,
          marker: p.marker,
          sequence: this.#seq = (this.#seq + 1) & 0xffff,
          timestamp: p.timestamp,
          ssrc: this.ssrc,
          payload,
        }),
        this.into,
      );
      this.stats.toRoom++;
    };
  }

  /**
   * RTP from the room: the agent's voice, and a barging supervisor's (or music on hold) as a
   * second stream, mixed into one for the phone (room_mixer.ts).
   */
  fromRoom(bytes: Uint8Array): void {
    const p = parseRtp(bytes);
    if (!p || !this.rtp.bridged) return;
    this.stats.fromRoom++;
    const out = this.#mixer.push(p.ssrc, p.payload);
    if (!out) return;
    this.stats.mixed = this.#mixer.mixed;
    this.rtp.sendPayload(this.rtp.codec === "PCMA" ? ulawToAlaw(out) : out);
  }

  /** The conversation: our prompts and music stop, the agent is heard, until the room closes. */
  async talk(): Promise<void> {
    this.rtp.stopPlayback();
    this.rtp.bridged = true;
    try {
      await this.closed;
    } finally {
      this.rtp.bridged = false;
    }
  }

  #release(): void {
    this.rtp.onAudio = undefined;
    this.rtp.bridged = false;
    this.socket.close();
  }

  /** The caller left before the room closed (the ACD's end closes it too). */
  close(): void {
    if (!this.room.closed) this.room.leave(this.peer, "left");
    this.#release();
  }
}

/** Router, transports and socket made before the call is offered (see `PhoneBridge.prepare`). */
export interface PreparedLeg {
  /** Puts the call's room in place at once (no await), then adds the caller's audio to it. */
  attach(callId: number): PhoneLeg;
  discard(): void;
}

export class PhoneBridge {
  constructor(
    private readonly media: MediaLayer,
    private readonly network: MediaConfig,
    private readonly ports: RtpPortPool,
  ) {}

  /**
   * Everything slow, before the ACD hears of the call: the ACD may ring a seat within
   * milliseconds of the offer, and the seat's page joins the call's room as soon as it rings —
   * so the room must be in the media layer the moment the offer returns. Null when the media
   * layer is not up (the caller then talks without audio to a browser seat, as before).
   */
  async prepare(rtp: RtpSession): Promise<PreparedLeg | null> {
    const pool = this.media.status.status === "ready" ? this.media.pool : undefined;
    if (!pool) return null;
    const router = await pool.createRouter();
    let socket: UdpSocket | undefined;
    try {
      const listenInfo = { protocol: "udp" as const, ip: this.network.listenIp };
      const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
      const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
      let leg: PhoneLeg | undefined;
      const sock = socket = await this.ports.openRaw((bytes) => leg?.fromRoom(bytes));
      await recv.connect({ ip: this.network.listenIp, port: sock.port });
      return {
        attach: (callId) => {
          router.appData.callId = callId;
          const room = new CallRoom(callId, router, this.network);
          this.media.rooms.set(callId, room);
          const peer = new MediaPeer(
            "caller",
            send as unknown as types.WebRtcTransport,
            recv as unknown as types.WebRtcTransport,
            null,
          );
          peer.listen(() => {}); // a phone has no page to tell: nothing piles up
          room.peers.set(peer.id, peer);
          const into = {
            address: send.tuple.localAddress ?? send.tuple.localIp,
            port: send.tuple.localPort,
          };
          const made = new PhoneLeg(room, peer, sock, into, rtp);
          leg = made;
          room.serial(async () => {
            await room.produce(peer, {
              codecs: [{ mimeType: "audio/PCMU", payloadType: 0, clockRate: 8000, channels: 1 }],
              encodings: [{ ssrc: made.ssrc }],
            });
            await room.ready(peer, router.rtpCapabilities);
          }).catch((error) => console.error(`sip bridge: call ${callId}:`, error.message));
          return made;
        },
        discard: () => {
          sock.close();
          router.close();
        },
      };
    } catch (error) {
      socket?.close();
      router.close();
      throw error;
    }
  }
}
