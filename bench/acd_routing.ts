/**
 * The ACD's routing decision in process: `route(waiting, seats, queues)` (server/acd/routing.ts)
 * over 2,000 ready seats and 1,000 waiting calls, and `queuePositions()` over the same calls.
 *
 *   deno run -A bench/acd_routing.ts [--seats=2000] [--calls=1000] [--small=200]
 *     [--iterations=2000] [--warmup=200] [--seed=12345]
 *   (or the env BENCH_SEATS, BENCH_CALLS, BENCH_SMALL, BENCH_ITERATIONS, BENCH_WARMUP, BENCH_SEED)
 *
 * "One decision" is one call of route() on the whole current state: filter the ready seats,
 * group them per skill and sort each group (longest idle, then level), sort the queued calls in
 * serving order, and assign every call that can be served. It excludes what AcdService.route()
 * does around it in its transaction: loading the rows FOR UPDATE and writing each assignment.
 * Input arrays are built once (seeded PRNG) and reused: route() does not mutate them.
 */
import { mulberry32 } from "../server/seed/prng.ts";
import { DEMO_CITY } from "../server/seed/demo_city.ts";
import { queuePositions, route } from "../server/acd/routing.ts";
import type { QueueConfig, Seat, SkillLevel, WaitingCall } from "../server/acd/types.ts";
import { loadAverage, option as opt, pct } from "./common.ts";

const SEATS = Number(opt("seats", "2000"));
const CALLS = Number(opt("calls", "1000"));
const SMALL = Number(opt("small", "200"));
const ITERATIONS = Number(opt("iterations", "2000"));
const WARMUP = Number(opt("warmup", "200"));
const SEED = Number(opt("seed", "12345"));

const rand = mulberry32(SEED); // seeded: every run routes the same input
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const NOW = Date.UTC(2026, 10, 28, 10, 0, 0);

// The demo city's four queues, one skill each (general 3, business 5, english 6, complaint 8).
const queues = new Map<string, QueueConfig>(DEMO_CITY.queues.map((q) => [q.code, {
  code: q.code,
  skill: q.skill,
  priority: q.priority,
  serviceLevelSeconds: 15,
  ringTimeoutSeconds: 15,
  overflowAfterSeconds: null,
  overflowQueue: null,
  maxWaitSeconds: 600,
  maxWaitAction: "callback",
  wrapUpSeconds: 20,
}]));
const SKILL_SHARE: [string, number][] = [
  ["general", 0.9],
  ["business", 0.35],
  ["english", 0.2],
  ["complaint", 0.25],
];
const QUEUE_SHARE: [string, number][] = [
  ["general", 0.55],
  ["business", 0.15],
  ["english", 0.1],
  ["complaint", 0.2],
];

function makeSeat(i: number): Seat {
  let skills: SkillLevel[] = SKILL_SHARE.filter(([, p]) => rand() < p)
    .map(([skill]) => ({ skill, level: int(1, 10) }));
  if (skills.length === 0) skills = [{ skill: "general", level: int(1, 10) }];
  const readySince = NOW - int(0, 600_000); // idle up to 10 minutes
  return {
    agentId: i + 1,
    workNumber: String(10001 + i),
    state: "ready",
    reason: null,
    since: readySince,
    readySince,
    callId: null,
    direction: null,
    wrapUntil: null,
    skills,
  };
}

function makeCall(i: number): WaitingCall {
  let r = rand(), queue = QUEUE_SHARE[0][0];
  for (const [q, share] of QUEUE_SHARE) {
    if ((r -= share) < 0) {
      queue = q;
      break;
    }
  }
  const at = NOW - int(0, 300_000); // waiting up to 5 minutes
  return {
    id: 500_000 + i,
    queue,
    priority: rand() < 0.9 ? 0 : int(1, 9),
    enqueuedAt: at,
    queueEnteredAt: at,
    queuedAt: at,
    state: "queued",
    seatAgentId: null,
    ringStartedAt: null,
  };
}

const seats = Array.from({ length: SEATS }, (_, i) => makeSeat(i));
const calls = Array.from({ length: CALLS }, (_, i) => makeCall(i));
const smallCalls = calls.slice(0, SMALL);

/** Checks one decision: no call or seat twice, the seat has the queue's skill. */
function check(waiting: WaitingCall[], out: ReturnType<typeof route>): void {
  const byCall = new Map(waiting.map((c) => [c.id, c]));
  const byAgent = new Map(seats.map((s) => [s.agentId, s]));
  if (new Set(out.map((a) => a.callId)).size !== out.length) throw new Error("a call twice");
  if (new Set(out.map((a) => a.agentId)).size !== out.length) throw new Error("a seat twice");
  for (const a of out) {
    const skill = queues.get(byCall.get(a.callId)!.queue)!.skill;
    if (!byAgent.get(a.agentId)!.skills.some((s) => s.skill === skill)) {
      throw new Error(`call ${a.callId} given to a seat without ${skill}`);
    }
  }
}

