/** The parts of an RTP packet (RFC 3550) a recorder needs: who sent it, when, and the audio. */
export interface RtpPacket {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** Parses one RTP packet; null for RTCP (rtcp-mux shares the port) or anything malformed. */
export function parseRtp(b: Uint8Array): RtpPacket | null {
  if (b.length < 12 || b[0] >> 6 !== 2) return null;
  const payloadType = b[1] & 0x7f;
  // RTCP packet types 200–206 show up as payload types 72–78 once the marker bit is taken off.
  if (payloadType >= 72 && payloadType <= 78) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let offset = 12 + (b[0] & 0x0f) * 4;
  if (b[0] & 0x10) {
    if (b.length < offset + 4) return null;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = b.length;
  if (b[0] & 0x20) end -= b[b.length - 1];
  if (offset > end) return null;
  return {
    payloadType,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: b.subarray(offset, end),
  };
}

/** Builds an RTP packet (hold music and the tests send their own). */
export function buildRtp(p: RtpPacket, marker = false): Uint8Array {
  const out = new Uint8Array(12 + p.payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = (marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  view.setUint16(2, p.sequence & 0xffff);
  view.setUint32(4, p.timestamp >>> 0);
  view.setUint32(8, p.ssrc >>> 0);
  out.set(p.payload, 12);
  return out;
}
