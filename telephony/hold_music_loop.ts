/**
 * The music a held caller hears: an 8-second loop synthesised in code (a soft pentatonic melody
 * in the telephone band), so there is nothing to download, license or keep beside the clone.
 * Made once per process, as μ-law frames of 20 ms — what the call's router forwards as PCMU.
 */
import { encodeMuLaw } from "./g711.ts";

const RATE = 8000;
/** 20 ms of PCMU at 8 kHz: one RTP packet. */
export const FRAME_SAMPLES = 160;
const NOTE_S = 0.4;
// G4 A4 C5 D5 E5 G5 A5 C6: all well inside 300–3400 Hz, so nothing is lost on a phone line.
const G4 = 392, A4 = 440, C5 = 523.25, D5 = 587.33, E5 = 659.25, G5 = 783.99, A5 = 880, C6 = 1046.5;
const MELODY = [C5, E5, G5, E5, D5, G5, A5, G5, E5, D5, C5, D5, E5, G5, C6, A5, G5, E5, A4, G4];

/** 16-bit samples of the loop (20 notes of 0.4 s). */
export function holdMusicSamples(): Int16Array {
  const noteSamples = Math.round(NOTE_S * RATE);
  const out = new Int16Array(MELODY.length * noteSamples);
  MELODY.forEach((f, n) => {
    for (let i = 0; i < noteSamples; i++) {
      const t = i / RATE;
      // A plucked shape: 15 ms attack, exponential decay, and a short fade so notes never click.
      const attack = Math.min(1, t / 0.015);
      const fade = Math.min(1, (noteSamples - i) / (0.02 * RATE));
      const env = attack * Math.exp(-t * 4) * fade;
      const tone = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
      // About −12 dBFS at the peak: clearly audible, never harsh through a phone's AGC.
      out[n * noteSamples + i] = Math.round(tone / 1.3 * env * 0.25 * 32767);
    }
  });
  return out;
}

let frames: Uint8Array[] | undefined;

/** The loop as μ-law RTP payloads of 20 ms each, made on first use. */
export function holdMusicFrames(): Uint8Array[] {
  if (frames) return frames;
  const ulaw = encodeMuLaw(holdMusicSamples());
  frames = [];
  for (let i = 0; i + FRAME_SAMPLES <= ulaw.length; i += FRAME_SAMPLES) {
    frames.push(ulaw.slice(i, i + FRAME_SAMPLES));
  }
  return frames;
}
