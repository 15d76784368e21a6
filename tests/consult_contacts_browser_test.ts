import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { buildIslands } from "../server/build_islands.ts";
import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";
import { launchChromium, serveForBrowser } from "./browser.ts";
import { startTestApp } from "./harness.ts";

Deno.test({
  name: "[browser] a shift supervisor changes the leader on duty's number on 三方通话号码",
  sanitizeResources: false, // playwright keeps its pipes to chromium open until process exit
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await t.services.consultContacts.create(SYSTEM_ACTOR, {
      name: "值班领导",
      kind: "leader",
      number: "057188889999",
      sort: 0,
    });
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // A server-rendered page (no island to wait for): sign in through the form and come back.
      await page.goto(`${server.url}/admin/consult-contacts`);
      await page.waitForURL(/\/login\?next=/);
      await page.fill("#work_number", "9001");
      await page.fill("#password", DEMO_PASSWORD);
      await page.click("button[type=submit]");
      await page.waitForURL(/\/admin\/consult-contacts$/);
      assert.match(await page.textContent("nav.topnav") ?? "", /三方通话号码/);

      await page.click("[data-testid=consult-contacts] a:has-text('值班领导')");
      await page.waitForURL(/\/admin\/consult-contacts\/\d+$/);
      await page.fill("#number", "139 0000 1111");
      await page.click("button:has-text('保存')");
      await page.waitForURL(/\/admin\/consult-contacts#c\d+$/);
      const cell = (n: number) =>
        page.textContent(`[data-testid=consult-contacts] tbody tr td:nth-child(${n})`);
      assert.equal(await cell(1), "值班领导");
      assert.equal(await cell(3), "13900001111");
      assert.match(
        await page.textContent("[data-testid=object-history]") ?? "",
        /consult_contact\.update/,
      );
      assert.deepEqual(errors, []);
      await page.screenshot({
        path: new URL("./artefacts/consult_contacts.png", import.meta.url).pathname,
      }).catch(() => {});
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
