import assert from "node:assert/strict";
import dgram from "node:dgram";
import { encodeMuLaw } from "./g711.ts";
import { ThreadRecording } from "./recorder_threads.ts";
import { buildRtp } from "./rtp_packet.ts";

/** One party's second of 20 ms PCMU frames (a 400 Hz tone) to a recording's port. */
async function speak(port: number, ssrc: number) {
  const socket = dgram.createSocket("udp4");
  const tone = new Int16Array(160);
  for (let frame = 0; frame < 50; frame++) {
    for (let i = 0; i < 160; i++) {
      tone[i] = Math.round(8000 * Math.sin((2 * Math.PI * 400 * (frame * 160 + i)) / 8000));
    }
    const packet = buildRtp({
      payloadType: 0,
      sequence: frame,
      timestamp: frame * 160,
      ssrc,
      payload: encodeMuLaw(tone),
    });
    await new Promise<void>((r) => socket.send(packet, port, "127.0.0.1", () => r()));
    await new Promise((r) => setTimeout(r, 20));
  }
  socket.close();
}

Deno.test("recordings on a recorder thread: both parties on their channels, counted, closed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [a, b] = await Promise.all([
      ThreadRecording.open(`${dir}/a.wav`, Date.now()),
      ThreadRecording.open(`${dir}/b.wav`, Date.now()),
    ]);
    await a.recording.channel(1111, 0);
    await a.recording.channel(2222, 1);
    await b.recording.channel(3333, 0);
    // A's two parties talk at once, B's one party, and a stranger's packets to A are ignored.
    await Promise.all([
      speak(a.port, 1111),
      speak(a.port, 2222),
      speak(b.port, 3333),
      speak(a.port, 9999),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await a.recording.packets(), 100);
    const ra = await a.recording.stop();
    const rb = await b.recording.stop();
    assert.equal(ra.packets, 100);
    assert.equal(rb.packets, 50);
    assert.ok(ra.durationMs >= 900 && ra.durationMs < 3000, `A lasted ${ra.durationMs} ms`);
    // Stereo 16-bit: the left and right samples of A both carry the tone.
    const wav = await Deno.readFile(`${dir}/a.wav`);
    assert.equal(ra.bytes, wav.length);
    const samples = new Int16Array(wav.buffer, 44, (wav.length - 44) >> 1);
    const peak = (channel: number) => {
      let max = 0;
      for (let i = channel; i < samples.length; i += 2) max = Math.max(max, Math.abs(samples[i]));
      return max;
    };
    assert.ok(peak(0) > 5000 && peak(1) > 5000, `peaks ${peak(0)} / ${peak(1)}`);
    // The thread ended with its last recording; a new recording starts a new one.
    const c = await ThreadRecording.open(`${dir}/c.wav`, Date.now());
    assert.equal((await c.recording.stop()).packets, 0);
    await assert.rejects(() => c.recording.packets(), /no recording|terminated|failed/i);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
