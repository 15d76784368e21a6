/**
 * The live metrics projection behind the supervisors' wall screen: a pure function of call facts,
 * seat changes and `now` (shared docs/domain.md, "Queue metrics"). This comment is the contract.
 *
 * As of now: a fact stamped after `now` has not happened yet (queuedAt > now: the call is absent;
 * answeredAt / endedAt > now: treated as null), so one list of facts replays the screen at any
 * instant. Callers filter by queue; the functions aggregate whatever calls they are given.
 *
 * Cohort: a call belongs to a window when from ≤ queuedAt < to, and every count below is over that
 * cohort. "wait" is answeredAt − queuedAt (answered), endedAt − queuedAt (ended unanswered) or
 * now − queuedAt (still waiting or ringing).
 * - offered = calls in the window.
 * - answered = those with answeredAt.
 * - short_abandoned = endReason "abandoned", never answered, wait < 5 s (misdials, hang-ups during
 *   the greeting). abandoned = the same with wait ≥ 5 s: the two are disjoint, so the total of
 *   abandons is abandoned + short_abandoned.
 * - Calls ended unanswered for another reason (voicemail, callback, failed) are in offered, are
 *   misses for the service level, and are not abandons.
 * - service_level_t = answered with wait ≤ T ÷ (offered − short_abandoned − undecided), where
 *   undecided = still waiting or ringing with wait so far ≤ T (they may still make it). A call
 *   waiting longer than T is already a miss, and so is an abandon of ≥ 5 s at any wait. Null when
 *   the denominator is 0. service_level_15s is the same at T = 15 s (GB/T 33358, the headline KPI).
 * - asa_s = mean wait of answered calls, in seconds; null when none.
 * - aht_s = mean handle time of calls answered and ended: (endedAt − answeredAt) + wrapMs, in
 *   seconds. holdMs is not added: hold happens inside the answered→ended span. wrapMs is 0 until the
 *   agent's after-call work is known, so a call in wrap-up right now counts its talk only. Null when
 *   none.
 * - abandon_rate = (abandoned + short_abandoned) ÷ offered, per domain.md "abandoned in queue ÷
 *   entered queue" (short abandons are excluded from the service level only). Null when offered 0.
 * - waiting / longest_wait_s describe now, not the window: calls (any queuedAt ≤ now) neither
 *   answered nor ended; longest = now − the oldest queuedAt in seconds, 0 when none. A call queued
 *   before local midnight and still waiting is shown. The optional `waiting` argument overrides both
 *   when the caller holds the live queue (the ACD's memory) rather than call facts.
 * - occupancy = time in on_call/hold/wrap_up ÷ (that + time in ready/reserved), summed across seats
 *   within the window; not_ready, logged_out and lagged count in neither. Null when the denominator
 *   is 0.
 */
import type { CallFact, SeatChange, SeatState } from "./types.ts";

export interface MetricsWindow {
  from: number;
  /** Exclusive; normally now. */
  to: number;
}

export interface QueueMetrics {
  waiting: number;
  longest_wait_s: number;
  offered: number;
  answered: number;
  abandoned: number;
  short_abandoned: number;
  service_level_15s: number | null;
  service_level_t: number | null;
  t_seconds: number;
  asa_s: number | null;
  aht_s: number | null;
  abandon_rate: number | null;
}

export interface CentreMetrics extends QueueMetrics {
  occupancy: number | null;
  seats: Record<SeatState, number>;
}

export interface AgentMetrics {
  /** Calls answered and ended (as of now) by this agent in the window. */
  handled: number;
  aht_s: number | null;
}

/** The live queue, when the caller knows it better than the call facts do. */
export interface Waiting {
  count: number;
  /** queuedAt of the oldest waiting call; null when none. */
  longestSince: number | null;
}

export const SHORT_ABANDON_MS = 5_000;
export const NATIONAL_SL_SECONDS = 15;

