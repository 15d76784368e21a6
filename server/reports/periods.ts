/**
 * Report periods as China-time calendar days ("YYYY-MM-DD", both ends inclusive). Pure: the
 * boundaries of each kind of report, the comparison ranges (同比, 环比) and the split of a range
 * into whole months and loose days that the rollups are read by.
 */
import type { DayRange } from "./report_model.ts";

export const PERIOD_KINDS = [
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "annual",
  "custom",
] as const;
export type PeriodKind = typeof PERIOD_KINDS[number];

export const PERIOD_NAMES: Record<PeriodKind, string> = {
  daily: "日报",
  weekly: "周报",
  monthly: "月报",
  quarterly: "季报",
  annual: "年报",
  custom: "自定义时段",
};

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const parts = (day: string): [number, number, number] => {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`a day is YYYY-MM-DD, got "${day}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const utc = (day: string) => {
  const [y, m, d] = parts(day);
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** True for a day that exists: 2024-02-29 yes, 2025-02-29 and 2025-13-01 no. */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(day: string, n: number): string {
  return fromUtc(utc(day) + n * DAY_MS);
}

/** Days in the range, both ends counted. */
export function dayCount(range: DayRange): number {
  return Math.round((utc(range.to) - utc(range.from)) / DAY_MS) + 1;
}

/** The same date `years` later (earlier when negative); 29 February becomes the 28th. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = parts(day);
  return iso(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

/** The first day of the month `months` after (before when negative) the month of `day`. */
function monthStart(day: string, months = 0): string {
  const [y, m] = parts(day);
  const index = y * 12 + (m - 1) + months;
  return iso(Math.floor(index / 12), (index % 12) + 1, 1);
}

const monthEnd = (day: string) => addDays(monthStart(day, 1), -1);

/** From the 1st of a month to the last day of a month (one or more whole months). */
export function isWholeMonths(range: DayRange): boolean {
  return range.from.endsWith("-01") && range.to === monthEnd(range.to);
}

/** Monday 1 … Sunday 7. */
const weekday = (day: string) => ((new Date(utc(day)).getUTCDay() + 6) % 7) + 1;

/** The period of a kind that contains `day` (weeks run Monday to Sunday; quarters from January). */
export function periodOf(kind: Exclude<PeriodKind, "custom">, day: string): DayRange {
  const [y, m] = parts(day);
  switch (kind) {
    case "daily":
      return { from: day, to: day };
    case "weekly": {
      const monday = addDays(day, 1 - weekday(day));
      return { from: monday, to: addDays(monday, 6) };
    }
    case "monthly":
      return { from: monthStart(day), to: monthEnd(day) };
    case "quarterly": {
      const first = iso(y, m - ((m - 1) % 3), 1);
      return { from: first, to: monthEnd(monthStart(first, 2)) };
    }
    case "annual":
      return { from: iso(y, 1, 1), to: iso(y, 12, 31) };
  }
}

/**
 * 同比: the same dates one year earlier (29 February → 28 February). A range of whole months maps
 * to the same whole months, so February 2025 compares with all 29 days of February 2024.
 */
export function lastYearOf(range: DayRange): DayRange {
  if (isWholeMonths(range)) {
    return { from: addYears(range.from, -1), to: monthEnd(addYears(range.to, -1)) };
  }
  return { from: addYears(range.from, -1), to: addYears(range.to, -1) };
}

/**
 * 环比: the range of the same length just before. For whole months "length" is months (March's
 * 环比 is February, a quarter's the quarter before); otherwise days (a week's is the week before).
 */
export function previousOf(range: DayRange): DayRange {
  const to = addDays(range.from, -1);
  if (isWholeMonths(range)) {
    const [fy, fm] = parts(range.from);
    const [ty, tm] = parts(range.to);
    const months = (ty * 12 + tm) - (fy * 12 + fm) + 1;
    return { from: monthStart(range.from, -months), to };
  }
  return { from: addDays(range.from, -dayCount(range)), to };
}

/**
 * The range as whole calendar months (read from the monthly rollup) plus the loose days before
 * and after them (read from the daily one). `months` holds the first day of the first and of the
 * last whole month, or is null when there is none.
 */
export function splitByMonths(range: DayRange): { months: DayRange | null; days: DayRange[] } {
  const first = range.from.endsWith("-01") ? range.from : monthStart(range.from, 1);
  const lastEnd = range.to === monthEnd(range.to) ? range.to : addDays(monthStart(range.to), -1);
  if (first > lastEnd) return { months: null, days: [range] };
  const days: DayRange[] = [];
  if (range.from < first) days.push({ from: range.from, to: addDays(first, -1) });
  if (lastEnd < range.to) days.push({ from: addDays(lastEnd, 1), to: range.to });
  return { months: { from: first, to: monthStart(lastEnd) }, days };
}

/** The period in words, e.g. "2026年3月", "2026年第1季度", "2026年3月2日至3月8日". */
export function periodLabel(range: DayRange): string {
  const [fy, fm, fd] = parts(range.from);
  const [ty, tm, td] = parts(range.to);
  if (range.from === range.to) return `${fy}年${fm}月${fd}日`;
  if (isWholeMonths(range)) {
    if (fm === 1 && tm === 12 && fy === ty) return `${fy}年`;
    if (fy === ty && fm === tm) return `${fy}年${fm}月`;
    if (fy === ty && fm % 3 === 1 && tm === fm + 2) return `${fy}年第${(fm + 2) / 3}季度`;
  }
  const end = ty === fy ? `${tm}月${td}日` : `${ty}年${tm}月${td}日`;
  return `${fy}年${fm}月${fd}日至${end}`;
}
