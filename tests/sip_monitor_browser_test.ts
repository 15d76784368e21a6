/**
 * Listen, whisper and barge on a phone call: SIPp calls in and talks to agent 1001's browser
 * seat; supervisor 9001 monitors the seat from the desk (headless Chromium). The agent mutes
 * their microphone, so whatever still reaches the phone comes from the supervisor: the RTP the
 * edge sends to the SIPp caller flows in barge only. Unmuted in barge, the two voices reach
 * the phone mixed into one stream (not two streams at twice the rate).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openSignedIn } from "./browser.ts";
import { inboundAudio, waitFor } from "./media_harness.ts";
import { startSeatCalls } from "./seat_calls_harness.ts";
import { runSipp, scenario } from "./sip_client.ts";

/** Packets received by a page from `from` over one second (after a switch settled). */
async function pageHears(page: Page, from: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 400));
  const a = (await inboundAudio(page))[from]?.packets ?? 0;
  await new Promise((r) => setTimeout(r, 1000));
  return ((await inboundAudio(page))[from]?.packets ?? 0) - a;
}

Deno.test({
  name:
    "[sip] a supervisor listens, whispers and barges on a phone call: the phone hears the supervisor in barge only",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const s = await startSeatCalls();
    const { t, browser, edge } = s;
    /** What the edge sends the SIPp caller, and what reached it from the room, over one second. */
    const phoneHears = async () => {
      await new Promise((r) => setTimeout(r, 400));
      const [a] = edge.calls();
      await new Promise((r) => setTimeout(r, 1000));
      const [b] = edge.calls();
      return {
        rtp: b.rtpOut - a.rtpOut,
        fromRoom: b.fromRoom - a.fromRoom,
        mixed: b.mixed - a.mixed,
      };
    };
    try {
      await edge.warmUp();
      await t.services.seats.agent(null, "1001", { type: "login" });
      const agent = await openSignedIn(browser, t.url, "/seat", "1001", undefined, { live: false });
      const a = agent.page;
      // 1 for a person, then ≈ 43 s of speech; then the caller hangs up.
      const caller = runSipp(
        scenario({
          caller: "13500000007",
          steps: [{ pause: 500 }, { dtmf: "1" }, ...Array(6).fill({ audio: "g711a" })],
          end: "bye",
        }),
        `127.0.0.1:${edge.port}`,
        { timeoutS: 90 },
      );
      await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", { timeout: 15_000 });
      await waitFor("the caller's consumer on the seat", () => inboundAudio(a), (s) => !!s.caller);
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await waitFor(
        "two-way audio",
        () => inboundAudio(a),
        (s) => (s.caller?.packets ?? 0) > 50,
      );
      const talking = await phoneHears();
      assert.ok(
        talking.fromRoom > 30 && talking.rtp > 30,
        `the phone hears the agent: ${JSON.stringify(talking)}`,
      );

      const desk = await openSignedIn(browser, t.url, "/supervisor", "9001");
      const d = desk.page;
      await d.waitForSelector("[data-testid=media-status][data-status=ready]");
      await d.click("[data-seat='1001']");
      await d.waitForSelector("[data-testid=monitor] button[data-mode=listen]:not([disabled])");

      // 监听: the supervisor hears the phone caller and the agent; nobody hears the supervisor.
      await d.click("[data-testid=monitor] button[data-mode=listen]");
      await d.waitForSelector("[data-testid=monitor][data-mode=listen]");
      await waitFor(
        "the supervisor's consumers",
        () => inboundAudio(d),
        (s) => !!s.caller && !!s.agent,
      );
      await waitFor(
        "the agent's consumer of the supervisor",
        () => inboundAudio(a),
        (s) => !!s.supervisor,
      );
      assert.ok(await pageHears(d, "caller") > 20, "listen: the supervisor hears the phone caller");
      assert.ok(await pageHears(d, "agent") > 20, "listen: the supervisor hears the agent");
      assert.equal(await pageHears(a, "supervisor"), 0, "listen: the agent does not hear them");

      // The agent mutes: from now on only the supervisor could reach the phone.
      await a.click("[data-testid=seat-mute]");
      await a.waitForSelector("[data-testid=seat-mute]:has-text('取消静音')");
      const listen = await phoneHears();
      assert.deepEqual(
        listen,
        { rtp: 0, fromRoom: 0, mixed: 0 },
        "listen: the phone hears nothing",
      );

      // 耳语: the agent hears the supervisor; the phone still does not.
      await d.click("[data-testid=monitor] button[data-mode=whisper]");
      await d.waitForSelector("[data-testid=monitor][data-mode=whisper]");
      assert.ok(await pageHears(a, "supervisor") > 20, "whisper: the agent hears the supervisor");
      const whisper = await phoneHears();
      assert.deepEqual(
        whisper,
        { rtp: 0, fromRoom: 0, mixed: 0 },
        "whisper: the phone hears nothing",
      );
      assert.ok(
        await pageHears(d, "caller") > 20,
        "whisper: the supervisor still hears the caller",
      );

      // 强插: the phone hears the supervisor.
      await d.click("[data-testid=monitor] button[data-mode=barge]");
      await d.waitForSelector("[data-testid=monitor][data-mode=barge]");
      const barge = await phoneHears();
      assert.ok(
        barge.fromRoom > 30 && barge.rtp > 30,
        `barge: the phone hears the supervisor: ${JSON.stringify(barge)}`,
      );
      // The agent speaks again: two voices, one stream to the phone, mixed, at the usual rate.
      await a.click("[data-testid=seat-mute]");
      await a.waitForSelector("[data-testid=seat-mute]:has-text('静音')");
      const both = await phoneHears();
      assert.ok(both.fromRoom > 70, `two streams from the room: ${JSON.stringify(both)}`);
      assert.ok(both.rtp > 30 && both.rtp < 65, `one stream to the phone: ${JSON.stringify(both)}`);
      assert.ok(both.mixed > 30, `mixed: ${JSON.stringify(both)}`);

      // Back to listening, the agent muted again: silent on the phone.
      await a.click("[data-testid=seat-mute]");
      await a.waitForSelector("[data-testid=seat-mute]:has-text('取消静音')");
      await d.click("[data-testid=monitor] button[data-mode=listen]");
      await d.waitForSelector("[data-testid=monitor][data-mode=listen]");
      assert.deepEqual(await phoneHears(), { rtp: 0, fromRoom: 0, mixed: 0 }, "listen again");
      await d.click("[data-testid=monitor-stop]");
      await waitFor(
        "the monitor to be closed",
        () =>
          t.db.query<{ ended: boolean }>(
            "select ended_at is not null as ended from call_monitors",
          ),
        (rows) => rows.length === 1 && rows[0].ended,
      );
      console.log(
        `phone per second — talking ${JSON.stringify(talking)}, listen ${
          JSON.stringify(listen)
        }, ` +
          `whisper ${JSON.stringify(whisper)}, barge ${JSON.stringify(barge)}, barge + agent ${
            JSON.stringify(both)
          }`,
      );

      const audits = await t.db.query<{ actor: string; action: string; mode: string }>(
        `select actor, action, after->>'mode' as mode from audit_log where action like 'monitor.%' order by id`,
      );
      assert.deepEqual(audits.map((x) => `${x.actor} ${x.action} ${x.mode}`), [
        "9001 monitor.start listen",
        "9001 monitor.mode whisper",
        "9001 monitor.mode barge",
        "9001 monitor.mode listen",
        "9001 monitor.stop listen",
      ]);
      const run = await caller;
      assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
      assert.deepEqual([...agent.errors, ...desk.errors], []);
    } finally {
      await s.dispose();
    }
  },
});
