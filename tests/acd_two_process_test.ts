import assert from "node:assert/strict";
import { assertNoDoubleBooking } from "./acd_invariants.ts";
import { startTestApp } from "./harness.ts";
import { startServer } from "./server_process.ts";

Deno.test({
  name: "[acd] two server processes routing the same queues never double-book a call or a seat",
  sanitizeResources: false,
  async fn() {
    const t = await startTestApp();
    const servers = [];
    try {
      await t.db.query("update queues set wrap_up_seconds = 0, ring_timeout_seconds = 5");
      servers.push(
        await startServer({ DATABASE_URL: t.url }),
        await startServer({ DATABASE_URL: t.url }),
      );
      const { acd, seats } = t.services;
      const agents = (await t.db.query<{ work_number: string }>(
        "select work_number from agents order by work_number limit 20",
      ))
        .map((a) => a.work_number);
      for (const a of agents) await seats.agent(null, a, { type: "login" });

      // 150 callers arrive in bursts while both engines race to route them; the test plays the
      // agents: answer what rings, hang up what is connected.
      const offered: number[] = [];
      const arrivals = (async () => {
        for (let burst = 0; burst < 15; burst++) {
          const queue = ["general", "complaint", "business", "english"][burst % 4];
          const ids = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              acd.offer({
                channel: "phone",
                callerNumber: `1390000${String(burst * 10 + i).padStart(4, "0")}`,
                queue,
              })),
          );
          offered.push(...ids.map((c) => c.id));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const deadline = Date.now() + 60_000;
      let done = false;
      while (!done && Date.now() < deadline) {
        const busy = await t.db.query<{ work_number: string; state: string }>(
          `select a.work_number, s.state from seat_states s join agents a on a.id = s.agent_id
           where s.state in ('reserved', 'on_call')`,
        );
        await Promise.allSettled(
          busy.map((b) =>
            seats.agent(null, b.work_number, {
              type: b.state === "reserved" ? "answer" : "hang_up",
            })
          ),
        );
        const [{ open }] = await t.db.query<{ open: number }>(
          "select count(*)::int as open from calls where state <> 'ended'",
        );
        done = offered.length === 150 && open === 0;
        await new Promise((r) => setTimeout(r, 20));
      }
      await arrivals;
      const [{ completed }] = await t.db.query<{ completed: number }>(
        "select count(*)::int as completed from calls where end_reason = 'completed'",
      );
      // English callers overflow to general after 90 s at most; with 20 seats all are served in time.
      assert.equal(completed, 150, "every call was answered and completed");
      const { rings } = await assertNoDoubleBooking(t.db);
      assert.ok(rings >= 150);
    } finally {
      for (const s of servers) await s.stop().catch(() => {});
      await t.dispose();
    }
  },
});
