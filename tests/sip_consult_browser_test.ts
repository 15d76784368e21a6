/**
 * 咨询 → 三方通话 → 转出: a phone caller (SIPp) reaches agent 1001's browser seat; the agent
 * consults a department's duty phone (a second SIPp, behind the outbound trunk): the caller is
 * held, the agent hears the department; conference: the caller's and the department's phones
 * each receive the other two mixed into one stream; transfer: the agent's page receives nothing
 * any more, caller and department still hear each other, recorded; the caller hangs up and the
 * department gets our BYE.
 */
import assert from "node:assert/strict";
import { inboundAudio, waitFor } from "./media_harness.ts";
import {
  answeredPhoneCaller,
  completedRecordingRms,
  seatWithContact,
  startSeatCalls,
} from "./seat_calls_harness.ts";
import { calleeScenario, freeUdpPort, runSipp } from "./sip_client.ts";

Deno.test({
  name: "[sip] consult a department from the seat, conference all three, transfer out",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = await freeUdpPort();
    const s = await startSeatCalls(port);
    const { t, edge } = s;
    try {
      const { contact, agent } = await seatWithContact(s, {
        name: "市住建局值班室",
        kind: "department",
        number: "057188880001",
      });
      const a = agent.page;
      const department = runSipp(
        calleeScenario({ steps: [{ audio: "g711a" }, { audio: "g711a" }, { audio: "g711a" }] }),
        "",
        { extra: ["-p", String(port)], timeoutS: 120 },
      );
      const { caller, call } = await answeredPhoneCaller(s, a, "13500000002", 5);

      // 咨询: the department answers; the agent hears it, the caller is held.
      await a.selectOption("[aria-label=咨询对象]", String(contact.id));
      await a.click("[data-testid=consult-start] button:has-text('咨询')");
      await a.waitForSelector("[data-testid=consult-status]:has-text('咨询中')", {
        timeout: 15_000,
      });
      await waitFor(
        "the agent to hear the department",
        () => inboundAudio(a),
        (x) => (x.third?.packets ?? 0) > 50 && x.third.energy > 0,
      );
      const [held] = await t.db.query<{ state: string }>("select state from calls where id = $1", [
        call.id,
      ]);
      assert.equal(held.state, "held");

      // 三方通话: each phone receives the other two mixed into its one stream.
      const phone = () => edge.calls().find((c) => c.bridged)!;
      const third = () => s.consults.legStats(call.id)!;
      const before = { caller: phone().mixed, third: third().mixed };
      await a.click("[data-testid=consult-actions] button:has-text('三方通话')");
      const mixed = await waitFor(
        "both phones to receive the others mixed",
        () => Promise.resolve({ caller: phone().mixed, third: third().mixed }),
        (m) => m.caller - before.caller > 50 && m.third - before.third > 50,
      );
      const agentHears = await inboundAudio(a);
      assert.ok(agentHears.caller.packets > 0 && agentHears.third.packets > 0);
      console.log(
        `conference: mixed frames to the caller ${mixed.caller}, to the department ${mixed.third}`,
      );

      // 转出: the agent leaves; the two others still receive each other.
      await a.click("[data-testid=consult-actions] button:has-text('转出')");
      await waitFor(
        "the agent's page to receive nothing",
        () => inboundAudio(a),
        (x) => Object.keys(x).length === 0,
      );
      const at = { caller: phone().fromRoom, third: third().fromRoom };
      await waitFor(
        "caller and department to hear each other without the agent",
        () => Promise.resolve({ caller: phone().fromRoom, third: third().fromRoom }),
        (x) => x.caller - at.caller > 50 && x.third - at.third > 50,
      );
      const [seat] = await t.db.query<{ state: string }>(
        "select s.state from seat_states s join agents a on a.id = s.agent_id where a.work_number = '1001'",
      );
      assert.equal(seat.state, "wrap_up");

      // The caller hangs up: the call ends, the department gets our BYE.
      const [c1, c2] = await Promise.all([caller, department]);
      assert.equal(c1.code, 0, c1.stdout.slice(-1500) + c1.errors);
      assert.equal(c2.code, 0, c2.stdout.slice(-1500) + c2.errors);
      await waitFor(
        "the call to end",
        () => t.db.query<{ state: string }>("select state from calls where id = $1", [call.id]),
        (r) => r[0].state === "ended",
      );
      const [consult] = await t.db.query<Record<string, unknown>>(
        `select outcome, answered_at is not null as answered, conference_at is not null as conference,
           transferred_at is not null as transferred from call_consults where call_id = $1`,
        [call.id],
      );
      assert.deepEqual(consult, {
        outcome: "transferred",
        answered: true,
        conference: true,
        transferred: true,
      });
      const rms = await completedRecordingRms(t, call.id);
      assert.ok(rms.left > 50 && rms.right > 50, JSON.stringify(rms));
      const events = await t.db.query<{ type: string }>(
        "select type from events where topic = 'call' and subject = $1 and type like 'call.con%' order by id",
        [String(call.id)],
      );
      assert.deepEqual(events.map((e) => e.type), [
        "call.consult_started",
        "call.consult_ringing",
        "call.consult_answered",
        "call.conference_started",
        "call.consult_transferred",
      ]);
      const audits = await t.db.query<{ action: string; actor: string }>(
        "select action, actor from audit_log where action like 'consult.%' order by id",
      );
      assert.deepEqual(audits, [
        { action: "consult.start", actor: "1001" },
        { action: "consult.conference", actor: "1001" },
        { action: "consult.transfer", actor: "1001" },
      ]);
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});

Deno.test({
  name: "[sip] a consultation that finds the line busy, then one cancelled: the caller is back",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = await freeUdpPort();
    const s = await startSeatCalls(port);
    const { t } = s;
    try {
      const { contact, agent } = await seatWithContact(s, {
        name: "值班领导",
        kind: "leader",
        number: "057188880002",
      });
      const a = agent.page;
      const { caller, call } = await answeredPhoneCaller(s, a, "13500000003", 4);
      const consult = async () => {
        await a.selectOption("[aria-label=咨询对象]", String(contact.id));
        await a.click("[data-testid=consult-start] button:has-text('咨询')");
      };

      // Busy: shown on the seat, the caller back at once.
      const busy = runSipp(calleeScenario({ steps: [], reject: 486 }), "", {
        extra: ["-p", String(port)],
        timeoutS: 30,
      });
      await new Promise((r) => setTimeout(r, 700));
      await consult();
      await a.waitForSelector("[data-testid=consult-status][data-outcome=failed]", {
        timeout: 15_000,
      });
      assert.match((await a.textContent("[data-testid=consult-status]"))!, /咨询未接通.*486/);
      const b = await busy;
      assert.equal(b.code, 0, b.stdout.slice(-1500) + b.errors);
      const [after] = await t.db.query<{ state: string }>("select state from calls where id = $1", [
        call.id,
      ]);
      assert.equal(after.state, "connected");

      // Answered, then cancelled: the third party gets our BYE, the agent hears the caller again.
      const leader = runSipp(calleeScenario({ steps: [] }), "", {
        extra: ["-p", String(port)],
        timeoutS: 60,
      });
      await new Promise((r) => setTimeout(r, 700));
      await consult();
      await a.waitForSelector("[data-testid=consult-status]:has-text('咨询中')", {
        timeout: 15_000,
      });
      await a.click("[data-testid=consult-actions] button:has-text('取消咨询')");
      const l = await leader;
      assert.equal(l.code, 0, l.stdout.slice(-1500) + l.errors);
      const heard = (await inboundAudio(a)).caller.packets;
      await waitFor(
        "the agent to hear the caller again",
        () => inboundAudio(a),
        (x) => x.caller.packets - heard > 50,
      );
      const [back] = await t.db.query<{ state: string; hold_ms: string }>(
        "select state, hold_ms from calls where id = $1",
        [call.id],
      );
      assert.equal(back.state, "connected");
      assert.ok(Number(back.hold_ms) > 0, "the consultations count as hold time");

      const c = await caller;
      assert.equal(c.code, 0, c.stdout.slice(-1500) + c.errors);
      const rows = await t.db.query<{ outcome: string; sip_status: number | null }>(
        "select outcome, sip_status from call_consults where call_id = $1 order by id",
        [call.id],
      );
      assert.deepEqual(rows, [
        { outcome: "failed", sip_status: 486 },
        { outcome: "cancelled", sip_status: null },
      ]);
      const events = await t.db.query<{ type: string }>(
        "select type from events where topic = 'call' and subject = $1 and type like 'call.consult%' order by id",
        [String(call.id)],
      );
      assert.deepEqual(events.map((e) => e.type), [
        "call.consult_started",
        "call.consult_failed",
        "call.consult_started",
        "call.consult_ringing",
        "call.consult_answered",
        "call.consult_cancelled",
      ]);
      const audits = await t.db.query<{ action: string }>(
        "select action from audit_log where action like 'consult.%' order by id",
      );
      assert.deepEqual(audits.map((x) => x.action), [
        "consult.start",
        "consult.start",
        "consult.cancel",
      ]);
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});
