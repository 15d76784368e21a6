/**
 * Phone callbacks (回访) as rows: a request of a case, then one attempt row per call placed.
 * Asking is audited and on the case's history; the scheduler (callback_scheduler.ts) claims due
 * attempts, places the calls through the edge, and `finish` stores each result and asks the
 * pure schedule (callback_schedule.ts) whether and when to call again. Nothing lives only in a
 * timer: a restarted process picks the due rows up, and rows a dead process left half-done.
 */
import { appendEvents } from "../../db/events.ts";
import type { Database } from "../../db/port.ts";
import type { AuditActor } from "../../server/audit/audit.ts";
import { canSeeCase } from "../../server/cases/case_access.ts";
import { recordCaseChange } from "../../server/cases/case_change.ts";
import { type CaseActor, lockCase, notFound } from "../../server/cases/case_tx.ts";
import { AppError } from "../../server/errors.ts";
import { type AttemptResult, type CallbackPolicy, nextStep } from "./callback_schedule.ts";

export interface CallbackAttemptView {
  attempt: number;
  due_at: string;
  started_at: string | null;
  ended_at: string | null;
  result: AttemptResult | null;
  sip_status: number | null;
  note: string | null;
}

export interface CallbackRequestView {
  id: number;
  state: "active" | "done";
  outcome: "answered" | "unreached" | "cancelled" | "failed" | null;
  requested_by: string;
  requested_at: string;
  max_attempts: number;
  interval_s: number;
  attempts: CallbackAttemptView[];
}

/** A due attempt the scheduler now owns. */
export interface ClaimedAttempt {
  id: number;
  requestId: number;
  attempt: number;
  maxAttempts: number;
  caseNumber: string;
}

