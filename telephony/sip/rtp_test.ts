import assert from "node:assert/strict";
import { infoDigit, Rfc4733Detector } from "./dtmf.ts";
import { alawToUlaw, g711ToWav, linearToUlaw, ULAW_TO_LINEAR, ulawToAlaw } from "../g711.ts";
import { buildRtp, parseRtp, type RtpPacket } from "../rtp_packet.ts";

const event = (
  code: number,
  ts: number,
  o: { end?: boolean; marker?: boolean; duration?: number } = {},
) =>
  parseRtp(buildRtp({
    payloadType: 101,
    marker: o.marker ?? false,
    sequence: 1,
    timestamp: ts,
    ssrc: 9,
    payload: new Uint8Array([code, (o.end ? 0x80 : 0) | 10, 0, o.duration ?? 160]),
  }))!;

Deno.test("RTP packets round-trip; RTCP and junk are not RTP", () => {
  const p: RtpPacket = {
    payloadType: 8,
    marker: true,
    sequence: 65535,
    timestamp: 2 ** 32 - 1,
    ssrc: 0xdeadbeef,
    payload: new Uint8Array([1, 2, 3]),
  };
  assert.deepEqual(parseRtp(buildRtp(p)), p);
  assert.equal(parseRtp(new Uint8Array([0x80, 200, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])), null);
  assert.equal(parseRtp(new Uint8Array(5)), null);
  // A CSRC count pointing past the end.
  assert.equal(parseRtp(new Uint8Array([0x8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])), null);
});

Deno.test("Rfc4733Detector reports each press once, even a press replayed with the same timestamp", () => {
  const d = new Rfc4733Detector();
  const seen: (string | null)[] = [];
  const press = (code: number, ts: number) => {
    seen.push(d.push(event(code, ts, { marker: true })));
    seen.push(d.push(event(code, ts, { marker: true }))); // a repeated start packet
    seen.push(d.push(event(code, ts, { duration: 320 })));
    for (let i = 0; i < 3; i++) seen.push(d.push(event(code, ts, { end: true, duration: 480 })));
  };
  press(1, 100);
  press(0, 900);
  press(0, 900); // the same sample played twice: two zeros
  press(11, 1700);
  assert.deepEqual(seen.filter((s) => s !== null), ["1", "0", "0", "#"]);
});

Deno.test("infoDigit() reads dtmf-relay and dtmf bodies", () => {
  assert.equal(infoDigit("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"), "5");
  assert.equal(infoDigit("application/dtmf-relay", "signal= #\r\n"), "#");
  assert.equal(infoDigit("application/dtmf-relay", "Signal=11"), "#");
  assert.equal(infoDigit("application/dtmf", "*"), "*");
  assert.equal(infoDigit("application/dtmf-relay", "Signal=X"), null);
  assert.equal(infoDigit("text/plain", "5"), null);
});

Deno.test("G.711 tables: μ-law and A-law round-trip through linear, WAV header is right", () => {
  for (let b = 0; b < 256; b++) {
    // 0x7f and 0xff are both zero in μ-law.
    if (b !== 0x7f) assert.equal(linearToUlaw(ULAW_TO_LINEAR[b]), b, `ulaw ${b}`);
  }
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const back = alawToUlaw(ulawToAlaw(all));
  for (let i = 0; i < 256; i++) {
    assert.ok(
      Math.abs(ULAW_TO_LINEAR[back[i]] - ULAW_TO_LINEAR[i]) <=
        Math.abs(ULAW_TO_LINEAR[i]) * 0.07 + 16,
      `${i}`,
    );
  }
  const wav = g711ToWav(new Uint8Array(800).fill(0xff), "PCMU");
  assert.equal(wav.length, 44 + 1600);
  assert.equal(new TextDecoder().decode(wav.subarray(8, 16)), "WAVEfmt ");
  assert.equal(new DataView(wav.buffer).getUint32(24, true), 8000);
});
