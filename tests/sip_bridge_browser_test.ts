/**
 * A phone caller reaches a person: SIPp presses 1, the ACD rings agent 1001's seat in headless
 * Chromium, the agent answers, and audio flows both ways between the SIP call and the browser
 * through the media layer (the caller's G.711 A-law relayed into the call's room as PCMU, the
 * agent's microphone relayed back); the call is recorded like a web call. The caller hangs up
 * mid-conversation: the ACD call ends and the seat goes to after-call work.
 */
import assert from "node:assert/strict";
import { openSignedIn } from "./browser.ts";
import { inboundAudio, waitFor } from "./media_harness.ts";
import { completedRecordingRms, startSeatCalls } from "./seat_calls_harness.ts";
import { runSipp, scenario } from "./sip_client.ts";

Deno.test({
  name:
    "[sip] a phone caller talks to an agent's browser seat through mediasoup, both ways, recorded",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const s = await startSeatCalls();
    const { t, browser, edge } = s;
    try {
      await edge.warmUp();
      await t.services.seats.agent(null, "1001", { type: "login" });
      const agent = await openSignedIn(browser, t.url, "/seat", "1001", undefined, { live: false });
      const a = agent.page;
      // 1 for a person, then ≈ 22 s of speech; then the caller hangs up.
      const caller = runSipp(
        scenario({
          caller: "13500000001",
          steps: [
            { pause: 500 },
            { dtmf: "1" },
            { audio: "g711a" },
            { audio: "g711a" },
            { audio: "g711a" },
          ],
          end: "bye",
        }),
        `127.0.0.1:${edge.port}`,
        { timeoutS: 60 },
      );
      await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", { timeout: 15_000 });
      const [call] = await t.db.query<{ id: number; channel: string; state: string }>(
        "select id, channel, state from calls order by id desc limit 1",
      );
      assert.deepEqual([call.channel, call.state], ["phone", "ringing"]);
      await waitFor("the caller's consumer on the seat", () => inboundAudio(a), (s) => !!s.caller);
      await a.click("[data-testid=seat-panel] button:has-text('接听')");

      // Caller → agent: the seat receives the phone caller's voice, with sound in it.
      const heard = await waitFor(
        "the agent to hear the phone caller",
        () => inboundAudio(a),
        (s) => s.caller.packets > 100 && s.caller.energy > 0,
      );
      // Agent → caller: the agent's microphone reaches the edge and goes on to the SIP caller.
      const relayed = await waitFor(
        "the agent's voice relayed to the phone",
        () => Promise.resolve(edge.stats()),
        (s) => s.bridgedFromRoom > 100 && s.bridgedToRoom > 100,
      );
      console.log(
        `agent heard ${heard.caller.packets} packets from the phone; ` +
          `${relayed.bridgedFromRoom} agent packets relayed to it, ${relayed.bridgedToRoom} caller packets into the room`,
      );

      const run = await caller;
      assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
      // The caller hung up while talking: the ACD call is over, the seat in after-call work.
      const ended = await waitFor(
        "the ACD call to end",
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
      assert.ok(rms.left > 50 && rms.right > 50, `caller ${rms.left}, agent ${rms.right}`);
      const [ivr] = await waitFor(
        "the call's path",
        () =>
          t.db.query<{ outcome: string; acd_call_id: number }>(
            "select outcome, acd_call_id from ivr_calls",
          ),
        (rows) => rows.length === 1,
      );
      assert.deepEqual(ivr, { outcome: "agent", acd_call_id: call.id });
      assert.deepEqual(agent.errors, []);
    } finally {
      await s.dispose();
    }
  },
});
