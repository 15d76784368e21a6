import assert from "node:assert/strict";
import { startTestApp, type TestApp, USER_OF } from "./harness.ts";

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

async function acdApp() {
  let now = T0;
  const t = await startTestApp({ services: { clock: () => new Date(now) } });
  return { t, advance: (seconds: number) => (now += seconds * 1000), at: () => now };
}

async function eventTypes(t: TestApp, subject: string) {
  const rows = await t.db.query<{ type: string }>(
    "select type from events where subject = $1 order by id",
    [subject],
  );
  return rows.map((r) => r.type);
}

const seatOf = async (t: TestApp, workNumber: string) =>
  (await t.db.query<{ state: string; reason: string | null; call_id: number | null }>(
    "select s.state, s.reason, s.call_id from seat_states s join agents a on a.id = s.agent_id where a.work_number = $1",
    [workNumber],
  ))[0];
const callOf = async (t: TestApp, id: number) =>
  (await t.db.query<Record<string, unknown>>("select * from calls where id = $1", [id]))[0];

Deno.test("[acd] a call is offered, rings the idle seat, is answered, ends, and the seat wraps up", async () => {
  const { t, advance } = await acdApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, "1001", { type: "login" });
    const call = await acd.offer({
      channel: "phone",
      callerNumber: "13900001111",
      queue: "general",
    });
    assert.equal(call.position, 1);
    assert.deepEqual(await acd.route(), [{
      callId: call.id,
      agentId:
        (await t.db.query<{ id: number }>("select id from agents where work_number = '1001'"))[0]
          .id,
    }]);
    assert.deepEqual(await seatOf(t, "1001"), {
      state: "reserved",
      reason: null,
      call_id: call.id,
    });
    advance(4);
    await seats.agent(null, "1001", { type: "answer" });
    advance(60);
    await seats.agent(null, "1001", { type: "hold" });
    advance(10);
    await seats.agent(null, "1001", { type: "unhold" });
    advance(20);
    await seats.agent(null, "1001", { type: "hang_up" });
    assert.equal((await seatOf(t, "1001")).state, "wrap_up");
    advance(19);
    assert.deepEqual(await acd.tick(), [], "wrap-up of 20 s not over yet");
    advance(1);
    assert.equal((await acd.tick()).length, 1);
    assert.deepEqual(await seatOf(t, "1001"), { state: "ready", reason: null, call_id: null });
    const row = await callOf(t, call.id);
    assert.deepEqual([row.state, row.end_reason, Number(row.hold_ms), Number(row.wrap_ms)], [
      "ended",
      "completed",
      10_000,
      20_000,
    ]);
    assert.deepEqual(await eventTypes(t, String(call.id)), [
      "call.offered",
      "call.ringing",
      "call.answered",
      "call.held",
      "call.resumed",
      "call.ended",
    ]);
    assert.deepEqual(await eventTypes(t, "1001"), [
      "seat.ready",
      "seat.reserved",
      "seat.on_call",
      "seat.hold",
      "seat.on_call",
      "seat.wrap_up",
      "seat.ready",
    ]);
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] an unanswered ring puts the seat not ready and the call back at the head of its queue", async () => {
  const { t, advance } = await acdApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, "1001", { type: "login" });
    advance(1);
    await seats.agent(null, "1002", { type: "login" });
    const first = await acd.offer({
      channel: "phone",
      callerNumber: "13900001111",
      queue: "general",
    });
    advance(1);
    await acd.route();
    assert.equal((await seatOf(t, "1001")).call_id, first.id, "longest idle seat first");
    const second = await acd.offer({
      channel: "phone",
      callerNumber: "13900002222",
      queue: "general",
    });
    advance(15);
    await acd.tick();
    assert.deepEqual(await seatOf(t, "1001"), {
      state: "not_ready",
      reason: "ring_no_answer",
      call_id: null,
    });
    await acd.route();
    // The requeued call kept its place: it rings 1002 before the later call does.
    assert.equal((await seatOf(t, "1002")).call_id, first.id);
    assert.equal((await callOf(t, second.id)).state, "queued");
    assert.equal((await callOf(t, first.id)).rings, 2);
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] a call overflows to another queue, and past the maximum wait is offered a callback", async () => {
  const { t, advance } = await acdApp();
  try {
    const { acd } = t.services;
    const call = await acd.offer({
      channel: "phone",
      callerNumber: "13900003333",
      queue: "business",
    });
    advance(60);
    assert.deepEqual(await acd.tick(), [{ type: "overflow", callId: call.id, to: "general" }]);
    const moved = await callOf(t, call.id);
    assert.deepEqual([moved.queue_code, moved.overflowed_from], ["general", "business"]);
    advance(540);
    assert.deepEqual(await acd.tick(), [{ type: "max_wait", callId: call.id, action: "callback" }]);
    assert.deepEqual([(await callOf(t, call.id)).state, (await callOf(t, call.id)).end_reason], [
      "ended",
      "callback",
    ]);
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] a caller who hangs up is recorded as abandoned with position and wait", async () => {
  const { t, advance } = await acdApp();
  try {
    const { acd } = t.services;
    const calls = [];
    for (const n of ["1", "2", "3"]) {
      calls.push(
        await acd.offer({ channel: "phone", callerNumber: `1390000000${n}`, queue: "general" }),
      );
    }
    advance(42);
    await acd.abandon(calls[1].id);
    const [event] = await t.db.query<{ data: { position: number; wait_s: number } }>(
      "select data from events where type = 'call.abandoned'",
    );
    assert.deepEqual([event.data.position, event.data.wait_s], [2, 42]);
    await assert.rejects(acd.abandon(calls[1].id), /call is ended/);
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] agents and supervisors act over HTTP, each action audited; illegal steps are a 409", async () => {
  const { t } = await acdApp();
  try {
    const agent = await t.signIn(USER_OF.agent);
    const supervisor = await t.signIn(USER_OF.supervisor);
    const post = (path: string, body: unknown, as = agent) =>
      t.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }, as);
    assert.equal((await post("/api/seat", { action: "login" })).status, 200);
    const nothing = await post("/api/seat", { action: "answer" });
    assert.equal(nothing.status, 409);
    assert.match((await nothing.json()).error.message, /没有振铃中的来电/);
    const illegal = await post("/api/seat", { action: "wrap_done" });
    assert.equal(illegal.status, 409);
    assert.match((await illegal.json()).error.message, /当前为「空闲」/);
    assert.equal((await post("/api/seat", { action: "not_ready", reason: "nap" })).status, 400);
    // Extending after-call work: only in wrap-up, and by 10–300 s.
    assert.equal((await post("/api/seat", { action: "extend_wrap", seconds: 5 })).status, 400);
    assert.equal((await post("/api/seat", { action: "extend_wrap", seconds: 30 })).status, 409);
    const forced = await post("/api/supervisor/seats/1001/force-not-ready", {}, supervisor);
    assert.equal((await forced.json()).seat.reason, "forced");
    const skills = await t.request("/api/supervisor/seats/1001/skills", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        skills: [{ skill: "general", level: 5 }, { skill: "english", level: 2 }],
      }),
    }, supervisor);
    assert.equal(skills.status, 200);
    const audited = await t.db.query<{ actor: string; action: string }>(
      "select actor, action from audit_log where object_type = 'seat' order by seq",
    );
    assert.deepEqual(audited.map((a) => `${a.actor} ${a.action}`), [
      "1001 seat.login",
      "9001 seat.force_not_ready",
      "9001 seat.set_skills",
    ]);
    assert.equal((await post("/api/supervisor/seats/1001/force-logout", {}, agent)).status, 403);
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] the snapshot and the staffing calculator answer over HTTP", async () => {
  const t = await startTestApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, "1001", { type: "login" });
    await acd.offer({ channel: "phone", callerNumber: "13900004444", queue: "general" });
    await acd.offer({ channel: "web", callerNumber: "13900005555", queue: "complaint" });
    await acd.route();
    await seats.agent(null, "1001", { type: "answer" });
    const supervisor = await t.signIn(USER_OF.supervisor);
    const snap = await (await t.request("/api/acd/snapshot", {}, supervisor)).json();
    const complaint = snap.queues.find((q: { id: string }) => q.id === "complaint");
    const general = snap.queues.find((q: { id: string }) => q.id === "general");
    // 1001 is senior (complaint skill): the complaint queue's higher priority wins the seat.
    assert.deepEqual([complaint.offered, complaint.answered, general.waiting], [1, 1, 1]);
    assert.equal(snap.centre.offered, 2);
    assert.equal(snap.centre.seats.on_call, 1);
    assert.equal(
      snap.seats.find((s: { work_number: string }) => s.work_number === "1001").state,
      "on_call",
    );
    assert.equal(
      snap.seats.find((s: { work_number: string }) => s.work_number === "1001").call_queue,
      "complaint",
    );
    const erlang = await (await t.request(
      "/api/staffing/erlang-c?calls=100&interval_s=1800&aht_s=180&target=0.8&answer_s=20",
      {},
      supervisor,
    )).json();
    assert.equal(erlang.agents, 14);
    assert.ok(Math.abs(erlang.service_level - 0.88835) < 0.0005);
    assert.equal(
      (await t.request("/api/staffing/erlang-c?calls=-1&aht_s=180", {}, supervisor)).status,
      400,
    );
  } finally {
    await t.dispose();
  }
});

