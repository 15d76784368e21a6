/**
 * A call whose media died (its worker was killed) ends as failed through the ACD: the seat goes
 * to after-call work (or back to ready if it was only ringing), with the ACD's own events.
 */
import type { AcdService } from "../server/acd/acd_service.ts";

export async function failCall(acd: AcdService, callId: number, cause: string): Promise<boolean> {
  const queues = await acd.queues();
  return await acd.run(async (t) => {
    const call = await t.lockCall(callId);
    if (call.state === "ended") return false;
    const held = call.holdStartedAt !== null ? t.now - call.holdStartedAt : 0;
    await t.tx.query(
      `update calls set state = 'ended', end_reason = 'failed', ended_at = $2, hold_ms = hold_ms + $3,
         hold_started_at = null where id = $1`,
      [callId, t.at(), held],
    );
    let agent: string | null = null;
    if (call.agentId !== null) {
      const seat = await t.lockSeatByAgent(call.agentId);
      agent = seat.workNumber;
      if (seat.callId === callId && seat.state === "reserved") {
        await t.moveSeat(seat, { type: "release" });
      } else if (seat.callId === callId && (seat.state === "on_call" || seat.state === "hold")) {
        await t.moveSeat(seat, {
          type: "hang_up",
          wrapUpSeconds: queues.get(call.queue)?.wrapUpSeconds ?? 30,
        });
      }
    }
    t.callEvent("ended", callId, {
      queue: call.queue,
      agent,
      reason: "failed",
      cause,
      talk_s: call.answeredAt !== null ? (t.now - call.answeredAt) / 1000 : 0,
    });
    return true;
  });
}
