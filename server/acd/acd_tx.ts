import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Tx } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { loadSeats, saveSeat, seatEventData, toWaiting } from "./acd_rows.ts";
import { IllegalSeatTransition, type SeatAction, transitionSeat } from "./seat_state.ts";
import type { Seat, WaitingCall } from "./types.ts";

export interface LockedCall {
  /** The call as the router sees it, while it waits or rings. */
  call: WaitingCall | null;
  state: string;
  queue: string;
  agentId: number | null;
  answeredAt: number | null;
  holdStartedAt: number | null;
  queuedAt: number | null;
}

/**
 * One ACD transaction: rows are locked calls-before-seats (every path takes them in that order,
 * so two transactions never wait on each other in a circle), changes are collected as events and
 * appended last, as the live spine requires.
 */
export class AcdTx {
  readonly events: NewEvent[] = [];
  constructor(readonly tx: Tx, readonly now: number) {}

  async lockCall(id: number): Promise<LockedCall> {
    const [row] = await this.tx.query<Record<string, unknown>>(
      `select id, queue_code, priority, enqueued_at, queue_entered_at, queued_at, state, agent_id, ring_started_at,
         answered_at, hold_started_at from calls where id = $1 for update`,
      [id],
    );
    if (!row) throw new AppError(404, "call_not_found", `没有这个来电 (no call ${id})`);
    const state = row.state as string;
    const ms = (v: unknown) => (v === null ? null : new Date(v as string).getTime());
    return {
      call: state === "queued" || state === "ringing" ? toWaiting(row as never) : null,
      state,
      queue: row.queue_code as string,
      agentId: row.agent_id as number | null,
      answeredAt: ms(row.answered_at),
      holdStartedAt: ms(row.hold_started_at),
      queuedAt: ms(row.queued_at),
    };
  }

  async lockSeatByAgent(agentId: number): Promise<Seat> {
    const [seat] = await loadSeats(this.tx, "where s.agent_id = $1", [agentId], "for update of s");
    if (!seat) {
      throw new AppError(404, "seat_not_found", `没有这个坐席 (no seat for agent ${agentId})`);
    }
    return seat;
  }

  /** The seat of a work number, without a lock: callers lock its call first, then the seat. */
  async seatOf(workNumber: string): Promise<Seat> {
    const [seat] = await loadSeats(this.tx, "where a.work_number = $1", [workNumber]);
    if (!seat) {
      throw new AppError(
        404,
        "seat_not_found",
        `没有工号为 ${workNumber} 的坐席 (no seat ${workNumber})`,
      );
    }
    return seat;
  }

  /** Applies a seat action, saves it and records its event; an illegal one is a 409. */
  async moveSeat(seat: Seat, action: SeatAction): Promise<Seat> {
    let next: Seat;
    try {
      next = transitionSeat(seat, action, this.now);
    } catch (error) {
      if (error instanceof IllegalSeatTransition) {
        throw new AppError(409, "illegal_seat_transition", error.message);
      }
      throw error;
    }
    await saveSeat(this.tx, next);
    this.events.push({
      topic: "seat",
      type: `seat.${next.state}`,
      subject: seat.workNumber,
      data: { ...seatEventData(next), action: action.type },
    });
    return next;
  }

  callEvent(type: string, callId: number, data: Record<string, unknown>): void {
    this.events.push({ topic: "call", type: `call.${type}`, subject: callId, data });
  }

  at(): Date {
    return new Date(this.now);
  }

  async commitEvents(): Promise<void> {
    await appendEvents(this.tx, this.events);
  }
}