interface Stats {
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Times `fn` once per iteration after a warm-up; every result goes to `sink`. */
function measure(fn: () => unknown, sink: (x: unknown) => void): Stats {
  for (let i = 0; i < WARMUP; i++) sink(fn());
  const t = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const result = fn();
    t[i] = performance.now() - t0;
    sink(result);
  }
  t.sort();
  const r = (x: number) => +x.toFixed(4);
  return {
    p50_ms: r(pct(t, 0.5)),
    p90_ms: r(pct(t, 0.9)),
    p99_ms: r(pct(t, 0.99)),
    max_ms: r(pct(t, 1)),
    mean_ms: r(t.reduce((a, b) => a + b, 0) / t.length),
  };
}

const loadavg = loadAverage();
let sunk = 0; // keeps results alive so the work cannot be optimised away
const sink = (x: unknown) => {
  sunk += (x as { length?: number; size?: number }).length ??
    (x as { size: number }).size;
};

const full = route(calls, seats, queues);
const small = route(smallCalls, seats, queues);
check(calls, full);
check(smallCalls, small);
const routeFull = measure(() => route(calls, seats, queues), sink);
const routeSmall = measure(() => route(smallCalls, seats, queues), sink);
const positionsFull = measure(() => queuePositions(calls, queues), sink);
const positionsSmall = measure(() => queuePositions(smallCalls, queues), sink);
// What AcdService.route() does next in memory, per assignment, before writing it: look up the
// assigned seat (a Map since the first round; it was a linear find). Not part of route().
const findAfter = measure(() => {
  const byAgent = new Map(seats.map((s) => [s.agentId, s]));
  return full.map((a) => byAgent.get(a.agentId)!);
}, sink);
const again = route(calls, seats, queues);
if (JSON.stringify(again) !== JSON.stringify(full)) throw new Error("route() is not deterministic");

const perQueue = Object.fromEntries(
  [...queues.keys()].map((q) => [q, calls.filter((c) => c.queue === q).length]),
);
const f = (x: number) => x.toFixed(3).padStart(8);
const row = (name: string, s: Stats) =>
  `${name.padEnd(44)} ${f(s.p50_ms)} ${f(s.p90_ms)} ${f(s.p99_ms)} ${f(s.max_ms)} ${f(s.mean_ms)}`;
console.log(`ACD routing decision, in process (Deno ${Deno.version.deno}, V8 ${Deno.version.v8})
input: ${SEATS} ready seats (skills ${
  SKILL_SHARE.map(([s]) =>
    `${s} ${seats.filter((x) => x.skills.some((k) => k.skill === s)).length}`
  )
    .join(", ")
}), ${CALLS} queued calls (${JSON.stringify(perQueue)}), seed ${SEED}
assignments: ${full.length} of ${CALLS} calls, ${small.length} of ${SMALL} calls (checked: no call or seat twice, skill matches)
${ITERATIONS} timed iterations after ${WARMUP} warm-up, load average before ${loadavg}

${"".padEnd(44)}  p50 ms   p90 ms   p99 ms   max ms  mean ms
${row(`route(): ${CALLS} calls × ${SEATS} seats`, routeFull)}
${row(`route(): ${SMALL} calls × ${SEATS} seats`, routeSmall)}
${row(`queuePositions(): ${CALLS} calls`, positionsFull)}
${row(`queuePositions(): ${SMALL} calls`, positionsSmall)}
${row(`(service) seat look-up × ${full.length} assignments`, findAfter)}
`);
const met = routeFull.p99_ms < 1;
console.log(
  `target (one decision, ${SEATS} seats × ${CALLS} calls, p99 < 1 ms): ${
    met ? "MET" : "NOT MET"
  } (p99 ${routeFull.p99_ms} ms)`,
);
console.log(JSON.stringify({
  bench: "acd_routing",
  seats: SEATS,
  calls: CALLS,
  small_calls: SMALL,
  iterations: ITERATIONS,
  warmup: WARMUP,
  seed: SEED,
  assignments: full.length,
  assignments_small: small.length,
  route: routeFull,
  route_small: routeSmall,
  queue_positions: positionsFull,
  queue_positions_small: positionsSmall,
  service_seat_find: findAfter,
  target_p99_ms: 1,
  met,
  loadavg_before: loadavg,
  sink: sunk > 0,
}));
