import assert from "node:assert/strict";
import { agentMetrics, occupancy, queueMetrics, seatsByState, windows } from "./queue_metrics.ts";
import type { CallFact, SeatChange, SeatState } from "./types.ts";

const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);
const S = 1000;
const HOUR = { from: T0, to: T0 + 3600 * S };

/** A call with times in seconds after T0; null means "not yet". */
function call(
  id: number,
  queued: number,
  answered: number | null,
  ended: number | null,
  extra: Partial<CallFact> = {},
): CallFact {
  return {
    id,
    queue: "general",
    queuedAt: T0 + queued * S,
    answeredAt: answered === null ? null : T0 + answered * S,
    endedAt: ended === null ? null : T0 + ended * S,
    endReason: ended === null ? null : answered === null ? "abandoned" : "completed",
    holdMs: 0,
    wrapMs: 0,
    agentId: null,
    ...extra,
  };
}

// now = T0 + 600 s. Waits in seconds; handle = (ended − answered) + wrap.
const NOW = T0 + 600 * S;
const CALLS: CallFact[] = [
  // answered after 10 s, talk 120 (20 of it on hold) + wrap 30 → handle 150
  call(1, 0, 10, 130, { agentId: 7, wrapMs: 30 * S, holdMs: 20 * S }),
  // answered after 25 s, talk 200 + wrap 10 → handle 210
  call(2, 20, 45, 245, { agentId: 8, wrapMs: 10 * S }),
  call(3, 60, null, 63), // abandoned after 3 s: a short abandon
  call(4, 100, null, 140), // abandoned after 40 s
  call(5, 200, 212, null, { agentId: 9 }), // answered after 12 s, still talking: no handle yet
  call(6, 590, null, null), // waiting 10 s so far
  call(7, 570, null, null), // waiting 30 s so far
  call(8, 300, null, 400, { endReason: "voicemail" }), // unanswered, not an abandon
  call(9, -30, null, null), // queued before the window, still waiting 630 s
  call(10, 700, 705, 800), // queued after now: has not happened yet
  call(11, 580, 605, 700, { agentId: 7 }), // answered after now: still waiting 20 s as of now
];

Deno.test("queueMetrics counts offered, answered and both kinds of abandon over the cohort", () => {
  const m = queueMetrics(CALLS, HOUR, NOW, 20);
  // In the window as of now: calls 1–8 and 11 (9 queued before from, 10 after now).
  assert.equal(m.offered, 9);
  assert.equal(m.answered, 3); // 1, 2, 5 (11 is answered only after now)
  assert.equal(m.short_abandoned, 1); // call 3
  assert.equal(m.abandoned, 1); // call 4; the voicemail call 8 is not an abandon
  assert.equal(m.abandon_rate, 2 / 9); // (1 + 1) ÷ 9
});

Deno.test("queueMetrics computes the service level, ASA and AHT by hand", () => {
  const m = queueMetrics(CALLS, HOUR, NOW, 20);
  // T = 15: met = calls 1 (10 s) and 5 (12 s); undecided = call 6 (10 s so far).
  // Denominator = 9 offered − 1 short abandon − 1 undecided = 7 → 2/7.
  assert.equal(m.service_level_15s, 2 / 7);
  // T = 20: call 11 (20 s so far) is undecided too → 2 ÷ (9 − 1 − 2) = 1/3.
  assert.equal(m.service_level_t, 1 / 3);
  assert.equal(m.t_seconds, 20);
  // T = 30: call 2 (25 s) now meets; call 7 (30 s) undecided → 3 ÷ (9 − 1 − 3) = 3/5.
  assert.equal(queueMetrics(CALLS, HOUR, NOW, 30).service_level_t, 3 / 5);
  // ASA = (10 + 25 + 12) / 3 s.
  assert.equal(m.asa_s, 47 / 3);
  // AHT over answered-and-ended calls 1 and 2: (150 + 210) / 2; hold is inside the talk span.
  assert.equal(m.aht_s, 180);
});

