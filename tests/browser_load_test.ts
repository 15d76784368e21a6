import assert from "node:assert/strict";
import { appendEvents } from "../db/events.ts";
import { buildIslands } from "../server/build_islands.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp, USER_OF } from "./harness.ts";

const RATE = 1000; // events per second
const SECONDS = 30;

Deno.test({
  name:
    "[browser] a live page holds 1,000 events/s for 30 s without falling behind or growing its heap",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp({ heartbeatMs: 1000 });
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const { page } = await openSignedIn(browser, server.url, "/", USER_OF.supervisor, {
        width: 1600,
        height: 900,
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      const heap = async () => {
        await cdp.send("HeapProfiler.collectGarbage");
        const { metrics } = await cdp.send("Performance.getMetrics");
        return metrics.find((m: { name: string }) => m.name === "JSHeapUsedSize")!.value / 1e6;
      };
      const newestShown = async () =>
        Number(await page.getAttribute("[data-testid=recent-events] tbody tr", "data-event-id"));

      // 10 events every 10 ms, each batch one transaction, as a busy centre's services would.
      let written = 0;
      let newest = 0;
      const samples: { at: number; lag: number; heapMb: number }[] = [];
      const started = Date.now();
      const writer = (async () => {
        for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
          const due = started + tick * 10;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
          const rows = await t.db.transaction((tx) =>
            appendEvents(
              tx,
              Array.from(
                { length: RATE / 100 },
                (_, i) => ({ topic: "system", type: "system.load", subject: i }),
              ),
            )
          );
          newest = rows.at(-1)!.id;
          written += rows.length;
        }
      })();
      for (const at of [5, 15, 25]) {
        await new Promise((r) => setTimeout(r, started + at * 1000 - Date.now()));
        const target = newest;
        samples.push({ at, lag: target - await newestShown(), heapMb: await heap() });
      }
      await writer;
      await page.waitForFunction(
        (id) =>
          Number(
            document.querySelector("[data-testid=recent-events] tbody tr")?.getAttribute(
              "data-event-id",
            ),
          ) >= id,
        newest,
        { timeout: 5000 },
      );
      const rate = written / ((Date.now() - started) / 1000);
      console.log(
        `wrote ${written} events (${rate.toFixed(0)}/s); samples ${JSON.stringify(samples)}`,
      );
      assert.ok(rate > RATE * 0.9, `only ${rate.toFixed(0)} events/s written`);
      // Falling behind would show as a lag that grows; a second's worth is one refresh away.
      assert.ok(
        samples.every((s) => s.lag < RATE),
        `lag ${JSON.stringify(samples.map((s) => s.lag))}`,
      );
      // A page that keeps every event would grow by tens of MB here; it keeps the last 50.
      assert.ok(
        samples[2].heapMb - samples[0].heapMb < 5,
        `heap ${samples.map((s) => s.heapMb.toFixed(1)).join(" → ")} MB`,
      );
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
