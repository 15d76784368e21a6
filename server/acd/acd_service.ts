import type { Database } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { loadQueues, loadSeats, loadWaiting } from "./acd_rows.ts";
import { AcdTx } from "./acd_tx.ts";
import { type Assignment, expectedWaitSeconds, queuePositions, route } from "./routing.ts";
import { type DueTimer, dueTimers } from "./timers.ts";
import type { CallEndReason, QueueConfig } from "./types.ts";

/** Any constant: what matters is that every process routes under the same one. */
const ROUTING_LOCK = 12345_0004;

export interface OfferInput {
  channel: "phone" | "web";
  callerNumber: string;
  queue: string;
  priority?: number;
}

/**
 * The ACD's writes that are not a person's seat action: calls entering, the routing decision,
 * callers hanging up, and what the clock makes happen. Each is one transaction with its events.
 */
export class AcdService {
  #queues?: { at: number; map: Map<string, QueueConfig> };

  constructor(
    private readonly db: Database,
    private readonly pii: PiiCipher,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Queue settings change rarely (admin edits): read at most once a second. */
  async queues(): Promise<Map<string, QueueConfig>> {
    const now = this.clock();
    if (!this.#queues || now - this.#queues.at > 1000) {
      this.#queues = { at: now, map: await loadQueues(this.db) };
    }
    return this.#queues.map;
  }

  run<T>(fn: (t: AcdTx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const t = new AcdTx(tx, this.clock());
      const result = await fn(t);
      await t.commitEvents();
      return result;
    });
  }

  async offer(input: OfferInput): Promise<{ id: number; position: number }> {
    const queues = await this.queues();
    if (!queues.has(input.queue)) {
      throw new AppError(422, "unknown_queue", `没有这个队列 (no queue ${input.queue})`);
    }
    const encrypted = await this.pii.encrypt(input.callerNumber);
    const hash = await this.pii.lookupHash(input.callerNumber);
    return await this.run(async (t) => {
      const [row] = await t.tx.query<{ id: number }>(
        `insert into calls (channel, caller_number_enc, caller_number_hash, queue_code, state, priority, offered_at,
           queued_at, enqueued_at, queue_entered_at)
         values ($1, $2, $3, $4, 'queued', $5, $6, $6, $6, $6) returning id`,
        [input.channel, encrypted, hash, input.queue, input.priority ?? 0, t.at()],
      );
      const [{ position }] = await t.tx.query<{ position: number }>(
        "select count(*)::int as position from calls where queue_code = $1 and state = 'queued'",
        [input.queue],
      );
      t.callEvent("offered", row.id, {
        queue: input.queue,
        channel: input.channel,
        priority: input.priority ?? 0,
        position,
      });
      return { id: row.id, position };
    });
  }

  /**
   * The routing authority: one decision at a time across all processes (advisory lock), over
   * rows locked FOR UPDATE, so a seat that just went not ready or a call that just hung up is
   * seen as it is now. Returns the assignments made.
   */
  async route(): Promise<Assignment[]> {
    const queues = await this.queues();
    return await this.run(async (t) => {
      await t.tx.query("select pg_advisory_xact_lock($1)", [ROUTING_LOCK]);
      // Locked with their WHERE re-checked after any wait: a seat that went not ready meanwhile
      // drops out instead of being overwritten.
      const waiting = await loadWaiting(t.tx, { queuedOnly: true, lock: true });
      if (waiting.length === 0) return [];
      const seats = await loadSeats(t.tx, "where s.state = 'ready'", [], "for update of s");
      const assignments = route(waiting, seats, queues);
      const byCall = new Map(waiting.map((c) => [c.id, c]));
      const byAgent = new Map(seats.map((s) => [s.agentId, s]));
      for (const a of assignments) {
        const call = byCall.get(a.callId)!;
        await t.tx.query(
          "update calls set state = 'ringing', agent_id = $2, ring_started_at = $3, rings = rings + 1 where id = $1",
          [a.callId, a.agentId, t.at()],
        );
        const seat = await t.moveSeat(byAgent.get(a.agentId)!, {
          type: "reserve",
          callId: a.callId,
        });
        t.callEvent("ringing", a.callId, {
          queue: call.queue,
          agent: seat.workNumber,
          wait_s: (t.now - call.queuedAt) / 1000,
        });
      }
      return assignments;
    });
  }

