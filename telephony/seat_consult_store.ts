/**
 * The rows and the ACD side of 内部咨询 (telephony/seat_consult.ts): a `call_consults` row with
 * `to_agent` (migration 0016; one open consultation per call, phone or seat), the caller's hold on
 * the call row (counted as hold time), the consulted seat reserved (so the router passes it by),
 * answered, let go, or given the call on a transfer. Each step is one transaction with its
 * `call.consult_*` event on the live spine, and audited (`consult.*`; a timeout by the system).
 */
import type { Database } from "../db/port.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { AcdTx } from "../server/acd/acd_tx.ts";
import {
  releaseAction,
  type SeatConsultOutcome,
  targetRefusal,
} from "../server/acd/seat_consult_state.ts";
import { audit, type AuditActor, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { AppError } from "../server/errors.ts";

export interface SeatConsultView {
  id: number;
  call_id: number;
  agent: string;
  to_agent: string;
  name: string;
  answered: boolean;
  conference: boolean;
  outcome: SeatConsultOutcome | null;
  /** The caller, masked, for the consulted seat's notice (filled by the service). */
  caller?: string | null;
}

export class SeatConsultStore {
  constructor(private readonly db: Database, private readonly acd: AcdService) {}

  /** A (on a talking call of theirs) consults B (ready): caller held, B reserved, row opened. */
  start(who: AuditActor, from: string, to: string): Promise<{ id: number; callId: number }> {
    return this.acd.run(async (t) => {
      const glance = await t.seatOf(from);
      if (glance.callId === null || glance.state !== "on_call") {
        throw new AppError(409, "no_call", "当前没有通话，不能发起咨询 (no talking call)");
      }
      const callId = glance.callId;
      const call = await t.lockCall(callId);
      const seat = await t.lockSeatByAgent(glance.agentId);
      if (seat.callId !== callId || call.state !== "connected") {
        throw new AppError(409, "not_talking", "只有通话中的来电可以发起咨询 (not talking)");
      }
      if (call.agentId !== seat.agentId) {
        throw new AppError(403, "not_your_call", "只有本通话的坐席可以发起咨询 (not your call)");
      }
      await this.#noneOpen(t, callId);
      const target0 = await t.seatOf(to);
      const early = targetRefusal(from, target0);
      if (early) throw early;
      const target = await t.lockSeatByAgent(target0.agentId);
      const late = targetRefusal(from, target);
      if (late) throw late;
      const [{ name }] = await t.tx.query<{ name: string }>(
        "select name from agents where id = $1",
        [target.agentId],
      );
      await t.tx.query("update calls set state = 'held', hold_started_at = $2 where id = $1", [
        callId,
        t.at(),
      ]);
      // Marked first: the one-seat-per-call index is checked at each statement.
      await consulted(t, target.agentId, true);
      await t.moveSeat(target, { type: "reserve", callId });
      const [row] = await t.tx.query<{ id: number }>(
        `insert into call_consults (call_id, agent, to_agent, name, number, started_at)
         values ($1, $2, $3, $4, $3, $5) returning id`,
        [callId, from, to, name, t.at()],
      );
      const id = Number(row.id);
      t.callEvent("consult_started", callId, { agent: from, consult: id, to_agent: to, name });
      t.callEvent("consult_ringing", callId, { agent: from, consult: id, to_agent: to });
      await audit(t.tx, who, {
        action: "consult.start",
        objectType: "call",
        objectId: callId,
        before: { state: call.state },
        after: { state: "held", consult: id, to_agent: to, to_seat: "reserved" },
      });
      return { id, callId };
    });
  }

  async #noneOpen(t: AcdTx, callId: number) {
    const [open] = await t.tx.query(
      "select 1 from call_consults where call_id = $1 and ended_at is null",
      [callId],
    );
    if (open) throw new AppError(409, "consult_open", "本通话已有进行中的咨询 (one is open)");
  }

  /** B answers: their seat goes on the call (the call stays A's). */
  answer(who: AuditActor, id: number, callId: number, to: string): Promise<void> {
    return this.acd.run(async (t) => {
      await t.lockCall(callId);
      const seat = await t.lockSeatByAgent((await t.seatOf(to)).agentId);
      if (seat.state !== "reserved" || seat.callId !== callId) {
        throw new AppError(409, "not_ringing", "咨询已不在振铃 (the consultation is not ringing)");
      }
      await t.moveSeat(seat, { type: "answer" });
      await t.tx.query("update call_consults set answered_at = $2 where id = $1", [id, t.at()]);
      t.callEvent("consult_answered", callId, { consult: id, to_agent: to });
      await audit(t.tx, who, {
        action: "consult.answer",
        objectType: "call",
        objectId: callId,
        after: { consult: id, to_agent: to, to_seat: "on_call" },
      });
    });
  }

  conference(who: AuditActor, id: number, callId: number): Promise<void> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      await t.tx.query("update call_consults set conference_at = $2 where id = $1", [id, t.at()]);
      if (call.state === "held") await resume(t, callId, call.holdStartedAt);
      t.callEvent("conference_started", callId, { consult: id });
      await audit(t.tx, who, {
        action: "consult.conference",
        objectType: "call",
        objectId: callId,
        after: { consult: id },
      });
    });
  }

  /** A leaves: the call becomes B's (its agent changes), A's seat goes to after-call work. */
  async transfer(who: AuditActor, id: number, callId: number, from: string, to: string) {
    const queues = await this.acd.queues(); // before the transaction (one connection each)
    return await this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      const a = await t.lockSeatByAgent((await t.seatOf(from)).agentId);
      const b = await t.lockSeatByAgent((await t.seatOf(to)).agentId);
      if (a.callId !== callId || b.callId !== callId || b.state !== "on_call") {
        throw new AppError(409, "seat_changed", "坐席状态已变化，不能转接 (a seat left the call)");
      }
      if (call.state === "held") await resume(t, callId, call.holdStartedAt);
      await t.tx.query("update calls set agent_id = $2 where id = $1", [callId, b.agentId]);
      await this.#close(t, id, "transferred");
      await t.tx.query("update call_consults set transferred_at = $2 where id = $1", [id, t.at()]);
      await t.moveSeat(a, {
        type: "hang_up",
        wrapUpSeconds: queues.get(call.queue)?.wrapUpSeconds ?? 30,
      });
      await consulted(t, b.agentId, false); // A is in after-call work: B alone holds the call
      t.callEvent("consult_transferred", callId, { consult: id, agent: from, to_agent: to });
      await audit(t.tx, who, {
        action: "consult.transfer",
        objectType: "call",
        objectId: callId,
        before: { agent: from, seat: a.state },
        after: { agent: to, consult: id, seat: "wrap_up", to_seat: b.state },
      });
    });
  }

  /**
   * The consultation ends without a transfer: B's seat is let go (ringing → ready with its idle
   * time kept, talking → ready), the caller is back with A (unless the call itself ended).
   */
  finish(
    who: AuditActor | null,
    id: number,
    callId: number,
    to: string,
    outcome: Exclude<SeatConsultOutcome, "transferred">,
  ): Promise<void> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      const seat = await t.lockSeatByAgent((await t.seatOf(to)).agentId);
      const release = seat.callId === callId ? releaseAction(seat.state) : null;
      if (release) await t.moveSeat(seat, { type: release });
      await consulted(t, seat.agentId, false);
      const closed = await this.#close(t, id, outcome);
      if (!closed) return;
      if (call.state === "held") await resume(t, callId, call.holdStartedAt);
      const step = outcome === "conference" ? "ended" : outcome;
      t.callEvent(`consult_${step}`, callId, { consult: id, to_agent: to, outcome });
      await audit(t.tx, who ?? SYSTEM_ACTOR, {
        action: `consult.${ACTION[outcome]}`,
        objectType: "call",
        objectId: callId,
        after: { consult: id, outcome, to_agent: to, to_seat: release ? "ready" : seat.state },
      });
    });
  }

  async #close(t: AcdTx, id: number, outcome: SeatConsultOutcome): Promise<boolean> {
    const rows = await t.tx.query(
      "update call_consults set ended_at = $2, outcome = $3 where id = $1 and ended_at is null returning id",
      [id, t.at(), outcome],
    );
    return rows.length > 0;
  }

  /** The seat's consultation out (latest, within a minute) and in (open), as the seat shows them. */
  async views(
    workNumber: string,
  ): Promise<{ out: SeatConsultView | null; in: SeatConsultView | null }> {
    const rows = await this.db.query<SeatConsultView & { dir: string }>(
      `(select 'out' as dir, id, call_id::int as call_id, agent, to_agent, name,
          answered_at is not null as answered, conference_at is not null as conference, outcome
        from call_consults where agent = $1 and to_agent is not null
          and (ended_at is null or ended_at > now() - interval '1 minute')
        order by id desc limit 1)
       union all
       (select 'in', id, call_id::int, agent, to_agent, name, answered_at is not null,
          conference_at is not null, outcome
        from call_consults where to_agent = $1 and ended_at is null order by id desc limit 1)`,
      [workNumber],
    );
    const pick = (dir: string) => {
      const r = rows.find((x) => x.dir === dir);
      if (!r) return null;
      const { dir: _dir, ...view } = r;
      return { ...view, id: Number(view.id) };
    };
    return { out: pick("out"), in: pick("in") };
  }
}

const ACTION: Record<Exclude<SeatConsultOutcome, "transferred">, string> = {
  declined: "decline",
  no_answer: "no_answer",
  cancelled: "cancel",
  ended: "leave",
  conference: "leave",
};

async function consulted(t: AcdTx, agentId: number, on: boolean) {
  await t.tx.query("update seat_states set consulted = $2 where agent_id = $1", [agentId, on]);
}

async function resume(t: AcdTx, callId: number, holdStartedAt: number | null) {
  await t.tx.query(
    "update calls set state = 'connected', hold_ms = hold_ms + $2, hold_started_at = null where id = $1",
    [callId, t.now - (holdStartedAt ?? t.now)],
  );
}
