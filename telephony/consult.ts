/**
 * 咨询 / 三方通话: during a call the agent dials a third party through the trunk (a department's
 * duty phone, the leader on duty: `consult_contacts`, or a number typed in). The caller is held
 * with music (phase `consulting`), the agent talks to the third party (a second phone leg in the
 * call's room, role `third`); then the agent either
 * - 会议 conference: phase `conference`, all three hear each other (phone legs get the others
 *   mixed, room_mixer.ts),
 * - 转出 transfer: the agent's seat goes to after-call work and leaves the room; caller and
 *   third party talk on (phase `transferred`), still recorded; the call ends when either hangs up,
 * - 取消 cancel: the third party is hung up, the caller is back (phase `talking`).
 * Who hears whom in each phase is `who_hears.ts`'s; the rows and events are `consult_store.ts`'s.
 */
import type { Database } from "../db/port.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { OutboundCalls } from "../server/acd/outbound_calls.ts";
import type { AuditActor } from "../server/audit/audit.ts";
import { AppError } from "../server/errors.ts";
import type { LiveHub } from "../server/live/hub.ts";
import type { CallRoom } from "./call_room.ts";
import { type ConsultContact, ConsultStore, type ConsultView } from "./consult_store.ts";
import type { MediaLayer } from "./media_layer.ts";
import type { PhoneLeg } from "./sip/phone_bridge.ts";
import {
  attachThird,
  dialable,
  dialResult,
  OutboundCall,
  type TrunkParts,
} from "./sip/outbound_leg.ts";

export type ConsultTarget = { contact_id: number } | { number: string; name?: string };

interface Consult {
  id: number;
  callId: number;
  agent: string;
  room: CallRoom;
  out: OutboundCall;
  leg?: PhoneLeg;
  stage: "dialing" | "talking" | "conference" | "transferred";
  abort: AbortController;
}

export class Consults {
  readonly store: ConsultStore;
  readonly #byCall = new Map<number, Consult>();
  #unsubscribe?: () => void;

