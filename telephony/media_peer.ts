/**
 * One party's connection to a call's router: a send and a receive WebRTC transport, the party's
 * microphone producer, what it consumes, and the notices its page reads (server-sent events).
 */
import type { types } from "mediasoup";
import type { MonitorMode, Party, PartyRole } from "./who_hears.ts";

export type PeerNotice =
  | {
    type: "consume";
    id: string;
    producer_id: string;
    kind: "audio";
    rtp_parameters: types.RtpParameters;
    from: PartyRole;
  }
  | { type: "consumer_closed"; id: string }
  | { type: "state"; phase: string; mode?: MonitorMode; agent?: string | null }
  | { type: "ended"; reason: string; message: string };

export interface TransportParams {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

const token = () => crypto.getRandomValues(new Uint8Array(24)).toBase64({ alphabet: "base64url" });

export class MediaPeer implements Party {
  readonly id = crypto.randomUUID();
  /** The secret a page proves it is this peer with (the public caller has no session). */
  readonly token = token();
  mode?: MonitorMode;
  producer?: types.Producer;
  rtpCapabilities?: types.RtpCapabilities;
  /** Consumers of other parties' producers, by producer id. */
  readonly consumers = new Map<string, types.Consumer>();
  readonly #backlog: PeerNotice[] = [];
  readonly #listeners = new Set<(n: PeerNotice) => void>();
  closed = false;
  /** Called when the page's event stream has been gone this long (the tab was closed). */
  onAbandoned?: () => void;
  #abandonTimer?: ReturnType<typeof setTimeout>;

  constructor(
    /** Changes once: a consulted seat (`third`) becomes the call's `agent` on a transfer. */
    public role: Exclude<PartyRole, "recorder" | "music">,
    readonly send: types.WebRtcTransport,
    readonly recv: types.WebRtcTransport,
    /** The agent's or supervisor's work number; null for a citizen. */
    readonly workNumber: string | null,
  ) {}

  transport(id: string): types.WebRtcTransport | undefined {
    return [this.send, this.recv].find((t) => t.id === id);
  }

  params(): { send: TransportParams; recv: TransportParams } {
    const p = (t: types.WebRtcTransport): TransportParams => ({
      id: t.id,
      iceParameters: t.iceParameters,
      iceCandidates: t.iceCandidates,
      dtlsParameters: t.dtlsParameters,
    });
    return { send: p(this.send), recv: p(this.recv) };
  }

  /** Queued until the page's event stream is there (it opens right after joining). */
  notify(notice: PeerNotice): void {
    if (this.#listeners.size === 0) {
      this.#backlog.push(notice);
      return;
    }
    for (const l of this.#listeners) l(notice);
  }

  listen(listener: (n: PeerNotice) => void, graceMs = 5000): () => void {
    for (const n of this.#backlog.splice(0)) listener(n);
    this.#listeners.add(listener);
    clearTimeout(this.#abandonTimer);
    return () => {
      this.#listeners.delete(listener);
      // EventSource reconnects within seconds after a network blip; a closed tab never does.
      if (this.#listeners.size > 0 || this.closed) return;
      clearTimeout(this.#abandonTimer);
      this.#abandonTimer = setTimeout(() => {
        if (this.#listeners.size === 0 && !this.closed) this.onAbandoned?.();
      }, graceMs);
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.#abandonTimer);
    this.send.close();
    this.recv.close();
  }
}