/** What the HTTP side needs (routes/phone_callback_api.ts, the case page). */
export interface PhoneCallbacks {
  /** An edge with an outbound trunk runs in this process: calls can be placed. */
  enabled(): boolean;
  request(who: CaseActor, caseNumber: string): Promise<CallbackRequestView>;
  /** The latest request of the case, with its attempts; null when none. */
  status(caseNumber: string): Promise<CallbackRequestView | null>;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export class CallbackQueue {
  constructor(
    private readonly db: Database,
    private readonly policy: CallbackPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for the phone callback of a reviewed case: the first call is due at once. */
  async request(who: CaseActor, caseNumber: string): Promise<CallbackRequestView> {
    await this.db.transaction(async (tx) => {
      const row = await lockCase(tx, caseNumber);
      if (!row || !canSeeCase(who.viewer, row)) throw notFound(caseNumber);
      if (row.status !== "reviewed") {
        throw new AppError(409, "case_status", "只有答复已审核、待回访的工单可以电话回访");
      }
      if (!row.citizen_phone_enc) {
        throw new AppError(422, "no_phone", "工单没有联系电话，无法电话回访");
      }
      const [running] = await tx.query(
        "select 1 from phone_callback_requests where case_id = $1 and state = 'active'",
        [row.id],
      );
      if (running) throw new AppError(409, "callback_running", "这个工单的电话回访正在进行");
      const at = new Date(this.now());
      const intervalS = Math.round(this.policy.intervalMs / 1000);
      const [req] = await tx.query<{ id: number }>(
        `insert into phone_callback_requests (case_id, requested_by, requested_at, max_attempts, interval_s)
         values ($1, $2, $3, $4, $5) returning id`,
        [row.id, who.audit.actor, at, this.policy.attempts, intervalS],
      );
      await tx.query(
        "insert into phone_callback_attempts (request_id, attempt, due_at) values ($1, 1, $2)",
        [req.id, at],
      );
      const event = await recordCaseChange(tx, who.audit, row, {
        kind: "phone_callback_requested",
        status: row.status,
        data: {
          request_id: req.id,
          attempts: this.policy.attempts,
          interval_s: intervalS,
          note: `系统拨打市民电话，未接通时每隔 ${
            intervalS % 60 === 0 ? `${intervalS / 60} 分钟` : `${intervalS} 秒`
          }重拨，至多 ${this.policy.attempts} 次`,
        },
      });
      await appendEvents(tx, [event]);
    });
    return (await this.status(caseNumber))!;
  }

  async status(caseNumber: string): Promise<CallbackRequestView | null> {
    const [req] = await this.db.query<Record<string, unknown>>(
      `select r.* from phone_callback_requests r join cases c on c.id = r.case_id
       where c.case_number = $1 order by r.id desc limit 1`,
      [caseNumber],
    );
    if (!req) return null;
    const attempts = await this.db.query<Record<string, unknown>>(
      "select * from phone_callback_attempts where request_id = $1 order by attempt",
      [req.id],
    );
    return {
      id: Number(req.id),
      state: req.state as "active",
      outcome: req.outcome as null,
      requested_by: String(req.requested_by),
      requested_at: iso(req.requested_at)!,
      max_attempts: Number(req.max_attempts),
      interval_s: Number(req.interval_s),
      attempts: attempts.map((a) => ({
        attempt: Number(a.attempt),
        due_at: iso(a.due_at)!,
        started_at: iso(a.started_at),
        ended_at: iso(a.ended_at),
        result: a.result as AttemptResult | null,
        sip_status: a.sip_status === null ? null : Number(a.sip_status),
        note: a.note as string | null,
      })),
    };
  }

  /** Takes up to `limit` due attempts (two processes never take the same one). */
  claimDue(limit: number): Promise<ClaimedAttempt[]> {
    if (limit <= 0) return Promise.resolve([]);
    const now = new Date(this.now());
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<
        {
          id: number;
          request_id: number;
          attempt: number;
          max_attempts: number;
          case_number: string;
        }
      >(
        `with due as (
           select a.id from phone_callback_attempts a
           where a.started_at is null and a.due_at <= $1
           order by a.due_at limit $2 for update of a skip locked)
         update phone_callback_attempts a set started_at = $1 from due, phone_callback_requests r, cases c
         where a.id = due.id and r.id = a.request_id and c.id = r.case_id
         returning a.id, a.request_id, a.attempt, r.max_attempts, c.case_number`,
        [now, limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        requestId: Number(r.request_id),
        attempt: Number(r.attempt),
        maxAttempts: Number(r.max_attempts),
        caseNumber: r.case_number,
      }));
    });
  }

  /**
   * Stores an attempt's result and schedules the next one (or ends the request). Our own
   * failures are written on the case's history here; calls placed wrote their callback step.
   */
  finish(
    a: ClaimedAttempt,
    r: { result: AttemptResult; sipStatus?: number | null; note?: string | null },
    who: AuditActor,
  ): Promise<ReturnType<typeof nextStep>> {
    const ended = this.now();
    return this.db.transaction(async (tx) => {
      const [req] = await tx.query<
        { id: number; case_id: number; max_attempts: number; interval_s: number; state: string }
      >(
        "select id, case_id, max_attempts, interval_s, state from phone_callback_requests where id = $1 for update",
        [a.requestId],
      );
      await tx.query(
        `update phone_callback_attempts set ended_at = $2, result = $3, sip_status = $4, note = $5
         where id = $1 and ended_at is null`,
        [a.id, new Date(ended), r.result, r.sipStatus ?? null, r.note?.slice(0, 300) ?? null],
      );
      const done = await tx.query<
        { attempt: number; result: AttemptResult; sip_status: number | null; ended_at: Date }
      >(
        `select attempt, result, sip_status, ended_at from phone_callback_attempts
         where request_id = $1 and ended_at is not null order by attempt`,
        [a.requestId],
      );
      const next = nextStep(
        { attempts: Number(req.max_attempts), intervalMs: Number(req.interval_s) * 1000 },
        done.map((d) => ({
          attempt: Number(d.attempt),
          result: d.result,
          sipStatus: d.sip_status === null ? null : Number(d.sip_status),
          endedAt: new Date(d.ended_at).getTime(),
        })),
      );
      if (next.kind === "retry") {
        await tx.query(
          `insert into phone_callback_attempts (request_id, attempt, due_at) values ($1, $2, $3)
           on conflict (request_id, attempt) do nothing`,
          [a.requestId, next.attempt, new Date(next.at)],
        );
      } else {
        await tx.query(
          "update phone_callback_requests set state = 'done', outcome = $2 where id = $1",
          [a.requestId, next.outcome],
        );
      }
      if (r.result === "error" || r.result === "interrupted") {
        const [c] = await tx.query<{ id: number; case_number: string; status: string }>(
          "select id, case_number, status from cases where id = $1",
          [req.case_id],
        );
        const event = await recordCaseChange(tx, who, c, {
          kind: "phone_callback_failed",
          status: c.status,
          data: {
            attempt: a.attempt,
            note: r.result === "interrupted"
              ? `第 ${a.attempt} 次电话回访中断（服务重启）`
              : `第 ${a.attempt} 次电话回访未能拨出：${r.note ?? ""}`,
            next_at: next.kind === "retry" ? new Date(next.at).toISOString() : null,
          },
        });
        await appendEvents(tx, [event]);
      }
      return next;
    });
  }

  /**
   * Attempts started longer ago than `staleMs` and never finished: the process placing them
   * died. Each is finished as interrupted (and so retried by the schedule).
   */
  async recoverStale(staleMs: number, who: AuditActor): Promise<number> {
    const rows = await this.db.query<
      { id: number; request_id: number; attempt: number; max_attempts: number; case_number: string }
    >(
      `select a.id, a.request_id, a.attempt, r.max_attempts, c.case_number
       from phone_callback_attempts a join phone_callback_requests r on r.id = a.request_id
       join cases c on c.id = r.case_id
       where a.started_at is not null and a.ended_at is null and a.started_at < $1`,
      [new Date(this.now() - staleMs)],
    );
    for (const r of rows) {
      await this.finish(
        {
          id: Number(r.id),
          requestId: Number(r.request_id),
          attempt: Number(r.attempt),
          maxAttempts: Number(r.max_attempts),
          caseNumber: r.case_number,
        },
        { result: "interrupted" },
        who,
      );
    }
    return rows.length;
  }
}
