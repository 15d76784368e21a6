/**
 * 内部咨询: during a call agent A consults a colleague's seat B by work number. The caller is held
 * with music; B's seat rings (reserved: not an ACD queue call, the router passes it by) and B's
 * page joins the call's room as its `third` party (media_layer.ts asks `seatRole`); B answers and
 * A and B talk (phase `consulting`), then A
 * - 三方通话 conference: phase `conference`, all three hear each other;
 * - 转接 transfer: A leaves (after-call work), B's party becomes the room's agent and the call is
 *   B's (phase `talking`, still one recording);
 * - 取消 cancel: B is let go (ready), the caller is back with A.
 * B declining, or not answering within `ringSeconds`, lets B go and gives A the caller back.
 * Who hears whom is who_hears.ts's; the rows, events and audit are seat_consult_store.ts's.
 */
import type { Database } from "../db/port.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import {
  nextStage,
  type SeatConsultStage,
  type SeatConsultStep,
} from "../server/acd/seat_consult_state.ts";
import type { AuditActor } from "../server/audit/audit.ts";
import { AppError } from "../server/errors.ts";
import type { LiveHub } from "../server/live/hub.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import { maskPhone } from "../server/privacy/mask.ts";
import type { CallRoom } from "./call_room.ts";
import type { MediaLayer } from "./media_layer.ts";
import { SeatConsultStore, type SeatConsultView } from "./seat_consult_store.ts";
import type { CallPhase } from "./who_hears.ts";

interface Open {
  id: number;
  callId: number;
  from: string;
  to: string;
  room: CallRoom;
  stage: SeatConsultStage;
  timer?: ReturnType<typeof setTimeout>;
}

/** The call's room in each stage: B is the room's `third` party until a transfer. */
export function roomPhase(stage: SeatConsultStage | null): CallPhase {
  if (stage === "ringing") return "held"; // B is not in the conversation before answering
  if (stage === "talking") return "consulting";
  if (stage === "conference") return "conference";
  return "talking"; // over: caller and A again (or, transferred, caller and B as the agent)
}

export class SeatConsults {
  readonly store: SeatConsultStore;
  readonly #byCall = new Map<number, Open>();
  /** By B's work number; set before B's seat is reserved, so B's page never joins as `agent`. */
  readonly #byTarget = new Map<string, Open | "starting">();
  #unsubscribe?: () => void;

