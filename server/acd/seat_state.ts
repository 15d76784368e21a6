import type { CallDirection, NotReadyReason, Seat, SeatState } from "./types.ts";

export type SeatAction =
  | { type: "login"; reason?: NotReadyReason }
  | { type: "logout" }
  | { type: "ready" }
  | { type: "not_ready"; reason: NotReadyReason }
  | { type: "reserve"; callId: number }
  | { type: "answer" }
  | { type: "ring_timeout" }
  | { type: "release" } // the ringing call went away (caller hung up, call moved)
  | { type: "consult_done" } // a consulted seat (内部咨询) let go after talking: back to ready
  | { type: "hold" }
  | { type: "unhold" }
  | { type: "hang_up"; wrapUpSeconds: number }
  | { type: "wrap_done" }
  | { type: "extend_wrap"; seconds: number }
  | { type: "dial_out"; callId: number }
  | { type: "force_not_ready" }
  | { type: "force_logout" }
  | { type: "lag" };

export class IllegalSeatTransition extends Error {
  override name = "IllegalSeatTransition";
}

const IDLE: readonly SeatState[] = ["ready", "not_ready", "wrap_up", "lagged"];
/** Where each action may start from; anything else is refused with the seat's state named. */
const FROM: Record<SeatAction["type"], readonly SeatState[]> = {
  login: ["logged_out"],
  logout: IDLE,
  ready: ["not_ready", "wrap_up", "lagged"],
  // From reserved: the agent turns a ringing call away (the service puts it back in its queue).
  not_ready: ["ready", "reserved", "wrap_up", "lagged", "not_ready"],
  reserve: ["ready"],
  answer: ["reserved"],
  ring_timeout: ["reserved"],
  release: ["reserved"],
  consult_done: ["on_call", "hold"],
  hold: ["on_call"],
  unhold: ["hold"],
  hang_up: ["on_call", "hold"],
  wrap_done: ["wrap_up"],
  extend_wrap: ["wrap_up"],
  dial_out: ["ready", "not_ready", "wrap_up"],
  force_not_ready: ["ready", "reserved", "wrap_up", "lagged", "not_ready"],
  force_logout: [...IDLE, "reserved"],
  lag: ["ready", "not_ready", "wrap_up", "reserved"],
};

const STATE_NAMES: Record<SeatState, string> = {
  logged_out: "已签出",
  ready: "空闲",
  reserved: "振铃",
  on_call: "通话",
  hold: "保持",
  wrap_up: "话后处理",
  not_ready: "示忙",
  lagged: "异常",
};

export const seatStateName = (s: SeatState) => STATE_NAMES[s];

/** After-call work never lasts longer than this, however often the agent extends it. */
export const WRAP_MAX_SECONDS = 600;

function enter(seat: Seat, state: SeatState, now: number, changes: Partial<Seat> = {}): Seat {
  return {
    ...seat,
    state,
    since: now,
    reason: null,
    callId: null,
    direction: null,
    wrapUntil: null,
    readySince: state === "ready" ? now : null,
    ...changes,
  };
}

/**
 * The seat state machine: the next seat after `action` at `now`, or IllegalSeatTransition.
 * A seat that rang but did not answer goes not ready (ring-no-answer) so calls stop ringing there.
 */
export function transitionSeat(seat: Seat, action: SeatAction, now: number): Seat {
  if (!FROM[action.type].includes(seat.state)) {
    throw new IllegalSeatTransition(
      `坐席 ${seat.workNumber} 当前为「${STATE_NAMES[seat.state]}」，不能执行 ${action.type} ` +
        `(seat is ${seat.state}; ${action.type} is allowed from ${FROM[action.type].join(", ")})`,
    );
  }
  const onCall = (callId: number, direction: CallDirection) =>
    enter(seat, "on_call", now, { callId, direction });
  switch (action.type) {
    case "login":
      return action.reason
        ? enter(seat, "not_ready", now, { reason: action.reason })
        : enter(seat, "ready", now);
    case "logout":
    case "force_logout":
      return enter(seat, "logged_out", now);
    case "ready":
    case "wrap_done":
    case "consult_done":
      return enter(seat, "ready", now);
    case "release":
      // It rang without being answered through no fault of its own: it keeps its idle time.
      return enter(seat, "ready", now, { readySince: seat.readySince ?? now });
    case "not_ready":
      return enter(seat, "not_ready", now, { reason: action.reason });
    case "force_not_ready":
      return enter(seat, "not_ready", now, { reason: "forced" });
    case "ring_timeout":
      return enter(seat, "not_ready", now, { reason: "ring_no_answer" });
    case "reserve":
      return enter(seat, "reserved", now, {
        callId: action.callId,
        direction: "in",
        readySince: seat.readySince,
      });
    case "answer":
      return onCall(seat.callId!, "in");
    case "dial_out":
      return onCall(action.callId, "out");
    case "hold":
      return enter(seat, "hold", now, { callId: seat.callId, direction: seat.direction });
    case "unhold":
      return enter(seat, "on_call", now, { callId: seat.callId, direction: seat.direction });
    case "hang_up":
      // The call stays on the seat through after-call work: its wrap-up time is the call's.
      return enter(seat, "wrap_up", now, {
        callId: seat.callId,
        direction: seat.direction,
        wrapUntil: now + action.wrapUpSeconds * 1000,
      });
    case "extend_wrap": {
      // Same state, same start (the wrap-up time counted on the call is from the hang-up): only
      // the deadline moves, capped so that a seat cannot hide in after-call work.
      const cap = seat.since + WRAP_MAX_SECONDS * 1000;
      const until = Math.min(Math.max(seat.wrapUntil ?? now, now) + action.seconds * 1000, cap);
      if (until <= (seat.wrapUntil ?? now)) {
        throw new IllegalSeatTransition(
          `话后整理最长 ${WRAP_MAX_SECONDS / 60} 分钟，不能再延长 ` +
            `(after-call work is capped at ${WRAP_MAX_SECONDS} s)`,
        );
      }
      return { ...seat, wrapUntil: until };
    }
    case "lag":
      return enter(seat, "lagged", now);
  }
}

/** Seats that count as staffed (logged in). */
export const isStaffed = (s: SeatState) => s !== "logged_out";
