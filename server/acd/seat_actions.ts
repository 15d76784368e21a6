import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import type { AcdService } from "./acd_service.ts";
import type { AcdTx, LockedCall } from "./acd_tx.ts";
import { refuseDuringConsult } from "./seat_consult_guard.ts";
import { transferToSeat } from "./seat_transfer.ts";
import type { NotReadyReason, QueueConfig, Seat, SkillLevel } from "./types.ts";

export type AgentAction =
  | { type: "login"; reason?: NotReadyReason }
  | { type: "logout" }
  | { type: "ready" }
  | { type: "not_ready"; reason: NotReadyReason }
  | { type: "answer" }
  | { type: "hold" }
  | { type: "unhold" }
  | { type: "hang_up" }
  | { type: "wrap_done" }
  | { type: "extend_wrap"; seconds: number }
  | { type: "transfer"; queue: string }
  | { type: "transfer_seat"; to: string };

export type SupervisorAction =
  | { type: "force_not_ready" }
  | { type: "force_logout" }
  | { type: "set_skills"; skills: SkillLevel[] };

/**
 * What an agent does on their own seat and what a supervisor does to a seat. Each is one
 * transaction: the call row is locked before the seat (the order every ACD path keeps), the
 * transition is checked by the seat state machine, and a person's action is audited.
 * `who` is null for the demo traffic's simulated agents, which are not people.
 */
export class SeatActions {
  constructor(private readonly acd: AcdService) {}

  async agent(who: AuditActor | null, workNumber: string, action: AgentAction): Promise<Seat> {
    // Read before the transaction: inside it, a second pooled connection could be one too many.
    const queues = await this.acd.queues();
    return await this.acd.run(async (t) => {
      const before = await t.seatOf(workNumber);
      const callId = before.callId;
      const call = callId !== null ? await t.lockCall(callId) : null;
      const seat = await t.lockSeatByAgent(before.agentId);
      if (seat.callId !== callId) {
        throw new AppError(
          409,
          "seat_changed",
          "坐席状态刚刚变化，请重试 (the seat changed; retry)",
        );
      }
      await refuseDuringConsult(t, seat, call, action.type);
      const after = await this.#agentStep(t, queues, seat, call, action);
      if (who) {
        await audit(t.tx, who, {
          action: `seat.${action.type}`,
          objectType: "seat",
          objectId: workNumber,
          before: { state: seat.state, reason: seat.reason, call: seat.callId },
          after: {
            state: after.state,
            reason: after.reason,
            call: after.callId,
            ...("queue" in action ? { queue: action.queue } : {}),
            ...("to" in action ? { to: action.to } : {}),
            ...(after.wrapUntil !== null ? { wrap_until: new Date(after.wrapUntil) } : {}),
          },
        });
      }
      return after;
    });
  }