  constructor(
    private readonly d: {
      db: Database;
      acd: AcdService;
      hub: LiveHub;
      media: MediaLayer;
      pii: PiiCipher;
      ringSeconds?: number;
    },
  ) {
    this.store = new SeatConsultStore(d.db, d.acd);
    d.media.seatRole = (workNumber) => this.#byTarget.has(workNumber) ? "third" : "agent";
    this.#unsubscribe = d.hub.subscribe((events) => {
      for (const { event } of events) {
        if (event.topic !== "call" || event.type !== "call.ended") continue;
        const c = this.#byCall.get(Number(event.subject));
        // A or the caller hung up: B is let go with the call.
        const outcome = c?.stage === "ringing"
          ? "cancelled"
          : c?.stage === "conference"
          ? "conference"
          : "ended";
        if (c) void this.#end(c, null, outcome).catch((e) => log(c, e));
      }
    });
  }

  async start(who: AuditActor, from: string, to: string): Promise<{ consult: number }> {
    const [seat] = await this.d.db.query<{ call_id: number | null }>(
      "select s.call_id from seat_states s join agents a on a.id = s.agent_id where a.work_number = $1",
      [from],
    );
    const room = seat?.call_id ? this.d.media.rooms.get(Number(seat.call_id)) : undefined;
    if (seat?.call_id && !room) {
      throw new AppError(409, "no_media", "这通电话没有语音媒体，不能咨询坐席 (no media here)");
    }
    if (this.#byTarget.has(to)) {
      throw new AppError(409, "target_busy", `坐席 ${to} 正在接受另一咨询 (seat ${to} is busy)`);
    }
    this.#byTarget.set(to, "starting");
    let started: { id: number; callId: number };
    try {
      started = await this.store.start(who, from, to);
    } catch (error) {
      this.#byTarget.delete(to);
      throw error;
    }
    const c: Open = { ...started, from, to, room: room!, stage: "ringing" };
    this.#byCall.set(c.callId, c);
    this.#byTarget.set(to, c);
    c.timer = setTimeout(() => {
      void this.#step(c, "no_answer", null).catch((e) => log(c, e));
    }, (this.d.ringSeconds ?? 30) * 1000);
    await this.#apply(c, "ringing");
    return { consult: c.id };
  }

  /** B's steps: answer, decline, leave. */
  target(who: AuditActor, to: string, step: "answer" | "decline" | "leave"): Promise<void> {
    const c = this.#byTarget.get(to);
    if (!c || c === "starting") {
      throw new AppError(409, "no_consult", "没有咨询来电 (no consultation for this seat)");
    }
    return this.#step(c, step, who);
  }

  /** A's steps: conference, transfer, cancel. */
  consulter(who: AuditActor, from: string, step: "conference" | "transfer" | "cancel") {
    const c = [...this.#byCall.values()].find((o) => o.from === from);
    if (!c) throw new AppError(409, "no_consult", "当前没有进行中的内部咨询 (no consultation)");
    return this.#step(c, step, who);
  }

  async #step(c: Open, step: SeatConsultStep, who: AuditActor | null): Promise<void> {
    if (this.#byCall.get(c.callId) !== c) return; // ended meanwhile
    const next = nextStage(c.stage, step);
    if (step === "answer") {
      await this.store.answer(who!, c.id, c.callId, c.to);
      clearTimeout(c.timer);
    } else if (step === "conference") {
      await this.store.conference(who!, c.id, c.callId);
    } else if (step === "transfer") {
      await this.store.transfer(who!, c.id, c.callId, c.from, c.to);
      this.#forget(c);
      await c.room.serial(async () => {
        await this.d.media.holdMusic.stop(c.room);
        c.room.dropParties("agent", "transferred"); // A; B is still `third` here
        for (const p of this.#bPeers(c)) p.role = "agent";
        await c.room.setPhase("talking", c.to);
      });
      return;
    } else {
      return await this.#end(c, who, next.outcome as "declined");
    }
    c.stage = next.stage!;
    await this.#apply(c, c.stage);
  }

  /** Ends without a transfer: B let go and out of the room, the caller back with A. */
  async #end(
    c: Open,
    who: AuditActor | null,
    outcome: "declined" | "no_answer" | "cancelled" | "ended" | "conference",
  ): Promise<void> {
    if (this.#byCall.get(c.callId) !== c) return;
    this.#forget(c);
    await this.store.finish(who, c.id, c.callId, c.to, outcome);
    if (c.room.closed) return;
    await c.room.serial(async () => {
      for (const p of this.#bPeers(c)) c.room.leave(p, "consult_ended");
      await this.#phase(c, null);
    });
  }

  #forget(c: Open) {
    clearTimeout(c.timer);
    this.#byCall.delete(c.callId);
    if (this.#byTarget.get(c.to) === c) this.#byTarget.delete(c.to);
  }

  #bPeers(c: Open) {
    return [...c.room.peers.values()].filter((p) => p.role === "third" && p.workNumber === c.to);
  }

  #apply(c: Open, stage: SeatConsultStage): Promise<void> {
    return c.room.serial(() => this.#phase(c, stage));
  }

  /** Music while the caller waits (ringing, talking), none once the caller is in again. */
  async #phase(c: Open, stage: SeatConsultStage | null) {
    if (c.room.closed) return;
    const phase = roomPhase(stage);
    if (phase === "held" || phase === "consulting") {
      await c.room.setPhase(phase);
      await this.d.media.holdMusic.play(c.room);
    } else {
      await this.d.media.holdMusic.stop(c.room);
      await c.room.setPhase(phase);
    }
  }

  /** What the seat shows: its consultation out (latest) and in (open, with the caller masked). */
  async status(workNumber: string) {
    const v = await this.store.views(workNumber);
    if (v.in) v.in = { ...v.in, caller: await this.#caller(v.in) };
    return v;
  }

  async #caller(v: SeatConsultView): Promise<string | null> {
    const [row] = await this.d.db.query<{ enc: string | null }>(
      "select caller_number_enc as enc from calls where id = $1",
      [v.call_id],
    );
    return row?.enc ? maskPhone(await this.d.pii.decrypt(row.enc)) : null;
  }

  stop(): void {
    this.#unsubscribe?.();
    for (const c of this.#byCall.values()) clearTimeout(c.timer);
  }
}

function log(c: Open, e: Error) {
  console.error(`seat consult: call ${c.callId}:`, e.message);
}
