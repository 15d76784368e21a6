/**
 * The ACD's side of an agent's own outbound call (外呼回拨) and of a consultation's hold: each
 * step one transaction with its events on the live spine, a person's step audited. The call is
 * an ACD call of direction `outbound`, on the seat from the start (`dial_out`), `dialing` until
 * the far phone answers; it then is `connected` like an answered inbound call (the media layer
 * follows `call.answered`: audio, recording), and ends through the seat's hang-up as any call.
 * Outbound calls never entered a queue (`queued_at` null): the queue figures leave them out.
 */
import type { Database } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import type { AcdService } from "./acd_service.ts";
import type { DialResult } from "../../telephony/sip/outbound_leg.ts";

/** Masked as the seat shows numbers: the first 3 and last 4 digits. */
export function maskNumber(n: string): string {
  return n.length <= 7 ? n.replace(/\d(?=\d{2})/g, "*") : `${n.slice(0, 3)}****${n.slice(-4)}`;
}

export class OutboundCalls {
  constructor(
    private readonly db: Database,
    private readonly pii: PiiCipher,
    private readonly acd: AcdService,
  ) {}

  /** The seat dials: a new call on it, `dialing`. From ready or wrap-up only. */
  async start(
    who: AuditActor,
    workNumber: string,
    number: string,
    caseId: number | null,
    caseNumber: string | null,
  ): Promise<number> {
    const enc = await this.pii.encrypt(number);
    const hash = await this.pii.lookupHash(number);
    return await this.acd.run(async (t) => {
      const glance = await t.seatOf(workNumber);
      // The call on the seat (a wrap-up's) is locked first: calls before seats.
      if (glance.callId !== null) await t.lockCall(glance.callId);
      const seat = await t.lockSeatByAgent(glance.agentId);
      if (seat.state !== "ready" && seat.state !== "wrap_up") {
        throw new AppError(
          409,
          "seat_busy",
          "只有空闲或话后整理中的坐席可以外呼 (dial from ready or wrap-up)",
        );
      }
      if (seat.state === "wrap_up" && seat.callId !== null) {
        // After-call work ends here: its time is the previous call's, as at 整理完毕.
        await t.tx.query("update calls set wrap_ms = $2 where id = $1", [
          seat.callId,
          t.now - seat.since,
        ]);
      }
      const [row] = await t.tx.query<{ id: number }>(
        `insert into calls (channel, direction, caller_number_enc, caller_number_hash, agent_id, state, offered_at)
         values ('phone', 'outbound', $1, $2, $3, 'dialing', $4) returning id`,
        [enc, hash, seat.agentId, t.at()],
      );
      // dial_out: from ready, not ready or wrap-up (the state machine's rule); else a 409.
      await t.moveSeat(seat, { type: "dial_out", callId: row.id });
      if (caseId !== null) {
        await t.tx.query("insert into case_calls (case_id, call_id) values ($1, $2)", [
          caseId,
          row.id,
        ]);
      }
      t.callEvent("dialing", row.id, {
        agent: workNumber,
        direction: "out",
        channel: "phone",
        case: caseNumber,
      });
      await audit(t.tx, who, {
        action: "seat.dial_out",
        objectType: "seat",
        objectId: workNumber,
        before: { state: seat.state, call: seat.callId },
        after: { state: "on_call", call: row.id, to: maskNumber(number), case: caseNumber },
      });
      return row.id;
    });
  }

