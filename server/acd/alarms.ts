import type { AcdSnapshot } from "./acd_snapshot.ts";
import { level, type Threshold, type ThresholdName } from "./wall_levels.ts";

export interface Breach {
  rule: ThresholdName;
  subject: string;
  level: "warn" | "bad";
  value: number;
}

/**
 * Which thresholds the centre and each queue breach now. The 15-second rate and abandonment
 * are judged over the last 15 minutes (what a supervisor can still act on), waits as they are.
 */
export function breaches(
  snapshot: AcdSnapshot,
  thresholds: Record<ThresholdName, Threshold>,
): Breach[] {
  const out: Breach[] = [];
  const check = (subject: string, rule: ThresholdName, value: number | null) => {
    const l = level(value, thresholds[rule]);
    if (l !== "ok" && value !== null) out.push({ rule, subject, level: l, value });
  };
  const scopes = [
    { subject: "centre", m: snapshot.centre },
    ...snapshot.queues.map((q) => ({ subject: q.id, m: q })),
  ];
  for (const { subject, m } of scopes) {
    check(subject, "longest_wait_s", m.waiting > 0 ? m.longest_wait_s : 0);
    check(subject, "waiting", m.waiting);
    check(subject, "service_level_15s", m.last15m.service_level_15s);
    check(subject, "abandon_rate", m.last15m.abandon_rate);
  }
  return out;
}
