/**
 * G.711 μ-law (PCMU) and A-law (PCMA), ITU-T G.711, to and from 16-bit linear PCM, by table.
 * Browsers and the phone trunk both speak them; the media layer forwards PCMU untouched, the
 * SIP edge turns A-law into μ-law byte by byte, the recorder and the mixers decode to PCM.
 */

function ulawToLinear(u: number): number {
  u = ~u & 0xff;
  const t = ((u & 0x0f) << 3) + 0x84;
  const s = (t << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -s : s;
}

function alawToLinear(a: number): number {
  a ^= 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  let s = Math.max(-32635, Math.min(32635, sample));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, sample));
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = exponent === 0 ? (s >> 4) & 0x0f : (s >> (exponent + 3)) & 0x0f;
  return ((sign | (exponent << 4) | mantissa) ^ 0x55) & 0xff;
}

export const ULAW_TO_LINEAR = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));
export const ALAW_TO_LINEAR = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));
const ULAW_TO_ALAW = Uint8Array.from(ULAW_TO_LINEAR, (s) => linearToAlaw(s));
const ALAW_TO_ULAW = Uint8Array.from(ALAW_TO_LINEAR, (s) => linearToUlaw(s));

export { linearToAlaw, linearToUlaw };

/** μ-law bytes to 16-bit samples. */
export function decodeMuLaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ULAW_TO_LINEAR[bytes[i]];
  return out;
}

/** 16-bit samples to μ-law bytes. */
export function encodeMuLaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToUlaw(samples[i]);
  return out;
}

/** Prompts are stored in μ-law; a PCMA call gets them transcoded byte by byte. */
export function ulawToAlaw(ulaw: Uint8Array): Uint8Array {
  return ulaw.map((b) => ULAW_TO_ALAW[b]);
}

export function alawToUlaw(alaw: Uint8Array): Uint8Array {
  return alaw.map((b) => ALAW_TO_ULAW[b]);
}

/** 16-bit PCM WAV (mono) of G.711 bytes: what browsers and the case page play. */
export function g711ToWav(bytes: Uint8Array, law: "PCMU" | "PCMA", rate = 8000): Uint8Array {
  const table = law === "PCMU" ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
  const out = new Uint8Array(44 + bytes.length * 2);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => out[at + i] = c.charCodeAt(0));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + bytes.length * 2, true);
  ascii(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, bytes.length * 2, true);
  for (let i = 0; i < bytes.length; i++) v.setInt16(44 + i * 2, table[bytes[i]], true);
  return out;
}