  /**
   * Where a waiting caller stands: position in the queue's serving order and an expected wait
   * from the staffed seats with the queue's skill and the queue's recent handle time.
   */
  async positionOf(
    callId: number,
  ): Promise<
    { state: string; queue: string; position: number | null; expected_wait_s: number | null }
  > {
    const queues = await this.queues();
    const [call] = await this.db.query<{ state: string; queue_code: string }>(
      "select state, queue_code from calls where id = $1",
      [callId],
    );
    if (!call) throw new AppError(404, "call_not_found", `没有这个来电 (no call ${callId})`);
    const position = queuePositions(await loadWaiting(this.db), queues).get(callId) ?? null;
    if (position === null) {
      return { state: call.state, queue: call.queue_code, position, expected_wait_s: null };
    }
    const skill = queues.get(call.queue_code)?.skill;
    const [{ staffed, aht }] = await this.db.query<{ staffed: number; aht: number | null }>(
      `select (select count(*)::int from seat_states s join agent_skills k on k.agent_id = s.agent_id
               where k.skill_code = $1 and s.state not in ('logged_out', 'lagged')) as staffed,
              (select avg(extract(epoch from ended_at - answered_at) + coalesce(wrap_ms, 0) / 1000.0)::float8
               from (select ended_at, answered_at, wrap_ms from calls where queue_code = $2 and end_reason = 'completed'
                     and answered_at is not null order by id desc limit 200) recent) as aht`,
      [skill, call.queue_code],
    );
    return {
      state: call.state,
      queue: call.queue_code,
      position,
      expected_wait_s: expectedWaitSeconds(position, staffed, aht ?? 180),
    };
  }

  /** The caller hung up before an agent answered: abandoned, with position and wait. */
  async abandon(callId: number): Promise<void> {
    const queues = await this.queues();
    await this.run(async (t) => {
      const locked = await t.lockCall(callId);
      if (!locked.call) {
        throw new AppError(
          409,
          "call_not_waiting",
          `来电 ${callId} 已不在排队 (call is ${locked.state})`,
        );
      }
      const waiting = await loadWaiting(t.tx);
      const position = queuePositions(waiting, queues).get(callId) ?? null;
      if (locked.call.state === "ringing" && locked.agentId !== null) {
        await t.moveSeat(await t.lockSeatByAgent(locked.agentId), { type: "release" });
      }
      await this.#end(t, callId, "abandoned", { abandon_position: position });
      t.callEvent("abandoned", callId, {
        queue: locked.queue,
        position,
        wait_s: (t.now - locked.call.queuedAt) / 1000,
      });
    });
  }

  /**
   * The caller chose a callback over waiting (the menu's long-wait offer): the call leaves the
   * queue ended as `callback`, like the queue's maximum-wait callback, and is not an abandon.
   */
  async leaveForCallback(callId: number): Promise<void> {
    const queues = await this.queues();
    await this.run(async (t) => {
      const locked = await t.lockCall(callId);
      if (!locked.call) {
        throw new AppError(
          409,
          "call_not_waiting",
          `来电 ${callId} 已不在排队 (call is ${locked.state})`,
        );
      }
      const position = queuePositions(await loadWaiting(t.tx), queues).get(callId) ?? null;
      if (locked.call.state === "ringing" && locked.agentId !== null) {
        await t.moveSeat(await t.lockSeatByAgent(locked.agentId), { type: "release" });
      }
      await this.#end(t, callId, "callback");
      t.callEvent("callback_requested", callId, {
        queue: locked.queue,
        position,
        reason: "callback",
        wait_s: (t.now - locked.call.queuedAt) / 1000,
      });
    });
  }

