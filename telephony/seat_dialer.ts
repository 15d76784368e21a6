/**
 * 外呼回拨: the agent calls a citizen from the seat. The ACD call is made on the seat
 * (`OutboundCalls.start`, `dialing`), the call's room is made before that (as for an inbound
 * phone caller: the seat's page joins the room as soon as the seat shows the call), the edge
 * INVITEs the trunk, ringback goes on the spine, and on 200 OK the far phone is the room's
 * caller: the ACD's `call.answered` makes the media layer switch the audio on and record. Either
 * side hangs up: the far end's BYE ends the call through the seat's hang-up, the agent's
 * hang-up (`call.ended`) closes the room and sends our BYE — or CANCELs a call still ringing.
 */
import type { Database } from "../db/port.ts";
import { casePhone, type DialView, OutboundCalls } from "../server/acd/outbound_calls.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { SeatActions } from "../server/acd/seat_actions.ts";
import type { AuditActor } from "../server/audit/audit.ts";
import { AppError } from "../server/errors.ts";
import type { LiveHub } from "../server/live/hub.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import type { MediaLayer } from "./media_layer.ts";
import type { PhoneLeg } from "./sip/phone_bridge.ts";
import { dialable, dialResult, OutboundCall, type TrunkParts } from "./sip/outbound_leg.ts";

export interface SeatDialerDeps {
  db: Database;
  pii: PiiCipher;
  acd: AcdService;
  seats: SeatActions;
  hub: LiveHub;
  media: MediaLayer;
  /** The bound edge's trunk, when there is one (it binds in the background). */
  trunk: () => TrunkParts | undefined;
}

export type DialTarget = { number: string } | { case_number: string };

export class SeatDialer {
  readonly calls: OutboundCalls;
  /** Dials in progress by ACD call id: aborted when the call ends (the agent hung up). */
  readonly #dialing = new Map<number, AbortController>();
  readonly #running = new Set<Promise<void>>();
  /** The far phones' legs by call id: their RTP counters for operators and tests. */
  readonly #legs = new Map<number, PhoneLeg>();
  #unsubscribe?: () => void;
  readonly #stopping = Promise.withResolvers<void>();

  constructor(private readonly d: SeatDialerDeps) {
    this.calls = new OutboundCalls(d.db, d.pii, d.acd);
    this.#unsubscribe = d.hub.subscribe((events) => {
      for (const { event } of events) {
        if (event.topic === "call" && event.type === "call.ended") {
          this.#dialing.get(Number(event.subject))?.abort();
        }
      }
    });
  }

  enabled(): boolean {
    return this.d.trunk() !== undefined && this.d.media.status.status === "ready";
  }

  #parts(): TrunkParts {
    const parts = this.d.trunk();
    if (!parts) {
      throw new AppError(503, "no_outbound_trunk", "未配置外呼中继 (SIP_TRUNK_OUTBOUND)，无法外呼");
    }
    if (this.d.media.status.status !== "ready") {
      throw new AppError(503, "media_unavailable", "媒体层未就绪，暂不能外呼");
    }
    return parts;
  }

  async dial(
    who: AuditActor,
    workNumber: string,
    target: DialTarget,
  ): Promise<{ call_id: number }> {
    const parts = this.#parts();
    let number: string | null;
    let caseRef: { caseId: number; caseNumber: string } | null = null;
    if ("case_number" in target) {
      const found = await casePhone(this.d.db, this.d.pii, target.case_number);
      number = dialable(found.number);
      caseRef = { caseId: found.caseId, caseNumber: target.case_number };
    } else {
      number = dialable(target.number);
    }
    if (!number) {
      throw new AppError(422, "bad_number", "号码格式不正确 (3–20 digits)", [
        { path: "number", message: "号码格式不正确" },
      ]);
    }
    const out = await OutboundCall.open(parts);
    // Room first, call second: the seat's page joins the room the moment it sees the call.
    const prepared = await parts.bridge.prepare(out.rtp).catch((e) => {
      out.close();
      throw e;
    });
    if (!prepared) {
      out.close();
      throw new AppError(503, "media_unavailable", "媒体层未就绪，暂不能外呼");
    }
    let callId: number;
    try {
      callId = await this.calls.start(
        who,
        workNumber,
        number,
        caseRef?.caseId ?? null,
        caseRef?.caseNumber ?? null,
      );
    } catch (error) {
      prepared.discard();
      out.close();
      throw error;
    }
    const leg = prepared.attach(callId);
    this.#legs.set(callId, leg);
    await this.d.media.openCalls.open(callId);
    const abort = new AbortController();
    this.#dialing.set(callId, abort);
    const run = this.#run(callId, workNumber, number, out, leg, abort)
      .catch((e) => console.error(`seat dial: call ${callId}:`, (e as Error).message))
      .finally(() => {
        this.#dialing.delete(callId);
        this.#legs.delete(callId);
        this.#running.delete(run);
      });
    this.#running.add(run);
    return { call_id: callId };
  }

  async #run(
    callId: number,
    agent: string,
    number: string,
    out: OutboundCall,
    leg: PhoneLeg,
    abort: AbortController,
  ): Promise<void> {
    try {
      let ringing: Promise<void> = Promise.resolve();
      const placed = await out.dial(number, {
        signal: abort.signal,
        onRinging: () => {
          ringing = this.calls.ringing(callId, agent).catch((e) =>
            console.error(`seat dial: ringing ${callId}:`, e.message)
          );
        },
      });
      await ringing; // 180 and 200 may arrive together: ringback is recorded first
      if (!placed.ok) {
        await this.calls.notReached(callId, agent, placed.status, dialResult(placed.status));
        return;
      }
      if (abort.signal.aborted || !(await this.calls.answered(callId, agent))) {
        await out.hangUp();
        return;
      }
      // Talking until the room closes (the agent hung up) or the far end hangs up.
      const talk = leg.talk();
      const far = out.farHungUp.then(() => "far" as const);
      const stopping = this.#stopping.promise.then(() => "stop" as const);
      const who = await Promise.race([talk.then(() => "room" as const), far, stopping]);
      if (who === "far") {
        // As an inbound caller's hang-up: the seat goes to after-call work (unaudited: no person).
        await this.#endByFarEnd(callId);
      }
    } finally {
      leg.close();
      await out.hangUp();
      this.#dialing.delete(callId);
    }
  }

  async #endByFarEnd(callId: number): Promise<void> {
    const [call] = await this.d.db.query<{ state: string; work_number: string | null }>(
      `select c.state, a.work_number from calls c left join agents a on a.id = c.agent_id
       join seat_states s on s.agent_id = a.id and s.call_id = c.id and s.state in ('on_call', 'hold')
       where c.id = $1`,
      [callId],
    );
    if ((call?.state === "connected" || call?.state === "held") && call.work_number) {
      await this.d.seats.agent(null, call.work_number, { type: "hang_up" });
    }
  }

  legStats(callId: number): PhoneLeg["stats"] | undefined {
    return this.#legs.get(callId)?.stats;
  }

  status(workNumber: string): Promise<DialView | null> {
    return this.calls.latest(workNumber);
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#stopping.resolve();
    for (const a of this.#dialing.values()) a.abort();
    await Promise.allSettled([...this.#running]);
  }
}