Deno.test("[acd] a waiting caller's position and expected wait are known; admins tune a queue, audited", async () => {
  const t = await startTestApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, "1002", { type: "login", reason: "break" });
    await seats.agent(null, "1003", { type: "login", reason: "break" });
    const first = await acd.offer({
      channel: "phone",
      callerNumber: "13900000001",
      queue: "general",
    });
    const second = await acd.offer({
      channel: "phone",
      callerNumber: "13900000002",
      queue: "general",
    });
    const supervisor = await t.signIn(USER_OF.supervisor);
    const where = await (await t.request(`/api/acd/calls/${second.id}`, {}, supervisor)).json();
    // Two staffed seats with the skill, no handle time yet (180 s assumed): 2 × 180 / 2 = 180 s.
    assert.deepEqual(where, {
      state: "queued",
      queue: "general",
      position: 2,
      expected_wait_s: 180,
    });
    assert.equal(
      (await (await t.request(`/api/acd/calls/${first.id}`, {}, supervisor)).json()).position,
      1,
    );

    const admin = await t.signIn(USER_OF.admin);
    const form = new URLSearchParams({
      _csrf: admin.csrf,
      name: "普通话综合",
      priority: "4",
      service_level_seconds: "15",
      ring_timeout_seconds: "12",
      overflow_after_seconds: "",
      overflow_queue: "",
      max_wait_seconds: "300",
      max_wait_action: "voicemail",
      wrap_up_seconds: "25",
      active: "on",
    });
    assert.equal(
      (await t.request("/admin/queues/general", { method: "POST", body: form }, admin)).status,
      303,
    );
    const [q] = await t.db.query<{ ring_timeout_seconds: number; max_wait_action: string }>(
      "select ring_timeout_seconds, max_wait_action from queues where code = 'general'",
    );
    assert.deepEqual(q, { ring_timeout_seconds: 12, max_wait_action: "voicemail" });
    const [record] = await t.db.query<{ actor: string; before: { ring_timeout_seconds: number } }>(
      "select actor, before from audit_log where action = 'queue.update'",
    );
    assert.deepEqual([record.actor, record.before.ring_timeout_seconds], ["admin", 15]);
    form.set("overflow_after_seconds", "30");
    assert.equal(
      (await t.request("/admin/queues/general", { method: "POST", body: form }, admin)).status,
      422,
    );
  } finally {
    await t.dispose();
  }
});