  async #end(
    t: AcdTx,
    callId: number,
    reason: CallEndReason,
    extra: { abandon_position?: number | null } = {},
  ) {
    await t.tx.query(
      "update calls set state = 'ended', end_reason = $2, ended_at = $3, abandon_position = $4 where id = $1",
      [callId, reason, t.at(), extra.abandon_position ?? null],
    );
  }

  /** Applies whatever the clock made due; returns what was done (each in its own transaction). */
  async tick(): Promise<DueTimer[]> {
    const queues = await this.queues();
    const [waiting, seats] = await Promise.all([
      loadWaiting(this.db),
      loadSeats(this.db, "where s.state = 'wrap_up'"),
    ]);
    const due = dueTimers(waiting, seats, queues, this.clock());
    const done: DueTimer[] = [];
    // Ends of after-call work come in bursts (every hang-up starts one): one transaction for all
    // of them, seats locked in agent order so two processes' ticks cannot deadlock.
    const wraps = due.filter((d) => d.type === "wrap_done").sort((a, b) => a.agentId - b.agentId);
    if (wraps.length > 0) {
      const ended = await this.run(async (t) => {
        const out: DueTimer[] = [];
        for (const w of wraps) if (await this.#wrapDone(t, w.agentId)) out.push(w);
        return out;
      });
      done.push(...ended);
    }
    for (const timer of due) {
      if (timer.type === "wrap_done") continue;
      try {
        await this.run((t) => this.#apply(t, timer as Exclude<DueTimer, { type: "wrap_done" }>));
        done.push(timer);
      } catch (error) {
        // Someone else moved first (answered, hung up, another process's tick): nothing to do.
        if (!(error instanceof AppError && error.status === 409)) throw error;
      }
    }
    return done;
  }

  /** Ends one seat's after-call work if it is still due; false when the agent ended it first. */
  async #wrapDone(t: AcdTx, agentId: number): Promise<boolean> {
    const seat = await t.lockSeatByAgent(agentId);
    if (seat.state !== "wrap_up" || seat.wrapUntil === null || seat.wrapUntil > t.now) return false;
    if (seat.callId !== null) {
      await t.tx.query("update calls set wrap_ms = $2 where id = $1", [
        seat.callId,
        t.now - seat.since,
      ]);
    }
    await t.moveSeat(seat, { type: "wrap_done" });
    return true;
  }

  async #apply(t: AcdTx, timer: Exclude<DueTimer, { type: "wrap_done" }>): Promise<void> {
    const locked = await t.lockCall(timer.callId);
    const call = locked.call;
    if (timer.type === "ring_timeout") {
      if (call?.state !== "ringing" || locked.agentId !== timer.agentId) {
        throw new AppError(409, "stale_timer", "no longer ringing");
      }
      await t.tx.query(
        "update calls set state = 'queued', agent_id = null, ring_started_at = null where id = $1",
        [call.id],
      );
      const seat = await t.moveSeat(await t.lockSeatByAgent(timer.agentId), {
        type: "ring_timeout",
      });
      t.callEvent("requeued", call.id, {
        queue: call.queue,
        reason: "ring_no_answer",
        agent: seat.workNumber,
      });
    } else if (timer.type === "overflow") {
      if (call?.state !== "queued") throw new AppError(409, "stale_timer", "no longer queued");
      await t.tx.query(
        "update calls set queue_code = $2, overflowed_from = $3, queue_entered_at = $4 where id = $1",
        [call.id, timer.to, call.queue, t.at()],
      );
      t.callEvent("overflowed", call.id, {
        from: call.queue,
        to: timer.to,
        queue: timer.to,
        wait_s: (t.now - call.queuedAt) / 1000,
      });
    } else {
      if (call?.state !== "queued") throw new AppError(409, "stale_timer", "no longer queued");
      await this.#end(t, call.id, timer.action);
      t.callEvent("max_wait", call.id, {
        queue: call.queue,
        offered: timer.action,
        reason: timer.action,
        wait_s: (t.now - call.queuedAt) / 1000,
      });
    }
  }
}
