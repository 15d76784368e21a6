/**
 * As a leader in Chromium: the annual summary draft is edited, survives a reload and is reset;
 * on the 统计报表 page the XLSX and PDF links download files whose SHA-256 recomputes.
 */
import assert from "node:assert/strict";
import { buildIslands } from "../server/build_islands.ts";
import { verifyExport } from "../server/reports/export_verify.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp, USER_OF } from "./harness.ts";
import { at, insertCase } from "./report_fixtures.ts";

Deno.test({
  name: "[browser] annual summary draft and report downloads",
  sanitizeResources: false, // playwright keeps its pipes to chromium open until process exit
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await buildIslands();
    await insertCase(t.db, { created: at("2025-05-06 10:00:00"), type: "consultation" });
    await insertCase(t.db, { created: at("2025-06-06 10:00:00"), type: "complaint" });
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const { page, errors } = await openSignedIn(
        browser,
        server.url,
        "/reports/annual?year=2025",
        USER_OF.leader,
        undefined,
        { live: false },
      );
      const box = page.locator("[data-testid=annual-draft]");
      const draft = await box.inputValue();
      assert.match(
        draft,
        /2025年，12345政务服务便民热线共受理群众诉求2件。其中咨询类1件，占50\.0%/,
      );
      await box.fill("领导改过的总结");
      await page.reload();
      await page.waitForSelector("[data-hydrated=true]");
      assert.equal(await box.inputValue(), "领导改过的总结");
      assert.match(
        await page.textContent("[data-testid=annual-draft-note]") ?? "",
        /已恢复本机保存的修改/,
      );
      await page.click("text=恢复自动初稿");
      assert.equal(await box.inputValue(), draft);

      await page.goto(`${server.url}/reports?kind=annual&from=2025-01-01`);
      for (const format of ["xlsx", "pdf"]) {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.click(`[data-testid=export-${format}]`),
        ]);
        assert.equal(download.suggestedFilename(), `12345 热线年报（2025年）.${format}`);
        const bytes = await Deno.readFile((await download.path())!);
        const verified = await verifyExport(`r.${format}`, bytes);
        assert.deepEqual(verified.problems, []);
        assert.ok(verified.data.sections.some((s) => s.title === "工单（按类型）"));
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
