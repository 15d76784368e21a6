import assert from "node:assert/strict";
import { buildIslands } from "../server/build_islands.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp, USER_OF } from "./harness.ts";

const ARTEFACTS = new URL("./artefacts/", import.meta.url);

Deno.test({
  name:
    "[browser] the wall screen shows the metrics API's numbers at 1920×1080 and follows a new call",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp({ heartbeatMs: 1000 });
    await buildIslands();
    await Deno.mkdir(ARTEFACTS, { recursive: true });
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const { acd, seats } = t.services;
      await seats.agent(null, "1001", { type: "login" });
      await acd.offer({ channel: "phone", callerNumber: "13900000001", queue: "general" });
      await acd.route();
      await seats.agent(null, "1001", { type: "answer" });

      const { page, errors } = await openSignedIn(
        browser,
        server.url,
        "/wall",
        USER_OF.supervisor,
        {
          width: 1920,
          height: 1080,
        },
      );

      const supervisor = await t.signIn(USER_OF.supervisor);
      const api = await (await t.request("/api/acd/snapshot", {}, supervisor)).json();
      const tile = async (id: string) =>
        (await page.textContent(`[data-testid=${id}] .tile-value`))?.trim();
      assert.equal(await tile("tile-waiting"), String(api.centre.waiting));
      assert.equal(await tile("tile-offered"), `${api.centre.offered} / ${api.centre.answered}`);
      assert.equal(
        await tile("tile-sl-today"),
        `${(api.centre.service_level_15s * 100).toFixed(1)}%`,
      );

      // Nobody is ready: a new caller waits, and the wall counts them within the refresh period.
      await acd.offer({ channel: "phone", callerNumber: "13900000002", queue: "complaint" });
      await page.waitForFunction(
        () =>
          document.querySelector("[data-testid=tile-waiting] .tile-value")?.textContent?.trim() ===
            "1",
        undefined,
        { timeout: 5000 },
      );
      // The longest wait keeps counting between refreshes; past 15 s it turns amber with a mark.
      await page.waitForFunction(
        () =>
          document.querySelector("[data-testid=tile-longest]")?.getAttribute("data-level") !==
            "bad",
      );
      // The two charts are drawn from the history API.
      await page.waitForSelector("[data-testid=wall-charts] canvas", { timeout: 5000 });
      const history = await (await t.request("/api/acd/history", {}, supervisor)).json();
      assert.equal(history.waiting.length, 24);
      assert.equal(history.arrivals_today.reduce((a: number, b: number) => a + b, 0), 2);
      // Nothing scrolls at wall resolution.
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollHeight - globalThis.innerHeight
      );
      assert.ok(overflow <= 0, `page scrolls by ${overflow}px`);
      await page.screenshot({ path: new URL("wall_1920x1080.png", ARTEFACTS).pathname });
      // The same wall on a 4K screen: everything scales with the viewport, still no scrolling,
      // and the headline numbers stay at least 8 % of the screen's height.
      await page.setViewportSize({ width: 3840, height: 2160 });
      await page.waitForTimeout(300);
      const overflow4k = await page.evaluate(() =>
        document.documentElement.scrollHeight - globalThis.innerHeight
      );
      assert.ok(overflow4k <= 0, `4K page scrolls by ${overflow4k}px`);
      const digits = await page.evaluate(() =>
        parseFloat(
          getComputedStyle(document.querySelector("[data-testid=tile-waiting] .tile-value")!)
            .fontSize,
        )
      );
      assert.ok(digits >= 0.08 * 2160, `headline digits ${digits}px high`);
      await page.screenshot({ path: new URL("wall_3840x2160.png", ARTEFACTS).pathname });

      // A wall's layout is its URL: only the general queue, rotating to the seats view.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.goto(`${server.url}/wall?queues=general&views=queues,seats&rotate=5`);
      await page.waitForSelector("[data-hydrated=true][data-view=queues]");
      assert.deepEqual(
        await page.$$eval(
          "[data-testid=wall-queues] tbody tr",
          (rows) => rows.map((r) => r.getAttribute("data-queue")),
        ),
        ["general"],
      );
      await page.waitForSelector("[data-view=seats] [data-testid=wall-seats]", { timeout: 8000 });
      assert.match(await page.textContent("[data-testid=wall-seats]") ?? "", /一班/);
      const bad = await t.request("/wall?views=hotspots", {}, supervisor);
      assert.equal(bad.status, 400);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
