import assert from "node:assert/strict";
import fc from "fast-check";
import { expectedWaitSeconds, queuePositions, route } from "./routing.ts";
import type { QueueConfig, Seat, WaitingCall } from "./types.ts";

const T = Date.UTC(2026, 10, 28, 1, 0, 0);
const queue = (code: string, skill: string, priority: number): QueueConfig => ({
  code,
  skill,
  priority,
  serviceLevelSeconds: 15,
  ringTimeoutSeconds: 20,
  overflowAfterSeconds: null,
  overflowQueue: null,
  maxWaitSeconds: null,
  maxWaitAction: "callback",
  wrapUpSeconds: 30,
});
const QUEUES = new Map([
  ["general", queue("general", "general", 3)],
  ["complaint", queue("complaint", "complaint", 8)],
  ["english", queue("english", "english", 6)],
]);
const seat = (
  agentId: number,
  readySince: number,
  skills: [string, number][],
  state: Seat["state"] = "ready",
): Seat => ({
  agentId,
  workNumber: String(1000 + agentId),
  state,
  reason: null,
  since: readySince,
  readySince,
  callId: null,
  direction: null,
  wrapUntil: null,
  skills: skills.map(([skill, level]) => ({ skill, level })),
});
const call = (id: number, q: string, enqueuedAt: number, priority = 0): WaitingCall => ({
  id,
  queue: q,
  priority,
  enqueuedAt,
  queueEnteredAt: enqueuedAt,
  queuedAt: enqueuedAt,
  state: "queued",
  seatAgentId: null,
  ringStartedAt: null,
});

Deno.test("route() gives the call to the longest-idle seat with the skill", () => {
  const seats = [
    seat(1, T - 10_000, [["general", 1]]),
    seat(2, T - 60_000, [["general", 1]]),
    seat(3, T - 90_000, [["english", 5]]),
  ];
  assert.deepEqual(route([call(10, "general", T)], seats, QUEUES), [{ callId: 10, agentId: 2 }]);
});

Deno.test("route() breaks a tie in idle time by skill level", () => {
  const seats = [seat(1, T, [["general", 2]]), seat(2, T, [["general", 5]])];
  assert.deepEqual(route([call(10, "general", T)], seats, QUEUES), [{ callId: 10, agentId: 2 }]);
});

Deno.test("route() serves higher queue priority first, then caller priority, then arrival", () => {
  const seats = [seat(1, T, [["general", 1], ["complaint", 1]])];
  const calls = [call(1, "general", T - 50_000), call(2, "complaint", T - 1000)];
  assert.deepEqual(route(calls, seats, QUEUES), [{ callId: 2, agentId: 1 }]);
  const elderly = [call(3, "general", T - 50_000), call(4, "general", T - 1000, 5)];
  assert.deepEqual(route(elderly, seats, QUEUES), [{ callId: 4, agentId: 1 }]);
});

Deno.test("route() skips seats that are not ready and calls that already ring", () => {
  const seats = [
    seat(1, T, [["general", 1]], "not_ready"),
    seat(2, T, [["general", 1]], "reserved"),
  ];
  assert.deepEqual(route([call(1, "general", T)], seats, QUEUES), []);
  const ringing = { ...call(2, "general", T), state: "ringing" as const, seatAgentId: 9 };
  assert.deepEqual(route([ringing], [seat(3, T, [["general", 1]])], QUEUES), []);
});

Deno.test("route() never gives a call or a seat twice, and only to a ready seat with the skill (property)", () => {
  const skills = ["general", "complaint", "english"];
  const seatArb = fc.record({
    readySince: fc.integer({ min: 0, max: 1000 }),
    state: fc.constantFrom<Seat["state"]>("ready", "ready", "not_ready", "on_call"),
    skills: fc.uniqueArray(fc.constantFrom(...skills), { minLength: 1, maxLength: 3 }),
    level: fc.integer({ min: 1, max: 5 }),
  });
  const callArb = fc.record({
    queue: fc.constantFrom(...QUEUES.keys()),
    at: fc.integer({ min: 0, max: 1000 }),
    priority: fc.integer({ min: 0, max: 3 }),
  });
  fc.assert(
    fc.property(
      fc.array(seatArb, { maxLength: 30 }),
      fc.array(callArb, { maxLength: 40 }),
      (seatSpecs, callSpecs) => {
        const seats = seatSpecs.map((s, i) =>
          seat(i + 1, s.readySince, s.skills.map((k) => [k, s.level]), s.state)
        );
        const calls = callSpecs.map((c, i) => call(i + 1, c.queue, c.at, c.priority));
        const out = route(calls, seats, QUEUES);
        assert.equal(new Set(out.map((a) => a.callId)).size, out.length, "a call twice");
        assert.equal(new Set(out.map((a) => a.agentId)).size, out.length, "a seat twice");
        for (const a of out) {
          const s = seats.find((x) => x.agentId === a.agentId)!;
          const c = calls.find((x) => x.id === a.callId)!;
          assert.equal(s.state, "ready");
          assert.ok(s.skills.some((k) => k.skill === QUEUES.get(c.queue)!.skill));
        }
        // Work-conserving: no call is left waiting while a ready seat with its skill stays unused.
        const used = new Set(out.map((a) => a.agentId));
        const served = new Set(out.map((a) => a.callId));
        for (const c of calls.filter((c) => !served.has(c.id))) {
          const skill = QUEUES.get(c.queue)!.skill;
          assert.ok(
            !seats.some((s) =>
              s.state === "ready" && !used.has(s.agentId) && s.skills.some((k) => k.skill === skill)
            ),
          );
        }
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("queuePositions() and expectedWaitSeconds() tell a caller where they are", () => {
  const calls = [
    call(1, "general", T),
    call(2, "general", T + 1000),
    call(3, "english", T + 500),
    call(4, "general", T + 2000, 9),
  ];
  assert.deepEqual([...queuePositions(calls, QUEUES)], [[3, 1], [4, 1], [1, 2], [2, 3]]);
  assert.equal(expectedWaitSeconds(3, 4, 180), 135);
  assert.equal(expectedWaitSeconds(1, 0, 180), null);
});
