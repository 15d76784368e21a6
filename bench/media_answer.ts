/**
 * Answer click → two-way audio, on loopback with real Chromium pages (a web caller and the agent's
 * seat): the time from the click on 接听 until both pages have received RTP from the other side.
 * It includes the ACD's answer transaction, the spine's event to the media layer, resuming the
 * consumers, and one packet's flight; the pages poll their statistics every 20 ms.
 *
 *   deno run -A bench/media_answer.ts [--calls=8]
 */
import { buildIslands } from "../server/build_islands.ts";
import { launchChromium, MEDIA_FLAGS, openSignedIn } from "../tests/browser.ts";
import { dialFromBrowser, inboundAudio, startMediaApp, waitFor } from "../tests/media_harness.ts";
import { loadAverage, option, pct } from "./common.ts";

const calls = Number(option("calls", "8"));
const t = await startMediaApp();
await buildIslands();
const browser = await launchChromium(MEDIA_FLAGS);
const times: number[] = [];
try {
  await t.services.seats.agent(null, "1001", { type: "login" });
  const { page: agent } = await openSignedIn(browser, t.url, "/seat", "1001", undefined, {
    live: false,
  });
  for (let i = 0; i < calls; i++) {
    // Starting web calls is rate-limited to three a minute per address (routes/call_page.tsx).
    if (i >= 3) await new Promise((r) => setTimeout(r, 20_500));
    const caller = await browser.newPage();
    await dialFromBrowser(caller, t.url, `1390000${String(i).padStart(4, "0")}`);
    await agent.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", {
      timeout: 20_000,
    });
    await waitFor("the pre-joined consumers", async () => ({
      a: await inboundAudio(agent),
      c: await inboundAudio(caller),
    }), (s) => !!s.a.caller && !!s.c.agent);
    const answer = "[data-testid=seat-panel] button:has-text('接听')";
    await agent.waitForSelector(answer);
    const clicked = performance.now();
    await agent.click(answer);
    await waitFor(
      "two-way audio",
      async () => ({ a: await inboundAudio(agent), c: await inboundAudio(caller) }),
      (s) => s.a.caller.packets > 0 && s.c.agent.packets > 0,
      5000,
    );
    times.push(performance.now() - clicked);
    console.log(`call ${i + 1}: ${Math.round(times.at(-1)!)} ms`);
    await agent.click("[data-testid=seat-panel] button:has-text('挂断')");
    await caller.waitForSelector("[data-testid=web-caller][data-phase=ended]");
    await caller.close();
    await agent.click("[data-testid=seat-panel] button:has-text('整理完毕')");
    await agent.waitForSelector("[data-testid=seat-audio][data-phase=idle]");
  }
} finally {
  await browser.close();
  await t.dispose();
}
const sorted = Float64Array.from(times).sort();
console.log(
  `answer → two-way audio over ${calls} calls: median ${Math.round(pct(sorted, 0.5))} ms, ` +
    `p90 ${Math.round(pct(sorted, 0.9))} ms, max ${
      Math.round(sorted.at(-1)!)
    } ms (load ${loadAverage()})`,
);
