/**
 * SDP offer/answer (RFC 3264) for one audio stream: G.711 (PCMU, PCMA) and RFC 4733
 * telephone-event. Whatever else is offered is declined by omission.
 */

export type Codec = "PCMU" | "PCMA";
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export interface SdpMedia {
  type: string;
  port: number;
  proto: string;
  formats: number[];
  rtpmap: Map<number, { name: string; rate: number }>;
  direction: Direction | null;
  connection: string | null;
  ptime: number | null;
}

export interface Sdp {
  connection: string | null;
  direction: Direction | null;
  media: SdpMedia[];
}

export interface Negotiated {
  codec: Codec;
  pt: number;
  /** The peer's telephone-event payload type, when it offered one. */
  dtmfPt: number | null;
  remoteHost: string;
  remotePort: number;
  /** What the peer will do: "sendonly" from the peer means it holds us. */
  peerDirection: Direction;
  ptime: number;
}

const STATIC: Record<number, { name: string; rate: number }> = {
  0: { name: "PCMU", rate: 8000 },
  8: { name: "PCMA", rate: 8000 },
};
const DIRECTIONS = new Set(["sendrecv", "sendonly", "recvonly", "inactive"]);

/** Parses the parts of an SDP body we need; null when it is not SDP at all. */
export function parseSdp(text: string): Sdp | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines[0] !== "v=0") return null;
  const sdp: Sdp = { connection: null, direction: null, media: [] };
  let media: SdpMedia | null = null;
  for (const line of lines) {
    const m = /^([a-z])=(.*)$/.exec(line);
    if (!m) return null;
    const [, key, value] = m;
    if (key === "m") {
      const p = /^(\w+) (\d{1,5})(?:\/\d+)? ([\w/]+)((?: \d{1,3})*)$/.exec(value);
      if (!p) return null;
      media = {
        type: p[1],
        port: Number(p[2]),
        proto: p[3],
        formats: p[4].trim() ? p[4].trim().split(" ").map(Number) : [],
        rtpmap: new Map(),
        direction: null,
        connection: null,
        ptime: null,
      };
      sdp.media.push(media);
    } else if (key === "c") {
      const c = /^IN IP[46] (\S+?)(?:\/\d+)*$/.exec(value);
      if (!c) return null;
      if (media) media.connection = c[1];
      else sdp.connection = c[1];
    } else if (key === "a") {
      const rtpmap = /^rtpmap:(\d{1,3}) ([\w.-]+)\/(\d+)/.exec(value);
      if (rtpmap && media) {
        media.rtpmap.set(Number(rtpmap[1]), { name: rtpmap[2], rate: Number(rtpmap[3]) });
      } else if (DIRECTIONS.has(value)) {
        if (media) media.direction = value as Direction;
        else sdp.direction = value as Direction;
      } else if (media && /^ptime:\d+$/.test(value)) {
        media.ptime = Number(value.slice(6));
      }
    }
  }
  return sdp;
}

function formatOf(m: SdpMedia, pt: number) {
  return m.rtpmap.get(pt) ?? STATIC[pt];
}

/**
 * Chooses the first G.711 codec in the peer's order (RFC 3264 §6.1: the answerer should keep
 * the offerer's preference) and its telephone-event type; null when nothing fits (→ 488).
 */
export function negotiate(offer: Sdp): Negotiated | null {
  const audio = offer.media.find((m) => m.type === "audio" && m.port > 0 && m.proto === "RTP/AVP");
  if (!audio) return null;
  const host = audio.connection ?? offer.connection;
  if (!host) return null;
  let chosen: { codec: Codec; pt: number } | null = null;
  let dtmfPt: number | null = null;
  for (const pt of audio.formats) {
    const f = formatOf(audio, pt);
    if (!f || f.rate !== 8000) continue;
    const name = f.name.toUpperCase();
    if (!chosen && (name === "PCMU" || name === "PCMA")) chosen = { codec: name, pt };
    if (dtmfPt === null && name === "TELEPHONE-EVENT") dtmfPt = pt;
  }
  if (!chosen) return null;
  return {
    ...chosen,
    dtmfPt,
    remoteHost: host,
    remotePort: audio.port,
    peerDirection: audio.direction ?? offer.direction ?? "sendrecv",
    ptime: audio.ptime ?? 20,
  };
}

const ANSWER_DIRECTION: Record<Direction, Direction> = {
  sendrecv: "sendrecv",
  sendonly: "recvonly",
  recvonly: "sendonly",
  inactive: "inactive",
};

export interface LocalMedia {
  host: string;
  port: number;
  sessionId: number;
  version: number;
}

/** Our answer to a negotiated offer. */
export function buildAnswer(n: Negotiated, local: LocalMedia): string {
  const formats = n.dtmfPt === null ? [n.pt] : [n.pt, n.dtmfPt];
  return sdpText(local, formats, [
    `a=rtpmap:${n.pt} ${n.codec}/8000`,
    ...(n.dtmfPt === null
      ? []
      : [`a=rtpmap:${n.dtmfPt} telephone-event/8000`, `a=fmtp:${n.dtmfPt} 0-15`]),
    "a=ptime:20",
    `a=${ANSWER_DIRECTION[n.peerDirection]}`,
  ]);
}

/** Our offer for an outbound call: PCMU, PCMA, telephone-event 101. */
export function buildOffer(local: LocalMedia): string {
  return sdpText(local, [0, 8, 101], [
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-15",
    "a=ptime:20",
    "a=sendrecv",
  ]);
}

function sdpText(local: LocalMedia, formats: number[], attributes: string[]): string {
  const ip = local.host.includes(":") ? "IP6" : "IP4";
  return [
    "v=0",
    `o=hotline12345 ${local.sessionId} ${local.version} IN ${ip} ${local.host}`,
    "s=12345",
    `c=IN ${ip} ${local.host}`,
    "t=0 0",
    `m=audio ${local.port} RTP/AVP ${formats.join(" ")}`,
    ...attributes,
    "",
  ].join("\r\n");
}
