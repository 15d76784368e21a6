/**
 * Phone callbacks (回访) asked for through the product: the API queues the request, the
 * scheduler places the calls through the edge (SIPp plays the citizen's phone), a busy line is
 * called again after the interval, and the answered call's verdict closes the case. Attempts are
 * rows: a process that dies mid-call leaves one behind, and the next process carries on.
 */
import assert from "node:assert/strict";
import { createApp } from "../server/app.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { CallbackQueue, type PhoneCallbacks } from "../telephony/sip/callback_queue.ts";
import { startCallbackScheduler } from "../telephony/sip/callback_scheduler.ts";
import { type Session, type TestApp, USER_OF } from "./harness.ts";
import { calleeScenario, freeUdpPort, runSipp } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

const AGENT = { viewer: { roles: ["agent" as const], departmentId: null }, audit: SYSTEM_ACTOR };

/** A case whose reply the hotline accepted (status reviewed), with the citizen's phone. */
async function reviewedCase(t: TestApp, phone: string): Promise<string> {
  const { case_number } = await t.services.cases.register(AGENT, {
    type: "complaint",
    channel: "phone",
    content: "小区门口积水无人处理",
    citizen_phone: phone,
    outcome: "register",
    confidential: false,
    priority: "normal",
    assisting_department_ids: [],
  });
  // The department's reply and the review are the case loop's own tests: skipped here.
  await t.db.query(
    "update cases set status = 'reviewed', reviewed_at = now() where case_number = $1",
    [case_number],
  );
  return case_number;
}

/** The citizen's phone on `port`: busy (486), or answering 1 (solved) and 1 (satisfied). */
function citizen(port: number, busy: boolean) {
  return runSipp(
    busy
      ? calleeScenario({ steps: [], reject: 486 })
      : calleeScenario({ steps: [{ pause: 1500 }, { dtmf: "1" }, { pause: 6000 }, { dtmf: "1" }] }),
    "",
    { extra: ["-p", String(port)], timeoutS: 60 },
  );
}

Deno.test("[sip] 电话回访 from the API: busy first, called again after the interval, answered → closed", async () => {
  const port = await freeUdpPort();
  const e = await startEdge({ outbound: { address: "127.0.0.1", port } });
  const queue = new CallbackQueue(e.t.db, { attempts: 3, intervalMs: 3000 });
  const scheduler = startCallbackScheduler({
    queue,
    dial: (n, attempt) => e.edge.callback(n, attempt),
    ready: () => e.edge.canCallOut,
    everyMs: 250,
  });
  try {
    const phone: PhoneCallbacks = {
      enabled: () => e.edge.canCallOut,
      request: (who, n) => queue.request(who, n),
      status: (n) => queue.status(n),
    };
    // The same database, sessions and services as the test app, with the edge's callbacks.
    const app = createApp({
      db: e.t.db,
      hub: e.t.hub,
      services: e.t.services,
      heartbeatMs: 5000,
      cookies: { secure: "off", trustProxy: false },
      phoneCallbacks: phone,
    });
    const post = (n: string, s: Session, body = "{}") =>
      Promise.resolve(app.request(`/api/cases/${n}/phone-callback`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrf },
        body,
      }));
    const n = await reviewedCase(e.t, "13800138021");
    const agent = await e.t.signIn(USER_OF.agent);

    // The case page offers the button where the edge can call out, and not where it cannot.
    const page = await app.request(`/cases/${n}`, { headers: { cookie: agent.cookie } });
    assert.match(await page.text(), /data-testid="phone-callback"[^>]*>电话回访/);
    const plain = await e.t.request(`/cases/${n}`, {}, agent);
    assert.doesNotMatch(await plain.text(), /data-testid="phone-callback"/);
    assert.equal(
      (await e.t.request(`/api/cases/${n}/phone-callback`, { method: "POST" }, agent))
        .status,
      503,
    );

    // Only the roles of the callback step; bad bodies are the client's mistake.
    for (const who of [USER_OF.handler, USER_OF.leader, USER_OF.auditor]) {
      assert.equal((await post(n, await e.t.signIn(who))).status, 403, who);
    }
    const bad = await post(n, agent, '{"attempts": 9}');
    assert.equal(bad.status, 400);
    assert.ok((await bad.json()).error.issues.length > 0);
    assert.equal((await post("12345678", agent)).status, 404);

    const busy = citizen(port, true);
    await new Promise((r) => setTimeout(r, 700)); // SIPp binds its port
    const asked = await post(n, agent);
    assert.equal(asked.status, 202, await asked.clone().text());
    const view = await asked.json();
    assert.equal(view.state, "active");
    assert.equal(view.max_attempts, 3);
    // A second click while the calls go on is refused.
    assert.equal((await post(n, agent)).status, 409);

    const first = await busy;
    assert.equal(first.code, 0, first.stdout.slice(-1500) + first.errors);
    // The citizen's phone is free again before the retry is due (3 s after the busy signal).
    const answered = citizen(port, false);
    const done = await eventually(async () => {
      const s = await queue.status(n);
      return s?.state === "done" ? s : null;
    }, 60_000);
    const second = await answered;
    assert.equal(second.code, 0, second.stdout.slice(-1500) + second.errors);
    assert.equal(done.outcome, "answered");
    assert.deepEqual(
      done.attempts.map((a) => `${a.attempt}:${a.result}:${a.sip_status}`),
      ["1:unreached:486", "2:answered:null"],
    );
    const gap = Date.parse(done.attempts[1].started_at!) - Date.parse(done.attempts[0].ended_at!);
    assert.ok(gap >= 2900 && gap < 8000, `retried after ${gap} ms`);

    // Every attempt is on the case's history; the answered one's verdict closed the case.
    const history = await e.t.db.query<{ kind: string; actor: string; note: string | null }>(
      `select e.kind, e.actor, e.data->>'note' as note from case_events e join cases c on c.id = e.case_id
       where c.case_number = $1 order by e.id`,
      [n],
    );
    assert.deepEqual(history.slice(1).map((h) => `${h.kind}/${h.actor}/${h.note}`), [
      `phone_callback_requested/1001/系统拨打市民电话，未接通时每隔 3 秒重拨，至多 3 次`,
      "callback_unreached/ivr/电话回访未接通（SIP 486）（第 1/3 次）",
      "closed/ivr/电话自动回访（第 2/3 次）",
    ]);
    const [c] = await e.t.db.query<{ status: string; satisfaction: string; resolved: boolean }>(
      "select status, satisfaction, resolved from cases where case_number = $1",
      [n],
    );
    assert.deepEqual(c, { status: "closed", satisfaction: "satisfied", resolved: true });
    const [audit] = await e.t.db.query<{ actor: string; role: string }>(
      `select actor, role from audit_log where action = 'case.phone_callback_requested' and object_id = $1`,
      [n],
    );
    assert.deepEqual(audit, { actor: "1001", role: "agent" });
    // The case left the callback step: no more phone callbacks for it.
    assert.equal((await post(n, agent)).status, 409);
    const status = await app.request(`/api/cases/${n}/phone-callback`, {
      headers: { cookie: agent.cookie },
    });
    assert.equal((await status.json()).request.outcome, "answered");
  } finally {
    await scheduler.stop();
    await e.dispose();
  }
});

