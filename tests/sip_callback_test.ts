/**
 * Outbound: the hotline calls the citizen of a replied case back through the trunk (SIPp plays
 * the citizen's phone), asks two questions by keys and records the case's callback step; a busy
 * line counts as not reached.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import type { TestApp } from "./harness.ts";
import { calleeScenario, freeUdpPort, runSipp } from "./sip_client.ts";
import { startEdge } from "./sip_harness.ts";

/** A case whose reply the hotline accepted (status reviewed), with the citizen's phone. */
async function reviewedCase(t: TestApp, phone: string): Promise<string> {
  const { case_number } = await t.services.cases.register(
    { viewer: { roles: ["agent"], departmentId: null }, audit: SYSTEM_ACTOR },
    {
      type: "complaint",
      channel: "phone",
      content: "路灯不亮已经一周",
      citizen_phone: phone,
      outcome: "register",
      confidential: false,
      priority: "normal",
      assisting_department_ids: [],
    },
  );
  // The department's reply and the hotline's review are the case loop's own tests: skipped here.
  await t.db.query(
    "update cases set status = 'reviewed', reviewed_at = now() where case_number = $1",
    [
      case_number,
    ],
  );
  return case_number;
}

Deno.test("[sip] a phone callback: the citizen answers, presses 1 and 1; the case closes as satisfied", async () => {
  const port = await freeUdpPort();
  const e = await startEdge({ outbound: { address: "127.0.0.1", port } });
  try {
    const answered = await reviewedCase(e.t, "13800138009");
    const callee = runSipp(
      calleeScenario({ steps: [{ pause: 1500 }, { dtmf: "1" }, { pause: 6000 }, { dtmf: "1" }] }),
      "",
      { extra: ["-p", String(port)], timeoutS: 60 },
    );
    await new Promise((r) => setTimeout(r, 700)); // SIPp binds its port
    const outcome = await e.edge.callback(answered);
    const run = await callee;
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
    assert.deepEqual(outcome, { reached: true, resolved: true, satisfaction: "satisfied" });
    const [c] = await e.t.db.query<
      { status: string; reached: boolean; satisfaction: string; called_by: string }
    >(
      `select c.status, b.reached, b.satisfaction, b.called_by from cases c join case_callbacks b on b.case_id = c.id
       where c.case_number = $1`,
      [answered],
    );
    assert.deepEqual(c, {
      status: "closed",
      reached: true,
      satisfaction: "satisfied",
      called_by: "ivr",
    });
    const [call] = await e.t.db.query<
      { direction: string; outcome: string; path: { node: string; digits: string }[] }
    >(
      "select direction, outcome, path from ivr_calls",
    );
    assert.equal(call.direction, "out");
    assert.deepEqual(call.path.map((s) => `${s.node}:${s.digits}`), [
      "callback_resolved:1",
      "callback_satisfaction:1",
    ]);
  } finally {
    await e.dispose();
  }
});

Deno.test("[sip] a phone callback to a busy line is recorded as not reached", async () => {
  const port = await freeUdpPort();
  const e = await startEdge({ outbound: { address: "127.0.0.1", port } });
  try {
    const busy = await reviewedCase(e.t, "13800138010");
    const callee = runSipp(calleeScenario({ steps: [], reject: 486 }), "", {
      extra: ["-p", String(port)],
      timeoutS: 30,
    });
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(await e.edge.callback(busy), { reached: false, status: 486 });
    assert.equal((await callee).code, 0);
    const [c] = await e.t.db.query<{ status: string; reached: boolean; note: string }>(
      `select c.status, b.reached, b.note from cases c join case_callbacks b on b.case_id = c.id where c.case_number = $1`,
      [busy],
    );
    assert.deepEqual(c, { status: "reviewed", reached: false, note: "电话回访未接通（SIP 486）" });
    // Only a reviewed case is called back.
    await assert.rejects(() => e.edge.callback(busy.slice(0, 7) + "0"), /没有这个工单|no case/);
  } finally {
    await e.dispose();
  }
});
