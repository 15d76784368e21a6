import { AppError } from "../errors.ts";
import type { AcdTx, LockedCall } from "./acd_tx.ts";
import { seatStateName } from "./seat_state.ts";
import type { QueueConfig, Seat } from "./types.ts";

/**
 * Transfer to a named seat (转接至坐席, by work number): the call rings that seat at once, as if
 * the router had chosen it, and the transferring agent goes to after-call work. The target must
 * be ready — a seat on a call, busy or signed out cannot take it (the agent picks another, or
 * transfers to a queue). If the target does not answer, the ring timeout puts the call back at
 * the head of its queue, as for any unanswered ring. Skills are not required: naming the seat
 * is the agent's choice (a specialist, a team leader).
 *
 * Locks: the call and the transferring seat are already locked (calls before seats); the target
 * seat is locked last. The router, which reserves ready seats too, locks seats with their
 * `state = 'ready'` re-checked, so it skips a seat this transfer reserved meanwhile.
 */
export async function transferToSeat(
  t: AcdTx,
  queues: ReadonlyMap<string, QueueConfig>,
  seat: Seat,
  call: LockedCall | null,
  to: string,
): Promise<Seat> {
  if (!call || (call.state !== "connected" && call.state !== "held")) {
    throw new AppError(409, "no_call", "当前没有通话 (no call)");
  }
  if (to === seat.workNumber) {
    throw new AppError(422, "transfer_to_self", "不能转接给自己 (cannot transfer to yourself)", [
      { path: "to", message: "不能转接给自己" },
    ]);
  }
  const notReady = (s: Seat) =>
    new AppError(
      409,
      "target_not_ready",
      `坐席 ${to} 当前为「${seatStateName(s.state)}」，不能接受转接 (seat ${to} is ${s.state})`,
    );
  // A look without a lock first: a busy target is refused without waiting on its row.
  const glance = await t.seatOf(to);
  if (glance.state !== "ready") throw notReady(glance);
  const target = await t.lockSeatByAgent(glance.agentId);
  if (target.state !== "ready") throw notReady(target);

  const held = call.holdStartedAt !== null ? t.now - call.holdStartedAt : 0;
  await t.tx.query(
    `update calls set state = 'ringing', agent_id = $2, ring_started_at = $3, rings = rings + 1,
       hold_ms = hold_ms + $4, hold_started_at = null where id = $1`,
    [seat.callId, target.agentId, t.at(), held],
  );
  const after = await t.moveSeat(seat, {
    type: "hang_up",
    wrapUpSeconds: queues.get(call.queue)?.wrapUpSeconds ?? 30,
  });
  t.callEvent("transferred", seat.callId!, {
    from: call.queue,
    queue: call.queue,
    agent: seat.workNumber,
    to_agent: to,
  });
  await t.moveSeat(target, { type: "reserve", callId: seat.callId! });
  t.callEvent("ringing", seat.callId!, {
    queue: call.queue,
    agent: to,
    transferred_from: seat.workNumber,
    wait_s: (t.now - (call.queuedAt ?? t.now)) / 1000,
  });
  return after;
}
