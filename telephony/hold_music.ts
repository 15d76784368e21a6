/**
 * Music on hold. The first time a call is held, its router gets a PlainTransport with a PCMU
 * producer (role "music"), which the room adds as a source: the caller consumes it, resumed only
 * while held (`hears()`), so holding and resuming again only flip consumers. One loopback UDP
 * socket of this process sends the loop's frames every 20 ms to the transports of the calls on
 * hold now, and nothing to the others (no packets, no CPU, for calls that are not on hold).
 */
import dgram from "node:dgram";
import type { types } from "mediasoup";
import type { CallRoom } from "./call_room.ts";
import { FRAME_SAMPLES, holdMusicFrames } from "./hold_music_loop.ts";
import { buildRtp } from "./rtp_packet.ts";

const FRAME_MS = 20;
/** After a stall longer than this (a busy event loop), skip ahead instead of bursting. */
const MAX_CATCH_UP = 10;

interface Track {
  transport: types.PlainTransport;
  producer: types.Producer;
  port: number;
  ssrc: number;
  sequence: number;
  /** The RTP clock follows wall time across holds, so a receiver's jitter buffer stays sane. */
  epoch: number;
  /** While playing: when this hold's music started and how many frames went out since. */
  playing?: { since: number; sent: number; timestampBase: number };
}

export class HoldMusic {
  readonly #frames = holdMusicFrames();
  /** Each room's source, made on its first hold and kept until its router closes. */
  readonly #tracks = new Map<CallRoom, Promise<Track>>();
  /** The tracks sending now. */
  readonly #playing = new Set<Track>();
  #socket?: Promise<dgram.Socket>;
  #timer?: ReturnType<typeof setInterval>;
  /** Frames sent in all (tests and the load bench read it). */
  sent = 0;

  /** The caller of `room` hears music from now until `stop` (the room is already "held"). */
  async play(room: CallRoom): Promise<void> {
    const track = await this.#track(room);
    if (room.closed || track.transport.closed || track.playing) return;
    const now = Date.now();
    track.playing = { since: now, sent: 0, timestampBase: (now - track.epoch) * 8 };
    this.#playing.add(track);
    this.#timer ??= setInterval(() => this.#tick(), FRAME_MS);
  }

  /** The hold ended (resumed, transferred): the music stops at once. */
  async stop(room: CallRoom): Promise<void> {
    const track = await this.#tracks.get(room)?.catch(() => undefined);
    if (track) this.#halt(track);
  }

  #halt(track: Track): void {
    track.playing = undefined;
    this.#playing.delete(track);
    if (this.#playing.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #track(room: CallRoom): Promise<Track> {
    let pending = this.#tracks.get(room);
    if (!pending) {
      pending = this.#create(room);
      this.#tracks.set(room, pending);
      pending.catch(() => this.#tracks.delete(room));
    }
    return pending;
  }

  async #create(room: CallRoom): Promise<Track> {
    await this.#openSocket();
    // Loopback whatever the room's network: this process is the only sender.
    const transport = await room.router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: true,
    });
    const ssrc = crypto.getRandomValues(new Uint32Array(1))[0];
    try {
      const producer = await transport.produce({
        kind: "audio",
        rtpParameters: {
          codecs: [{ mimeType: "audio/PCMU", payloadType: 0, clockRate: 8000, channels: 1 }],
          encodings: [{ ssrc }],
        },
        appData: { music: true },
      });
      const track: Track = {
        transport,
        producer,
        port: transport.tuple.localPort,
        ssrc,
        sequence: crypto.getRandomValues(new Uint16Array(1))[0],
        epoch: Date.now(),
      };
      // The router closes with the call (or a dead worker): its transports close with it.
      transport.observer.once("close", () => {
        this.#halt(track);
        this.#tracks.delete(room);
      });
      await room.addSource({ role: "music", producer, closed: false });
      return track;
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  #openSocket(): Promise<dgram.Socket> {
    this.#socket ??= new Promise((resolve, reject) => {
      const socket = dgram.createSocket("udp4");
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve(socket));
    });
    return this.#socket;
  }

  #tick(): void {
    void this.#socket?.then((socket) => {
      const now = Date.now();
      for (const track of this.#playing) this.#send(socket, track, now);
    });
  }

  /** Every frame due since the hold began: timers drift, the RTP clock must not. */
  #send(socket: dgram.Socket, track: Track, now: number): void {
    const p = track.playing;
    if (!p || track.transport.closed) return;
    const due = Math.floor((now - p.since) / FRAME_MS) + 1;
    if (due - p.sent > MAX_CATCH_UP) p.sent = due - 1;
    for (; p.sent < due; p.sent++) {
      track.sequence = (track.sequence + 1) & 0xffff;
      const packet = buildRtp({
        payloadType: 0,
        sequence: track.sequence,
        timestamp: p.timestampBase + p.sent * FRAME_SAMPLES,
        ssrc: track.ssrc,
        payload: this.#frames[p.sent % this.#frames.length],
        // The start of a talkspurt: the receiver resets its jitter buffer to it.
        marker: p.sent === 0,
      });
      socket.send(packet, track.port, "127.0.0.1");
      this.sent++;
    }
  }

  /** Stops every sender (the media layer is stopping; the routers close on their own). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#playing.clear();
    this.#tracks.clear();
    const socket = await this.#socket?.catch(() => undefined);
    this.#socket = undefined;
    socket?.close();
  }
}