  async #agentStep(
    t: AcdTx,
    queues: ReadonlyMap<string, QueueConfig>,
    seat: Seat,
    call: LockedCall | null,
    action: AgentAction,
  ): Promise<Seat> {
    const requeue = async (reason: string) => {
      // A ringing call the agent turns away goes back to the head of its queue.
      if (seat.state !== "reserved" || !call?.call) return;
      await t.tx.query(
        "update calls set state = 'queued', agent_id = null, ring_started_at = null where id = $1",
        [call.call.id],
      );
      t.callEvent("requeued", call.call.id, { queue: call.queue, reason, agent: seat.workNumber });
    };
    switch (action.type) {
      case "answer": {
        if (!call || call.state !== "ringing") {
          throw new AppError(409, "nothing_ringing", "没有振铃中的来电 (no call is ringing)");
        }
        await t.tx.query("update calls set state = 'connected', answered_at = $2 where id = $1", [
          call.call!.id,
          t.at(),
        ]);
        const next = await t.moveSeat(seat, { type: "answer" });
        t.callEvent("answered", call.call!.id, {
          queue: call.queue,
          agent: seat.workNumber,
          wait_s: (t.now - call.call!.queuedAt) / 1000,
        });
        return next;
      }
      case "hold":
      case "unhold": {
        if (!call) throw new AppError(409, "no_call", "当前没有通话 (no call)");
        if (call.state === "dialing") {
          throw new AppError(409, "not_answered", "外呼尚未接通，不能保持 (not answered yet)");
        }
        if (action.type === "hold") {
          await t.tx.query("update calls set state = 'held', hold_started_at = $2 where id = $1", [
            seat.callId,
            t.at(),
          ]);
        } else {
          await t.tx.query(
            "update calls set state = 'connected', hold_ms = hold_ms + $2, hold_started_at = null where id = $1",
            [seat.callId, t.now - (call.holdStartedAt ?? t.now)],
          );
        }
        const next = await t.moveSeat(seat, { type: action.type });
        t.callEvent(action.type === "hold" ? "held" : "resumed", seat.callId!, {
          queue: call.queue,
          agent: seat.workNumber,
        });
        return next;
      }
      case "hang_up":
      case "transfer": {
        if (!call) throw new AppError(409, "no_call", "当前没有通话 (no call)");
        const held = call.holdStartedAt !== null ? t.now - call.holdStartedAt : 0;
        if (action.type === "transfer") {
          if (!queues.has(action.queue)) {
            throw new AppError(422, "unknown_queue", `没有这个队列 (no queue ${action.queue})`);
          }
          // The caller keeps their original wait order in the new queue.
          await t.tx.query(
            `update calls set state = 'queued', queue_code = $2, agent_id = null, queue_entered_at = $3, enqueued_at = queued_at,
               hold_ms = hold_ms + $4, hold_started_at = null where id = $1`,
            [seat.callId, action.queue, t.at(), held],
          );
          t.callEvent("transferred", seat.callId!, {
            from: call.queue,
            queue: action.queue,
            agent: seat.workNumber,
          });
        } else {
          // An outbound call hung up before the far phone answered: given up, not a conversation.
          const dialing = call.state === "dialing";
          await t.tx.query(
            `update calls set state = 'ended', end_reason = $4, ended_at = $2, hold_ms = hold_ms + $3,
               hold_started_at = null, dial_result = case when $4 = 'failed' then 'cancelled' else dial_result end
             where id = $1`,
            [seat.callId, t.at(), held, dialing ? "failed" : "completed"],
          );
          t.callEvent("ended", seat.callId!, {
            queue: call.queue,
            agent: seat.workNumber,
            ...(dialing ? { dial_result: "cancelled", direction: "out" } : {}),
            reason: dialing ? "failed" : "completed",
            talk_s: call.answeredAt !== null ? (t.now - call.answeredAt) / 1000 : 0,
          });
        }
        return await t.moveSeat(seat, {
          type: "hang_up",
          wrapUpSeconds: queues.get(call.queue)?.wrapUpSeconds ?? 30,
        });
      }
      case "wrap_done":
        if (seat.callId !== null) {
          await t.tx.query("update calls set wrap_ms = $2 where id = $1", [
            seat.callId,
            t.now - seat.since,
          ]);
        }
        return await t.moveSeat(seat, { type: "wrap_done" });
      case "extend_wrap":
        return await t.moveSeat(seat, action);
      case "transfer_seat":
        return await transferToSeat(t, queues, seat, call, action.to);
      case "not_ready":
        await requeue("agent_not_ready");
        return await t.moveSeat(seat, action);
      case "logout":
        return await t.moveSeat(seat, action);
      case "login":
      case "ready":
        return await t.moveSeat(seat, action);
    }
  }

  supervisor(who: AuditActor, workNumber: string, action: SupervisorAction): Promise<Seat> {
    return this.acd.run(async (t) => {
      const before = await t.seatOf(workNumber);
      const call = before.callId !== null && before.state === "reserved"
        ? await t.lockCall(before.callId)
        : null;
      const seat = await t.lockSeatByAgent(before.agentId);
      let after = seat;
      if (action.type === "set_skills") {
        const [{ n }] = await t.tx.query<{ n: number }>(
          "select count(*)::int as n from skills where code = any($1::text[])",
          [action.skills.map((s) => s.skill)],
        );
        if (n !== new Set(action.skills.map((s) => s.skill)).size) {
          throw new AppError(422, "unknown_skill", "技能不存在 (unknown skill)");
        }
        await t.tx.query("delete from agent_skills where agent_id = $1", [seat.agentId]);
        for (const s of action.skills) {
          await t.tx.query(
            "insert into agent_skills (agent_id, skill_code, level) values ($1, $2, $3)",
            [seat.agentId, s.skill, s.level],
          );
        }
        t.events.push({
          topic: "seat",
          type: "seat.skills",
          subject: workNumber,
          data: { agent: workNumber, skills: action.skills },
        });
      } else {
        if (seat.state === "reserved" && call?.call) {
          await t.tx.query(
            "update calls set state = 'queued', agent_id = null, ring_started_at = null where id = $1",
            [call.call.id],
          );
          t.callEvent("requeued", call.call.id, {
            queue: call.queue,
            reason: "supervisor",
            agent: workNumber,
          });
        }
        after = await t.moveSeat(seat, { type: action.type });
      }
      await audit(t.tx, who, {
        action: `seat.${action.type}`,
        objectType: "seat",
        objectId: workNumber,
        before: { state: seat.state, reason: seat.reason, skills: seat.skills },
        after: action.type === "set_skills"
          ? { skills: action.skills }
          : { state: after.state, reason: after.reason },
      });
      return after;
    });
  }
}
