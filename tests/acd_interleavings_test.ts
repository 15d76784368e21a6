import fc from "fast-check";
import { assertNoDoubleBooking } from "./acd_invariants.ts";
import { startTestApp } from "./harness.ts";

const AGENTS = ["1001", "1002", "1003", "1004", "1005", "1006"];
type Op =
  | { kind: "offer"; queue: string }
  | {
    kind: "seat";
    agent: string;
    action: "login" | "ready" | "answer" | "hang_up" | "wrap_done" | "hold" | "unhold" | "logout";
  }
  | { kind: "not_ready"; agent: string }
  | { kind: "abandon"; nth: number }
  | { kind: "route" }
  | { kind: "tick"; seconds: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("offer" as const),
    queue: fc.constantFrom("general", "complaint", "business"),
  }),
  fc.record({
    kind: fc.constant("seat" as const),
    agent: fc.constantFrom(...AGENTS),
    action: fc.constantFrom(
      "login",
      "ready",
      "answer",
      "answer",
      "hang_up",
      "wrap_done",
      "hold",
      "unhold",
      "logout",
    ),
  }),
  fc.record({ kind: fc.constant("not_ready" as const), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ kind: fc.constant("abandon" as const), nth: fc.nat(20) }),
  fc.constant({ kind: "route" as const }),
  fc.constant({ kind: "route" as const }),
  fc.record({ kind: fc.constant("tick" as const), seconds: fc.integer({ min: 1, max: 30 }) }),
);

Deno.test({
  name:
    "[acd] under random concurrent interleavings of calls, seats, routing and timers, nothing is double-booked",
  sanitizeResources: false,
  async fn() {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 3, maxLength: 8 }),
        async (batches) => {
          let now = Date.UTC(2026, 10, 28, 2, 0, 0);
          const t = await startTestApp({ services: { clock: () => new Date(now) } });
          try {
            const { acd, seats } = t.services;
            const offered: number[] = [];
            for (const agent of AGENTS.slice(0, 3)) {
              await seats.agent(null, agent, { type: "login" });
            }
            for (const batch of batches) {
              // Each batch runs at once, as requests from many seats and two engines would.
              await Promise.allSettled(batch.map(async (o) => {
                switch (o.kind) {
                  case "offer":
                    offered.push(
                      (await acd.offer({
                        channel: "phone",
                        callerNumber: "13900000000",
                        queue: o.queue,
                      })).id,
                    );
                    return;
                  case "seat":
                    return await seats.agent(null, o.agent, { type: o.action });
                  case "not_ready":
                    return await seats.agent(null, o.agent, { type: "not_ready", reason: "break" });
                  case "abandon":
                    if (offered.length > 0) await acd.abandon(offered[o.nth % offered.length]);
                    return;
                  case "route":
                    return await acd.route();
                  case "tick":
                    now += o.seconds * 1000;
                    return await acd.tick();
                }
              }));
            }
            await assertNoDoubleBooking(t.db);
          } finally {
            await t.dispose();
          }
        },
      ),
      { numRuns: 12 },
    );
  },
});