Deno.test("[sip] phone callbacks survive a restart: a call left half-done is retried by the next process", async () => {
  const port = await freeUdpPort();
  const e = await startEdge({ outbound: { address: "127.0.0.1", port } });
  try {
    const n = await reviewedCase(e.t, "13800138022");
    // The first process takes the due call and dies before it ends (no scheduler survives it).
    const before = new CallbackQueue(e.t.db, { attempts: 2, intervalMs: 1000 });
    await before.request(AGENT, n);
    const [claimed] = await before.claimDue(4);
    assert.equal(claimed.caseNumber, n);

    // The next process: nothing in memory, only the rows.
    const queue = new CallbackQueue(e.t.db, { attempts: 2, intervalMs: 1000 });
    const busy = citizen(port, true);
    await new Promise((r) => setTimeout(r, 700));
    const scheduler = startCallbackScheduler({
      queue,
      dial: (x, attempt) => e.edge.callback(x, attempt),
      ready: () => true,
      everyMs: 200,
      staleMs: 500,
    });
    try {
      const done = await eventually(async () => {
        const s = await queue.status(n);
        return s?.state === "done" ? s : null;
      }, 30_000);
      assert.equal((await busy).code, 0);
      assert.equal(done.outcome, "unreached");
      assert.deepEqual(
        done.attempts.map((a) => `${a.attempt}:${a.result}`),
        ["1:interrupted", "2:unreached"],
      );
    } finally {
      await scheduler.stop();
    }
    const notes = await e.t.db.query<{ kind: string; note: string }>(
      `select e.kind, e.data->>'note' as note from case_events e join cases c on c.id = e.case_id
       where c.case_number = $1 and e.kind <> 'registered' order by e.id`,
      [n],
    );
    assert.deepEqual(notes.slice(1).map((x) => `${x.kind}:${x.note}`), [
      "phone_callback_failed:第 1 次电话回访中断（服务重启）",
      "callback_unreached:电话回访未接通（SIP 486）（第 2/2 次）",
    ]);
  } finally {
    await e.dispose();
  }
});
