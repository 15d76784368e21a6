import type { QueueConfig, Seat, WaitingCall } from "./types.ts";

export interface Assignment {
  callId: number;
  agentId: number;
}

/**
 * One routing decision over everything waiting: each queued call, in serving order, goes to the
 * longest-idle ready seat that has the queue's skill (higher skill level breaks ties, then the
 * lower agent id). No call and no seat appears twice. Sorting the seats per skill and the calls
 * is the whole cost: O(n log n).
 */
export function route(
  waiting: readonly WaitingCall[],
  seats: readonly Seat[],
  queues: ReadonlyMap<string, QueueConfig>,
): Assignment[] {
  const bySkill = new Map<string, { seat: Seat; key: number }[]>();
  for (const seat of seats) {
    if (seat.state !== "ready") continue;
    const idleSince = seat.readySince ?? seat.since;
    for (const { skill, level } of seat.skills) {
      let list = bySkill.get(skill);
      if (!list) bySkill.set(skill, list = []);
      // Earlier idle first, then the higher level (1–10): one number, exact for ms timestamps.
      list.push({ seat, key: idleSince * 16 + (15 - level) });
    }
  }
  const cursor = new Map<string, number>();
  for (const [skill, list] of bySkill) {
    list.sort((a, b) => a.key - b.key || a.seat.agentId - b.seat.agentId);
    cursor.set(skill, 0);
  }
  const taken = new Set<number>();
  const out: Assignment[] = [];
  for (const call of servingOrder(waiting, queues)) {
    const skill = queues.get(call.queue)?.skill;
    const list = skill ? bySkill.get(skill) : undefined;
    if (!list) continue;
    let i = cursor.get(skill!)!;
    while (i < list.length && taken.has(list[i].seat.agentId)) i++;
    cursor.set(skill!, i);
    if (i === list.length) continue;
    taken.add(list[i].seat.agentId);
    out.push({ callId: call.id, agentId: list[i].seat.agentId });
  }
  return out;
}

/**
 * Queued calls in serving order: queue priority, then caller priority (0–9, so one rank number
 * holds both), then who entered first.
 */
function servingOrder(
  waiting: readonly WaitingCall[],
  queues: ReadonlyMap<string, QueueConfig>,
): WaitingCall[] {
  const keyed = waiting.filter((c) => c.state === "queued").map((c) => ({
    c,
    rank: (queues.get(c.queue)?.priority ?? 0) * 10 + c.priority,
  }));
  keyed.sort((a, b) => b.rank - a.rank || a.c.enqueuedAt - b.c.enqueuedAt || a.c.id - b.c.id);
  return keyed.map((k) => k.c);
}

/** Each waiting call's place in its queue (1 = next), in serving order. */
export function queuePositions(
  waiting: readonly WaitingCall[],
  queues: ReadonlyMap<string, QueueConfig>,
): Map<number, number> {
  const next = new Map<string, number>();
  const positions = new Map<number, number>();
  for (const call of servingOrder(waiting, queues)) {
    const p = (next.get(call.queue) ?? 0) + 1;
    next.set(call.queue, p);
    positions.set(call.id, p);
  }
  return positions;
}

/**
 * Expected wait for the caller at `position`: the calls ahead are served by the staffed seats with
 * the skill, each taking about one handle time. A plain estimate, announced rounded up.
 */
export function expectedWaitSeconds(
  position: number,
  staffedWithSkill: number,
  ahtSeconds: number,
): number | null {
  if (staffedWithSkill <= 0) return null;
  return Math.ceil((position * ahtSeconds) / staffedWithSkill);
}
