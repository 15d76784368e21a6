import assert from "node:assert/strict";
import { addEvents, buckets } from "./event_rate.ts";

const T0 = Date.UTC(2026, 10, 28, 9, 30, 20);
const MIN = 60_000;

Deno.test("buckets() lays out the window oldest minute first, ending at now's minute", () => {
  const counts = new Map([[Date.UTC(2026, 10, 28, 9, 29), 4]]);
  const window = buckets(T0, 3, counts);
  assert.deepEqual(window.map((b) => b.n), [0, 4, 0]);
  assert.equal(window[2].t, Date.UTC(2026, 10, 28, 9, 30));
});

Deno.test("addEvents() counts new events and slides old minutes out", () => {
  let window = buckets(T0, 3, new Map());
  window = addEvents(window, [T0, T0 + 1000], T0);
  assert.deepEqual(window.map((b) => b.n), [0, 0, 2]);
  window = addEvents(window, [T0 + 2 * MIN], T0 + 2 * MIN);
  assert.deepEqual(window.map((b) => b.n), [2, 0, 1]);
  window = addEvents(window, [T0 - 10 * MIN], T0 + 2 * MIN); // too old for the window
  assert.deepEqual(window.map((b) => b.n), [2, 0, 1]);
});
