/**
 * The audio of one call: 20 ms G.711 frames out (prompts, then silence), caller audio in
 * (recorded on demand, counted), RFC 4733 digits detected. One shared clock drives every
 * session's sending, so 200 calls cost one timer, not 200.
 */
import { Rfc4733Detector } from "./dtmf.ts";
import { ulawToAlaw } from "../g711.ts";
import { buildRtp, parseRtp, type RtpPacket } from "../rtp_packet.ts";
import type { Negotiated } from "./sdp.ts";
import { type Remote, UdpSocket } from "./udp_socket.ts";

const FRAME_MS = 20;
const FRAME_BYTES = 160;
const SILENCE = { PCMU: 0xff, PCMA: 0xd5 } as const;

export interface RtpStats {
  rtpIn: number;
  rtpOut: number;
  digits: number;
  /** Packets that were not RTP, or came from an address other than the negotiated one. */
  ignored: number;
}

interface Playback {
  audio: Uint8Array;
  offset: number;
  done: (completed: boolean) => void;
}

export class RtpSession {
  readonly stats: RtpStats = { rtpIn: 0, rtpOut: 0, digits: 0, ignored: 0 };
  onDigit?: (digit: string) => void;
  /** While set, caller audio also goes here (the bridge to an agent). */
  onAudio?: (packet: RtpPacket) => void;
  /** While true, the clock sends nothing: the bridge sends the agent's audio instead. */
  bridged = false;
  #socket?: UdpSocket;
  #remote: Remote;
  #neg: Negotiated;
  #detector = new Rfc4733Detector();
  #queue: Playback[] = [];
  #recording: Uint8Array[] | null = null;
  #recordedBytes = 0;
  #seq = Math.floor(Math.random() * 65536);
  #ts = Math.floor(Math.random() * 2 ** 31);
  #ssrc = crypto.getRandomValues(new Uint32Array(1))[0];
  #started = performance.now();
  #frames = 0;
  #first = true;
  #closed = false;

  constructor(neg: Negotiated) {
    this.#neg = neg;
    this.#remote = { address: neg.remoteHost, port: neg.remotePort };
  }

  attach(socket: UdpSocket): void {
    this.#socket = socket;
  }

  get localPort(): number {
    return this.#socket?.port ?? 0;
  }

  get codec(): Negotiated["codec"] {
    return this.#neg.codec;
  }

  /** A re-INVITE moved the far end or changed the codec. */
  update(neg: Negotiated): void {
    this.#neg = neg;
    this.#remote = { address: neg.remoteHost, port: neg.remotePort };
    this.#detector = new Rfc4733Detector();
  }

