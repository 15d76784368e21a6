/**
 * 外呼回拨 from the seat: agent 1001 in headless Chromium dials a number through the trunk (SIPp
 * as the citizen's phone); ringback, answer, audio both ways between the phone and the browser
 * seat through mediasoup, recorded; the agent hangs up (our BYE). A busy line dialled by case
 * number (the number never reaches the page): shown on the seat, the call ended as failed.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { inboundAudio, waitFor } from "./media_harness.ts";
import { completedRecordingRms, seat1001, startSeatCalls } from "./seat_calls_harness.ts";
import { calleeScenario, freeUdpPort, runSipp } from "./sip_client.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  ...opts,
  name: "[sip] the agent dials a citizen from the seat: ringback, two-way audio, recorded, hung up",
  async fn() {
    const port = await freeUdpPort();
    const s = await startSeatCalls(port);
    const { t } = s;
    try {
      const agent = await seat1001(s);
      const a = agent.page;
      const callee = runSipp(
        // ≈ 7 s of speech, then it waits for our BYE (one during its speech would be unexpected).
        calleeScenario({ steps: [{ audio: "g711a" }] }),
        "",
        { extra: ["-p", String(port)], timeoutS: 90 },
      );
      await new Promise((r) => setTimeout(r, 700)); // SIPp binds its port
      await a.fill("[aria-label=外呼号码]", "13800138001");
      await a.click("[data-testid=seat-dial] button:has-text('外呼')");
      await a.waitForSelector("[data-testid=dial-status][data-state=connected]", {
        timeout: 15_000,
      });
      const answeredAt = Date.now();
      const [call] = await t.db.query<{
        id: number;
        direction: string;
        state: string;
        rang: boolean;
        dial_result: string;
        queued_at: Date | null;
      }>(
        `select id, direction, state, dial_ringing_at is not null as rang, dial_result, queued_at
         from calls order by id desc limit 1`,
      );
      assert.deepEqual(
        { ...call, id: 0 },
        {
          id: 0,
          direction: "outbound",
          state: "connected",
          rang: true,
          dial_result: "answered",
          queued_at: null,
        },
      );
      // The far phone's voice reaches the browser seat …
      const heard = await waitFor(
        "the agent to hear the citizen's phone",
        () => inboundAudio(a),
        (x) => (x.caller?.packets ?? 0) > 100 && x.caller.energy > 0,
      );
      // … and the agent's microphone reaches the phone (and the phone's RTP the room).
      const leg = await waitFor(
        "the agent's voice relayed to the phone",
        () => Promise.resolve(s.dialer.legStats(call.id)),
        (x) => (x?.fromRoom ?? 0) > 100 && (x?.toRoom ?? 0) > 100,
      );
      console.log(
        `agent heard ${heard.caller.packets} packets; ${leg!.fromRoom} relayed to the phone, ${
          leg!.toRoom
        } from it`,
      );
      await new Promise((r) => setTimeout(r, Math.max(0, answeredAt + 7800 - Date.now())));
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      const run = await callee;
      assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
      const ended = await waitFor(
        "the call to end",
        () =>
          t.db.query<{ state: string; end_reason: string; seat: string }>(
            `select c.state, c.end_reason, s.state as seat from calls c
             join agents a on a.work_number = '1001' join seat_states s on s.agent_id = a.id where c.id = $1`,
            [call.id],
          ),
        (rows) => rows[0]?.state === "ended",
      );
      assert.deepEqual(ended[0], { state: "ended", end_reason: "completed", seat: "wrap_up" });
      const rms = await completedRecordingRms(t, call.id);
      assert.ok(rms.left > 50 && rms.right > 50, JSON.stringify(rms));
      const events = await t.db.query<{ type: string }>(
        "select type from events where topic = 'call' and subject = $1 order by id",
        [String(call.id)],
      );
      assert.deepEqual(events.map((e) => e.type), [
        "call.dialing",
        "call.dial_ringing",
        "call.answered",
        "call.ended",
      ]);
      const audits = await t.db.query<{ action: string; actor: string }>(
        "select action, actor from audit_log where action in ('seat.dial_out', 'seat.hang_up') order by id",
      );
      assert.deepEqual(audits, [
        { action: "seat.dial_out", actor: "1001" },
        { action: "seat.hang_up", actor: "1001" },
      ]);
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});

Deno.test({
  ...opts,
  name: "[sip] 回拨 a case's citizen from the seat: a busy line is shown and recorded as failed",
  async fn() {
    const port = await freeUdpPort();
    const s = await startSeatCalls(port);
    const { t } = s;
    try {
      const { case_number } = await t.services.cases.register(
        { viewer: { roles: ["agent"], departmentId: null }, audit: SYSTEM_ACTOR },
        {
          type: "complaint",
          channel: "phone",
          content: "小区门口积水",
          citizen_phone: "13800138002",
          outcome: "register",
          confidential: false,
          priority: "normal",
          assisting_department_ids: [],
        },
      );
      // Role check and bad input first: only agents dial; a bad body is a 400 with the issues.
      const sup = await t.signIn("9001");
      const refused = await t.request("/api/seat/dial", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ number: "13800138002" }),
      }, sup);
      assert.equal(refused.status, 403);
      const me = await t.signIn("1001");
      const bad = await t.request("/api/seat/dial", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ number: "abc" }),
      }, me);
      assert.equal(bad.status, 400);
      assert.ok(((await bad.json()).error.issues ?? []).length > 0);
      // Not ready or logged out: refused (ready or wrap-up only).
      const early = await t.request("/api/seat/dial", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ case_number }),
      }, me);
      assert.equal(early.status, 409);

      const agent = await seat1001(s);
      const a = agent.page;
      const callee = runSipp(calleeScenario({ steps: [], reject: 486 }), "", {
        extra: ["-p", String(port)],
        timeoutS: 30,
      });
      await new Promise((r) => setTimeout(r, 700));
      await a.fill("[aria-label=回拨工单编号]", case_number);
      await a.click("[data-testid=seat-dial] button:has-text('回拨')");
      await a.waitForSelector("[data-testid=dial-status][data-result=busy]", { timeout: 15_000 });
      const shown = await a.textContent("[data-testid=dial-status]");
      assert.match(shown!, /对方忙线.*138\*\*\*\*8002/);
      assert.ok(!(await a.content()).includes("13800138002"), "the number is never unmasked");
      const run = await callee;
      assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
      const [call] = await t.db.query<Record<string, unknown>>(
        `select c.state, c.end_reason, c.dial_result, c.dial_sip_status, s.state as seat,
           (select count(*)::int from case_calls k join cases x on x.id = k.case_id
            where k.call_id = c.id and x.case_number = $1) as linked,
           (select count(*)::int from call_recordings r where r.call_id = c.id) as recordings
         from calls c join agents a on a.work_number = '1001' join seat_states s on s.agent_id = a.id
         order by c.id desc limit 1`,
        [case_number],
      );
      assert.deepEqual(call, {
        state: "ended",
        end_reason: "failed",
        dial_result: "busy",
        dial_sip_status: 486,
        seat: "wrap_up",
        linked: 1,
        recordings: 0,
      });
      const [ev] = await t.db.query<{ data: Record<string, unknown> }>(
        "select data from events where type = 'call.ended' order by id desc limit 1",
      );
      assert.equal(ev.data.dial_result, "busy");
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});

/** A phone that rings until it is cancelled (180, then 200 to our CANCEL and 487 to the INVITE). */
const RINGS_UNTIL_CANCELLED = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="rings until cancelled">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Length: 0

]]></send>
  <recv request="CANCEL" timeout="30000"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
  <send><![CDATA[
SIP/2.0 487 Request Terminated
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
CSeq: 1 INVITE
Content-Length: 0

]]></send>
  <recv request="ACK"/>
