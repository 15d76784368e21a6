import assert from "node:assert/strict";
import type { CallFact } from "./types.ts";
import { wallHistory } from "./wall_history.ts";

// 2026-11-28 10:00 in Beijing = 02:00 UTC.
const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const MIN = 60_000;
const call = (
  id: number,
  queuedAt: number,
  answeredAfterS: number | null,
  endedAt: number | null = null,
): CallFact => ({
  id,
  queue: "general",
  queuedAt,
  answeredAt: answeredAfterS === null ? null : queuedAt + answeredAfterS * 1000,
  endedAt,
  endReason: endedAt === null ? null : answeredAfterS === null ? "abandoned" : "completed",
  holdMs: 0,
  wrapMs: 0,
  agentId: null,
});

Deno.test("wallHistory() counts waiting calls at each 5-minute mark and the answer rate per bucket", () => {
  const facts = [
    call(1, NOW - 12 * MIN, 10, NOW - 5 * MIN), // answered in 10 s: within 15
    call(2, NOW - 12 * MIN, 40, NOW - 5 * MIN), // answered after 40 s: a miss
    call(3, NOW - 3 * MIN, null), // still waiting now
  ];
  const h = wallHistory(facts, NOW);
  assert.equal(h.at.length, 24);
  assert.equal(h.at[23], NOW);
  // At 09:50 both early calls wait; at 09:55 both were answered; at 10:00 call 3 waits.
  assert.deepEqual(h.waiting.slice(-3), [0, 0, 1]);
  // Calls 1 and 2 entered in the bucket 09:45–09:50: one of two within 15 s; nobody entered
  // 09:50–09:55; call 3 (09:57) has waited 3 minutes already: a miss.
  assert.deepEqual(h.service_level_15s.slice(-3), [0.5, null, 0]);
});

Deno.test("wallHistory() compares arrivals per hour today with the same weekday last week", () => {
  const week = 7 * 24 * 60 * MIN;
  const facts = [
    call(1, NOW - 30 * MIN, 5, NOW - 20 * MIN), // 09:30 today
    call(2, NOW - 90 * MIN, 5, NOW - 80 * MIN), // 08:30 today
    call(3, NOW - week - 30 * MIN, 5, NOW - week), // 09:30 last week
    call(4, NOW - week + 3 * 60 * MIN, 5, NOW - week + 3 * 60 * MIN + MIN), // 13:00 last week
  ];
  const h = wallHistory(facts, NOW);
  assert.deepEqual([h.arrivals_today[8], h.arrivals_today[9], h.arrivals_today[13]], [1, 1, 0]);
  assert.deepEqual([h.arrivals_last_week[9], h.arrivals_last_week[13]], [1, 1]);
});
