import assert from "node:assert/strict";
import { DEFAULT_THRESHOLDS, level } from "./wall_levels.ts";

Deno.test("level() turns a long wait amber past 15 s and red past 60 s", () => {
  const t = DEFAULT_THRESHOLDS.longest_wait_s;
  assert.deepEqual([level(15, t), level(16, t), level(60, t), level(61, t)], [
    "ok",
    "warn",
    "warn",
    "bad",
  ]);
});

Deno.test("level() turns the 15-second answer rate amber below 95 % and red below 85 %", () => {
  const t = DEFAULT_THRESHOLDS.service_level_15s;
  assert.deepEqual([level(0.95, t), level(0.94, t), level(0.84, t), level(null, t)], [
    "ok",
    "warn",
    "bad",
    "ok",
  ]);
});
