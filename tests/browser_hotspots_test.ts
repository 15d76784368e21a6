import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { buildIslands } from "../server/build_islands.ts";
import { runKeywordJob } from "../server/hotspots/keyword_job.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp } from "./harness.ts";
import { RANGE, seedHotspots } from "./hotspot_fixtures.ts";

/** Pixels of a canvas that are not transparent: a chart that drew something has many. */
const inked = (page: Page, selector: string) =>
  page.$$eval(selector, (canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    }));

Deno.test({
  name: "[browser] /hotspots draws the district map, trend, sparklines and keywords without errors",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await seedHotspots(t.db, t.services.pii);
    await runKeywordJob(t.db);
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const { page, errors } = await openSignedIn(
        browser,
        server.url,
        `/hotspots?from=${RANGE.from}&to=${RANGE.to}`,
        "8001",
        { width: 1400, height: 1000 },
        { live: false },
      );
      assert.match(await page.textContent("[data-testid=hotspot-headline]") ?? "", /25/);
      assert.match(await page.textContent("[data-testid=hotspot-districts]") ?? "", /东城区\s*20/);
      const [map] = await inked(page, "[data-testid=hotspot-map] canvas");
      assert.ok(map > 5000, `the map drew ${map} pixels`);
      const trend = await inked(page, "[data-testid=hotspot-trend] canvas");
      assert.equal(trend.length, 2);
      assert.ok(trend.every((n) => n > 1000), `trend charts drew ${trend}`);
      const [keywords] = await inked(page, "[data-testid=hotspot-keywords] canvas");
      assert.ok(keywords > 1000, `keywords drew ${keywords}`);
      const rows = await page.$$("[data-testid=hotspot-rising] tbody tr");
      const sparks = await inked(page, "[data-testid=hotspot-rising] canvas");
      assert.ok(rows.length >= 3);
      assert.equal(sparks.length, rows.length);
      assert.ok(sparks.every((n) => n > 20), `sparklines drew ${sparks}`);
      assert.match(
        await page.textContent("[data-testid=hotspot-repeat-callers]") ?? "",
        /139\*\*\*\*5678/,
      );
      if (Deno.env.get("HOTSPOT_SCREENSHOT")) {
        await page.screenshot({ path: Deno.env.get("HOTSPOT_SCREENSHOT")!, fullPage: true });
      }

      // Printed, the navigation and the period form are left out.
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.isVisible("nav.topnav"), false);
      assert.equal(await page.isVisible("form.hs-period"), false);

      // A number opens the cases behind it.
      await page.emulateMedia({ media: "screen" });
      await page.click("[data-testid=hotspot-districts] tbody tr:first-child a");
      await page.waitForURL(/\/cases\?district_code=390101/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
