import assert from "node:assert/strict";
import { decodeMuLaw, encodeMuLaw } from "./g711.ts";
import { buildRtp, parseRtp } from "./rtp_packet.ts";
import { SAMPLE_RATE, StereoMixer } from "./stereo_mixer.ts";
import { repairWav, WavFile } from "./wav_file.ts";

const tone = (n: number, amp: number) =>
  Int16Array.from(
    { length: n },
    (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 440 * i) / 8000)),
  );

Deno.test("decodeMuLaw() inverts encodeMuLaw() within G.711's quantisation step", () => {
  const samples = tone(160, 20000);
  const back = decodeMuLaw(encodeMuLaw(samples));
  for (let i = 0; i < samples.length; i++) {
    assert.ok(Math.abs(back[i] - samples[i]) <= Math.abs(samples[i]) / 16 + 8, `sample ${i}`);
  }
  // μ-law silence is 0xff, and decodes to zero.
  assert.equal(encodeMuLaw(new Int16Array([0]))[0], 0xff);
  assert.equal(decodeMuLaw(new Uint8Array([0xff]))[0], 0);
});

Deno.test("parseRtp() reads what buildRtp() wrote and skips RTCP", () => {
  const payload = new Uint8Array([1, 2, 3]);
  const p = parseRtp(
    buildRtp({ payloadType: 0, sequence: 65535, timestamp: 2 ** 32 - 1, ssrc: 42, payload }),
  );
  assert.deepEqual(p, {
    payloadType: 0,
    marker: false,
    sequence: 65535,
    timestamp: 2 ** 32 - 1,
    ssrc: 42,
    payload,
  });
  const rtcp = new Uint8Array(28);
  rtcp[0] = 0x80;
  rtcp[1] = 200; // sender report
  assert.equal(parseRtp(rtcp), null);
  assert.equal(parseRtp(new Uint8Array(5)), null);
});

Deno.test("StereoMixer lays each party on its channel at the time it spoke, across a timestamp wrap", () => {
  const mixer = new StereoMixer(0);
  const frame = tone(160, 1000);
  // The caller from the start; the agent joins 100 ms later with timestamps about to wrap.
  for (let i = 0; i < 10; i++) mixer.push(0, 1, 1000 + i * 160, frame, 20 * (i + 1));
  for (let i = 0; i < 5; i++) mixer.push(1, 2, 2 ** 32 - 320 + i * 160, frame, 100 + 20 * (i + 1));
  const out = mixer.drain(mixer.positionAt(200));
  assert.equal(out.length, 2 * SAMPLE_RATE / 5);
  const left = out.filter((_, i) => i % 2 === 0);
  const right = out.filter((_, i) => i % 2 === 1);
  const energy = (a: Int16Array, from: number, to: number) =>
    a.slice(from, to).reduce((s, v) => s + Math.abs(v), 0);
  assert.ok(energy(left, 0, 800) > 0);
  assert.equal(energy(right, 0, 800), 0, "the agent was silent before joining");
  assert.ok(energy(right, 800, 1600) > 0);
  assert.equal(mixer.dropped, 0);
});

Deno.test("WavFile writes a playable header at close, and repairWav() fixes one a crash left", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const wav = await WavFile.create(`${dir}/a.wav`);
    await wav.append(new Int16Array(8000 * 2).fill(100));
    assert.equal(await wav.close(), 44 + 32000);
    const bytes = await Deno.readFile(`${dir}/a.wav`);
    const v = new DataView(bytes.buffer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "RIFF");
    assert.equal(v.getUint16(22, true), 2);
    assert.equal(v.getUint32(24, true), 8000);
    assert.equal(v.getUint32(40, true), 32000);

    // A crash: data on disk, sizes still zero.
    const crashed = await WavFile.create(`${dir}/b.wav`);
    await crashed.append(new Int16Array(4000 * 2).fill(5));
    const fixed = await repairWav(`${dir}/b.wav`);
    assert.deepEqual(fixed, { bytes: 44 + 16000, durationMs: 500 });
    const b = await Deno.readFile(`${dir}/b.wav`);
    assert.equal(new DataView(b.buffer).getUint32(40, true), 16000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
