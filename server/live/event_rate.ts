/** Events per minute over a sliding window, oldest minute first. Pure: shared by SSR and island. */
export interface MinuteBucket {
  /** Start of the minute, ms since epoch. */
  t: number;
  n: number;
}

const MINUTE = 60_000;

export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

/** The window's buckets at `now`, filled from counts keyed by minute start. */
export function buckets(
  now: number,
  minutes: number,
  counts: ReadonlyMap<number, number>,
): MinuteBucket[] {
  const last = minuteOf(now);
  return Array.from({ length: minutes }, (_, i) => {
    const t = last - (minutes - 1 - i) * MINUTE;
    return { t, n: counts.get(t) ?? 0 };
  });
}

/** Slides the window to `now` and counts events at the given times; returns a new array. */
export function addEvents(
  window: readonly MinuteBucket[],
  times: readonly number[],
  now: number,
): MinuteBucket[] {
  const counts = new Map(window.map((b) => [b.t, b.n]));
  for (const at of times) counts.set(minuteOf(at), (counts.get(minuteOf(at)) ?? 0) + 1);
  return buckets(now, window.length, counts);
}
