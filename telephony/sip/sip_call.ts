/**
 * What the SIP user agent (sip_ua.ts) and the edge agree on: the call offered, the session the
 * edge hands back, the UA's options and its counters.
 */
import type { AllowList } from "./allow_list.ts";
import type { DigestAuth } from "./digest.ts";
import type { LocalMedia, Negotiated } from "./sdp.ts";
import type { Remote } from "./udp_socket.ts";

export interface IncomingCall {
  callId: string;
  /** The caller's number (From user part). */
  caller: string;
  /** The number dialled (Request-URI user part), e.g. 12345. */
  dialed: string;
  source: Remote;
  offer: Negotiated;
}

/** What the edge does with a call: the UA calls these, never the other way round. */
export interface CallSession {
  /** The caller's ACK arrived: the call is up. */
  confirmed(): void;
  /** The call ended from the far side (BYE, CANCEL, no ACK, our BYE unanswered). */
  ended(reason: "bye" | "cancel" | "no_ack"): void;
  digit(d: string): void;
  /** A re-INVITE with a new offer: the media's answer, or null to refuse it with 488. */
  reoffer(offer: Negotiated): LocalMedia | null;
}

export interface CallHandler {
  accept(
    call: IncomingCall,
  ): Promise<{ media: LocalMedia; session: CallSession } | { status: number }>;
}

export interface UaOptions {
  host: string;
  port: number;
  allow: AllowList;
  auth?: DigestAuth;
  /** Ringing before the answer (0: answer at once; tests use it to CANCEL a ringing call). */
  answerDelayMs?: number;
}

export interface UaStats {
  received: number;
  requests: number;
  responses: number;
  keepAlives: number;
  /** Hostile or broken datagrams: answered 400 when a reply was possible, else dropped. */
  malformed: number;
  badRequests: number;
  dropped: number;
  forbidden: number;
  unauthorized: number;
  calls: number;
  activeDialogs: number;
  errors: number;
}

export function emptyStats(): UaStats {
  return {
    received: 0,
    requests: 0,
    responses: 0,
    keepAlives: 0,
    malformed: 0,
    badRequests: 0,
    dropped: 0,
    forbidden: 0,
    unauthorized: 0,
    calls: 0,
    activeDialogs: 0,
    errors: 0,
  };
}
