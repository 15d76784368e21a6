/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import { type Browser, chromium } from "playwright-core";
import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";

export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** WebRTC tests: a fake microphone (a beep), no permission prompt, audio plays without a click. */
export const MEDIA_FLAGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}

/** Serves `fetch` on a free loopback port for the browser to load. */
export function serveForBrowser(fetch: (request: Request) => Response | Promise<Response>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, fetch);
  return { url: `http://127.0.0.1:${server.addr.port}`, shutdown: () => server.shutdown() };
}

/**
 * Opens `path` as a demo user, through the real sign-in form, in a context of its own, and
 * waits until the page is hydrated and (for live pages) its stream is live. Page errors are collected for the test to assert on.
 */
export async function openSignedIn(
  browser: Browser,
  base: string,
  path: string,
  workNumber: string,
  viewport = { width: 1600, height: 900 },
  { live = true } = {},
) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.fill("#work_number", workNumber);
  await page.fill("#password", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-hydrated=true]", { timeout: 10_000 });
  if (live) await page.waitForSelector("[data-live-state=live]", { timeout: 15_000 });
  return { page, errors };
}
