/**
 * 文字交流 on a real web call: the citizen's /call page and the agent's /seat in Chromium, the
 * call through mediasoup and the ACD, messages live both ways, the transcript on the case page.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { dialFromBrowser, startSeatDesk } from "./media_harness.ts";

const lines = (page: Page) =>
  page.$$eval(
    "[data-testid=call-chat] .chat-msg",
    (els) =>
      els.map((e) =>
        `${e.querySelector(".muted")?.textContent?.replace(/^\d\d:\d\d:\d\d /, "")}${
          e.querySelector(".chat-body")?.textContent
        }`
      ),
  );

async function send(page: Page, text: string) {
  await page.fill("[data-testid=chat-input]", text);
  await page.click("[data-testid=chat-send]");
}

Deno.test({
  name:
    "[media] 文字交流 between the web caller and the agent on the same call: before the answer, live both ways, on the case",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const desk = await startSeatDesk();
    const { t, browser, agent } = desk;
    try {
      const a = agent.page;
      const caller = await browser.newPage();
      const callerErrors: string[] = [];
      caller.on("pageerror", (e) => callerErrors.push(e.message));
      await dialFromBrowser(caller, t.url, "13900007777");

      // Queued or ringing: the citizen may already write.
      await caller.waitForSelector(
        "[data-testid=call-chat][data-side=caller] [data-sender=system]",
      );
      await send(caller, "你好，我想反映幸福路路灯不亮");
      await caller.waitForSelector("[data-testid=call-chat] [data-sender=caller]");

      // The seat rings: its chat shows the line; the agent answers and replies.
      await a.waitForSelector("[data-testid=call-chat][data-side=agent] [data-sender=caller]", {
        timeout: 15_000,
      });
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await a.waitForSelector("[data-testid=seat-audio][data-phase=talking]");
      await a.waitForSelector("[data-testid=chat-input]:not([disabled])");
      const replied = performance.now();
      await send(a, "您好，我是话务员，请问是幸福路哪一段？");
      await caller.waitForSelector("[data-testid=call-chat] [data-sender=agent]", {
        timeout: 5000,
      });
      const toCaller = Math.round(performance.now() - replied);
      await send(caller, "靠近 12 号，回电请打 13912345678");
      await a.waitForFunction(
        () =>
          document.querySelectorAll("[data-testid=call-chat] [data-sender=caller]").length === 2,
        undefined,
        { timeout: 5000 },
      );
      console.log(`agent → caller page: ${toCaller} ms`);
      const expected = [
        "您可以在此输入文字，话务员接听后即可看到并回复。",
        "你好，我想反映幸福路路灯不亮",
        "您好，我是话务员，请问是幸福路哪一段？",
        "靠近 12 号，回电请打 13912345678",
      ];
      assert.deepEqual(await lines(caller), [
        `系统：${expected[0]}`,
        `我：${expected[1]}`,
        `话务员 1001：${expected[2]}`,
        `我：${expected[3]}`,
      ]);
      assert.deepEqual(await lines(a), [
        `系统：${expected[0]}`,
        `市民：${expected[1]}`,
        `我：${expected[2]}`,
        `市民：${expected[3]}`,
      ]);

      // The case registered from the seat carries the transcript (digits masked there).
      await a.fill("#i-content", "网上来电反映幸福路 12 号附近路灯不亮。");
      await a.check("input[name=outcome][value=register]");
      await a.click("[data-testid=intake-form] button[type=submit]");
      await a.waitForSelector("[data-testid=created-number]");
      const number = (await a.textContent("[data-testid=created-number]"))!.trim();

      // The agent hangs up: the citizen's page stops sending, the lines stay.
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await caller.waitForSelector("[data-testid=web-caller][data-phase=ended]");
      await caller.waitForSelector("[data-testid=chat-input][disabled]");
      assert.equal((await lines(caller)).length, 4);

      // The seat page itself goes to the case (its own page is a context of its own).
      const casePage = a;
      await casePage.goto(`${t.url}/cases/${number}`);
      await casePage.click("[data-testid=chat-link]");
      await casePage.waitForSelector("[data-testid=chat-transcript]");
      const transcript = (await casePage.textContent("[data-testid=chat-transcript]"))!;
      assert.match(transcript, /幸福路哪一段/);
      assert.match(transcript, /139\*\*\*\*5678/);
      assert.doesNotMatch(transcript, /13912345678/);
      const [read] = await t.db.query<{ actor: string }>(
        "select actor from audit_log where action = 'chat.read' order by id desc limit 1",
      );
      assert.equal(read.actor, "1001");
      assert.deepEqual([...agent.errors, ...callerErrors], []);
    } finally {
      await desk.dispose();
    }
  },
});
