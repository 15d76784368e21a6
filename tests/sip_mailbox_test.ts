import assert from "node:assert/strict";
import { runSipp, scenario } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

Deno.test("[sip] 2 1: a mayor's mailbox message becomes a voicemail case with the recording attached", async () => {
  const e = await startEdge();
  try {
    const xml = scenario({
      caller: "13800138001",
      steps: [{ pause: 500 }, { dtmf: "21" }, { pause: 9000 }, { audio: "g711a" }, { dtmf: "#" }],
      end: "wait_bye",
    });
    const run = await runSipp(xml, e.target, { timeoutS: 60 });
    assert.equal(run.code, 0, run.stdout.slice(-2000) + run.errors);

    const [c] = await e.t.db.query<
      { id: number; case_number: string; type: string; status: string; content: string }
    >("select id, case_number, type, status, content from cases where channel = 'voicemail'");
    assert.ok(c, "a voicemail case");
    assert.equal(c.type, "suggestion");
    assert.equal(c.status, "registered");
    assert.match(c.content, /市长信箱电话留言（时长 [5-8] 秒）/);
    const [a] = await e.t.db.query<{ content_type: string; size: number; data: Uint8Array }>(
      "select content_type, size, data from case_attachments where case_id = $1",
      [c.id],
    );
    assert.equal(a.content_type, "audio/wav");
    // ≈ 7 s of the caller's voice as 16-bit PCM at 8 kHz (16 kB/s).
    assert.ok(a.size > 80_000 && a.size < 130_000, `recording of ${a.size} bytes`);
    assert.equal(new TextDecoder().decode(a.data.subarray(0, 4)), "RIFF");
    // The caller's number became the case's phone: the web lookup finds it by the last 4 digits.
    const status = await e.t.services.cases.publicStatus(c.case_number, "8001");
    assert.equal(status.status, "已受理");
    const kinds = await e.t.db.query<{ kind: string; actor: string }>(
      "select kind, actor from case_events where case_id = $1 order by id",
      [c.id],
    );
    assert.deepEqual(kinds.map((k) => `${k.kind}/${k.actor}`), [
      "registered/ivr",
      "attachment_added/ivr",
    ]);

    const call = await eventually(async () =>
      (await e.t.db.query<{
        outcome: string;
        path: { node: string; digits: string; ms: number; result?: string }[];
        rtp_in: number;
        rtp_out: number;
        digits: number;
        case_id: number;
      }>("select outcome, path, rtp_in, rtp_out, digits, case_id from ivr_calls"))[0]
    );
    assert.equal(call.outcome, "completed");
    // The night notice plays first outside 08:00–22:00 China time.
    const path = call.path.filter((s) => s.node !== "night");
    assert.deepEqual(path.map((s) => s.node), ["hours", "main", "self_service", "mailbox", "bye"]);
    assert.deepEqual(path.map((s) => s.digits), ["", "2", "1", "", ""]);
    assert.equal(path[3].result, `case:${c.case_number}`);
    assert.equal(call.case_id, c.id);
    assert.equal(call.digits, 3);
    // Prompts went out for the whole call; the caller's voice came in.
    assert.ok(call.rtp_out > 500, `rtp out ${call.rtp_out}`);
    assert.ok(call.rtp_in > 200, `rtp in ${call.rtp_in}`);
  } finally {
    await e.dispose();
  }
});
