/**
 * 文字交流 through the HTTP API without the media layer: a web call offered to the ACD with its
 * chat opened as /api/public/calls does, the caller's token against the agent's seat.
 */
import assert from "node:assert/strict";
import { CallChatStore, WELCOME_TEXT } from "../server/chat/chat_store.ts";
import { startTestApp, type TestApp, USER_OF } from "./harness.ts";
import { SseReader } from "./sse_reader.ts";

const JSON_HEADERS = { "content-type": "application/json" };

async function webCall(t: TestApp, phone = "13900002222") {
  const call = await t.services.acd.offer({
    channel: "web",
    callerNumber: phone,
    queue: "general",
  });
  const token = await new CallChatStore(t.db).open(call.id);
  return { id: call.id, token };
}

const post = (t: TestApp, path: string, body: unknown, as?: Parameters<TestApp["request"]>[2]) =>
  t.request(path, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) }, as);

const callerPost = (t: TestApp, id: number, body: unknown) =>
  post(t, `/api/public/calls/${id}/chat`, body);

async function errorOf(res: Response) {
  const body = await res.json();
  return { status: res.status, code: body.error?.code, issues: body.error?.issues ?? [] };
}

Deno.test("[chat] caller and agent exchange messages, live and catching up; the seat's rules hold", async () => {
  const t = await startTestApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, USER_OF.agent, { type: "login" });
    const call = await webCall(t);
    const q = `token=${encodeURIComponent(call.token)}`;

    // Queued: the caller reads the welcome line and may already write.
    const first = await (await t.request(`/api/public/calls/${call.id}/chat?${q}`)).json();
    assert.equal(first.call_state, "queued");
    assert.deepEqual(first.messages.map((m: { body: string }) => m.body), [WELCOME_TEXT]);
    const early = await callerPost(t, call.id, {
      token: call.token,
      text: "我家楼下<b>路灯</b>坏了",
    });
    assert.equal(early.status, 201);

    // The caller's live stream: the backlog, then what arrives.
    const stream = await t.request(`/api/public/calls/${call.id}/chat/events?${q}`);
    assert.equal(stream.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const reader = new SseReader(stream);
    const backlog = [await reader.next(), await reader.next()];
    assert.deepEqual(backlog.map((m) => JSON.parse(m.data).sender), ["system", "caller"]);
    assert.equal(JSON.parse(backlog[1].data).body, "我家楼下<b>路灯</b>坏了", "stored as typed");
    assert.equal((await reader.next()).event, "ready");

    // Ringing on the seat: the agent reads (the line is there at the answer) but cannot reply.
    await acd.route();
    const agent = await t.signIn(USER_OF.agent);
    const seatRead = await t.request(`/api/seat/chat?call=${call.id}`, {}, agent);
    assert.equal(seatRead.status, 200);
    assert.equal((await seatRead.json()).messages.length, 2);
    const tooEarly = await errorOf(
      await post(t, "/api/seat/chat", { call: call.id, text: "您好" }, agent),
    );
    assert.deepEqual([tooEarly.status, tooEarly.code], [409, "not_talking"]);

    // Answered: the agent replies, the caller's stream gets the answer event and the reply.
    await seats.agent(null, USER_OF.agent, { type: "answer" });
    const reply = await post(
      t,
      "/api/seat/chat",
      { call: call.id, text: "您好，请问具体位置？" },
      agent,
    );
    assert.equal(reply.status, 201);
    const replied = (await reply.json()).message;
    assert.deepEqual([replied.sender, replied.work_number], ["agent", USER_OF.agent]);
    const live: { event: string; data: string; id?: number }[] = [];
    while (!live.some((m) => m.event === "message")) live.push(await reader.next());
    assert.ok(live.some((m) => m.event === "call" && JSON.parse(m.data).type === "call.answered"));
    const got = live.find((m) => m.event === "message")!;
    assert.equal(got.id, replied.id);
    assert.equal(JSON.parse(got.data).body, "您好，请问具体位置？");
    await reader.close();

    // A page that reconnects with its last id gets only what came after it.
    await callerPost(t, call.id, { token: call.token, text: "幸福路 12 号，电话 13912345678" });
    const again = await t.request(`/api/public/calls/${call.id}/chat/events?${q}`, {
      headers: { "last-event-id": String(replied.id) },
    });
    const r2 = new SseReader(again);
    const caught = await r2.next();
    assert.equal(
      JSON.parse(caught.data).body,
      "幸福路 12 号，电话 13912345678",
      "the agent sees digits",
    );
    assert.equal((await r2.next()).event, "ready");
    await r2.close();

    // The agent's writes are audited; the messages are events on the spine with ids only.
    const audits = await t.db.query<{ actor: string; object_id: string }>(
      "select actor, object_id from audit_log where action = 'chat.send'",
    );
    assert.deepEqual(audits, [{ actor: USER_OF.agent, object_id: String(call.id) }]);
    const events = await t.db.query<{ data: Record<string, unknown> }>(
      "select data from events where topic = 'chat' and subject = $1 order by id",
      [String(call.id)],
    );
    assert.equal(events.length, 4);
    assert.deepEqual(Object.keys(events[3].data).sort(), ["message_id", "sender"]);

    // Hang-up: nobody writes any more; the agent still reads during after-call work.
    await seats.agent(null, USER_OF.agent, { type: "hang_up" });
    const late = await errorOf(await callerPost(t, call.id, { token: call.token, text: "还在吗" }));
    assert.deepEqual([late.status, late.code], [409, "call_ended"]);
    const lateAgent = await errorOf(
      await post(t, "/api/seat/chat", { call: call.id, text: "x" }, agent),
    );
    assert.deepEqual([lateAgent.status, lateAgent.code], [409, "call_ended"]);
    assert.equal((await t.request(`/api/seat/chat?call=${call.id}`, {}, agent)).status, 200);
  } finally {
    await t.dispose();
  }
});

