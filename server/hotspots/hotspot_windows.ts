/**
 * The periods a hotspot report compares, in China-time days ("YYYY-MM-DD", both ends inclusive).
 * Pure date arithmetic on UTC midnights: a calendar day is the same in every time zone.
 */
import type { DayRange } from "../reports/report_model.ts";

const DAY = 86_400_000;

export const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
export const dayOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(dayNumber(day) + n);
export const daysIn = (r: DayRange) => dayNumber(r.to) - dayNumber(r.from) + 1;

/** A rising topic is judged on at most the last four weeks of a range. */
export const CURRENT_MAX_DAYS = 28;
/** Baseline windows before the current one. */
export const BASELINE_WINDOWS = 8;

export interface RisingWindows {
  current: DayRange;
  /** Oldest first; each as long as the current window. */
  baseline: DayRange[];
  /** Days between the starts of neighbouring windows: a whole number of weeks. */
  step: number;
}

/**
 * The current window is the range, or its last 28 days when longer. The baseline windows are
 * the same days shifted back by whole weeks — by 7 days for a window under a week (the same
 * weekdays: Mondays against Mondays), else by the window's length rounded up to whole weeks —
 * so every window holds the same weekdays and the weekly cycle cancels out.
 */
export function risingWindows(range: DayRange, windows = BASELINE_WINDOWS): RisingWindows {
  const length = Math.min(daysIn(range), CURRENT_MAX_DAYS);
  const current = { from: addDays(range.to, 1 - length), to: range.to };
  const step = 7 * Math.ceil(length / 7);
  const baseline: DayRange[] = [];
  for (let k = windows; k >= 1; k--) {
    baseline.push({ from: addDays(current.from, -k * step), to: addDays(current.to, -k * step) });
  }
  return { current, baseline, step };
}

/**
 * Which window a day falls in: 0 … windows−1 for the baseline (oldest first), `windows` for the
 * current one, −1 for a day between windows or outside them.
 */
export function windowIndex(w: RisingWindows, day: string): number {
  const back = dayNumber(w.current.from) - dayNumber(day);
  const length = daysIn(w.current);
  if (back <= 0) return day <= w.current.to ? w.baseline.length : -1;
  const k = Math.ceil(back / w.step);
  if (k > w.baseline.length) return -1;
  const offset = dayNumber(day) - (dayNumber(w.current.from) - k * w.step);
  return offset < length ? w.baseline.length - k : -1;
}

/** The first and last day the windows cover. */
export const windowSpan = (w: RisingWindows): DayRange => ({
  from: w.baseline[0]?.from ?? w.current.from,
  to: w.current.to,
});

/** The time buckets a trend chart uses for a range of this many days. */
export function trendGrain(days: number): "day" | "week" | "month" {
  return days <= 62 ? "day" : days <= 186 ? "week" : "month";
}

/** The start of the bucket a day belongs to: itself, its Monday, or the 1st of its month. */
export function bucketOf(day: string, grain: "day" | "week" | "month"): string {
  if (grain === "day") return day;
  if (grain === "month") return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) mod 7 is the days since Monday.
  return dayOf(n - ((n + 3) % 7 + 7) % 7);
}

/** Every bucket from the range's first to its last, so a chart has no missing days. */
export function buckets(range: DayRange, grain: "day" | "week" | "month"): string[] {
  const out: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    const b = bucketOf(d, grain);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}
