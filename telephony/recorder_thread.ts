/**
 * The recorders' side of a recorder thread (a Web Worker, telephony/recorder_threads.ts): each
 * recording's loopback UDP socket, its stereo mixer and its WAV file live here, so the
 * 50 packets a second per party are received and decoded off the server's event loop. The main
 * thread keeps everything mediasoup (transports, consumers) and asks by message.
 */
/// <reference lib="deno.worker" />
import dgram from "node:dgram";
import { decodeMuLaw } from "./g711.ts";
import type { RecorderReply, RecorderRequest } from "./recorder_protocol.ts";
import { parseRtp } from "./rtp_packet.ts";
import { StereoMixer } from "./stereo_mixer.ts";
import { WavFile } from "./wav_file.ts";

/** Audio this late is still placed: network jitter on loopback is far below it. */
const JITTER_MS = 300;
const FLUSH_MS = 500;

interface Recording {
  socket: dgram.Socket;
  wav: WavFile;
  mixer: StereoMixer;
  channelOf: Map<number, 0 | 1>;
  packets: number;
  timer: ReturnType<typeof setInterval>;
}

const recordings = new Map<number, Recording>();

function flush(id: number, r: Recording, until: number) {
  void r.wav.append(r.mixer.drain(r.mixer.positionAt(until))).catch((e) =>
    console.error(`recording ${id} (${r.wav.path}): write failed:`, (e as Error).message)
  );
}

async function open(id: number, path: string, startedAt: number): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve());
  });
  let wav: WavFile;
  try {
    wav = await WavFile.create(path);
  } catch (error) {
    socket.close();
    throw error;
  }
  const r: Recording = {
    socket,
    wav,
    mixer: new StereoMixer(startedAt),
    channelOf: new Map(),
    packets: 0,
    timer: setInterval(() => flush(id, r, Date.now() - JITTER_MS), FLUSH_MS),
  };
  socket.on("message", (msg: Uint8Array) => {
    const rtp = parseRtp(msg);
    if (!rtp || rtp.payloadType !== 0) return;
    const channel = r.channelOf.get(rtp.ssrc);
    if (channel === undefined) return;
    r.packets++;
    r.mixer.push(channel, rtp.ssrc, rtp.timestamp, decodeMuLaw(rtp.payload), Date.now());
  });
  recordings.set(id, r);
  return socket.address().port;
}

async function stop(id: number): Promise<RecorderReply["result"]> {
  const r = recordings.get(id);
  if (!r) throw new Error(`no recording ${id}`);
  recordings.delete(id);
  clearInterval(r.timer);
  // Packets already in flight on loopback land within a few milliseconds.
  await new Promise((resolve) => setTimeout(resolve, 30));
  r.socket.close();
  flush(id, r, Date.now());
  const bytes = await r.wav.close();
  return {
    durationMs: Math.round((r.wav.frames / 8000) * 1000),
    bytes,
    packets: r.packets,
    dropped: r.mixer.dropped,
  };
}

self.onmessage = async (e: MessageEvent<RecorderRequest>) => {
  const m = e.data;
  const reply = (x: Omit<RecorderReply, "req">) => self.postMessage({ req: m.req, ...x });
  try {
    if (m.op === "open") reply({ port: await open(m.id, m.path, m.startedAt) });
    else if (m.op === "channel") {
      recordings.get(m.id)?.channelOf.set(m.ssrc, m.channel);
      reply({});
    } else if (m.op === "count") reply({ packets: recordings.get(m.id)?.packets ?? 0 });
    else reply({ result: await stop(m.id) });
  } catch (error) {
    reply({ error: (error as Error).message });
  }
};
