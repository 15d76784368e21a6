import assert from "node:assert/strict";
import { decodeMuLaw } from "./g711.ts";
import { FRAME_SAMPLES, holdMusicFrames, holdMusicSamples } from "./hold_music_loop.ts";

const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / s.length);

Deno.test("the hold music loop: 8 s of 20 ms PCMU frames, audible, never clipping", () => {
  const frames = holdMusicFrames();
  assert.equal(frames.length, 400);
  assert.ok(frames.every((f) => f.length === FRAME_SAMPLES));
  const pcm = holdMusicSamples();
  const peak = pcm.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  assert.ok(peak > 6000 && peak < 12000, `peak ${peak}`);
  // Audible throughout: each second of it has sound (no gap a caller could take for a drop).
  for (let s = 0; s < 8; s++) {
    const second = decodeMuLaw(
      frames.slice(s * 50, s * 50 + 50).reduce((a, f) => {
        const out = new Uint8Array(a.length + f.length);
        out.set(a);
        out.set(f, a.length);
        return out;
      }, new Uint8Array()),
    );
    assert.ok(rms(second) > 500, `second ${s}: rms ${rms(second)}`);
  }
  // The loop's seam is quiet at both ends, so repeating it does not click.
  assert.ok(Math.abs(pcm[0]) < 200 && Math.abs(pcm[pcm.length - 1]) < 200);
});