</scenario>
`;

Deno.test({
  ...opts,
  name: "[sip] the agent hangs up while the citizen's phone rings: CANCEL, the call ends cancelled",
  async fn() {
    const port = await freeUdpPort();
    const s = await startSeatCalls(port);
    const { t } = s;
    try {
      const agent = await seat1001(s);
      const a = agent.page;
      const callee = runSipp(RINGS_UNTIL_CANCELLED, "", {
        extra: ["-p", String(port)],
        timeoutS: 40,
      });
      await new Promise((r) => setTimeout(r, 700));
      await a.fill("[aria-label=外呼号码]", "13800138003");
      await a.click("[data-testid=seat-dial] button:has-text('外呼')");
      await a.waitForSelector("[data-testid=dial-status][data-ringing=true]", { timeout: 15_000 });
      assert.match((await a.textContent("[data-testid=dial-status]"))!, /对方振铃中/);
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await a.waitForSelector("[data-testid=dial-status][data-result=cancelled]", {
        timeout: 15_000,
      });
      const run = await callee;
      assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
      const [call] = await waitFor(
        "the SIP status of the cancelled call",
        () =>
          t.db.query<Record<string, unknown>>(
            `select c.state, c.end_reason, c.dial_result, c.dial_sip_status, s.state as seat
             from calls c join agents a on a.work_number = '1001' join seat_states s on s.agent_id = a.id
             order by c.id desc limit 1`,
          ),
        (rows) => rows[0]?.dial_sip_status === 487,
      );
      assert.deepEqual(call, {
        state: "ended",
        end_reason: "failed",
        dial_result: "cancelled",
        dial_sip_status: 487,
        seat: "wrap_up",
      });
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});
