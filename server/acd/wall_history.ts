import { queueMetrics } from "./queue_metrics.ts";
import type { CallFact } from "./types.ts";

export interface WallHistory {
  /** Bucket ends (ms), oldest first: the last two hours in 5-minute steps. */
  at: number[];
  waiting: number[];
  service_level_15s: (number | null)[];
  /** Calls entering the queue per hour of the day (China time), today and the same weekday last week. */
  arrivals_today: number[];
  arrivals_last_week: number[];
}

const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const CST = 8 * HOUR;

function waitingAt(facts: readonly CallFact[], t: number): number {
  let n = 0;
  for (const f of facts) {
    if (
      f.queuedAt <= t && (f.answeredAt === null || f.answeredAt > t) &&
      (f.endedAt === null || f.endedAt > t)
    ) n++;
  }
  return n;
}

/**
 * The wall's two charts, pure: calls waiting and the 15-second answer rate over the last two
 * hours, and arrivals per hour today against the same weekday a week ago. `facts` must cover the
 * last two hours, today and that day last week.
 */
export function wallHistory(facts: readonly CallFact[], now: number): WallHistory {
  const at = Array.from({ length: 24 }, (_, i) => Math.floor(now / STEP) * STEP - (23 - i) * STEP);
  const dayStart = Math.floor((now + CST) / (24 * HOUR)) * 24 * HOUR - CST;
  const perHour = (from: number) => {
    const out = new Array<number>(24).fill(0);
    for (const f of facts) {
      if (f.queuedAt >= from && f.queuedAt < from + 24 * HOUR) {
        out[Math.floor((f.queuedAt - from) / HOUR)]++;
      }
    }
    return out;
  };
  return {
    at,
    waiting: at.map((t) => waitingAt(facts, Math.min(t, now))),
    service_level_15s: at.map((t) =>
      queueMetrics(facts, { from: t - STEP, to: t }, now, 15).service_level_15s
    ),
    arrivals_today: perHour(dayStart).map((n, h) => (dayStart + h * HOUR > now ? 0 : n)),
    arrivals_last_week: perHour(dayStart - 7 * 24 * HOUR),
  };
}
