import assert from "node:assert/strict";
import { decodeMuLaw, encodeMuLaw } from "../g711.ts";
import { mixUlaw, RoomMixer } from "./room_mixer.ts";

const tone = (level: number) => encodeMuLaw(new Int16Array(160).fill(level));
const level = (ulaw: Uint8Array) => decodeMuLaw(ulaw)[0];

Deno.test("room mixer: one speaker passes through untouched", () => {
  const m = new RoomMixer(100, () => 0);
  const frame = tone(1000);
  for (let i = 0; i < 5; i++) assert.equal(m.push(7, frame), frame);
  assert.equal(m.mixed, 0);
});

Deno.test("room mixer: two speakers (agent and a barging supervisor) become one stream, mixed", () => {
  let now = 0;
  const m = new RoomMixer(100, () => now);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 50; i++, now += 20) {
    const a = m.push(1, tone(1000));
    const b = m.push(2, tone(2000));
    for (const x of [a, b]) if (x) out.push(x);
  }
  // One packet out per lead packet: the phone's rate stays at 50 a second.
  assert.equal(out.length, 50);
  assert.equal(m.mixed, 49);
  const mixed = level(out.at(-1)!);
  assert.ok(Math.abs(mixed - 3000) < 100, `mixed level ${mixed}`);
});

Deno.test("room mixer: when the lead goes quiet the other speaker leads; the buffer stays short", () => {
  let now = 0;
  const m = new RoomMixer(100, () => now);
  assert.ok(m.push(1, tone(1000)));
  // The lead stops (muted); the other's frames wait at most 3 deep, then it takes over.
  for (let i = 0; i < 5; i++) {
    now += 20;
    assert.equal(m.push(2, tone(2000)), null);
  }
  now += 100;
  const alone = m.push(2, tone(2000));
  assert.ok(alone);
  // Its own frames queued as a follower are dropped, not replayed late.
  assert.ok(Math.abs(level(alone) - 2000) < 100);
});

Deno.test("mixUlaw clips instead of wrapping around", () => {
  const loud = mixUlaw(tone(30000), [tone(30000)]);
  assert.ok(level(loud) > 30000);
  assert.equal(mixUlaw(tone(100), []).length, 160);
});
