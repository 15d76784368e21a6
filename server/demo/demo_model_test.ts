import assert from "node:assert/strict";
import { DAILY_CURVE, exponential, hourlyRate, logNormal, pickQueue } from "./demo_model.ts";

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

Deno.test("hourlyRate() follows the daily curve in China time", () => {
  assert.equal(DAILY_CURVE.length, 24);
  assert.equal(
    hourlyRate(Date.UTC(2026, 10, 28, 1, 30), 1000),
    1000,
    "09:30 in Beijing is the peak",
  );
  assert.equal(hourlyRate(Date.UTC(2026, 10, 27, 19, 0), 1000), 40, "03:00 in Beijing is quiet");
});

Deno.test("exponential() and logNormal() have the means asked for", () => {
  const random = seeded(7);
  const n = 20_000;
  const meanOf = (f: () => number) => Array.from({ length: n }, f).reduce((a, b) => a + b, 0) / n;
  assert.ok(Math.abs(meanOf(() => exponential(90, random)) - 90) < 3);
  assert.ok(Math.abs(meanOf(() => logNormal(75, 0.6, random)) - 75) < 3);
});

Deno.test("pickQueue() sends most callers to the general queue", () => {
  const random = seeded(3);
  const counts = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const queue = pickQueue(random);
    counts.set(queue, (counts.get(queue) ?? 0) + 1);
  }
  assert.ok(counts.get("general")! > 6000);
  assert.ok(counts.get("english")! > 200);
});
