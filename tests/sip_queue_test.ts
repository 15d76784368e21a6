/**
 * A caller who asks for a person: into the ACD queue with the position announced; hanging up
 * there is an abandon with position and wait; an agent who answers and hangs up sends the
 * caller to the satisfaction survey, stored on the case the agent registered.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { runSipp, scenario } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

interface Path {
  node: string;
  digits: string;
  result?: string;
  note?: string;
}

Deno.test("[sip] 1 → queue: the caller hears the position and hangs up: abandoned with position and wait", async () => {
  const e = await startEdge();
  try {
    const run = await runSipp(
      scenario({
        caller: "13700000001",
        steps: [{ pause: 500 }, { dtmf: "1" }, { pause: 9000 }],
        end: "bye",
      }),
      e.target,
      { timeoutS: 40 },
    );
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
    const row = await eventually(async () =>
      (await e.t.db.query<{ outcome: string; acd_call_id: number; path: Path[] }>(
        "select outcome, acd_call_id, path from ivr_calls",
      ))[0]
    );
    assert.equal(row.outcome, "abandoned");
    const queue = row.path.find((s) => s.node === "to_person")!;
    assert.equal(queue.result, "abandoned");
    // Nobody staffs the queue: the position is told, the wait cannot be.
    assert.equal(queue.note, "position 1, wait ? s");
    const [call] = await e.t.db.query<
      { channel: string; queue_code: string; end_reason: string; abandon_position: number }
    >("select channel, queue_code, end_reason, abandon_position from calls where id = $1", [
      row.acd_call_id,
    ]);
    assert.deepEqual(call, {
      channel: "phone",
      queue_code: "general",
      end_reason: "abandoned",
      abandon_position: 1,
    });
    const [event] = await e.t.db.query<{ data: { position: number; wait_s: number } }>(
      "select data from events where type = 'call.abandoned' and subject = $1",
      [String(row.acd_call_id)],
    );
    assert.equal(event.data.position, 1);
    assert.ok(event.data.wait_s > 5 && event.data.wait_s < 15, `wait ${event.data.wait_s}`);
  } finally {
    await e.dispose();
  }
});

Deno.test("[sip] an agent answers and hangs up; the caller's satisfaction score is stored on the agent's case", async () => {
  const e = await startEdge();
  try {
    const { acd, seats, cases } = e.t.services;
    await seats.agent(null, "1001", { type: "login" });
    const caller = runSipp(
      scenario({
        caller: "13700000002",
        steps: [{ pause: 500 }, { dtmf: "1" }, { pause: 19_000 }, { dtmf: "5" }],
        end: "wait_bye",
      }),
      e.target,
      { timeoutS: 60 },
    );
    const callId = await eventually(async () =>
      (await e.t.db.query<{ id: number }>("select id from calls where state = 'queued'"))[0]?.id
    );
    await acd.route();
    await seats.agent(null, "1001", { type: "answer" });
    const { case_number } = await cases.register(
      { viewer: { roles: ["agent"], departmentId: null }, audit: SYSTEM_ACTOR },
      {
        type: "complaint",
        channel: "phone",
        content: "小区夜间施工噪音扰民",
        call_id: callId,
        outcome: "register",
        confidential: false,
        priority: "normal",
        assisting_department_ids: [],
      },
    );
    await new Promise((r) => setTimeout(r, 2000));
    await seats.agent(null, "1001", { type: "hang_up" });
    const run = await caller;
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);

    const [survey] = await e.t.db.query<
      { survey: string; score: number; acd_call_id: number; case_number: string }
    >(
      `select s.survey, s.score, s.acd_call_id, c.case_number from case_surveys s join cases c on c.id = s.case_id`,
    );
    assert.deepEqual(survey, {
      survey: "satisfaction",
      score: 5,
      acd_call_id: callId,
      case_number,
    });
    const events = await e.t.db.query<{ kind: string; actor: string }>(
      `select kind, actor from case_events where case_id = (select id from cases where case_number = $1) order by id`,
      [case_number],
    );
    assert.deepEqual(events.at(-1), { kind: "survey", actor: "ivr" });
    const row = await eventually(async () =>
      (await e.t.db.query<{ outcome: string; path: Path[] }>(
        "select outcome, path from ivr_calls",
      ))[0]
    );
    assert.equal(row.outcome, "agent");
    assert.deepEqual(
      row.path.filter((s) => s.node !== "night").map((s) => s.node),
      ["hours", "main", "to_person", "satisfaction", "bye"],
    );
  } finally {
    await e.dispose();
  }
});
