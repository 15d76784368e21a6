import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openSignedIn } from "./browser.ts";
import { dialFromBrowser, inboundAudio, startSeatDesk, waitFor } from "./media_harness.ts";

/** Packets received from `from` on `page` over one second (after the last switch settled). */
async function heard(page: Page, from: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 400));
  const a = (await inboundAudio(page))[from]?.packets ?? 0;
  await new Promise((r) => setTimeout(r, 1000));
  const b = (await inboundAudio(page))[from]?.packets ?? 0;
  return b - a;
}

const peerId = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as { hotlineMedia: { join: { peer_id: string } } }).hotlineMedia.join
      .peer_id
  );

Deno.test({
  name:
    "[media] a supervisor listens, whispers and barges from the desk: the right parties hear, modes switch without re-joining, all audited",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const desk = await startSeatDesk();
    const { t, browser, agent } = desk;
    try {
      const a = agent.page;
      const caller = await browser.newPage();
      await dialFromBrowser(caller, t.url);
      await a.waitForSelector("[data-testid=seat-panel] button:has-text('接听')", {
        timeout: 15_000,
      });
      await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]");
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await waitFor("two-way audio", () => inboundAudio(a), (s) => (s.caller?.packets ?? 0) > 0);

      const desk = await openSignedIn(browser, t.url, "/supervisor", "9001");
      const d = desk.page;
      await d.waitForSelector("[data-testid=media-status][data-status=ready]");
      await d.click("[data-seat='1001']");
      await d.waitForSelector("[data-testid=monitor] button[data-mode=listen]:not([disabled])");

      // 监听: the supervisor hears both; nobody hears the supervisor.
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
      await waitFor(
        "the caller's consumer of the supervisor",
        () => inboundAudio(caller),
        (s) => !!s.supervisor,
      );
      const joined = await peerId(d);
      assert.ok(await heard(d, "caller") > 20, "listen: supervisor hears the caller");
      assert.ok(await heard(d, "agent") > 20, "listen: supervisor hears the agent");
      assert.equal(
        await heard(a, "supervisor"),
        0,
        "listen: the agent does not hear the supervisor",
      );
      assert.equal(
        await heard(caller, "supervisor"),
        0,
        "listen: the caller does not hear the supervisor",
      );
      assert.ok(
        await heard(a, "caller") > 20 && await heard(caller, "agent") > 20,
        "the call goes on",
      );
      // The seat board marks the monitored seat.
      await d.waitForSelector("[data-seat='1001'] [data-testid=seat-monitor]:has-text('监听')");

      // 耳语: only the agent hears the supervisor.
      await d.click("[data-testid=monitor] button[data-mode=whisper]");
      await d.waitForSelector("[data-testid=monitor][data-mode=whisper]");
      assert.ok(await heard(a, "supervisor") > 20, "whisper: the agent hears the supervisor");
      assert.equal(await heard(caller, "supervisor"), 0, "whisper: the caller does not");
      assert.ok(await heard(d, "caller") > 20, "whisper: the supervisor still hears the caller");

      // 强插: both hear the supervisor.
      await d.click("[data-testid=monitor] button[data-mode=barge]");
      await d.waitForSelector("[data-testid=monitor][data-mode=barge]");
      assert.ok(await heard(a, "supervisor") > 20, "barge: the agent hears the supervisor");
      assert.ok(await heard(caller, "supervisor") > 20, "barge: the caller hears the supervisor");
      await d.waitForSelector("[data-seat='1001'] [data-testid=seat-monitor]:has-text('强插')");

      // Back to listening: silent again. Same peer throughout: nobody re-joined.
      await d.click("[data-testid=monitor] button[data-mode=listen]");
      await d.waitForSelector("[data-testid=monitor][data-mode=listen]");
      assert.equal(await heard(caller, "supervisor"), 0, "listen again: the caller does not hear");
      assert.equal(await heard(a, "supervisor"), 0, "listen again: the agent does not hear");
      assert.equal(await peerId(d), joined);

      await d.click("[data-testid=monitor-stop]");
      await waitFor(
        "the monitor to be closed",
        () =>
          t.db.query<{ mode: string; ended: boolean }>(
            "select mode, ended_at is not null as ended from call_monitors",
          ),
        (rows) => rows.length === 1 && rows[0].ended,
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
      const events = await t.db.query<{ type: string; mode: string }>(
        "select type, data->>'mode' as mode from events where type like 'media.monitor%' order by id",
      );
      assert.deepEqual(events.map((e) => `${e.type} ${e.mode}`), [
        "media.monitor_started listen",
        "media.monitor_mode whisper",
        "media.monitor_mode barge",
        "media.monitor_mode listen",
        "media.monitor_stopped listen",
      ]);
      await d.waitForSelector("[data-seat='1001'] [data-testid=seat-monitor]", {
        state: "detached",
      });

      // The citizen closes the tab without hanging up: the call ends, the seat goes to wrap-up.
      await caller.close();
      await waitFor(
        "the call to end when the caller's page closed",
        () =>
          t.db.query<{ state: string; seat: string }>(
            `select k.state, s.state as seat from calls k, seat_states s join agents a on a.id = s.agent_id
             where a.work_number = '1001' order by k.id desc limit 1`,
          ),
        (r) => r[0]?.state === "ended" && r[0]?.seat === "wrap_up",
      );
      assert.deepEqual([...agent.errors, ...desk.errors], []);
    } finally {
      await desk.dispose();
    }
  },
});