Deno.test("[chat] bad input, another call's token, the rate limit and the wrong people are refused", async () => {
  const t = await startTestApp();
  try {
    const a = await webCall(t, "13900003333");
    const b = await webCall(t, "13900004444");

    // Bad input: 400 with the zod issues, nothing stored.
    for (
      const [body, path] of [
        [{}, "token"],
        [{ token: a.token }, "text"],
        [{ token: a.token, text: "   " }, "text"],
        [{ token: a.token, text: "长".repeat(501) }, "text"],
        [{ token: a.token, text: "a\u0000b" }, "text"],
        [{ token: a.token, text: "hi", extra: 1 }, "(root)"],
      ] as const
    ) {
      const e = await errorOf(await callerPost(t, a.id, body));
      assert.equal(e.status, 400, JSON.stringify(body).slice(0, 80));
      assert.ok(e.issues.some((i: { path: string }) => i.path === path), JSON.stringify(e.issues));
    }
    assert.equal(
      (await errorOf(await t.request(`/api/public/calls/abc/chat?token=${a.token}`))).status,
      400,
    );
    assert.equal((await errorOf(await t.request(`/api/public/calls/${a.id}/chat`))).status, 400);

    // Another call's token: 403 for reading, writing and the stream; an unknown call: 404.
    const wrong = `token=${encodeURIComponent(b.token)}`;
    assert.equal(
      (await errorOf(await t.request(`/api/public/calls/${a.id}/chat?${wrong}`))).status,
      403,
    );
    assert.equal(
      (await errorOf(await callerPost(t, a.id, { token: b.token, text: "hi" }))).status,
      403,
    );
    const s = await t.request(`/api/public/calls/${a.id}/chat/events?${wrong}`);
    assert.equal(s.status, 403);
    await s.body?.cancel();
    assert.equal(
      (await errorOf(await t.request(`/api/public/calls/999999/chat?token=${a.token}`))).status,
      404,
    );

    // One message a second, bursts of five, per call: the sixth at once is 429; the other call
    // is not affected.
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await callerPost(t, a.id, { token: a.token, text: `第 ${i + 1} 条` })).status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
    assert.equal((await callerPost(t, b.id, { token: b.token, text: "你好" })).status, 201);

    // The seat side: signed out 401, a supervisor (no seat) 403, an agent whose seat does not
    // have the call 409; the monitor read needs a monitor.
    assert.equal((await t.request(`/api/seat/chat?call=${a.id}`)).status, 401);
    assert.equal((await post(t, "/api/seat/chat", { call: a.id, text: "x" })).status, 401);
    const sup = await t.signIn(USER_OF.supervisor);
    assert.equal((await t.request(`/api/seat/chat?call=${a.id}`, {}, sup)).status, 403);
    const agent = await t.signIn(USER_OF.agent);
    const notMine = await errorOf(await t.request(`/api/seat/chat?call=${a.id}`, {}, agent));
    assert.deepEqual([notMine.status, notMine.code], [409, "not_on_seat"]);
    const badSeat = await errorOf(await post(t, "/api/seat/chat", { call: a.id, text: "" }, agent));
    assert.equal(badSeat.status, 400);
    assert.equal((await t.request(`/api/calls/${a.id}/chat`, {}, agent)).status, 403);
    assert.equal((await t.request(`/api/calls/${a.id}/chat`, {}, sup)).status, 409);
    await t.db.query(
      `insert into call_monitors (call_id, supervisor, agent, mode, started_at)
       values ($1, $2, '1001', 'listen', now())`,
      [a.id, USER_OF.supervisor],
    );
    const monitored = await t.request(`/api/calls/${a.id}/chat`, {}, sup);
    assert.equal(monitored.status, 200);
    assert.equal((await monitored.json()).messages.length, 6, "welcome + five");
    const reads = await t.db.query<{ actor: string }>(
      "select actor from audit_log where action = 'chat.read' and object_id = $1",
      [String(a.id)],
    );
    assert.deepEqual(reads, [{ actor: USER_OF.supervisor }]);
  } finally {
    await t.dispose();
  }
});

