/**
 * Records one call: a PlainTransport on the call's router sends the consumed RTP (PCMU) to a
 * loopback UDP socket of this process, which lays it onto a stereo WAV file (left: the caller,
 * right: the agent and a barging supervisor). Both parties, two tracks, one file any browser plays.
 */
import dgram from "node:dgram";
import type { types } from "mediasoup";
import { decodeMuLaw } from "./g711.ts";
import { parseRtp } from "./rtp_packet.ts";
import { StereoMixer } from "./stereo_mixer.ts";
import { WavFile } from "./wav_file.ts";

/** Audio this late is still placed: network jitter on loopback is far below it. */
const JITTER_MS = 300;
const FLUSH_MS = 500;

export interface RecordingResult {
  path: string;
  durationMs: number;
  bytes: number;
  packets: number;
  dropped: number;
}

export class Recorder {
  readonly #channelOf = new Map<number, 0 | 1>();
  readonly #mixer: StereoMixer;
  #flushTimer?: ReturnType<typeof setInterval>;
  #stopped?: Promise<RecordingResult>;
  packets = 0;

  private constructor(
    readonly transport: types.PlainTransport,
    private readonly socket: dgram.Socket,
    private readonly wav: WavFile,
    readonly startedAt: number,
  ) {
    this.#mixer = new StereoMixer(startedAt);
  }

  static async start(router: types.Router, path: string): Promise<Recorder> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve());
    });
    let transport: types.PlainTransport | undefined;
    try {
      transport = await router.createPlainTransport({
        listenInfo: { protocol: "udp", ip: "127.0.0.1" },
        rtcpMux: true,
        comedia: false,
      });
      await transport.connect({ ip: "127.0.0.1", port: socket.address().port });
      const wav = await WavFile.create(path);
      const recorder = new Recorder(transport, socket, wav, Date.now());
      socket.on("message", (msg: Uint8Array) => recorder.#onPacket(msg));
      recorder.#flushTimer = setInterval(() => recorder.#flush(Date.now() - JITTER_MS), FLUSH_MS);
      return recorder;
    } catch (error) {
      transport?.close();
      socket.close();
      throw error;
    }
  }

  get path(): string {
    return this.wav.path;
  }

  /** Consumes a party's producer onto a channel; the room pauses and resumes it like any other. */
  async consume(
    producer: types.Producer,
    channel: 0 | 1,
    paused: boolean,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<types.Consumer> {
    const consumer = await this.transport.consume({
      producerId: producer.id,
      rtpCapabilities,
      paused,
    });
    const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc !== undefined) this.#channelOf.set(ssrc, channel);
    return consumer;
  }

  #onPacket(msg: Uint8Array) {
    const rtp = parseRtp(msg);
    if (!rtp || rtp.payloadType !== 0) return;
    const channel = this.#channelOf.get(rtp.ssrc);
    if (channel === undefined) return;
    this.packets++;
    this.#mixer.push(channel, rtp.ssrc, rtp.timestamp, decodeMuLaw(rtp.payload), Date.now());
  }

  #flush(until: number) {
    void this.wav.append(this.#mixer.drain(this.#mixer.positionAt(until))).catch((e) =>
      console.error(`recording ${this.path}: write failed:`, (e as Error).message)
    );
  }

  /** Stops at the call's end (or a dead worker): the file keeps what arrived until then. */
  stop(): Promise<RecordingResult> {
    this.#stopped ??= (async () => {
      clearInterval(this.#flushTimer);
      this.transport.close();
      // Packets already in flight on loopback land within a few milliseconds.
      await new Promise((r) => setTimeout(r, 30));
      this.socket.close();
      this.#flush(Date.now());
      const bytes = await this.wav.close();
      return {
        path: this.path,
        durationMs: Math.round((this.wav.frames / 8000) * 1000),
        bytes,
        packets: this.packets,
        dropped: this.#mixer.dropped,
      };
    })();
    return this.#stopped;
  }
}
