/**
 * The self-service paths of the default menu with real SIP callers (SIPp) at the same time on
 * one edge: a recorded complaint confirmed with 1, a case status query with a wrong check digit
 * first, the opinion survey by RFC 4733 keys and by SIP INFO.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { runSipp, scenario } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

interface Path {
  node: string;
  digits: string;
  result?: string;
}

Deno.test("[sip] self service: complaint with confirmation, case query, surveys by RTP and INFO", async () => {
  const e = await startEdge();
  try {
    // A case the caller 13800138003 registered earlier, answered on the spot.
    const { case_number: known } = await e.t.services.cases.register(
      { viewer: { roles: ["agent"], departmentId: null }, audit: SYSTEM_ACTOR },
      {
        type: "consultation",
        channel: "phone",
        content: "咨询公积金提取需要哪些材料",
        citizen_phone: "13800138003",
        outcome: "answered",
        answer: "携带身份证和购房合同到公积金中心办理",
        confidential: false,
        priority: "normal",
        assisting_department_ids: [],
      },
    );
    const wrong = known.slice(0, 7) + String((Number(known[7]) + 3) % 10);
    const calls = {
      complaint: scenario({
        caller: "13800138002",
        steps: [
          { pause: 500 },
          { dtmf: "22" },
          { pause: 12_000 },
          { audio: "g711a" },
          { dtmf: "#" },
          { pause: 3000 },
          { dtmf: "1" },
        ],
        end: "wait_bye",
      }),
      query: scenario({
        caller: "13800138003",
        steps: [
          { pause: 500 },
          { dtmf: `23${wrong}#` },
          // The menu flushes typed keys when it refuses a number: wait past that even when a
          // loaded machine is slow to react to the "#".
          { pause: 6000 },
          { dtmf: `${known}#` },
          { pause: 1500 },
          { dtmf: "1" },
          { pause: 12_000 },
        ],
        end: "bye",
      }),
      survey: scenario({
        caller: "13800138004",
        steps: [{ pause: 500 }, { dtmf: "25" }, { pause: 1000 }, { dtmf: "4" }],
        end: "wait_bye",
      }),
      info: scenario({
        caller: "13800138005",
        steps: [{ pause: 500 }, { info: "25" }, { pause: 1000 }, { info: "2" }],
        end: "wait_bye",
      }),
    };
    const runs = await Promise.all(
      Object.values(calls).map((xml) => runSipp(xml, e.target, { timeoutS: 90 })),
    );
    runs.forEach((run, i) =>
      assert.equal(run.code, 0, `${Object.keys(calls)[i]}: ${run.stdout.slice(-1500)}${run.errors}`)
    );

    const paths = await eventually(async () => {
      const rows = await e.t.db.query<{ caller: string; path: Path[]; outcome: string }>(
        `select c.outcome, c.path, c.caller_number_enc as caller from ivr_calls c order by id`,
      );
      return rows.length === 4 ? rows : null;
    });
    const byCaller = new Map<string, { path: Path[]; outcome: string }>();
    for (const r of paths) byCaller.set(await e.t.services.pii.decrypt(r.caller), r);
    const node = (caller: string, id: string) =>
      byCaller.get(caller)!.path.find((s) => s.node === id)!;

    // The complaint: recorded, confirmed, registered as a case with its recording.
    const complaint = node("13800138002", "complaint");
    assert.equal(complaint.digits, "1");
    const number = complaint.result!.replace("case:", "");
    const [c] = await e.t.db.query<{ type: string; channel: string; size: number }>(
      `select c.type, c.channel, a.size from cases c join case_attachments a on a.case_id = c.id
       where c.case_number = $1`,
      [number],
    );
    assert.deepEqual([c.type, c.channel], ["complaint", "voicemail"]);
    assert.ok(c.size > 80_000, `recording of ${c.size} bytes`);

    // The query: the wrong check digit was refused, the right number found and read.
    const query = node("13800138003", "query");
    assert.equal(query.digits, `${wrong} ${known} 1`);
    assert.equal(query.result, `found:${known}`);

    // Both surveys stored: by RTP keys and by SIP INFO.
    const surveys = await e.t.db.query<{ survey: string; score: number; case_id: number | null }>(
      "select survey, score, case_id from case_surveys order by score",
    );
    assert.deepEqual(surveys, [
      { survey: "opinion", score: 2, case_id: null },
      { survey: "opinion", score: 4, case_id: null },
    ]);
    assert.equal(byCaller.get("13800138005")!.outcome, "completed");
    assert.equal(e.edge.stats().errors, 0);
  } finally {
    await e.dispose();
  }
});
