/**
 * A long wait in the queue: after the tree's `offer_after_s` the SIP caller hears "1 a message,
 * 2 a callback, or hold on", presses 2, and leaves the queue as a callback (not an abandon): a
 * case for the agents holds the request, with the caller's number and the call linked.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { DEFAULT_TREE } from "../telephony/ivr/default_tree.ts";
import { runSipp, scenario } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

Deno.test("[sip] waiting too long: the caller is offered a callback, presses 2 and is called back later", async () => {
  const e = await startEdge();
  try {
    // The tree is configuration: this one offers after 5 s instead of 90.
    const tree = structuredClone(DEFAULT_TREE);
    const queue = tree.nodes.to_person;
    assert.equal(queue.kind, "queue");
    if (queue.kind === "queue") queue.offer_after_s = 5;
    const version = await e.edge.store.publish(SYSTEM_ACTOR, JSON.stringify(tree), "短等待测试");
    await eventually(async () => (await e.edge.store.active()).version === version);
    // The prompts of the new sentences, ready before the caller (as warmUp does for the tree).
    await e.edge.warmUp();

    const run = await runSipp(
      scenario({
        caller: "13700000031",
        // 1 → a person; nobody staffs the queue; after the offer (≈ 8–15 s in), 2.
        steps: [{ pause: 500 }, { dtmf: "1" }, { pause: 17_000 }, { dtmf: "2" }],
        end: "wait_bye",
      }),
      e.target,
      { timeoutS: 60 },
    );
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);

    const row = await eventually(async () =>
      (await e.t.db.query<
        {
          outcome: string;
          acd_call_id: number;
          case_id: number;
          path: { node: string; digits: string; result?: string; note?: string }[];
        }
      >("select outcome, acd_call_id, case_id, path from ivr_calls"))[0]
    );
    assert.equal(row.outcome, "callback");
    const step = row.path.find((s) => s.node === "to_person")!;
    assert.match(step.note ?? "", /^offered after \d+ s$/);
    assert.ok(step.digits.endsWith("2"), step.digits);

    // The ACD call left the queue as a callback: not counted as abandoned.
    const [call] = await e.t.db.query<{ end_reason: string; abandon_position: number | null }>(
      "select end_reason, abandon_position from calls where id = $1",
      [row.acd_call_id],
    );
    assert.deepEqual(call, { end_reason: "callback", abandon_position: null });
    const events = await e.t.db.query<{ type: string; data: { wait_s: number } }>(
      "select type, data from events where topic = 'call' and subject = $1 order by id",
      [String(row.acd_call_id)],
    );
    assert.deepEqual(events.map((x) => x.type), ["call.offered", "call.callback_requested"]);
    assert.ok(events[1].data.wait_s >= 5, `waited ${events[1].data.wait_s}`);

    // The request is a case the agents find: the caller's number, the call linked, the reason.
    const [c] = await e.t.db.query<
      {
        case_number: string;
        type: string;
        channel: string;
        status: string;
        content: string;
        citizen_phone_hash: string;
        call_id: number;
      }
    >(
      `select c.case_number, c.type, c.channel, c.status, c.content, c.citizen_phone_hash, k.call_id
       from cases c join case_calls k on k.case_id = c.id where c.id = $1`,
      [row.case_id],
    );
    assert.equal(c.type, "consultation");
    assert.equal(c.channel, "phone");
    assert.equal(c.status, "registered");
    assert.match(c.content, /^来电排队等待过久，请求回拨（队列 general，已等待约 1 分钟）/);
    assert.equal(c.citizen_phone_hash, await e.t.services.pii.lookupHash("13700000031"));
    assert.equal(c.call_id, row.acd_call_id);
    assert.ok(step.result === `callback:${c.case_number}`, step.result);
  } finally {
    await e.dispose();
  }
});
