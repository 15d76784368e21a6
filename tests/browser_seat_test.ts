import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { buildIslands } from "../server/build_islands.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp, type TestApp } from "./harness.ts";

/** A phone call offered by the ACD, routed to 1001 and answered there. */
async function answeredCall(t: TestApp, caller: string): Promise<void> {
  await t.services.acd.offer({ channel: "phone", callerNumber: caller, queue: "general" });
  assert.equal((await t.services.acd.route()).length, 1);
  await t.services.seats.agent(null, "1001", { type: "answer" });
}

const seatState = async (p: Page) => (await p.textContent("[data-testid=seat-state]"))?.trim();
const secondsLeft = async (p: Page) =>
  Number(await p.getAttribute("[data-testid=wrap-countdown]", "data-left"));

Deno.test({
  name:
    "[browser] the seat: a wrap-up countdown from the ACD's deadline after hang-up (finish early, extend, ready when it runs out); transfer to a seat by work number",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      await t.db.query("update queues set wrap_up_seconds = 25 where code = 'general'");
      await t.services.seats.agent(null, "1001", { type: "login" });
      await answeredCall(t, "13812345678");
      const { page: a, errors } = await openSignedIn(
        browser,
        server.url,
        "/seat",
        "1001",
        { width: 1400, height: 1000 },
        { live: false },
      );
      assert.equal(await seatState(a), "通话中");
      assert.equal(await a.locator("[data-testid=wrap-countdown]").count(), 0);

      // Hang up: 话后整理 with the queue's 25 s counting down.
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await a.waitForSelector("[data-testid=wrap-countdown]");
      assert.equal(await seatState(a), "话后整理");
      assert.match(
        (await a.textContent("[data-testid=wrap-countdown]"))!,
        /话后整理 剩余 2[3-5] 秒/,
      );
      const first = await secondsLeft(a);
      await a.waitForFunction(
        (s) =>
          Number(
            document.querySelector("[data-testid=wrap-countdown]")?.getAttribute("data-left"),
          ) <
            s,
        first,
        { timeout: 3000 },
      );

      // Extend by 30 s: the ACD's deadline moves (audited), the count follows it.
      const before = await secondsLeft(a);
      await a.click("[data-testid=wrap-countdown] button:has-text('延长 30 秒')");
      await a.waitForFunction(
        (s) =>
          Number(
            document.querySelector("[data-testid=wrap-countdown]")?.getAttribute("data-left"),
          ) >
            s + 20,
        before,
        { timeout: 3000 },
      );
      const [ext] = await t.db.query<{ after: { state: string; wrap_until: string } }>(
        "select after from audit_log where action = 'seat.extend_wrap' and object_id = '1001'",
      );
      assert.equal(ext.after.state, "wrap_up");
      const [seatRow] = await t.db.query<{ wrap_until: Date; since: Date }>(
        "select s.wrap_until, s.since from seat_states s join agents a on a.id = s.agent_id where a.work_number = '1001'",
      );
      assert.equal(new Date(ext.after.wrap_until).getTime(), seatRow.wrap_until.getTime());
      const total = (seatRow.wrap_until.getTime() - seatRow.since.getTime()) / 1000;
      assert.ok(total >= 54 && total <= 56, `25 s + 30 s, got ${total}`);

      // Finish early: the seat is ready at once, the wrap-up time is the call's.
      await a.click("[data-testid=wrap-countdown] button:has-text('整理完毕，示闲')");
      await a.waitForSelector("[data-testid=wrap-countdown]", { state: "detached" });
      assert.equal(await seatState(a), "空闲");
      const [done] = await t.db.query<{ wrap_ms: number }>(
        "select wrap_ms::int from calls order by id desc limit 1",
      );
      assert.ok(done.wrap_ms > 1000 && done.wrap_ms < 20_000, JSON.stringify(done));

      // A short wrap-up left to run out: the ACD's timer makes the seat ready, the page follows.
      await t.db.query("update queues set wrap_up_seconds = 3 where code = 'general'");
      await new Promise((r) => setTimeout(r, 1100)); // the ACD's queue cache is 1 s old at most
      await answeredCall(t, "13900001111");
      await a.reload();
      await a.waitForSelector("[data-hydrated=true]");
      await a.waitForSelector("[data-testid=seat-panel] button:has-text('挂断')");
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await a.waitForSelector("[data-testid=wrap-countdown]");
      assert.ok((await secondsLeft(a)) <= 3);
      // The ACD engine's clock tick, as the running server does every 0.5 s.
      const deadline = Date.now() + 10_000;
      let ticked = [] as unknown[];
      while (ticked.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        ticked = await t.services.acd.tick();
      }
      assert.deepEqual(ticked.map((x) => (x as { type: string }).type), ["wrap_done"]);
      await a.waitForSelector("[data-testid=wrap-countdown]", { state: "detached", timeout: 5000 });
      assert.equal(await seatState(a), "空闲");

      // 转坐席: the call on the seat goes to seat 1002 by work number; 1001 wraps up.
      await t.services.seats.agent(null, "1002", { type: "login" });
      await t.services.seats.agent(null, "1002", { type: "not_ready", reason: "break" });
      const third = await t.services.acd.offer({
        channel: "phone",
        callerNumber: "13700003333",
        queue: "general",
      });
      await t.services.acd.route();
      await t.services.seats.agent(null, "1001", { type: "answer" });
      await t.services.seats.agent(null, "1002", { type: "ready" });
      await a.waitForSelector("[data-testid=seat-transfer]", { timeout: 5000 });
      await a.fill("#transfer-to", "1002");
      await a.click("[data-testid=seat-transfer] button:has-text('转坐席')");
      await a.waitForSelector("[data-testid=wrap-countdown]");
      const [ringing] = await t.db.query<{ state: string; agent: string }>(
        `select k.state, a.work_number as agent from calls k join agents a on a.id = k.agent_id
         where k.id = $1`,
        [third.id],
      );
      assert.deepEqual(ringing, { state: "ringing", agent: "1002" });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