Deno.test("queueMetrics reports calls waiting now, including those queued before the window", () => {
  const m = queueMetrics(CALLS, HOUR, NOW, 20);
  assert.equal(m.waiting, 4); // calls 6, 7, 9, 11
  assert.equal(m.longest_wait_s, 630); // call 9: 600 − (−30)
});

Deno.test("a call waiting 10 s is undecided at T = 15 s while one waiting 20 s is a miss", () => {
  const answered = call(1, 0, 5, 60); // met
  const at10 = queueMetrics([answered, call(2, 50, null, null)], HOUR, T0 + 60 * S, 15);
  assert.equal(at10.service_level_15s, 1); // 1 ÷ (2 − 1 undecided)
  const at20 = queueMetrics([answered, call(2, 40, null, null)], HOUR, T0 + 60 * S, 15);
  assert.equal(at20.service_level_15s, 1 / 2); // 1 ÷ 2
});

Deno.test("a short abandon of 3 s leaves the service level denominator but counts as abandoned", () => {
  const calls = [call(1, 0, 5, 60), call(2, 10, 30, 90), call(3, 20, null, 23)];
  const m = queueMetrics(calls, HOUR, T0 + 100 * S, 15);
  assert.equal(m.service_level_15s, 1 / 2); // call 1 met, call 2 (20 s) missed, call 3 out
  assert.equal(m.short_abandoned, 1);
  assert.equal(m.abandoned, 0);
  assert.equal(m.abandon_rate, 1 / 3);
  // An abandon at exactly 5 s is no longer short and is a miss even though 5 ≤ 15.
  const m5 = queueMetrics([call(1, 0, 5, 60), call(2, 20, null, 25)], HOUR, T0 + 100 * S, 15);
  assert.equal(m5.service_level_15s, 1 / 2);
  assert.equal(m5.abandoned, 1);
});

Deno.test("the same facts replay the screen at an earlier or later now", () => {
  const facts = [call(1, 0, 30, 90, { agentId: 7, wrapMs: 15 * S })];
  const ringing = queueMetrics(facts, HOUR, T0 + 20 * S, 15);
  assert.equal(ringing.waiting, 1);
  assert.equal(ringing.longest_wait_s, 20);
  assert.equal(ringing.answered, 0);
  assert.equal(ringing.service_level_15s, 0); // 20 s > 15 s: already a miss
  const talking = queueMetrics(facts, HOUR, T0 + 60 * S, 15);
  assert.equal(talking.waiting, 0);
  assert.equal(talking.asa_s, 30);
  assert.equal(talking.aht_s, null);
  const done = queueMetrics(facts, HOUR, T0 + 120 * S, 15);
  assert.equal(done.aht_s, 75); // 60 talk + 15 wrap
  assert.equal(queueMetrics(facts, HOUR, T0 - S, 15).offered, 0);
});

Deno.test("queueMetrics on no calls gives zeros and nulls", () => {
  assert.deepEqual(queueMetrics([], HOUR, NOW, 20), {
    waiting: 0,
    longest_wait_s: 0,
    offered: 0,
    answered: 0,
    abandoned: 0,
    short_abandoned: 0,
    service_level_15s: null,
    service_level_t: null,
    t_seconds: 20,
    asa_s: null,
    aht_s: null,
    abandon_rate: null,
  });
});

Deno.test("the waiting argument overrides the calls derived from facts", () => {
  const m = queueMetrics(CALLS, HOUR, NOW, 20, { count: 2, longestSince: NOW - 45 * S });
  assert.equal(m.waiting, 2);
  assert.equal(m.longest_wait_s, 45);
  const none = queueMetrics(CALLS, HOUR, NOW, 20, { count: 0, longestSince: null });
  assert.equal(none.longest_wait_s, 0);
});

