/**
 * When a seat's time in state turns amber, then red: a break past its allowance, after-call work
 * or a ring that goes on too long. Pure; shared by the desk and its tests.
 */
import type { Level } from "../server/acd/wall_levels.ts";

const LIMITS: Record<string, [number, number]> = {
  "not_ready:break": [15 * 60, 30 * 60],
  "not_ready:meal": [30 * 60, 45 * 60],
  "not_ready:ring_no_answer": [60, 300],
  "not_ready:other": [10 * 60, 20 * 60],
  "wrap_up": [60, 180],
  "reserved": [15, 30],
  "on_call": [10 * 60, 20 * 60],
  "hold": [60, 180],
};

export function seatAgeing(state: string, reason: string | null, seconds: number): Level {
  const limits = LIMITS[reason ? `${state}:${reason}` : state] ?? LIMITS[state];
  if (!limits) return "ok";
  return seconds > limits[1] ? "bad" : seconds > limits[0] ? "warn" : "ok";
}

export function mmss(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
