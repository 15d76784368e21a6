/** The demo city's callers, as numbers: pure and seeded by the caller's random source. */

/** Relative calls per hour of the day (China time): quiet nights, a morning and an afternoon peak. */
export const DAILY_CURVE = [
  0.08,
  0.05,
  0.04,
  0.04,
  0.05,
  0.08,
  0.15,
  0.35,
  0.75,
  1.0,
  0.95,
  0.8,
  0.6,
  0.7,
  0.9,
  0.95,
  0.85,
  0.7,
  0.5,
  0.45,
  0.4,
  0.3,
  0.2,
  0.12,
];

export function hourlyRate(now: number, peakPerHour: number): number {
  const hour = new Date(now + 8 * 3_600_000).getUTCHours();
  return peakPerHour * DAILY_CURVE[hour];
}

/** An exponential gap with the given mean: arrivals of a Poisson process. */
export function exponential(mean: number, random: () => number): number {
  return -Math.log(1 - random()) * mean;
}

/** Log-normal with the given mean and shape σ: handle times have a long right tail. */
export function logNormal(mean: number, sigma: number, random: () => number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
}

const QUEUE_MIX: [string, number][] = [["general", 0.7], ["business", 0.12], ["english", 0.05], [
  "complaint",
  0.13,
]];

export function pickQueue(random: () => number): string {
  let r = random();
  for (const [queue, share] of QUEUE_MIX) {
    if ((r -= share) < 0) return queue;
  }
  return "general";
}

/** A plausible mainland mobile number (demo only; never a real subscriber's by design). */
export function demoCallerNumber(random: () => number): string {
  const prefix = ["138", "139", "150", "186", "177", "199"][Math.floor(random() * 6)];
  return prefix + String(Math.floor(random() * 1e8)).padStart(8, "0");
}