Deno.test("queueMetrics rejects a negative or NaN T", () => {
  assert.throws(() => queueMetrics([], HOUR, NOW, -1), RangeError);
  assert.throws(() => queueMetrics([], HOUR, NOW, NaN), RangeError);
});

Deno.test("agentMetrics counts handled calls and AHT per agent, listing agents still on a call", () => {
  const m = agentMetrics(CALLS, HOUR, NOW);
  assert.deepEqual(m.get(7), { handled: 1, aht_s: 150 }); // call 11 not answered as of now
  assert.deepEqual(m.get(8), { handled: 1, aht_s: 210 });
  assert.deepEqual(m.get(9), { handled: 0, aht_s: null }); // call 5 in progress
  assert.equal(m.size, 3);
  // Later, call 11 (talk 95 s) has ended too: (150 + 95) / 2.
  assert.deepEqual(agentMetrics(CALLS, HOUR, T0 + 900 * S).get(7), { handled: 2, aht_s: 122.5 });
  assert.equal(agentMetrics([], HOUR, NOW).size, 0);
});

Deno.test("occupancy clips seat intervals to the window and ignores idle states", () => {
  const window = { from: T0, to: T0 + 100 * S };
  const at = (agentId: number, state: SeatState, s: number): SeatChange => ({
    agentId,
    state,
    at: T0 + s * S,
  });
  const changes = [
    at(1, "not_ready", -10), // before the window: already in `initial`
    at(2, "hold", 30),
    at(1, "on_call", 20),
    at(1, "wrap_up", 60),
    at(1, "ready", 70),
    at(2, "on_call", 40),
    at(2, "not_ready", 80),
    at(3, "ready", 90),
    at(1, "not_ready", 120), // after the window
  ];
  const initial = new Map<number, SeatState>([[1, "ready"], [2, "on_call"]]);
  // Seat 1: ready 0–20, on_call 20–60, wrap 60–70, ready 70–100 → busy 50, available 50.
  // Seat 2: on_call 0–30, hold 30–40, on_call 40–80, not_ready 80–100 → busy 80.
  // Seat 3: logged out until it turns ready at 90 → available 10.
  // Occupancy = 130 ÷ (130 + 60).
  assert.equal(occupancy(changes, initial, window), 130 / 190);
});

Deno.test("occupancy is null when no seat was ready or busy", () => {
  const window = { from: T0, to: T0 + 100 * S };
  assert.equal(occupancy([], new Map(), window), null);
  assert.equal(occupancy([], new Map<number, SeatState>([[1, "not_ready"]]), window), null);
  assert.equal(occupancy([], new Map<number, SeatState>([[1, "reserved"]]), window), 0);
});

Deno.test("seatsByState counts every state, zero for the absent ones", () => {
  assert.deepEqual(seatsByState(["ready", "on_call", "ready", "lagged"]), {
    logged_out: 0,
    ready: 2,
    reserved: 0,
    on_call: 1,
    hold: 0,
    wrap_up: 0,
    not_ready: 0,
    lagged: 1,
  });
  assert.equal(Object.values(seatsByState([])).reduce((a, b) => a + b, 0), 0);
});

Deno.test("windows() starts today at China midnight and keeps the rolling windows", () => {
  const now = Date.parse("2026-11-28T01:30:00Z"); // 09:30 in Beijing
  const w = windows(now);
  assert.deepEqual(w.today, { from: Date.parse("2026-11-27T16:00:00Z"), to: now });
  assert.deepEqual(w.last15m, { from: Date.parse("2026-11-28T01:15:00Z"), to: now });
  assert.deepEqual(w.last60m, { from: Date.parse("2026-11-28T00:30:00Z"), to: now });
  const midnight = Date.parse("2026-11-27T16:00:00Z");
  assert.equal(windows(midnight).today.from, midnight);
  assert.equal(windows(midnight - 1).today.from, Date.parse("2026-11-26T16:00:00Z"));
  assert.equal(windows(now, 0).today.from, Date.parse("2026-11-28T00:00:00Z"));
});