Deno.test("[chat] the transcript is attached to the call's case: masked digits, audited reads, reveal", async () => {
  const t = await startTestApp();
  try {
    const call = await webCall(t, "13900005555");
    await callerPost(t, call.id, {
      token: call.token,
      text: "请回电 13912345678，<script>x</script>",
    });
    const [{ id: dept }] = await t.db.query<{ id: number }>(
      "select id from departments where code = 'zjj'",
    );
    const [kase] = await t.db.query<{ id: number }>(
      `insert into cases (case_number, type, channel, content, lead_department_id)
       values ('10000024', 'complaint', 'web', '路灯不亮', $1) returning id`,
      [dept],
    );
    await t.db.query("insert into case_calls (case_id, call_id) values ($1, $2)", [
      kase.id,
      call.id,
    ]);

    const handler = await t.signIn(USER_OF.handler);
    const page = await (await t.request("/cases/10000024", {}, handler)).text();
    assert.match(page, new RegExp(`href="/cases/10000024/calls/${call.id}/chat"[^>]*>[^<]*1 条`));
    const res = await t.request(`/cases/10000024/calls/${call.id}/chat`, {}, handler);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /139\*\*\*\*5678/);
    assert.doesNotMatch(html, /13912345678/);
    assert.match(html, /&lt;script>x&lt;\/script>/, "rendered escaped");
    assert.doesNotMatch(html, /<script>x/);
    const revealed =
      await (await t.request(`/cases/10000024/calls/${call.id}/chat?reveal=1`, {}, handler)).text();
    assert.match(revealed, /13912345678/);
    const leader = await t.signIn(USER_OF.leader);
    assert.equal(
      (await t.request(`/cases/10000024/calls/${call.id}/chat`, {}, leader)).status,
      200,
    );
    assert.equal(
      (await t.request(`/cases/10000024/calls/${call.id}/chat?reveal=1`, {}, leader)).status,
      403,
    );
    // A call not linked to the case, and a case the handler's department does not have: 404.
    const other = await webCall(t);
    assert.equal(
      (await t.request(`/cases/10000024/calls/${other.id}/chat`, {}, handler)).status,
      404,
    );
    const audits = await t.db.query<{ action: string; actor: string }>(
      "select action, actor from audit_log where object_type = 'call' and object_id = $1 order by id",
      [String(call.id)],
    );
    assert.deepEqual(audits, [
      { action: "chat.read", actor: USER_OF.handler },
      { action: "chat.read", actor: USER_OF.handler },
      { action: "pii.reveal", actor: USER_OF.handler },
      { action: "chat.read", actor: USER_OF.leader },
    ]);
  } finally {
    await t.dispose();
  }
});

Deno.test("[chat] the agent's live chat closes when the call leaves the seat (transfer to a queue)", async () => {
  const t = await startTestApp();
  try {
    const { acd, seats } = t.services;
    await seats.agent(null, USER_OF.agent, { type: "login" });
    const call = await webCall(t);
    await acd.route();
    await seats.agent(null, USER_OF.agent, { type: "answer" });
    const agent = await t.signIn(USER_OF.agent);
    const res = await t.request(`/api/seat/chat/events?call=${call.id}`, {}, agent);
    assert.equal(res.status, 200);
    const reader = new SseReader(res);
    assert.equal((await reader.until("ready")).event, "ready");
    await seats.agent(null, USER_OF.agent, { type: "transfer", queue: "general" });
    const closed = await reader.until("closed");
    assert.equal(JSON.parse(closed.data).reason, "not_on_seat");
    await reader.close();
    const after = await errorOf(await t.request(`/api/seat/chat?call=${call.id}`, {}, agent));
    assert.deepEqual([after.status, after.code], [409, "not_on_seat"]);
  } finally {
    await t.dispose();
  }
});