  receive(bytes: Uint8Array, from: Remote): void {
    const p = parseRtp(bytes);
    // Only from the host the SDP named; its port may differ behind NAT (symmetric RTP latches).
    if (!p || from.address !== this.#remote.address) {
      this.stats.ignored++;
      return;
    }
    if (from.port !== this.#remote.port) this.#remote = from;
    this.stats.rtpIn++;
    if (this.#neg.dtmfPt !== null && p.payloadType === this.#neg.dtmfPt) {
      const digit = this.#detector.push(p);
      if (digit !== null) {
        this.stats.digits++;
        this.onDigit?.(digit);
      }
      return;
    }
    if (p.payloadType !== this.#neg.pt) {
      this.stats.ignored++;
      return;
    }
    if (this.#recording && this.#recordedBytes < RECORD_LIMIT) {
      this.#recording.push(p.payload.slice());
      this.#recordedBytes += p.payload.length;
    }
    this.onAudio?.(p);
  }

  /** Queues μ-law audio; true when it played to the end, false when stopped or closed. */
  play(ulaw: Uint8Array): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    const audio = this.#neg.codec === "PCMA" ? ulawToAlaw(ulaw) : ulaw;
    return new Promise((done) => this.#queue.push({ audio, offset: 0, done }));
  }

  /** Stops what plays and everything queued (a digit barged in). */
  stopPlayback(): void {
    for (const p of this.#queue.splice(0)) p.done(false);
  }

  get playing(): boolean {
    return this.#queue.length > 0;
  }

  startRecording(): void {
    this.#recording = [];
    this.#recordedBytes = 0;
  }

  /** The caller's audio since `startRecording`, in the call's codec. */
  stopRecording(): Uint8Array {
    const chunks = this.#recording ?? [];
    this.#recording = null;
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** The agent's audio from the bridge, already in the call's codec. */
  sendPayload(payload: Uint8Array, timestampStep = payload.length): void {
    this.#send(payload);
    this.#ts += timestampStep - payload.length;
  }

  /** Called by the clock: sends the frames that are due. */
  tick(now: number): void {
    if (this.#closed || !this.#socket) return;
    let due = Math.floor((now - this.#started) / FRAME_MS) - this.#frames;
    if (due > 5) {
      // The process stalled: skip ahead instead of bursting a second of audio.
      this.#frames += due - 2;
      this.#ts += (due - 2) * FRAME_BYTES;
      due = 2;
    }
    for (; due > 0; due--) {
      this.#frames++;
      if (this.bridged) continue;
      this.#send(this.#nextFrame());
    }
  }

  #nextFrame(): Uint8Array {
    const frame = new Uint8Array(FRAME_BYTES).fill(SILENCE[this.#neg.codec]);
    let filled = 0;
    while (filled < FRAME_BYTES && this.#queue.length > 0) {
      const p = this.#queue[0];
      const n = Math.min(FRAME_BYTES - filled, p.audio.length - p.offset);
      frame.set(p.audio.subarray(p.offset, p.offset + n), filled);
      filled += n;
      p.offset += n;
      if (p.offset >= p.audio.length) {
        this.#queue.shift();
        p.done(true);
        // One prompt per frame boundary: the next one starts in the next frame.
        break;
      }
    }
    return frame;
  }

  #send(payload: Uint8Array): void {
    if (this.#neg.peerDirection === "sendonly" || this.#neg.peerDirection === "inactive") {
      this.#ts += payload.length;
      return; // the caller holds us: nothing to send
    }
    const packet = buildRtp({
      payloadType: this.#neg.pt,
      marker: this.#first,
      sequence: this.#seq,
      timestamp: this.#ts,
      ssrc: this.#ssrc,
      payload,
    });
    this.#first = false;
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#ts = (this.#ts + payload.length) >>> 0;
    this.#socket!.sendNow(packet, this.#remote);
    this.stats.rtpOut++;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.stopPlayback();
    this.#socket?.close();
  }
}

/** 5 MB is the case attachment limit; as 16-bit WAV that is ≈ 5 min of G.711 (8 kB/s raw). */
const RECORD_LIMIT = 300 * 8000;

/**
 * The one 20 ms ticker for every session of the process. It also measures how late it runs: a
 * late ticker means the process has more calls than it can carry (the edge then refuses new
 * ones rather than let every call's audio break up).
 */
export class MediaClock {
  #sessions = new Set<RtpSession>();
  #timer?: ReturnType<typeof setInterval>;
  #last = 0;
  /** Smoothed lateness of the ticker in ms (exponential average). */
  lagMs = 0;

  add(s: RtpSession): void {
    this.#sessions.add(s);
    this.#last = performance.now();
    this.#timer ??= setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - this.#last - FRAME_MS / 2);
      this.#last = now;
      this.lagMs = this.lagMs * 0.9 + late * 0.1;
      for (const session of this.#sessions) session.tick(now);
    }, FRAME_MS / 2);
  }

  remove(s: RtpSession): void {
    this.#sessions.delete(s);
    if (this.#sessions.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.lagMs = 0;
    }
  }

  get size(): number {
    return this.#sessions.size;
  }
}

/** Even ports of RTP_PORT_MIN…MAX, handed out round-robin; a busy port is skipped. */
export class RtpPortPool {
  #next: number;

  constructor(readonly host: string, readonly min: number, readonly max: number) {
    this.#next = min + (min % 2);
  }

  open(session: RtpSession): Promise<UdpSocket> {
    return this.openRaw((b, from) => session.receive(b, from));
  }

  async openRaw(onBytes: (bytes: Uint8Array, from: Remote) => void): Promise<UdpSocket> {
    const count = Math.floor((this.max - this.min) / 2) + 1;
    for (let i = 0; i < count; i++) {
      const port = this.#next;
      this.#next = port + 2 > this.max ? this.min + (this.min % 2) : port + 2;
      try {
        return await UdpSocket.bind(this.host, port, onBytes);
      } catch {
        // In use (another call, another process): try the next one.
      }
    }
    throw new Error(`no free RTP port in ${this.min}-${this.max}`);
  }
}
