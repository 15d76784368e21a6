import type { QueueConfig, Seat, WaitingCall } from "./types.ts";

export interface Assignment {
  callId: number;
  agentId: number;
}

/** Serving order: queue priority, then caller priority, then who entered first. */
export function compareCalls(queues: ReadonlyMap<string, QueueConfig>) {
  return (a: WaitingCall, b: WaitingCall) =>
    (queues.get(b.queue)?.priority ?? 0) - (queues.get(a.queue)?.priority ?? 0) ||
    b.priority - a.priority ||
    a.enqueuedAt - b.enqueuedAt ||
    a.id - b.id;
}

/**
 * One routing decision over everything waiting: each queued call, in serving order, goes to the
 * longest-idle ready seat that has the queue's skill (higher skill level breaks ties). No call
 * and no seat appears twice. Seats are pre-sorted per skill once, so a decision over 2,000 seats
 * and 1,000 calls is O(seats · skills + calls).
 */
export function route(
  waiting: readonly WaitingCall[],
  seats: readonly Seat[],
  queues: ReadonlyMap<string, QueueConfig>,
): Assignment[] {
  const bySkill = new Map<string, { seat: Seat; level: number }[]>();
  for (const seat of seats) {
    if (seat.state !== "ready") continue;
    for (const { skill, level } of seat.skills) {
      let list = bySkill.get(skill);
      if (!list) bySkill.set(skill, list = []);
      list.push({ seat, level });
    }
  }
  const cursor = new Map<string, number>();
  for (const [skill, list] of bySkill) {
    list.sort((a, b) =>
      (a.seat.readySince ?? a.seat.since) - (b.seat.readySince ?? b.seat.since) ||
      b.level - a.level ||
      a.seat.agentId - b.seat.agentId
    );
    cursor.set(skill, 0);
  }
  const taken = new Set<number>();
  const out: Assignment[] = [];
  for (const call of [...waiting].filter((c) => c.state === "queued").sort(compareCalls(queues))) {
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

/** Each waiting call's place in its queue (1 = next), in serving order. */
export function queuePositions(
  waiting: readonly WaitingCall[],
  queues: ReadonlyMap<string, QueueConfig>,
): Map<number, number> {
  const next = new Map<string, number>();
  const positions = new Map<number, number>();
  for (const call of [...waiting].filter((c) => c.state === "queued").sort(compareCalls(queues))) {
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