const BUSY: ReadonlySet<SeatState> = new Set(["on_call", "hold", "wrap_up"]);
const AVAILABLE: ReadonlySet<SeatState> = new Set(["ready", "reserved"]);

/** A call as it stood at `now`, or null when it had not entered the queue yet. */
function asOf(call: CallFact, now: number): CallFact | null {
  if (call.queuedAt > now) return null;
  const answered = call.answeredAt !== null && call.answeredAt <= now;
  const ended = call.endedAt !== null && call.endedAt <= now;
  return {
    ...call,
    answeredAt: answered ? call.answeredAt : null,
    endedAt: ended ? call.endedAt : null,
    endReason: ended ? call.endReason : null,
  };
}

function inWindow(calls: readonly CallFact[], window: MetricsWindow, now: number): CallFact[] {
  const out: CallFact[] = [];
  for (const raw of calls) {
    const call = asOf(raw, now);
    if (call && call.queuedAt >= window.from && call.queuedAt < window.to) out.push(call);
  }
  return out;
}

function meanSeconds(ms: readonly number[]): number | null {
  return ms.length === 0 ? null : ms.reduce((a, b) => a + b, 0) / ms.length / 1000;
}

function handleMs(call: CallFact): number | null {
  if (call.answeredAt === null || call.endedAt === null) return null;
  return call.endedAt - call.answeredAt + call.wrapMs;
}

/** The wait of a caller who hung up in the queue, or null for any other call. */
function abandonWaitMs(call: CallFact): number | null {
  if (call.answeredAt !== null || call.endedAt === null || call.endReason !== "abandoned") {
    return null;
  }
  return call.endedAt - call.queuedAt;
}

function isShortAbandon(call: CallFact): boolean {
  const wait = abandonWaitMs(call);
  return wait !== null && wait < SHORT_ABANDON_MS;
}

function serviceLevelAt(cohort: readonly CallFact[], now: number, tSeconds: number): number | null {
  const tMs = tSeconds * 1000;
  let met = 0;
  let denominator = 0;
  for (const call of cohort) {
    if (call.answeredAt !== null) {
      denominator++;
      if (call.answeredAt - call.queuedAt <= tMs) met++;
    } else if (call.endedAt === null) {
      if (now - call.queuedAt > tMs) denominator++; // undecided calls stay out
    } else if (!isShortAbandon(call)) {
      denominator++;
    }
  }
  return denominator === 0 ? null : met / denominator;
}

/** Ignores the window on purpose: a caller queued before midnight is still on the line. */
function waitingNow(calls: readonly CallFact[], now: number): Waiting {
  let count = 0;
  let longestSince: number | null = null;
  for (const raw of calls) {
    const call = asOf(raw, now);
    if (!call || call.answeredAt !== null || call.endedAt !== null) continue;
    count++;
    if (longestSince === null || call.queuedAt < longestSince) longestSince = call.queuedAt;
  }
  return { count, longestSince };
}

export function queueMetrics(
  calls: readonly CallFact[],
  window: MetricsWindow,
  now: number,
  tSeconds: number,
  waiting?: Waiting,
): QueueMetrics {
  if (!Number.isFinite(tSeconds) || tSeconds < 0) {
    throw new RangeError(`tSeconds must be a finite number ≥ 0, got ${tSeconds}`);
  }
  const cohort = inWindow(calls, window, now);
  let abandoned = 0;
  let shortAbandoned = 0;
  const waits: number[] = [];
  const handles: number[] = [];
  for (const call of cohort) {
    if (call.answeredAt !== null) waits.push(call.answeredAt - call.queuedAt);
    const handle = handleMs(call);
    if (handle !== null) handles.push(handle);
    const abandonWait = abandonWaitMs(call);
    if (abandonWait !== null) {
      if (abandonWait < SHORT_ABANDON_MS) shortAbandoned++;
      else abandoned++;
    }
  }

  const live = waiting ?? waitingNow(calls, now);
  return {
    waiting: live.count,
    longest_wait_s: live.longestSince === null ? 0 : Math.max(0, now - live.longestSince) / 1000,
    offered: cohort.length,
    answered: waits.length,
    abandoned,
    short_abandoned: shortAbandoned,
    service_level_15s: serviceLevelAt(cohort, now, NATIONAL_SL_SECONDS),
    service_level_t: serviceLevelAt(cohort, now, tSeconds),
    t_seconds: tSeconds,
    asa_s: meanSeconds(waits),
    aht_s: meanSeconds(handles),
    abandon_rate: cohort.length === 0 ? null : (abandoned + shortAbandoned) / cohort.length,
  };
}

