/**
 * When to call a citizen again after a phone callback (回访) missed them. Pure: the queue stores
 * attempts as rows and asks this function, after each one, whether and when the next is due.
 */

export interface CallbackPolicy {
  /** Calls placed at most for one request (the first included). */
  attempts: number;
  /** From the end of a missed attempt to the next one. */
  intervalMs: number;
}

export type AttemptResult = "answered" | "unreached" | "error" | "interrupted" | "cancelled";

export interface AttemptDone {
  attempt: number;
  result: AttemptResult;
  /** The SIP status when nobody answered (486 busy, 487/408 no answer, 404 no such number …). */
  sipStatus?: number | null;
  endedAt: number;
}

/**
 * Final answers from the network about the number itself: calling again cannot help
 * (403 forbidden, 404 not found, 410 gone, 484 address incomplete, 488/606 not acceptable,
 * 604 does not exist anywhere). Busy, no answer, temporarily unavailable and 5xx are retried.
 */
const HOPELESS = new Set([403, 404, 410, 484, 488, 604, 606]);

export type NextStep =
  | { kind: "retry"; attempt: number; at: number }
  | { kind: "done"; outcome: "answered" | "unreached" | "cancelled" | "failed" };

/** What follows the attempts made so far (in order; the last one just ended). */
export function nextStep(policy: CallbackPolicy, done: AttemptDone[]): NextStep {
  const last = done.at(-1);
  if (!last) return { kind: "retry", attempt: 1, at: 0 };
  if (last.result === "answered") return { kind: "done", outcome: "answered" };
  if (last.result === "cancelled") return { kind: "done", outcome: "cancelled" };
  if (last.result === "unreached" && last.sipStatus && HOPELESS.has(last.sipStatus)) {
    return { kind: "done", outcome: "failed" };
  }
  if (done.length >= policy.attempts) return { kind: "done", outcome: "unreached" };
  return { kind: "retry", attempt: last.attempt + 1, at: last.endedAt + policy.intervalMs };
}

/** The default: three calls, ten minutes apart (SIP_CALLBACK_ATTEMPTS, SIP_CALLBACK_RETRY_S). */
export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = { attempts: 3, intervalMs: 600_000 };
