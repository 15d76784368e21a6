/**
 * Wall-clock times of a place turned into instants. Historical files write local time without an
 * offset: Baltimore's 311 in America/New_York (with daylight saving time), the Chinese message
 * board in China time (UTC+8, no daylight saving time since 1991).
 */

export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar-valid wall clock (no 31 April, no 25:00), else false. */
export function isValidWallClock(w: WallClock): boolean {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  return w.year >= 1900 && w.year <= 2100 && d.getUTCFullYear() === w.year &&
    d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day && d.getUTCHours() === w.hour &&
    d.getUTCMinutes() === w.minute && d.getUTCSeconds() === w.second;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const DAY = 86_400_000;
const QUARTER_HOUR = 900_000;
/**
 * Offsets by zone and UTC day (null: the offset changes that day), then by quarter hour on such
 * days: zones change offset only on a quarter hour, and asking Intl is slow.
 */
const days = new Map<string, Map<number, number | null>>();
const quarters = new Map<string, Map<number, number>>();

/** Minutes the zone is ahead of UTC at the instant `ms`. */
function offsetMinutes(timeZone: string, ms: number): number {
  let byDay = days.get(timeZone);
  if (!byDay) days.set(timeZone, byDay = new Map());
  const day = Math.floor(ms / DAY);
  let whole = byDay.get(day);
  if (whole === undefined) {
    const first = askOffset(timeZone, day * DAY);
    whole = first === askOffset(timeZone, (day + 1) * DAY - QUARTER_HOUR) ? first : null;
    byDay.set(day, whole);
  }
  if (whole !== null) return whole;
  let byQuarter = quarters.get(timeZone);
  if (!byQuarter) quarters.set(timeZone, byQuarter = new Map());
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let off = byQuarter.get(quarter);
  if (off === undefined) byQuarter.set(quarter, off = askOffset(timeZone, quarter * QUARTER_HOUR));
  return off;
}

function askOffset(timeZone: string, ms: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - ms) / 60_000);
}

/**
 * The instant a wall clock in `timeZone` shows. In the hour skipped by the spring change the
 * clock is read with the offset before it; in the repeated autumn hour, the first (daylight) one.
 */
export function zonedToInstant(w: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const before = offsetMinutes(timeZone, asUtc - 86_400_000);
  const after = offsetMinutes(timeZone, asUtc + 86_400_000);
  // Try both offsets of the day; the one that maps back to the same wall clock wins.
  for (
    const off of before === after ? [before] : [Math.max(before, after), Math.min(before, after)]
  ) {
    const ms = asUtc - off * 60_000;
    if (offsetMinutes(timeZone, ms) === off) return new Date(ms);
  }
  return new Date(asUtc - before * 60_000);
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in): serial 25569 is 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * The wall clock of an Excel serial date (days since 1899-12-30, the fraction the time of day),
 * rounded to the second as Excel shows it.
 */
export function excelSerialToWallClock(serial: number): WallClock {
  const ms = Math.round((serial - EXCEL_EPOCH_DAYS) * 86_400) * 1000;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** A wall clock at a fixed offset from UTC (China time: +480 minutes). */
export function fixedOffsetToInstant(w: WallClock, offsetMinutes: number): Date {
  return new Date(
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - offsetMinutes * 60_000,
  );
}