/**
 * Seats absent from `initial` are taken as logged out until their first change. Changes outside
 * [from, to) are ignored: `initial` already reflects earlier ones. Input order does not matter.
 */
export function occupancy(
  changes: readonly SeatChange[],
  initial: ReadonlyMap<number, SeatState>,
  window: MetricsWindow,
): number | null {
  const state = new Map<number, { state: SeatState; since: number }>();
  for (const [agentId, s] of initial) state.set(agentId, { state: s, since: window.from });
  let busy = 0;
  let available = 0;
  const credit = (s: SeatState, ms: number) => {
    if (BUSY.has(s)) busy += ms;
    else if (AVAILABLE.has(s)) available += ms;
  };
  const relevant = changes
    .filter((c) => c.at >= window.from && c.at < window.to)
    .sort((a, b) => a.at - b.at);
  for (const change of relevant) {
    const current = state.get(change.agentId);
    if (current) credit(current.state, change.at - current.since);
    state.set(change.agentId, { state: change.state, since: change.at });
  }
  for (const current of state.values()) credit(current.state, window.to - current.since);
  const denominator = busy + available;
  return denominator === 0 ? null : busy / denominator;
}

/** Every state is present, zero when absent, so the screen's tiles never go missing. */
export function seatsByState(states: Iterable<SeatState>): Record<SeatState, number> {
  // A literal rather than a list: the compiler then insists on a key for each state.
  const counts: Record<SeatState, number> = {
    logged_out: 0,
    ready: 0,
    reserved: 0,
    on_call: 0,
    hold: 0,
    wrap_up: 0,
    not_ready: 0,
    lagged: 0,
  };
  for (const s of states) counts[s]++;
  return counts;
}

/**
 * Per agent over the same cohort and as-of-now rule as queueMetrics: handled = calls answered and
 * ended, aht_s as in queueMetrics. An agent whose only calls are still in progress appears with
 * handled 0 and aht_s null, so the screen can list them.
 */
export function agentMetrics(
  calls: readonly CallFact[],
  window: MetricsWindow,
  now: number,
): Map<number, AgentMetrics> {
  const handles = new Map<number, number[]>();
  for (const call of inWindow(calls, window, now)) {
    if (call.agentId === null || call.answeredAt === null) continue;
    const list = handles.get(call.agentId) ?? [];
    const handle = handleMs(call);
    if (handle !== null) list.push(handle);
    handles.set(call.agentId, list);
  }
  const out = new Map<number, AgentMetrics>();
  for (const [agentId, list] of handles) {
    out.set(agentId, { handled: list.length, aht_s: meanSeconds(list) });
  }
  return out;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** "today" runs from local midnight (China, UTC+8, no daylight saving) to now. */
export function windows(
  now: number,
  timeZoneOffsetMinutes = 480,
): { today: MetricsWindow; last15m: MetricsWindow; last60m: MetricsWindow } {
  const offset = timeZoneOffsetMinutes * MINUTE;
  const midnight = Math.floor((now + offset) / DAY) * DAY - offset;
  return {
    today: { from: midnight, to: now },
    last15m: { from: now - 15 * MINUTE, to: now },
    last60m: { from: now - 60 * MINUTE, to: now },
  };
}
