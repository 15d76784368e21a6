import assert from "node:assert/strict";
import { assertNoDoubleBooking } from "./acd_invariants.ts";
import { type Session, startTestApp, type TestApp, USER_OF } from "./harness.ts";

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

const seatOf = async (t: TestApp, workNumber: string) =>
  (await t.db.query<{ state: string; reason: string | null; call_id: number | null }>(
    `select s.state, s.reason, s.call_id from seat_states s join agents a on a.id = s.agent_id
     where a.work_number = $1`,
    [workNumber],
  ))[0];
const callOf = async (t: TestApp, id: number) =>
  (await t.db.query<{ state: string; agent: string | null; rings: number; hold_ms: number }>(
    `select k.state, a.work_number as agent, k.rings, k.hold_ms::int from calls k
     left join agents a on a.id = k.agent_id where k.id = $1`,
    [id],
  ))[0];

Deno.test("[acd] transfer to a named seat: the call rings that seat, the agent wraps up, audited; refusals are 4xx; no answer puts it back in its queue", async () => {
  let now = T0;
  const t = await startTestApp({ services: { clock: () => new Date(now) } });
  try {
    const { acd, seats } = t.services;
    const post = (as: Session, body: unknown) =>
      t.request("/api/seat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }, as);
    const a1001 = await t.signIn(USER_OF.agent);
    // Only 1001 has a demo user; 1002 acts through the same service the route calls.
    const as1002 = (action: Parameters<typeof seats.agent>[2]) => seats.agent(null, "1002", action);
    assert.equal((await post(a1001, { action: "login" })).status, 200);
    await as1002({ type: "login", reason: "break" });

    // No call yet: nothing to transfer.
    const none = await post(a1001, { action: "transfer_seat", to: "1002" });
    assert.equal(none.status, 409);
    await none.body?.cancel();

    const { id } = await acd.offer({
      channel: "phone",
      callerNumber: "13812345678",
      queue: "general",
    });
    assert.deepEqual((await acd.route()).map((r) => r.callId), [id]);
    assert.equal((await post(a1001, { action: "answer" })).status, 200);
    now += 30_000;
    assert.equal((await post(a1001, { action: "hold" })).status, 200);
    now += 5_000;

    // Refusals: bad input 400, to oneself 422, a seat that is not ready 409, no such seat 404.
    const bad = await post(a1001, { action: "transfer_seat", to: "1002; drop" });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const self = await post(a1001, { action: "transfer_seat", to: "1001" });
    assert.equal(self.status, 422);
    await self.body?.cancel();
    const busy = await post(a1001, { action: "transfer_seat", to: "1002" });
    assert.equal(busy.status, 409);
    assert.match((await busy.json()).error.message, /坐席 1002 当前为「示忙」/);
    const nobody = await post(a1001, { action: "transfer_seat", to: "9999" });
    assert.equal(nobody.status, 404);
    await nobody.body?.cancel();
    assert.equal((await seatOf(t, "1001")).state, "hold", "nothing changed");

    // 1002 is ready: the held call rings there, 1001 goes to after-call work.
    await as1002({ type: "ready" });
    const moved = await post(a1001, { action: "transfer_seat", to: "1002" });
    assert.equal(moved.status, 200);
    assert.equal((await moved.json()).seat.state, "wrap_up");
    assert.deepEqual(await seatOf(t, "1002"), { state: "reserved", reason: null, call_id: id });
    assert.deepEqual(await callOf(t, id), {
      state: "ringing",
      agent: "1002",
      rings: 2,
      hold_ms: 5000,
    });
    const events = await t.db.query<{ type: string; data: Record<string, unknown> }>(
      "select type, data from events where topic = 'call' and subject = $1 order by id",
      [String(id)],
    );
    assert.deepEqual(events.slice(-2).map((e) => [e.type, e.data.agent]), [
      ["call.transferred", "1001"],
      ["call.ringing", "1002"],
    ]);
    assert.equal(events.at(-2)!.data.to_agent, "1002");
    const [audit] = await t.db.query<{ actor: string; after: Record<string, unknown> }>(
      "select actor, after from audit_log where action = 'seat.transfer_seat'",
    );
    assert.deepEqual([audit.actor, audit.after.to, audit.after.state], ["1001", "1002", "wrap_up"]);

    // The router does not give 1002 another call meanwhile; 1002 answers the transferred one.
    const other = await acd.offer({
      channel: "phone",
      callerNumber: "13900002222",
      queue: "general",
    });
    assert.deepEqual(await acd.route(), []);
    await as1002({ type: "answer" });
    assert.equal((await callOf(t, id)).state, "connected");
    await assertNoDoubleBooking(t.db);

    // Unanswered: 1002 transfers back to 1001 (ready again), which lets it ring out; the call
    // goes back to its queue and 1001 is set not ready, as for any ring-no-answer.
    assert.equal((await post(a1001, { action: "wrap_done" })).status, 200);
    await acd.route(); // the other caller rings 1001 meanwhile…
    await seats.agent(null, "1001", { type: "not_ready", reason: "break" }); // …who turns it away
    await seats.agent(null, "1001", { type: "ready" });
    await as1002({ type: "transfer_seat", to: "1001" });
    now += 21_000; // the queue's ring timeout is 20 s
    const done = await acd.tick();
    assert.ok(done.some((d) => d.type === "ring_timeout"), JSON.stringify(done));
    assert.equal((await callOf(t, id)).state, "queued");
    assert.deepEqual(await seatOf(t, "1001"), {
      state: "not_ready",
      reason: "ring_no_answer",
      call_id: null,
    });
    assert.equal((await callOf(t, other.id)).state, "queued");
    await assertNoDoubleBooking(t.db);
  } finally {
    await t.dispose();
  }
});
