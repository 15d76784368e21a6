import assert from "node:assert/strict";
import {
  bucketOf,
  buckets,
  risingWindows,
  trendGrain,
  windowIndex,
  windowSpan,
} from "./hotspot_windows.ts";

Deno.test("risingWindows() compares a day with the same weekday of the 8 weeks before", () => {
  const w = risingWindows({ from: "2026-03-02", to: "2026-03-02" });
  assert.deepEqual(w.current, { from: "2026-03-02", to: "2026-03-02" });
  assert.equal(w.step, 7);
  assert.equal(w.baseline.length, 8);
  assert.deepEqual(w.baseline[7], { from: "2026-02-23", to: "2026-02-23" });
  assert.deepEqual(w.baseline[0], { from: "2026-01-05", to: "2026-01-05" });
});

Deno.test("risingWindows() shifts a 10-day range by two weeks, across a leap day", () => {
  const w = risingWindows({ from: "2024-03-01", to: "2024-03-10" });
  assert.equal(w.step, 14);
  assert.deepEqual(w.baseline[7], { from: "2024-02-16", to: "2024-02-25" });
});

Deno.test("risingWindows() judges a year on its last four weeks", () => {
  const w = risingWindows({ from: "2025-01-01", to: "2025-12-31" });
  assert.deepEqual(w.current, { from: "2025-12-04", to: "2025-12-31" });
  assert.equal(w.step, 28);
  assert.deepEqual(windowSpan(w), { from: "2025-04-24", to: "2025-12-31" });
});

Deno.test("windowIndex() puts each day in its window or none", () => {
  const w = risingWindows({ from: "2026-03-01", to: "2026-03-10" }); // step 14, 10 days
  assert.equal(windowIndex(w, "2026-03-01"), 8);
  assert.equal(windowIndex(w, "2026-03-10"), 8);
  assert.equal(windowIndex(w, "2026-03-11"), -1);
  assert.equal(windowIndex(w, "2026-02-15"), 7); // 14 days before the 1st
  assert.equal(windowIndex(w, "2026-02-24"), 7);
  assert.equal(windowIndex(w, "2026-02-25"), -1); // between windows
  assert.equal(windowIndex(w, "2026-02-28"), -1);
  assert.equal(windowIndex(w, w.baseline[0].from), 0);
  assert.equal(windowIndex(w, "2025-10-01"), -1);
});

Deno.test("trend buckets: days, Mondays and months", () => {
  assert.equal(trendGrain(31), "day");
  assert.equal(trendGrain(92), "week");
  assert.equal(trendGrain(366), "month");
  assert.equal(bucketOf("2026-01-01", "week"), "2025-12-29"); // a Thursday → its Monday
  assert.equal(bucketOf("2026-01-04", "week"), "2025-12-29"); // a Sunday
  assert.equal(bucketOf("2026-01-05", "week"), "2026-01-05");
  assert.equal(bucketOf("2024-02-29", "month"), "2024-02-01");
  assert.deepEqual(buckets({ from: "2025-11-15", to: "2026-01-02" }, "month"), [
    "2025-11-01",
    "2025-12-01",
    "2026-01-01",
  ]);
  assert.equal(buckets({ from: "2024-02-01", to: "2024-03-01" }, "day").length, 30);
});
