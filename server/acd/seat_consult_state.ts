/**
 * 内部咨询 (consulting another agent's seat) as a small state machine: which step may follow
 * which, how the consulted seat is let go, and which seat actions a consultation refuses.
 * Pure: telephony/seat_consult.ts applies it, telephony/seat_consult_store.ts writes the rows.
 */
import { AppError } from "../errors.ts";
import { seatStateName } from "./seat_state.ts";
import type { Seat, SeatState } from "./types.ts";

/**
 * ringing: B's seat rings (reserved), the caller hears music, A waits; talking: A and B talk,
 * the caller hears music; conference: all three talk; the transfer and the other endings close
 * the consultation (B owns the call after a transfer).
 */
export type SeatConsultStage = "ringing" | "talking" | "conference";

export type SeatConsultStep =
  | "answer" // B answers
  | "decline" // B turns it down while it rings
  | "no_answer" // it rang out
  | "leave" // B hangs up their side once talking
  | "conference" // A: all three
  | "transfer" // A leaves, B owns the call
  | "cancel"; // A takes the caller back

/** How a consultation ends (the `call_consults.outcome`). */
export type SeatConsultOutcome =
  | "declined"
  | "no_answer"
  | "cancelled"
  | "ended"
  | "conference"
  | "transferred";

const FROM: Record<SeatConsultStep, readonly SeatConsultStage[]> = {
  answer: ["ringing"],
  decline: ["ringing"],
  no_answer: ["ringing"],
  leave: ["talking", "conference"],
  conference: ["talking"],
  transfer: ["talking", "conference"],
  cancel: ["ringing", "talking", "conference"],
};

const REFUSED: Record<SeatConsultStep, string> = {
  answer: "咨询已不在振铃 (the consultation is not ringing)",
  decline: "咨询已接通，不能拒绝 (already answered)",
  no_answer: "咨询已接通 (already answered)",
  leave: "咨询尚未接通 (not answered yet)",
  conference: "被咨询坐席尚未接听，或已在三方通话中 (not answered, or already a conference)",
  transfer: "被咨询坐席尚未接听，不能转接 (not answered yet)",
  cancel: "没有进行中的咨询 (no consultation)",
};

/** The stage after `step`, or null when the step ends the consultation; 409 when out of order. */
export function nextStage(
  stage: SeatConsultStage,
  step: SeatConsultStep,
): { stage: SeatConsultStage | null; outcome: SeatConsultOutcome | null } {
  if (!FROM[step].includes(stage)) {
    throw new AppError(409, "consult_step_refused", REFUSED[step]);
  }
  switch (step) {
    case "answer":
      return { stage: "talking", outcome: null };
    case "conference":
      return { stage: "conference", outcome: null };
    case "decline":
      return { stage: null, outcome: "declined" };
    case "no_answer":
      return { stage: null, outcome: "no_answer" };
    case "transfer":
      return { stage: null, outcome: "transferred" };
    case "cancel":
      return { stage: null, outcome: "cancelled" };
    case "leave":
      // Out of a conference, caller and A talk on: recorded as the conference it was.
      return { stage: null, outcome: stage === "conference" ? "conference" : "ended" };
  }
}

/** The seat's state once a consultation that reached `stage` is over without a transfer. */
export function releaseAction(targetState: SeatState): "release" | "consult_done" | null {
  if (targetState === "reserved") return "release";
  if (targetState === "on_call" || targetState === "hold") return "consult_done";
  return null; // moved on meanwhile (a supervisor signed it out): leave it
}

/** Why seat `target` cannot be consulted by `from` now, or null. */
export function targetRefusal(from: string, target: Seat): AppError | null {
  if (target.workNumber === from) {
    return new AppError(422, "consult_self", "不能咨询自己 (cannot consult yourself)", [
      { path: "to", message: "不能咨询自己" },
    ]);
  }
  if (target.state !== "ready") {
    const s = target.state;
    return new AppError(
      409,
      "target_not_ready",
      `坐席 ${target.workNumber} 当前为「${seatStateName(s)}」，不能接受咨询，请选择空闲坐席 ` +
        `(seat ${target.workNumber} is ${s}; only a signed-in ready seat can be consulted)`,
    );
  }
  return null;
}

/** Seat actions a consultation holds back: they would move the call under the consultation. */
const BLOCKED_WHILE_OPEN = new Set(["hold", "unhold", "transfer", "transfer_seat"]);
const ON_CALL: readonly SeatState[] = ["reserved", "on_call", "hold"];

/**
 * What a seat action must be refused with while a consultation is about: the consulted seat's
 * own ACD buttons (its call belongs to the consulting agent; it uses the consultation's), and
 * the consulting agent's hold and transfers while a consultation is open. Null: go ahead.
 */
export function seatActionRefusal(
  seat: Pick<Seat, "state" | "agentId">,
  callAgentId: number | null,
  action: string,
  consultOpen: boolean,
): AppError | null {
  if (ON_CALL.includes(seat.state) && callAgentId !== null && callAgentId !== seat.agentId) {
    return new AppError(
      409,
      "consulted_seat",
      "本坐席正在接受内部咨询，请使用咨询面板的按钮 (this seat is being consulted: use the consultation's buttons)",
    );
  }
  if (consultOpen && BLOCKED_WHILE_OPEN.has(action)) {
    return new AppError(
      409,
      "consult_open",
      "咨询进行中，请先结束咨询（三方通话、转接或取消）(a consultation is open)",
    );
  }
  return null;
}

export const blockedWhileConsulting = (action: string) => BLOCKED_WHILE_OPEN.has(action);
