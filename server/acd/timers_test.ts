import assert from "node:assert/strict";
import { dueTimers } from "./timers.ts";
import type { QueueConfig, Seat, WaitingCall } from "./types.ts";

const T = Date.UTC(2026, 10, 28, 1, 0, 0);
const general: QueueConfig = {
  code: "general",
  skill: "general",
  priority: 3,
  serviceLevelSeconds: 15,
  ringTimeoutSeconds: 20,
  overflowAfterSeconds: 60,
  overflowQueue: "business",
  maxWaitSeconds: 300,
  maxWaitAction: "callback",
  wrapUpSeconds: 30,
};
const QUEUES = new Map([["general", general]]);
const waiting = (id: number, queuedAt: number, extra: Partial<WaitingCall> = {}): WaitingCall => ({
  id,
  queue: "general",
  priority: 0,
  enqueuedAt: queuedAt,
  queueEnteredAt: queuedAt,
  queuedAt,
  state: "queued",
  seatAgentId: null,
  ringStartedAt: null,
  ...extra,
});

Deno.test("dueTimers() finds unanswered rings, overflows and calls past the maximum wait", () => {
  const calls = [
    waiting(1, T - 30_000, { state: "ringing", seatAgentId: 5, ringStartedAt: T - 20_000 }), // rang 20 s: due
    waiting(2, T - 30_000, { state: "ringing", seatAgentId: 6, ringStartedAt: T - 19_000 }), // not yet
    waiting(3, T - 61_000), // 61 s in the queue: overflows
    waiting(4, T - 59_000),
    waiting(5, T - 301_000), // past the maximum wait: offered a callback, not an overflow
  ];
  assert.deepEqual(dueTimers(calls, [], QUEUES, T), [
    { type: "ring_timeout", callId: 1, agentId: 5 },
    { type: "overflow", callId: 3, to: "business" },
    { type: "max_wait", callId: 5, action: "callback" },
  ]);
});

Deno.test("dueTimers() counts overflow from entering the current queue, and ends after-call work", () => {
  const moved = waiting(1, T - 120_000, { queue: "general", queueEnteredAt: T - 10_000 });
  const seat: Seat = {
    agentId: 9,
    workNumber: "1009",
    state: "wrap_up",
    reason: null,
    since: T - 30_000,
    readySince: null,
    callId: 4,
    direction: "in",
    wrapUntil: T,
    skills: [],
  };
  assert.deepEqual(dueTimers([moved], [seat], QUEUES, T), [{ type: "wrap_done", agentId: 9 }]);
});
