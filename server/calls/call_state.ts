/**
 * The life of a call as far as the foundation knows it: it is offered into a queue, may ring a
 * seat, is connected, and ends. The ACD refines this; illegal steps are refused here.
 */
export type CallState = "ivr" | "queued" | "ringing" | "connected" | "ended";
export type CallEndReason = "completed" | "abandoned" | "failed" | "voicemail" | "callback";
export type CallStep = "queue" | "ring" | "answer" | "end";

const NEXT: Record<CallStep, { from: readonly CallState[]; to: CallState }> = {
  queue: { from: ["ivr", "ringing"], to: "queued" },
  ring: { from: ["queued"], to: "ringing" },
  answer: { from: ["queued", "ringing"], to: "connected" },
  end: { from: ["ivr", "queued", "ringing", "connected"], to: "ended" },
};

export class IllegalCallStep extends Error {
  override name = "IllegalCallStep";
}

export function nextCallState(current: CallState, step: CallStep): CallState {
  const rule = NEXT[step];
  if (!rule.from.includes(current)) {
    throw new IllegalCallStep(
      `cannot ${step} a call that is ${current}: allowed only from ${rule.from.join(", ")}`,
    );
  }
  return rule.to;
}
