import assert from "node:assert/strict";
import { buildIslands } from "../server/build_islands.ts";
import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";
import { launchChromium, serveForBrowser } from "./browser.ts";
import { startTestApp } from "./harness.ts";

Deno.test({
  name: "[browser] the overview hydrates and shows an event written through the service",
  sanitizeResources: false, // playwright keeps its pipes to chromium open until process exit
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp({ heartbeatMs: 1000 });
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${server.url}/`);
      // Signed out: the overview sends us to sign in, and back after.
      await page.waitForURL(/\/login\?next=%2F/);
      await page.fill("#work_number", "9001");
      await page.fill("#password", DEMO_PASSWORD);
      await page.click("button[type=submit]");
      await page.waitForSelector("[data-hydrated=true]", { timeout: 10_000 });
      await page.waitForSelector("[data-live-state=live]", { timeout: 10_000 });
      assert.match(await page.textContent("nav.topnav") ?? "", /王班长（9001 · 班长）/);
      // The seed's event is in the server-rendered snapshot.
      assert.match(await page.textContent("[data-testid=recent-events]") ?? "", /示范数据已创建/);

      const call = await t.services.acd.offer({
        channel: "phone",
        callerNumber: "13800138000",
        queue: "english",
      });
      const row = await page.waitForSelector(`tr[data-event-id]:has-text("英语服务")`, {
        timeout: 5000,
      });
      assert.match(await row.textContent() ?? "", /来电进入队列/);
      assert.match(await row.textContent() ?? "", new RegExp(String(call.id)));
      // The chart counted it too: the caption's total includes the seeds' events and the call's.
      const [{ n }] = await t.db.query<{ n: number }>("select count(*)::int as n from events");
      assert.match(await page.textContent("figcaption") ?? "", new RegExp(`共 ${n} 条`));
      assert.deepEqual(errors, []);
      await page.screenshot({ path: "static/.overview-test.png" }).catch(() => {});
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
