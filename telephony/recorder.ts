/**
 * Records one call: a PlainTransport on the call's router sends the consumed RTP (PCMU) to a
 * loopback UDP socket, which lays it onto a stereo WAV file (left: the caller, right: the agent and
 * a barging supervisor). Both parties, two tracks, one file any browser plays. The socket, the
 * mixing and the file live on a recorder thread (recorder_threads.ts); mediasoup stays here.
 */
import type { types } from "mediasoup";
import { ThreadRecording } from "./recorder_threads.ts";
import { repairWav } from "./wav_file.ts";

export interface RecordingResult {
  path: string;
  durationMs: number;
  bytes: number;
  packets: number;
  dropped: number;
}

export class Recorder {
  #stopped?: Promise<RecordingResult>;

  private constructor(
    readonly transport: types.PlainTransport,
    private readonly recording: ThreadRecording,
    readonly path: string,
    readonly startedAt: number,
  ) {}

  static async start(router: types.Router, path: string): Promise<Recorder> {
    const startedAt = Date.now();
    const { recording, port } = await ThreadRecording.open(path, startedAt);
    let transport: types.PlainTransport | undefined;
    try {
      transport = await router.createPlainTransport({
        listenInfo: { protocol: "udp", ip: "127.0.0.1" },
        rtcpMux: true,
        comedia: false,
      });
      await transport.connect({ ip: "127.0.0.1", port });
      return new Recorder(transport, recording, path, startedAt);
    } catch (error) {
      transport?.close();
      await recording.stop().catch(() => {});
      throw error;
    }
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
    if (ssrc !== undefined) await this.recording.channel(ssrc, channel);
    return consumer;
  }

  /** RTP packets laid onto the file so far (the load bench reads it). */
  packets(): Promise<number> {
    return this.recording.packets();
  }

  /** Stops at the call's end (or a dead worker): the file keeps what arrived until then. */
  stop(): Promise<RecordingResult> {
    this.#stopped ??= (async () => {
      this.transport.close();
      try {
        return { path: this.path, ...await this.recording.stop() };
      } catch (error) {
        // The thread failed: the file keeps what was written, with its header made right.
        console.error(`recording ${this.path}:`, (error as Error).message);
        const fixed = await repairWav(this.path);
        return { path: this.path, ...fixed, packets: 0, dropped: 0 };
      }
    })();
    return this.#stopped;
  }
}
