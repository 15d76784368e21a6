/**
 * What a phone caller hears from the call's room as one stream. A browser hears each speaker
 * of the room as its own track and mixes them itself; a phone has one RTP stream. Mostly one
 * speaker reaches it (the agent); when a supervisor barges in (or music and a voice overlap)
 * the room sends two streams (two SSRCs) down the same transport, and forwarding both would
 * double the packet rate and garble both. So one stream leads — its packets are sent as they
 * come, no added delay — and each other stream's newest frames are mixed into them. A lead
 * silent for `quietMs` (paused by the room: muted, whisper ended) hands over to another.
 */
import { decodeMuLaw, encodeMuLaw } from "../g711.ts";

/** Frames kept per following stream: enough for jitter, little enough not to lag behind. */
const KEEP = 3;

export class RoomMixer {
  #streams = new Map<number, { frames: Uint8Array[]; lastAt: number }>();
  #lead: number | null = null;
  /** Frames sent with more than one speaker in them. */
  mixed = 0;

  constructor(private readonly quietMs = 100, private readonly now = () => performance.now()) {}

  /** One packet's μ-law payload from `ssrc`: the payload to send now, or null (kept for mixing). */
  push(ssrc: number, payload: Uint8Array): Uint8Array | null {
    const at = this.now();
    let stream = this.#streams.get(ssrc);
    if (!stream) this.#streams.set(ssrc, stream = { frames: [], lastAt: at });
    stream.lastAt = at;
    for (const [id, s] of this.#streams) {
      if (at - s.lastAt > this.quietMs) this.#streams.delete(id);
    }
    if (this.#lead === null || !this.#streams.has(this.#lead)) {
      // The new lead's own frames kept as a follower would only play late: dropped.
      this.#lead = ssrc;
      stream.frames = [];
    }
    if (ssrc !== this.#lead) {
      stream.frames.push(payload);
      if (stream.frames.length > KEEP) stream.frames.shift();
      return null;
    }
    const others: Uint8Array[] = [];
    for (const [id, s] of this.#streams) {
      const frame = id === ssrc ? undefined : s.frames.shift();
      if (frame) others.push(frame);
    }
    if (others.length === 0) return payload;
    this.mixed++;
    return mixUlaw(payload, others);
  }
}

/** `lead` with `others` added sample by sample (clipped), as long as `lead`. */
export function mixUlaw(lead: Uint8Array, others: Uint8Array[]): Uint8Array {
  const sum = Int32Array.from(decodeMuLaw(lead));
  for (const o of others) {
    const pcm = decodeMuLaw(o);
    for (let i = 0; i < Math.min(sum.length, pcm.length); i++) sum[i] += pcm[i];
  }
  const out = new Int16Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]));
  return encodeMuLaw(out);
}
