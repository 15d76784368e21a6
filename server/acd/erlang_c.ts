/**
 * Erlang C staffing (shared docs/domain.md, "Erlang C"): how many seats a forecast of calls needs
 * to meet a service level target, and how a given number of seats would perform.
 *
 * Conventions chosen here (the wall screen and the HTTP layer rely on them):
 * - Traffic A = calls · AHT / interval, in erlangs. Calls may be fractional (a forecast).
 * - No traffic (A = 0): nobody waits, so P(wait) = 0, SL = 1, ASA = 0 for any N, and the staffing
 *   answer is 0 agents (occupancy reported as 0 rather than 0/0).
 * - An unstable queue (N ≤ A, A > 0): P(wait) = 1, SL = 0, ASA = Infinity (JSON.stringify renders
 *   it as null), occupancy capped at 1 because seats cannot be busier than always.
 * - Invalid input throws a RangeError whose message names the field; the HTTP layer maps it to 400.
 * Erlang C ignores abandonment, so it overstaffs somewhat; that is the safe side for a hotline.
 */

export interface TrafficInput {
  /** Calls expected in the interval (may be fractional). */
  calls: number;
  intervalSeconds: number;
  ahtSeconds: number;
  /** T of the service level: answered within this many seconds. */
  answerSeconds: number;
}

export interface StaffingInput extends TrafficInput {
  /** Fraction in (0, 1), e.g. 0.8 for 80/20. */
  targetServiceLevel: number;
  /** Give up (RangeError) rather than loop forever on absurd forecasts. */
  maxAgents?: number;
}

export interface StaffingResult {
  agents: number;
  traffic_erlangs: number;
  p_wait: number;
  service_level: number;
  asa_s: number;
  occupancy: number;
}

function requireFinite(name: string, value: number, min: number, minInclusive: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${value}`);
  }
  if (minInclusive ? value < min : value <= min) {
    throw new RangeError(`${name} must be ${minInclusive ? "≥" : ">"} ${min}, got ${value}`);
  }
}

function requireAgents(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Erlang B by recursion: the closed form's factorials and powers overflow long before A = 500. */
function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** C from B; the caller has already ruled out N ≤ A. */
function erlangCFromB(agents: number, traffic: number, b: number): number {
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Probability that a call has to wait, P(wait) = C(N, A). */
export function erlangC(agents: number, trafficErlangs: number): number {
  requireAgents("agents", agents);
  requireFinite("trafficErlangs", trafficErlangs, 0, true);
  if (trafficErlangs === 0) return 0;
  if (agents <= trafficErlangs) return 1;
  return erlangCFromB(agents, trafficErlangs, erlangB(agents, trafficErlangs));
}

function slFromC(c: number, agents: number, traffic: number, aht: number, t: number): number {
  if (traffic === 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - c * Math.exp((-(agents - traffic) * t) / aht);
}

/** Fraction of calls answered within `answerSeconds`: SL(t) = 1 − C·e^{−(N−A)·t/AHT}. */
export function serviceLevel(
  agents: number,
  trafficErlangs: number,
  ahtSeconds: number,
  answerSeconds: number,
): number {
  requireFinite("ahtSeconds", ahtSeconds, 0, false);
  requireFinite("answerSeconds", answerSeconds, 0, true);
  const c = erlangC(agents, trafficErlangs);
  return slFromC(c, agents, trafficErlangs, ahtSeconds, answerSeconds);
}

/** A = λ·AHT, after validating the traffic fields shared by evaluate() and staffing(). */
export function trafficErlangs(input: TrafficInput): number {
  requireFinite("calls", input.calls, 0, true);
  requireFinite("intervalSeconds", input.intervalSeconds, 0, false);
  requireFinite("ahtSeconds", input.ahtSeconds, 0, false);
  requireFinite("answerSeconds", input.answerSeconds, 0, true);
  return (input.calls * input.ahtSeconds) / input.intervalSeconds;
}

function result(
  agents: number,
  traffic: number,
  c: number,
  input: TrafficInput,
): StaffingResult {
  const stable = traffic === 0 || agents > traffic;
  return {
    agents,
    traffic_erlangs: traffic,
    p_wait: c,
    service_level: slFromC(c, agents, traffic, input.ahtSeconds, input.answerSeconds),
    asa_s: traffic === 0 ? 0 : stable ? (c * input.ahtSeconds) / (agents - traffic) : Infinity,
    occupancy: traffic === 0 ? 0 : Math.min(1, traffic / agents),
  };
}

/** How `agents` seats would perform on this traffic ("seats staffed" on the wall screen). */
export function evaluate(agents: number, input: TrafficInput): StaffingResult {
  requireAgents("agents", agents);
  const traffic = trafficErlangs(input);
  return result(agents, traffic, erlangC(agents, traffic), input);
}

/** The smallest N whose SL(answerSeconds) ≥ target ("seats needed" on the wall screen). */
export function staffing(input: StaffingInput): StaffingResult {
  const { targetServiceLevel: target, maxAgents = 10_000 } = input;
  if (typeof target !== "number" || !(target > 0 && target < 1)) {
    throw new RangeError(`targetServiceLevel must be in (0, 1), got ${target}`);
  }
  requireAgents("maxAgents", maxAgents);
  const traffic = trafficErlangs(input);
  if (traffic === 0) return result(0, 0, 0, input);

  // One pass of the B recursion: every N below A is unstable, so the search starts above it and
  // reuses B(N−1) instead of recomputing from B0 for each candidate.
  let b = 1;
  for (let n = 1; n <= maxAgents; n++) {
    b = (traffic * b) / (n + traffic * b);
    if (n <= traffic) continue;
    const c = erlangCFromB(n, traffic, b);
    if (slFromC(c, n, traffic, input.ahtSeconds, input.answerSeconds) >= target) {
      return result(n, traffic, c, input);
    }
  }
  throw new RangeError(
    `targetServiceLevel ${target} is not reachable with at most ${maxAgents} agents ` +
      `(traffic ${traffic.toFixed(2)} erlangs)`,
  );
}
