/**
 * Deadlines in working days, China time. Days are "YYYY-MM-DD" in UTC+8. A calendar lists the
 * public holidays that fall on weekdays and the adjusted working weekends (调休上班), which the
 * State Council publishes each year and admins enter; weekends are otherwise days off.
 */
export interface WorkCalendar {
  /** Weekdays that are days off (public holidays). */
  holidays: ReadonlySet<string>;
  /** Saturdays and Sundays that are working days (make-up days). */
  workdays: ReadonlySet<string>;
}

const DAY = 86_400_000;
const CST = 8 * 3_600_000;

/** The China-time calendar day of an instant. */
export function chinaDay(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 10);
}

/** Midnight China time at the start of `day`, as an instant. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CST;
}

const nextDay = (day: string) => chinaDay(dayStart(day) + DAY);

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The due instant of a matter registered at `from` with `n` working days: the end (24:00 China
 * time) of the n-th working day after the day of registration — the registration day itself does
 * not count, whatever the hour. n = 0 means the end of the registration day (emergencies).
 */
export function addWorkingDays(from: number, n: number, cal: WorkCalendar): number {
  if (!Number.isInteger(n) || n < 0 || n > 366) {
    throw new RangeError(`working days must be 0..366: got ${n}`);
  }
  let day = chinaDay(from);
  for (let counted = 0; counted < n;) {
    day = nextDay(day);
    if (isWorkingDay(day, cal)) counted++;
  }
  return dayStart(day) + DAY;
}

/**
 * Working days after today up to and including the due day (0 when due today); when late, minus
 * the working days after the due day up to and including today.
 */
export function workingDaysLeft(now: number, due: number, cal: WorkCalendar): number {
  const today = chinaDay(now);
  const dueDay = chinaDay(due - 1);
  const [from, to, sign] = dueDay >= today ? [today, dueDay, 1] : [dueDay, today, -1];
  let count = 0;
  for (let day = from; day !== to;) {
    day = nextDay(day);
    if (isWorkingDay(day, cal)) count++;
  }
  return sign * count;
}

export type DeadlineLight = "green" | "yellow" | "red";

/** Red once overdue; yellow when fewer than `warnWorkingDays` working days are left after today. */
export function deadlineLight(
  now: number,
  due: number,
  cal: WorkCalendar,
  warnWorkingDays = 1,
): DeadlineLight {
  if (now >= due) return "red";
  return workingDaysLeft(now, due, cal) < warnWorkingDays ? "yellow" : "green";
}
