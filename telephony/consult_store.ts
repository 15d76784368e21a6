/**
 * The rows and the ACD side of a consultation (咨询 / 三方通话, telephony/consult.ts): a
 * `call_consults` row per third party dialled, the caller's hold on the call row (the hold time
 * counts as any hold), the seat leaving on a transfer — each step one transaction with its
 * `call.consult_*` event on the live spine, a person's step audited as `consult.*`.
 */
import type { Database } from "../db/port.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { AcdTx } from "../server/acd/acd_tx.ts";
import { audit, type AuditActor } from "../server/audit/audit.ts";
import { AppError } from "../server/errors.ts";
import { offeredContacts } from "../server/org/consult_contacts.ts";

export interface ConsultContact {
  id: number;
  name: string;
  kind: "department" | "leader" | "other";
  number: string;
}

export type ConsultOutcome = "failed" | "cancelled" | "conference" | "transferred" | "ended";

export class ConsultStore {
  constructor(private readonly db: Database, private readonly acd: AcdService) {}

  /** Active contacts by sort, then name: the list /admin/consult-contacts keeps. */
  contacts(): Promise<ConsultContact[]> {
    return offeredContacts(this.db);
  }

  async contact(id: number): Promise<ConsultContact> {
    const [c] = await this.db.query<ConsultContact>(
      "select id, name, kind, number from consult_contacts where id = $1 and active",
      [id],
    );
    if (!c) throw new AppError(404, "contact_not_found", "没有这个咨询对象 (no such contact)");
    return c;
  }

  /** The caller goes on hold; the consultation's row is opened. */
  started(
    who: AuditActor,
    callId: number,
    agent: string,
    target: { contactId: number | null; name: string; number: string },
  ): Promise<number> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      if (call.state !== "connected") {
        throw new AppError(
          409,
          "not_talking",
          "只有通话中的来电可以发起咨询 (the call is not talking)",
        );
      }
      const [open] = await t.tx.query(
        "select 1 from call_consults where call_id = $1 and ended_at is null",
        [
          callId,
        ],
      );
      if (open) throw new AppError(409, "consult_open", "本通话已有进行中的咨询");
      await t.tx.query("update calls set state = 'held', hold_started_at = $2 where id = $1", [
        callId,
        t.at(),
      ]);
      const [row] = await t.tx.query<{ id: number }>(
        `insert into call_consults (call_id, agent, contact_id, name, number, started_at)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [callId, agent, target.contactId, target.name, target.number, t.at()],
      );
      t.callEvent("consult_started", callId, { agent, consult: row.id, name: target.name });
      await audit(t.tx, who, {
        action: "consult.start",
        objectType: "call",
        objectId: callId,
        before: { state: call.state },
        after: { state: "held", consult: row.id, name: target.name, number: target.number },
      });
      return Number(row.id);
    });
  }

  step(callId: number, type: "consult_ringing" | "consult_answered", id: number, agent: string) {
    return this.acd.run(async (t) => {
      if (type === "consult_answered") {
        await t.tx.query("update call_consults set answered_at = $2 where id = $1", [id, t.at()]);
      }
      t.callEvent(type, callId, { agent, consult: id });
    });
  }

  /**
   * The caller back with the agent: the consultation failed, was cancelled, or the third party
   * hung up (while consulted: `ended`; out of a conference: `conference`).
   */
  ended(
    who: AuditActor | null,
    callId: number,
    id: number,
    outcome: Exclude<ConsultOutcome, "transferred">,
    extra: { sip_status?: number; result?: string } = {},
  ): Promise<void> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      await this.#close(t, id, outcome, extra.sip_status ?? null);
      if (call.state === "held") await this.#resume(t, callId, call.holdStartedAt);
      // A conference the third party left is "ended" on the spine, "conference" on the row.
      const step = outcome === "conference" ? "ended" : outcome;
      t.callEvent(`consult_${step}`, callId, { consult: id, ...extra });
      if (who) {
        await audit(t.tx, who, {
          action: `consult.${step === "cancelled" ? "cancel" : step}`,
          objectType: "call",
          objectId: callId,
          after: { consult: id, outcome, ...extra },
        });
      }
    });
  }

  /** All three talk: the caller's hold ends. */
  conference(who: AuditActor, callId: number, id: number): Promise<void> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      await t.tx.query("update call_consults set conference_at = $2 where id = $1", [id, t.at()]);
      if (call.state === "held") await this.#resume(t, callId, call.holdStartedAt);
      t.callEvent("conference_started", callId, { consult: id });
      await audit(t.tx, who, {
        action: "consult.conference",
        objectType: "call",
        objectId: callId,
        after: { consult: id },
      });
    });
  }

  /** The agent leaves caller and third party talking: the seat goes to after-call work. */
  transferred(who: AuditActor, callId: number, id: number, agent: string): Promise<void> {
    return this.acd.run(async (t) => {
      const call = await t.lockCall(callId);
      const glance = await t.seatOf(agent);
      const seat = await t.lockSeatByAgent(glance.agentId);
      if (seat.callId !== callId || (seat.state !== "on_call" && seat.state !== "hold")) {
        throw new AppError(409, "seat_changed", "坐席已不在此通话上 (the seat left the call)");
      }
      await t.tx.query("update call_consults set transferred_at = $2 where id = $1", [id, t.at()]);
      if (call.state === "held") await this.#resume(t, callId, call.holdStartedAt);
      const queues = await this.acd.queues();
      await t.moveSeat(seat, {
        type: "hang_up",
        wrapUpSeconds: queues.get(call.queue)?.wrapUpSeconds ?? 30,
      });
      t.callEvent("consult_transferred", callId, { consult: id, agent });
      await audit(t.tx, who, {
        action: "consult.transfer",
        objectType: "call",
        objectId: callId,
        before: { seat: seat.state },
        after: { consult: id, seat: "wrap_up" },
      });
    });
  }

  /** The call itself ended: its consultation ends with it (as it stood). */
  async closeWithCall(id: number, outcome: ConsultOutcome): Promise<void> {
    await this.db.query(
      "update call_consults set ended_at = now(), outcome = $2 where id = $1 and ended_at is null",
      [id, outcome],
    );
  }

  async #close(t: AcdTx, id: number, outcome: ConsultOutcome, status: number | null) {
    await t.tx.query(
      `update call_consults set ended_at = $2, outcome = $3, sip_status = coalesce($4, sip_status)
       where id = $1 and ended_at is null`,
      [id, t.at(), outcome, status],
    );
  }

  async #resume(t: AcdTx, callId: number, holdStartedAt: number | null) {
    await t.tx.query(
      "update calls set state = 'connected', hold_ms = hold_ms + $2, hold_started_at = null where id = $1",
      [callId, t.now - (holdStartedAt ?? t.now)],
    );
  }

  /** The seat's open (or latest, within a minute) consultation, as the seat shows it. */
  async latest(agent: string): Promise<ConsultView | null> {
    const [r] = await this.db.query<ConsultView & { id: number }>(
      `select id, call_id::int as call_id, name, number, answered_at is not null as answered,
         conference_at is not null as conference, transferred_at is not null as transferred,
         outcome, sip_status
       from call_consults where agent = $1 and to_agent is null and (ended_at is null or ended_at > now() - interval '1 minute')
       order by id desc limit 1`,
      [agent],
    );
    return r ? { ...r, id: Number(r.id) } : null;
  }
}

export interface ConsultView {
  id: number;
  call_id: number;
  name: string;
  number: string;
  answered: boolean;
  conference: boolean;
  transferred: boolean;
  outcome: ConsultOutcome | null;
  sip_status: number | null;
}
