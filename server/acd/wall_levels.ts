/**
 * Thresholds of the wall screen: when a number turns amber or red. Colour is never the only cue:
 * each level has its own mark and word too.
 */
export type Level = "ok" | "warn" | "bad";

export interface Threshold {
  warn: number;
  bad: number;
  /** "above": higher is worse (waits, abandonment); "below": lower is worse (service level). */
  worse: "above" | "below";
}

export const DEFAULT_THRESHOLDS = {
  longest_wait_s: { warn: 15, bad: 60, worse: "above" },
  waiting: { warn: 5, bad: 15, worse: "above" },
  service_level_15s: { warn: 0.95, bad: 0.85, worse: "below" },
  abandon_rate: { warn: 0.05, bad: 0.1, worse: "above" },
} as const satisfies Record<string, Threshold>;

export type ThresholdName = keyof typeof DEFAULT_THRESHOLDS;

export function level(value: number | null, t: Threshold): Level {
  if (value === null) return "ok";
  if (t.worse === "above") return value > t.bad ? "bad" : value > t.warn ? "warn" : "ok";
  return value < t.bad ? "bad" : value < t.warn ? "warn" : "ok";
}

export const LEVEL_MARK: Record<Level, string> = { ok: "", warn: "▲ 预警", bad: "■ 超标" };
