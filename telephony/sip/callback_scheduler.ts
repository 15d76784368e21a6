/**
 * Places due phone callbacks: every `everyMs` it claims the due attempt rows (callback_queue.ts),
 * calls each citizen through the edge and stores the result, which schedules the next attempt.
 * At most `concurrent` calls at once, so a burst of requests cannot take the trunk's lines from
 * callers. A process that dies mid-call leaves a started row; after `staleMs` any process's
 * scheduler finishes it as interrupted, and the schedule calls again.
 */
import { AppError } from "../../server/errors.ts";
import { IVR_ACTOR } from "../ivr/ivr_services.ts";
import type { CallbackQueue, ClaimedAttempt } from "./callback_queue.ts";
import type { CallbackOutcome } from "./phone_callback.ts";

export type Dial = (
  caseNumber: string,
  attempt: { n: number; of: number },
) => Promise<CallbackOutcome>;

export interface CallbackScheduler {
  /** One round now (tests, and the timer). */
  tick(): Promise<void>;
  /** Resolves when the calls in progress are over. */
  stop(): Promise<void>;
}

export function startCallbackScheduler(o: {
  queue: CallbackQueue;
  dial: Dial;
  /** False while the edge is not bound (or has no outbound trunk): nothing is claimed. */
  ready: () => boolean;
  everyMs?: number;
  concurrent?: number;
  /** Longer than any callback call lasts (40 s ringing + the two questions ≈ 2 min). */
  staleMs?: number;
}): CallbackScheduler {
  const concurrent = o.concurrent ?? 4;
  const staleMs = o.staleMs ?? 10 * 60_000;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let ticking = false;

  const place = async (a: ClaimedAttempt) => {
    let result: Parameters<CallbackQueue["finish"]>[1];
    try {
      const outcome = await o.dial(a.caseNumber, { n: a.attempt, of: a.maxAttempts });
      result = outcome.reached
        ? { result: "answered" }
        : { result: "unreached", sipStatus: outcome.status ?? null };
    } catch (error) {
      // The case moved on meanwhile (an agent's callback, a merge): nothing more to call about.
      result = error instanceof AppError && error.status < 500
        ? { result: "cancelled", note: error.message }
        : { result: "error", note: (error as Error).message };
    }
    await o.queue.finish(a, result, IVR_ACTOR);
  };

  const tick = async () => {
    if (stopped || ticking || !o.ready()) return;
    ticking = true;
    try {
      await o.queue.recoverStale(staleMs, IVR_ACTOR);
      for (const a of await o.queue.claimDue(concurrent - running.size)) {
        const call = place(a).catch((error) =>
          console.error("phone callback: storing an attempt failed:", error.message)
        );
        running.add(call);
        call.finally(() => running.delete(call));
      }
    } catch (error) {
      console.error("phone callback scheduler:", (error as Error).message);
    } finally {
      ticking = false;
    }
  };

  const timer = setInterval(tick, o.everyMs ?? 5000);
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
