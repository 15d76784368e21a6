/** Digits from the caller: RFC 4733 telephone-events in RTP, and SIP INFO bodies. */
import type { RtpPacket } from "../rtp_packet.ts";

const DIGITS = "0123456789*#ABCD";

/**
 * One digit per key press. A press is identified by its RTP timestamp; its end packet is sent
 * three times, so a digit is reported once, on the first packet of a new press.
 */
export class Rfc4733Detector {
  #lastTs: number | null = null;
  #lastEvent = -1;
  #ended = false;

  push(p: RtpPacket): string | null {
    if (p.payload.length < 4) return null;
    const event = p.payload[0];
    if (event >= DIGITS.length) return null;
    const end = (p.payload[1] & 0x80) !== 0;
    // A replayed press may reuse the timestamp (recorded samples do): after an end, a marker
    // starts a new press; a repeated start packet before any end does not.
    const fresh = p.timestamp !== this.#lastTs || event !== this.#lastEvent ||
      (p.marker && this.#ended);
    if (!fresh) {
      if (end) this.#ended = true;
      return null;
    }
    this.#lastTs = p.timestamp;
    this.#lastEvent = event;
    this.#ended = end;
    return DIGITS[event];
  }
}

/** `application/dtmf-relay` ("Signal=5\r\nDuration=160") or `application/dtmf` ("5"). */
export function infoDigit(contentType: string | undefined, body: string): string | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  let signal: string | undefined;
  if (type === "application/dtmf-relay") {
    signal = /^\s*signal\s*=\s*(\S+)/im.exec(body)?.[1];
  } else if (type === "application/dtmf") {
    signal = body.trim();
  } else return null;
  if (signal === undefined) return null;
  if (/^(1[0-5]|\d)$/.test(signal) && signal.length === 2) return DIGITS[Number(signal)];
  const s = signal.toUpperCase();
  return s.length === 1 && DIGITS.includes(s) ? s : null;
}

/** The RFC 4733 event code of a digit (outbound digits, tests). */
export function eventCode(digit: string): number {
  const i = DIGITS.indexOf(digit.toUpperCase());
  if (i < 0) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return i;
}
