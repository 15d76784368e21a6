/**
 * A 16-bit PCM WAV file written as the call goes: the header's sizes are placeholders until
 * `close()`, and `repairWav()` fixes them from the file's length after a crash.
 */
import { SAMPLE_RATE } from "./stereo_mixer.ts";

const HEADER = 44;
const CHANNELS = 2;
const BYTES_PER_FRAME = CHANNELS * 2;

export function wavHeader(dataBytes: number, channels = CHANNELS, rate = SAMPLE_RATE): Uint8Array {
  const h = new Uint8Array(HEADER);
  const v = new DataView(h.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => h[at + i] = ch.charCodeAt(0));
  text(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVE");
  text(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, dataBytes, true);
  return h;
}

export class WavFile {
  #frames = 0;
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(readonly path: string, private readonly file: Deno.FsFile) {}

  static async create(path: string): Promise<WavFile> {
    const file = await Deno.open(path, { write: true, createNew: true });
    await writeAll(file, wavHeader(0));
    return new WavFile(path, file);
  }

  /** Frames (stereo samples) written so far. */
  get frames(): number {
    return this.#frames;
  }

  append(interleaved: Int16Array): Promise<unknown> {
    if (interleaved.length === 0) return this.#writing;
    this.#frames += interleaved.length / CHANNELS;
    const bytes = new Uint8Array(
      interleaved.buffer,
      interleaved.byteOffset,
      interleaved.byteLength,
    );
    // WAV is little-endian, as is every machine this runs on; writes stay in order.
    this.#writing = this.#writing.then(() => writeAll(this.file, bytes.slice()));
    return this.#writing;
  }

  /** Writes the real sizes into the header and closes; returns the file's byte length. */
  async close(): Promise<number> {
    await this.#writing;
    const data = this.#frames * BYTES_PER_FRAME;
    await this.file.seek(0, Deno.SeekMode.Start);
    await writeAll(this.file, wavHeader(data));
    this.file.close();
    return HEADER + data;
  }
}

/** After a crash: the header from the data actually on disk. Returns the duration in ms. */
export async function repairWav(path: string): Promise<{ bytes: number; durationMs: number }> {
  const { size } = await Deno.stat(path);
  const data = Math.max(0, Math.floor((size - HEADER) / BYTES_PER_FRAME) * BYTES_PER_FRAME);
  const file = await Deno.open(path, { write: true });
  try {
    await writeAll(file, wavHeader(data));
    await file.truncate(HEADER + data);
  } finally {
    file.close();
  }
  return { bytes: HEADER + data, durationMs: (data / BYTES_PER_FRAME / SAMPLE_RATE) * 1000 };
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await file.write(bytes.subarray(at));
}
