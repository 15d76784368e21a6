/**
 * The automatic call distributor's vocabulary (see shared docs/domain.md). Times are ms since the
 * epoch; every function that needs "now" takes it as an argument.
 */

export type SeatState =
  | "logged_out"
  | "ready"
  | "reserved" // a call rings on this seat
  | "on_call"
  | "hold"
  | "wrap_up" // after-call work
  | "not_ready"
  | "lagged"; // error: the seat's client stopped answering

export type NotReadyReason =
  | "break"
  | "meal"
  | "training"
  | "meeting"
  | "forced" // by a supervisor
  | "ring_no_answer"
  | "other";

export type CallDirection = "in" | "out";

export interface SkillLevel {
  skill: string;
  level: number; // 1..10, higher is better
}

export interface Seat {
  agentId: number;
  workNumber: string;
  state: SeatState;
  reason: NotReadyReason | null;
  /** When the seat entered its current state: time in state = now − since. */
  since: number;
  /** When the seat last became idle and ready: the longest-idle rule orders by it. */
  readySince: number | null;
  callId: number | null;
  direction: CallDirection | null;
  wrapUntil: number | null;
  skills: SkillLevel[];
}

export type AcdCallState = "queued" | "ringing" | "connected" | "held" | "ended";
export type CallEndReason = "completed" | "abandoned" | "failed" | "voicemail" | "callback";

export interface QueueConfig {
  code: string;
  skill: string;
  /** 1..10, higher is served first. */
  priority: number;
  /** T of the service level (15 s nationally). */
  serviceLevelSeconds: number;
  ringTimeoutSeconds: number;
  overflowAfterSeconds: number | null;
  overflowQueue: string | null;
  maxWaitSeconds: number | null;
  maxWaitAction: "voicemail" | "callback";
  wrapUpSeconds: number;
}

export interface WaitingCall {
  id: number;
  queue: string;
  /** Caller priority 0..9 (elderly, repeat caller…), higher first within a queue. */
  priority: number;
  /** Orders the call in its queue: kept across a ring-no-answer, so the call returns to the head. */
  enqueuedAt: number;
  /** When the call entered its current queue: overflow counts from here. */
  queueEnteredAt: number;
  /** When the call first entered any queue: its wait counts from here. */
  queuedAt: number;
  state: "queued" | "ringing";
  seatAgentId: number | null;
  ringStartedAt: number | null;
}

/** What the metrics projection needs to know of one call (from the calls table). */
export interface CallFact {
  id: number;
  queue: string;
  /** Entered the queue (offered to the ACD). */
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: CallEndReason | null;
  holdMs: number;
  /** After-call work of the agent who handled it, once known. */
  wrapMs: number;
  agentId: number | null;
}

/** One seat state change (from the `seat` events). */
export interface SeatChange {
  agentId: number;
  state: SeatState;
  at: number;
}
