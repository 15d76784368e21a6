/**
 * RTP packets (RFC 3550 §5.1): the fixed header, CSRCs, an extension and padding skipped. The
 * recorder, music on hold, the SIP edge and the tests all read and write them here.
 */

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** Null for anything that is not RTP version 2 with a sane length (RTCP on the port included). */
export function parseRtp(bytes: Uint8Array): RtpPacket | null {
  if (bytes.length < 12 || bytes[0] >> 6 !== 2) return null;
  const pt = bytes[1] & 0x7f;
  // rtcp-mux shares the port: RTCP packet types 200–206 show up here as 72–78 (RFC 5761).
  if (pt >= 72 && pt <= 78) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12 + (bytes[0] & 0x0f) * 4;
  if (bytes[0] & 0x10) {
    if (bytes.length < offset + 4) return null;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = bytes.length;
  if (bytes[0] & 0x20) end -= bytes[bytes.length - 1];
  if (offset > end) return null;
  return {
    payloadType: pt,
    marker: (bytes[1] & 0x80) !== 0,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: bytes.subarray(offset, end),
  };
}

/** Writes the 12-byte header and the payload into one buffer (no marker unless asked). */
export function buildRtp(p: Omit<RtpPacket, "marker"> & { marker?: boolean }): Uint8Array {
  const out = new Uint8Array(12 + p.payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  view.setUint16(2, p.sequence & 0xffff);
  view.setUint32(4, p.timestamp >>> 0);
  view.setUint32(8, p.ssrc >>> 0);
  out.set(p.payload, 12);
  return out;
}
