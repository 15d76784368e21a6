/**
 * 文字交流 on the agent's seat in Chromium, without the media layer: the chat needs only the ACD
 * and the database. The citizen's side is the public API with the call's chat token.
 */
import assert from "node:assert/strict";
import { buildIslands } from "../server/build_islands.ts";
import { CallChatStore } from "../server/chat/chat_store.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp } from "./harness.ts";

const chatTexts = (page: import("playwright-core").Page) =>
  page.$$eval(
    "[data-testid=call-chat][data-side=agent] .chat-msg",
    (els) =>
      els.map((e) =>
        `${e.getAttribute("data-sender")}:${e.querySelector(".chat-body")?.textContent}`
      ),
  );

Deno.test({
  name:
    "[browser] the seat's 文字交流 with a web caller, no media layer: read from the ring, reply after the answer, live both ways",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      await t.services.seats.agent(null, "1001", { type: "login" });
      const call = await t.services.acd.offer({
        channel: "web",
        callerNumber: "13900006666",
        queue: "general",
      });
      const token = await new CallChatStore(t.db).open(call.id);
      const say = async (text: string) => {
        const res = await fetch(`${server.url}/api/public/calls/${call.id}/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token, text }),
        });
        assert.equal(res.status, 201, await res.text());
      };
      await say("排队时先说一下：小区门口的井盖丢了");

      const { page: a, errors } = await openSignedIn(
        browser,
        server.url,
        "/seat",
        "1001",
        { width: 1400, height: 1000 },
        { live: false },
      );
      assert.equal(await a.locator("[data-testid=call-chat]").count(), 0, "no call, no chat");

      // The ring: the panel appears with what the caller wrote while queued; no reply yet.
      await t.services.acd.route();
      await a.waitForSelector("[data-testid=call-chat][data-side=agent] [data-sender=caller]", {
        timeout: 8000,
      });
      assert.deepEqual(await chatTexts(a), [
        "system:您可以在此输入文字，话务员接听后即可看到并回复。",
        "caller:排队时先说一下：小区门口的井盖丢了",
      ]);
      assert.ok(await a.isDisabled("[data-testid=chat-input]"));

      // Answer, reply; the caller's next line (with markup in it) shows live, as text.
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await a.waitForSelector("[data-testid=chat-input]:not([disabled])", { timeout: 8000 });
      await a.fill("[data-testid=chat-input]", "收到，请问是哪个小区？");
      await a.press("[data-testid=chat-input]", "Enter");
      await a.waitForSelector("[data-sender=agent]");
      assert.equal(await a.inputValue("[data-testid=chat-input]"), "");
      const read = await (await fetch(
        `${server.url}/api/public/calls/${call.id}/chat?token=${encodeURIComponent(token)}`,
      )).json();
      assert.deepEqual(read.messages.at(-1).body, "收到，请问是哪个小区？");
      assert.equal(read.messages.at(-1).work_number, "1001");

      const sent = performance.now();
      await say("<img src=x onerror=alert(1)> 阳光花园");
      await a.waitForFunction(
        () =>
          document.querySelectorAll("[data-testid=call-chat] [data-sender=caller]").length === 2,
        undefined,
        { timeout: 5000 },
      );
      console.log(`caller message → seat page: ${Math.round(performance.now() - sent)} ms`);
      assert.equal(
        (await chatTexts(a)).at(-1),
        "caller:<img src=x onerror=alert(1)> 阳光花园",
      );
      assert.equal(await a.locator("[data-testid=call-chat] img").count(), 0, "not markup");
      // The time of each message is shown.
      assert.match(
        (await a.textContent("[data-testid=call-chat] [data-sender=caller] .muted"))!,
        /^\d\d:\d\d:\d\d 市民：$/,
      );

      // Hang-up: after-call work keeps the transcript on screen, sending is off.
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await a.waitForSelector("[data-testid=chat-input][disabled]", { timeout: 8000 });
      assert.equal((await chatTexts(a)).length, 4);

      // A web call without a chat (the demo's simulated callers): no panel on the seat.
      await t.services.seats.agent(null, "1001", { type: "wrap_done" });
      await a.waitForSelector("[data-testid=call-chat]", { state: "detached", timeout: 8000 });
      await t.services.acd.offer({ channel: "web", callerNumber: "13900008888", queue: "general" });
      await t.services.acd.route();
      await a.waitForSelector("[data-testid=seat-panel] button:has-text('接听')", {
        timeout: 8000,
      });
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await a.locator("[data-testid=call-chat]").count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
