import type { QueueConfig, Seat, WaitingCall } from "./types.ts";

export type DueTimer =
  | { type: "ring_timeout"; callId: number; agentId: number }
  | { type: "overflow"; callId: number; to: string }
  | { type: "max_wait"; callId: number; action: "voicemail" | "callback" }
  | { type: "wrap_done"; agentId: number };

/**
 * What the clock makes happen at `now`: rings that went unanswered, calls that waited long
 * enough to overflow or to be offered voicemail/a callback, after-call work that ran out. The
 * engine applies them; recomputing them from the stored state is what makes a restart resume.
 */
export function dueTimers(
  waiting: readonly WaitingCall[],
  seats: readonly Seat[],
  queues: ReadonlyMap<string, QueueConfig>,
  now: number,
): DueTimer[] {
  const due: DueTimer[] = [];
  for (const call of waiting) {
    const q = queues.get(call.queue);
    if (!q) continue;
    if (call.state === "ringing") {
      if (
        call.ringStartedAt !== null && call.seatAgentId !== null &&
        now - call.ringStartedAt >= q.ringTimeoutSeconds * 1000
      ) {
        due.push({ type: "ring_timeout", callId: call.id, agentId: call.seatAgentId });
      }
      continue;
    }
    if (q.maxWaitSeconds !== null && now - call.queuedAt >= q.maxWaitSeconds * 1000) {
      due.push({ type: "max_wait", callId: call.id, action: q.maxWaitAction });
    } else if (
      q.overflowAfterSeconds !== null && q.overflowQueue && q.overflowQueue !== call.queue &&
      now - call.queueEnteredAt >= q.overflowAfterSeconds * 1000
    ) {
      due.push({ type: "overflow", callId: call.id, to: q.overflowQueue });
    }
  }
  for (const seat of seats) {
    if (seat.state === "wrap_up" && seat.wrapUntil !== null && seat.wrapUntil <= now) {
      due.push({ type: "wrap_done", agentId: seat.agentId });
    }
  }
  return due;
}
