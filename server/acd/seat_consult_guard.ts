import type { AcdTx, LockedCall } from "./acd_tx.ts";
import { blockedWhileConsulting, seatActionRefusal } from "./seat_consult_state.ts";
import type { Seat } from "./types.ts";

/**
 * The seat actions a consultation (内部咨询 or 三方通话) holds back, checked inside the seat
 * action's transaction (call and seat locked): see `seatActionRefusal`.
 */
export async function refuseDuringConsult(
  t: AcdTx,
  seat: Seat,
  call: LockedCall | null,
  action: string,
): Promise<void> {
  if (!call || seat.callId === null) return;
  const open = blockedWhileConsulting(action) &&
    (await t.tx.query("select 1 from call_consults where call_id = $1 and ended_at is null", [
        seat.callId,
      ])).length > 0;
  const refusal = seatActionRefusal(seat, call.agentId, action, open);
  if (refusal) throw refusal;
}
