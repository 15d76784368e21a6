import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./harness.ts";
import { startServer } from "./server_process.ts";

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const seats = (t: TestApp) =>
  t.db.query<{ work_number: string; state: string; reason: string | null; call_id: number | null }>(
    `select a.work_number, s.state, s.reason, s.call_id from seat_states s join agents a on a.id = s.agent_id
     where s.state <> 'logged_out' order by a.work_number`,
  );
const calls = (t: TestApp) =>
  t.db.query<{ id: number; state: string; agent_id: number | null }>(
    "select id, state, agent_id from calls order by id",
  );

Deno.test({
  name:
    "[acd] after kill -9 a restarted engine carries on from the tables: calls and seats survive",
  sanitizeResources: false,
  async fn() {
    const t = await startTestApp();
    let server = await startServer({ DATABASE_URL: t.url });
    try {
      await t.db.query("update queues set ring_timeout_seconds = 5, wrap_up_seconds = 1");
      const { acd, seats: actions } = t.services;
      await actions.agent(null, "1002", { type: "login" });
      await actions.agent(null, "1003", { type: "login" });
      const a = await acd.offer({
        channel: "phone",
        callerNumber: "13900000001",
        queue: "general",
      });
      const b = await acd.offer({
        channel: "phone",
        callerNumber: "13900000002",
        queue: "general",
      });
      const c = await acd.offer({
        channel: "phone",
        callerNumber: "13900000003",
        queue: "general",
      });
      // The server's engine routes two calls to the two seats.
      await until(
        "two calls ringing",
        async () => (await calls(t)).filter((x) => x.state === "ringing").length === 2 || undefined,
      );
      await actions.agent(null, "1002", { type: "answer" });

      await server.crash();
      const seatsBefore = await seats(t);
      const callsBefore = await calls(t);
      assert.deepEqual(seatsBefore.map((s) => s.state), ["on_call", "reserved"]);
      assert.deepEqual(callsBefore.map((x) => x.state), ["connected", "ringing", "queued"]);

      server = await startServer({ DATABASE_URL: t.url });
      assert.deepEqual(await seats(t), seatsBefore, "nothing changed by the restart itself");
      // The ring that started before the crash still times out, and the call rings elsewhere or waits.
      const ringer = seatsBefore[1].work_number;
      await until(
        "the unanswered ring to time out",
        async () =>
          (await seats(t)).find((s) => s.work_number === ringer)?.reason === "ring_no_answer" ||
          undefined,
      );
      // The call in progress is untouched; hanging up still works and the wrap-up timer ends it.
      assert.equal((await calls(t))[0].state, "connected");
      await actions.agent(null, "1002", { type: "hang_up" });
      // 1002 is free again after its 1 s wrap-up and takes the longest-waiting call.
      await until("1002 to be offered the next call", async () => {
        const s = (await seats(t)).find((x) => x.work_number === "1002");
        return s?.state === "reserved" ? s : undefined;
      });
      const after = await calls(t);
      assert.equal(after.find((x) => x.id === a.id)!.state, "ended");
      assert.ok(
        [b.id, c.id].includes((await seats(t)).find((x) => x.work_number === "1002")!.call_id!),
      );
    } finally {
      await server.stop().catch(() => {});
      await t.dispose();
    }
  },
});