  /** The far phone rings (ringback on the seat). */
  async ringing(callId: number, agent: string): Promise<void> {
    await this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      if (call.state !== "dialing") return;
      await t.tx.query("update calls set dial_ringing_at = $2 where id = $1", [callId, t.at()]);
      t.callEvent("dial_ringing", callId, { agent, direction: "out" });
    });
  }

  /** Answered: connected like an inbound call; false when the agent gave up meanwhile. */
  async answered(callId: number, agent: string): Promise<boolean> {
    return await this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      if (call.state !== "dialing") return false;
      await t.tx.query(
        "update calls set state = 'connected', answered_at = $2, dial_result = 'answered', dial_sip_status = 200 where id = $1",
        [callId, t.at()],
      );
      t.callEvent("answered", callId, { agent, direction: "out", queue: null, wait_s: 0 });
      return true;
    });
  }

  /**
   * Nobody answered (busy, no answer, refused, failed): the call ends as failed with how, and
   * the seat goes to after-call work. A call the agent already hung up keeps `cancelled`.
   */
  async notReached(callId: number, agent: string, status: number, result: DialResult) {
    await this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      if (call.state !== "dialing") {
        await t.tx.query("update calls set dial_sip_status = $2 where id = $1", [callId, status]);
        return;
      }
      await t.tx.query(
        `update calls set state = 'ended', end_reason = 'failed', ended_at = $2, dial_result = $3,
           dial_sip_status = $4 where id = $1`,
        [callId, t.at(), result, status],
      );
      if (call.agentId !== null) {
        const seat = await t.lockSeatByAgent(call.agentId);
        if (seat.callId === callId && seat.state === "on_call") {
          await t.moveSeat(seat, { type: "hang_up", wrapUpSeconds: 30 });
        }
      }
      t.callEvent("ended", callId, {
        agent,
        direction: "out",
        reason: "failed",
        dial_result: result,
        sip_status: status,
        talk_s: 0,
      });
    });
  }

  /**
   * A call the agent left to the caller and a third party (a consultation transferred) ends
   * when either of them hangs up: no seat is on it any more.
   */
  async endDetached(callId: number): Promise<void> {
    await this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      if (call.state === "ended") return;
      const held = call.holdStartedAt !== null ? t.now - call.holdStartedAt : 0;
      await t.tx.query(
        `update calls set state = 'ended', end_reason = 'completed', ended_at = $2,
           hold_ms = hold_ms + $3, hold_started_at = null where id = $1`,
        [callId, t.at(), held],
      );
      t.callEvent("ended", callId, {
        queue: call.queue,
        reason: "completed",
        transferred: "third_party",
        talk_s: call.answeredAt !== null ? (t.now - call.answeredAt) / 1000 : 0,
      });
    });
  }

  /** The latest outbound call of this seat (the seat shows how its dialling went). */
  async latest(workNumber: string): Promise<DialView | null> {
    const [row] = await this.db.query<{
      id: number;
      state: string;
      caller_number_enc: string | null;
      dial_ringing_at: Date | null;
      dial_result: DialResult | null;
      dial_sip_status: number | null;
      end_reason: string | null;
      offered_at: Date;
    }>(
      `select k.id, k.state, k.caller_number_enc, k.dial_ringing_at, k.dial_result, k.dial_sip_status,
         k.end_reason, k.offered_at
       from calls k join agents a on a.id = k.agent_id
       where a.work_number = $1 and k.direction = 'outbound' and k.offered_at > now() - interval '1 hour'
       order by k.id desc limit 1`,
      [workNumber],
    );
    if (!row) return null;
    const number = row.caller_number_enc ? await this.pii.decrypt(row.caller_number_enc) : "";
    return {
      call_id: Number(row.id),
      state: row.state,
      ringing: row.dial_ringing_at !== null,
      result: row.dial_result,
      sip_status: row.dial_sip_status,
      number: maskNumber(number),
      at: row.offered_at.toISOString(),
    };
  }
}

export interface DialView {
  call_id: number;
  /** dialing, connected, held, ended */
  state: string;
  ringing: boolean;
  result: DialResult | null;
  sip_status: number | null;
  /** Masked: the agent never sees a citizen's number in full. */
  number: string;
  at: string;
}

/** A case's citizen phone, decrypted on the server only: the agent dials by case number. */
export async function casePhone(
  db: Database,
  pii: PiiCipher,
  caseNumber: string,
): Promise<{ caseId: number; number: string }> {
  const [row] = await db.query<{ id: number; citizen_phone_enc: string | null }>(
    "select id, citizen_phone_enc from cases where case_number = $1",
    [caseNumber],
  );
  if (!row) throw new AppError(404, "case_not_found", `没有这个工单 (no case ${caseNumber})`);
  if (!row.citizen_phone_enc) {
    throw new AppError(422, "no_phone", "工单没有联系电话，无法回拨 (the case has no phone)");
  }
  return { caseId: Number(row.id), number: await pii.decrypt(row.citizen_phone_enc) };
}
