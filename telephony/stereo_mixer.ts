/**
 * Lays the RTP audio of a call's parties onto two channels (left: the caller; right: the agent,
 * with a barging supervisor mixed in) by sample position, so the file keeps the call's real
 * timing: gaps (hold, loss) become silence, and parties joining late start where they joined.
 * Pure: times are passed in.
 */
export const SAMPLE_RATE = 8000;
/** Packets this far ahead of the drained position fit; later ones wait for a drain. */
const WINDOW = SAMPLE_RATE * 8;
/** A source whose timestamps drift this far from its arrival time is re-anchored (pause, reset). */
const REANCHOR = SAMPLE_RATE;

interface Anchor {
  timestamp: number;
  position: number;
}

export class StereoMixer {
  readonly #channels = [new Int32Array(WINDOW), new Int32Array(WINDOW)];
  readonly #anchors = new Map<number, Anchor>();
  /** Samples before this position are written out: late packets for them are dropped. */
  #drained = 0;
  dropped = 0;

  constructor(private readonly startedAt: number) {}

  get drained(): number {
    return this.#drained;
  }

  /** The sample position of a wall-clock time. */
  positionAt(ms: number): number {
    return Math.max(0, Math.floor(((ms - this.startedAt) * SAMPLE_RATE) / 1000));
  }

  /** Adds one packet's samples from source `ssrc` onto `channel`. */
  push(channel: 0 | 1, ssrc: number, timestamp: number, samples: Int16Array, arrivedAt: number) {
    const wall = this.positionAt(arrivedAt) - samples.length;
    let anchor = this.#anchors.get(ssrc);
    let position = anchor ? anchor.position + ((timestamp - anchor.timestamp) | 0) : wall;
    if (!anchor || Math.abs(position - wall) > REANCHOR) {
      anchor = { timestamp, position: Math.max(wall, 0) };
      this.#anchors.set(ssrc, anchor);
      position = anchor.position;
    }
    const buffer = this.#channels[channel];
    for (let i = 0; i < samples.length; i++) {
      const at = position + i;
      if (at < this.#drained || at >= this.#drained + WINDOW) {
        this.dropped++;
        continue;
      }
      buffer[at % WINDOW] += samples[i];
    }
  }

  /** Interleaved 16-bit stereo from the drained position up to `until` (clipped to the window). */
  drain(until: number): Int16Array {
    const end = Math.min(until, this.#drained + WINDOW);
    const n = Math.max(0, end - this.#drained);
    const out = new Int16Array(n * 2);
    const [left, right] = this.#channels;
    for (let i = 0; i < n; i++) {
      const at = (this.#drained + i) % WINDOW;
      out[2 * i] = clip(left[at]);
      out[2 * i + 1] = clip(right[at]);
      left[at] = 0;
      right[at] = 0;
    }
    this.#drained += n;
    return out;
  }
}

function clip(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
