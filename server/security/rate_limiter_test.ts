import assert from "node:assert/strict";
import { RateLimiter } from "./rate_limiter.ts";

Deno.test("RateLimiter allows a burst of `capacity`, then refills at the rate", () => {
  let now = 0;
  const limiter = new RateLimiter({ capacity: 3, perMinute: 6 }, () => now);
  assert.deepEqual([1, 2, 3].map(() => limiter.take("10.0.0.1")), [0, 0, 0]);
  assert.equal(limiter.take("10.0.0.1"), 10); // one token every 10 s
  assert.equal(limiter.take("10.0.0.2"), 0, "another key has its own bucket");
  now += 10_000;
  assert.equal(limiter.take("10.0.0.1"), 0);
  assert.ok(limiter.take("10.0.0.1") > 0);
});

Deno.test("RateLimiter forgets the least recently used keys beyond maxKeys", () => {
  const now = 0;
  const limiter = new RateLimiter({ capacity: 1, perMinute: 1 }, () => now, 2);
  limiter.take("a");
  limiter.take("b");
  limiter.take("c"); // evicts "a"
  assert.equal(limiter.take("a"), 0, "a starts afresh");
  assert.ok(limiter.take("c") > 0);
});