  constructor(
    private readonly d: {
      db: Database;
      acd: AcdService;
      hub: LiveHub;
      media: MediaLayer;
      outbound: OutboundCalls;
      trunk: () => TrunkParts | undefined;
    },
  ) {
    this.store = new ConsultStore(d.db, d.acd);
    this.#unsubscribe = d.hub.subscribe((events) => {
      for (const { event } of events) {
        if (event.topic !== "call") continue;
        const c = this.#byCall.get(Number(event.subject));
        // The call ended (the agent or the caller hung up): the third party goes with it.
        if (c && event.type === "call.ended") void this.#finish(c, null);
      }
    });
  }

  contacts(): Promise<ConsultContact[]> {
    return this.store.contacts();
  }

  /** The call on the agent's seat, talking (or held by this consultation), with its room. */
  async #seatCall(agent: string): Promise<{ callId: number; room: CallRoom }> {
    const [seat] = await this.d.db.query<{ state: string; call_id: number | null }>(
      `select s.state, s.call_id from seat_states s join agents a on a.id = s.agent_id
       where a.work_number = $1`,
      [agent],
    );
    if (!seat?.call_id || seat.state !== "on_call") {
      throw new AppError(409, "no_call", "当前没有通话 (no call on this seat)");
    }
    const callId = Number(seat.call_id);
    const room = this.d.media.rooms.get(callId);
    if (!room) {
      throw new AppError(409, "no_media", "这通电话没有语音媒体，不能发起三方通话 (no media)");
    }
    return { callId, room };
  }

  async start(who: AuditActor, agent: string, target: ConsultTarget): Promise<{ consult: number }> {
    const parts = this.d.trunk();
    if (!parts) {
      throw new AppError(
        503,
        "no_outbound_trunk",
        "未配置外呼中继 (SIP_TRUNK_OUTBOUND)，无法咨询外线",
      );
    }
    const { callId, room } = await this.#seatCall(agent);
    if (this.#byCall.has(callId)) throw new AppError(409, "consult_open", "本通话已有进行中的咨询");
    const contact = "contact_id" in target ? await this.store.contact(target.contact_id) : null;
    const number = dialable(contact?.number ?? ("number" in target ? target.number : ""));
    if (!number) {
      throw new AppError(422, "bad_number", "号码格式不正确 (3–20 digits)", [
        { path: "number", message: "号码格式不正确" },
      ]);
    }
    const name = contact?.name ?? ("name" in target && target.name ? target.name : number);
    const id = await this.store.started(who, callId, agent, {
      contactId: contact?.id ?? null,
      name,
      number,
    });
    const out = await OutboundCall.open(parts);
    const c: Consult = {
      id,
      callId,
      agent,
      room,
      out,
      stage: "dialing",
      abort: new AbortController(),
    };
    this.#byCall.set(callId, c);
    try {
      await room.serial(async () => {
        await room.setPhase("consulting");
        await this.d.media.holdMusic.play(room);
      });
      c.leg = await attachThird(room, parts, out.rtp);
    } catch (error) {
      await this.#finish(c, "failed", { sip_status: 500 });
      throw error;
    }
    void this.#dial(c, number).catch((e) =>
      console.error(`consult: call ${callId}:`, (e as Error).message)
    );
    return { consult: id };
  }

  async #dial(c: Consult, number: string): Promise<void> {
    let ringing: Promise<void> = Promise.resolve();
    const placed = await c.out.dial(number, {
      signal: c.abort.signal,
      onRinging: () => {
        ringing = this.store.step(c.callId, "consult_ringing", c.id, c.agent).catch((e) =>
          console.error(`consult: ringing ${c.callId}:`, e.message)
        );
      },
    });
    await ringing; // 180 and 200 may arrive together: the ringing step comes first
    if (!placed.ok) {
      return await this.#finish(c, "failed", {
        sip_status: placed.status,
        result: dialResult(placed.status),
      });
    }
    if (c.abort.signal.aborted || !this.#byCall.has(c.callId)) return await c.out.hangUp();
    c.stage = "talking";
    c.out.rtp.stopPlayback();
    c.out.rtp.bridged = true;
    await this.store.step(c.callId, "consult_answered", c.id, c.agent);
    await c.out.farHungUp;
    // The third party hung up (or we did: then #finish ran already and this does nothing).
    if (this.#byCall.get(c.callId) !== c) return;
    const stage = c.stage as Consult["stage"]; // moved on meanwhile (conference, transfer)
    if (stage === "transferred") {
      await this.d.outbound.endDetached(c.callId);
    } else {
      await this.#finish(c, stage === "conference" ? "conference" : "ended");
    }
  }

  #mine(agent: string, callId: number): Consult {
    const c = this.#byCall.get(callId);
    if (!c || c.agent !== agent) throw new AppError(409, "no_consult", "当前没有进行中的咨询");
    return c;
  }

  async conference(who: AuditActor, agent: string): Promise<void> {
    const { callId } = await this.#seatCall(agent);
    const c = this.#mine(agent, callId);
    if (c.stage !== "talking") {
      throw new AppError(409, "consult_not_answered", "咨询对象尚未接通，不能开始三方通话");
    }
    await this.store.conference(who, callId, c.id);
    c.stage = "conference";
    await c.room.serial(async () => {
      await this.d.media.holdMusic.stop(c.room);
      await c.room.setPhase("conference");
    });
  }

  async transfer(who: AuditActor, agent: string): Promise<void> {
    const { callId } = await this.#seatCall(agent);
    const c = this.#mine(agent, callId);
    if (c.stage !== "talking" && c.stage !== "conference") {
      throw new AppError(409, "consult_not_answered", "咨询对象尚未接通，不能转出");
    }
    await this.store.transferred(who, callId, c.id, agent);
    c.stage = "transferred";
    await c.room.serial(async () => {
      await this.d.media.holdMusic.stop(c.room);
      c.room.dropParties("agent", "transferred");
      await c.room.setPhase("transferred", null);
    });
    this.#watchCaller(c);
  }

  /** After a transfer no seat is on the call: the caller leaving ends it. */
  #watchCaller(c: Consult) {
    const caller = [...c.room.peers.values()].find((p) => p.role === "caller");
    const end = () => {
      if (this.#byCall.get(c.callId) !== c) return;
      void this.d.outbound.endDetached(c.callId).catch((e) =>
        console.error(`consult: ending call ${c.callId}:`, e.message)
      );
    };
    if (!caller || caller.closed) return end();
    caller.send.observer.once("close", end);
    caller.send.on("dtlsstatechange", (s) => (s === "closed" || s === "failed") && end());
  }

  async cancel(who: AuditActor, agent: string): Promise<void> {
    const { callId } = await this.#seatCall(agent);
    const c = this.#mine(agent, callId);
    if (c.stage === "transferred") throw new AppError(409, "transferred", "已转出");
    await this.#finish(c, "cancelled", {}, who);
  }

  /**
   * Ends the consultation: the third party is hung up (or the dial given up) and leaves the
   * room; with an outcome, the caller is back with the agent. Without (the call ended), only
   * the row is closed as it stood.
   */
  async #finish(
    c: Consult,
    outcome: "failed" | "cancelled" | "ended" | "conference" | null,
    extra: { sip_status?: number; result?: string } = {},
    who: AuditActor | null = null,
  ): Promise<void> {
    if (this.#byCall.get(c.callId) !== c) return;
    this.#byCall.delete(c.callId);
    c.abort.abort();
    c.leg?.close();
    await c.out.hangUp();
    if (outcome === null) {
      const as = c.stage === "dialing" || c.stage === "talking" ? "cancelled" : c.stage;
      return await this.store.closeWithCall(c.id, as);
    }
    await this.store.ended(who, c.callId, c.id, outcome, extra);
    if (!c.room.closed) {
      await c.room.serial(async () => {
        await this.d.media.holdMusic.stop(c.room);
        await c.room.setPhase("talking");
      });
    }
  }

  /** The third party's leg counters (RTP to and from the room, frames mixed) while it lasts. */
  legStats(callId: number): PhoneLeg["stats"] | undefined {
    return this.#byCall.get(callId)?.leg?.stats;
  }

  status(agent: string): Promise<ConsultView | null> {
    return this.store.latest(agent);
  }

  stop(): void {
    this.#unsubscribe?.();
    for (const c of [...this.#byCall.values()]) void this.#finish(c, null);
  }
}
