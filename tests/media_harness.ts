/**
 * The test app with the media layer on a real mediasoup worker pool and the ACD engine routing,
 * served for the browser. Fails (never skips) when the worker is not built, naming the command.
 */
import type { Hono } from "hono";
import type { Browser, Page } from "playwright-core";
import type { Database } from "../db/port.ts";
import { migratedPostgres } from "../db/testing.ts";
import type { AppEnv } from "../routes/context.ts";
import { AcdEngine } from "../server/acd/acd_engine.ts";
import { buildIslands } from "../server/build_islands.ts";
import { type AppDeps, createApp } from "../server/app.ts";
import { ensureFirstAdmin } from "../server/auth/bootstrap.ts";
import type { MediaConfig } from "../server/config.ts";
import { LiveHub } from "../server/live/hub.ts";
import { DEMO_PASSWORD, seedDemoUsers } from "../server/seed/demo_users.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { createServices, type Services } from "../server/services.ts";
import { MediaLayer } from "../telephony/media_layer.ts";
import { missingWorkerMessage, workerBin, workerExists } from "../telephony/worker_bin.ts";
import { launchChromium, MEDIA_FLAGS, openSignedIn, serveForBrowser } from "./browser.ts";
import { ADMIN_PASSWORD, type Session, TEST_KEYS } from "./harness.ts";

export interface MediaTestApp {
  db: Database;
  services: Services;
  media: MediaLayer;
  app: Hono<AppEnv>;
  /** The app on a loopback port (browsers and fetch). */
  url: string;
  dataDir: string;
  request(path: string, init?: RequestInit, as?: Session): Promise<Response>;
  signIn(workNumber: string): Promise<Session>;
  dispose(): Promise<void>;
}

/** The worker this machine has, or an error that says how to build it. */
export function requireWorker(): string {
  const bin = workerBin(Deno.env.get("MEDIASOUP_WORKER_BIN"));
  if (!workerExists(bin)) throw new Error(missingWorkerMessage(bin));
  return bin;
}

export const MEDIA_TEST_CONFIG: MediaConfig = {
  enabled: true,
  build: false,
  workers: 2,
  listenIp: "127.0.0.1",
  rtcMinPort: 40000,
  rtcMaxPort: 49999,
  recordingRetentionDays: 180,
};

export async function startMediaApp(
  config: Partial<MediaConfig> = {},
  /** More of the app's dependencies, made from the harness's parts (the seat's trunk calls). */
  extraDeps?: (d: { db: Database; services: Services; hub: LiveHub; media: MediaLayer }) => Partial<
    AppDeps
  >,
): Promise<MediaTestApp> {
  const bin = requireWorker();
  const { db, dispose } = await migratedPostgres();
  const services = await createServices(db, { ...TEST_KEYS, signInPerMinute: 1000 });
  await ensureFirstAdmin(db, ADMIN_PASSWORD);
  await seedDemoCity(db);
  await seedDemoUsers(db);
  await seedDemoRouting(db);
  const hub = new LiveHub(db, { pollMs: 1000 });
  await hub.start();
  const engine = new AcdEngine(services.acd, hub);
  engine.start();
  const dataDir = await Deno.makeTempDir({ prefix: "hotline-media-" });
  const media = new MediaLayer({
    db,
    hub,
    acd: services.acd,
    seats: services.seats,
    dataDir,
    config: { ...MEDIA_TEST_CONFIG, workerBin: bin, ...config },
  });
  media.start();
  await media.started();
  if (media.status.status !== "ready") {
    throw new Error(`media layer did not start: ${JSON.stringify(media.status)}`);
  }
  const app = createApp({
    db,
    hub,
    services,
    heartbeatMs: 5000,
    cookies: { secure: "off", trustProxy: false },
    media,
    ...extraDeps?.({ db, services, hub, media }),
  });
  const server = serveForBrowser(app.fetch);
  const request = (path: string, init: RequestInit = {}, as?: Session) => {
    const headers = new Headers(init.headers);
    if (as) {
      headers.set("cookie", as.cookie);
      if (!headers.has("x-csrf-token")) headers.set("x-csrf-token", as.csrf);
    }
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  return {
    db,
    services,
    media,
    app,
    url: server.url,
    dataDir,
    request,
    async signIn(workNumber) {
      const res = await request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          work_number: workNumber,
          password: workNumber === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD,
        }),
      });
      if (res.status !== 200) throw new Error(`sign-in of ${workNumber}: ${res.status}`);
      const cookie = res.headers.get("set-cookie")!.split(";")[0];
      return { cookie, csrf: (await res.json()).csrf };
    },
    async dispose() {
      await media.stop();
      await server.shutdown();
      await engine.stop();
      await hub.stop();
      await dispose();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

export interface InboundAudio {
  packets: number;
  bytes: number;
  level: number;
  energy: number;
}

/** The receiving side's RTP statistics per party heard (caller, agent, supervisor). */
export function inboundAudio(page: Page): Promise<Record<string, InboundAudio>> {
  return page.evaluate(async () => {
    const m = (globalThis as unknown as {
      hotlineMedia?: {
        consumers: Map<string, { closed: boolean; getStats(): Promise<RTCStatsReport> }>;
      };
    }).hotlineMedia;
    const out: Record<string, InboundAudio> = {};
    if (!m) return out;
    for (const [from, consumer] of m.consumers) {
      // A consumer closed meanwhile (the call moved on) has nothing more to say.
      if (consumer.closed) continue;
      const stats = await consumer.getStats().catch(() => null);
      if (!stats) continue;
      // Chromium lists an inbound-rtp entry only once the first packet arrived.
      out[from] = { packets: 0, bytes: 0, level: 0, energy: 0 };
      stats.forEach((s) => {
        if (s.type !== "inbound-rtp") return;
        out[from] = {
          packets: s.packetsReceived ?? 0,
          bytes: s.bytesReceived ?? 0,
          level: s.audioLevel ?? 0,
          energy: s.totalAudioEnergy ?? 0,
        };
      });
    }
    return out;
  });
}

/** Waits until `check` holds, polling every 20 ms; the error says what was last seen. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

/** Opens the public web caller and dials. */
export async function dialFromBrowser(page: Page, base: string, phone = "13900001111") {
  await page.goto(`${base}/call`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.fill("#caller-phone", phone);
  await page.click("[data-testid=dial]");
}

/** The media app, Chromium, and agent 1001 logged in with the seat page open. */
export async function startSeatDesk() {
  const t = await startMediaApp();
  let browser: Browser | undefined;
  try {
    await buildIslands();
    browser = await launchChromium(MEDIA_FLAGS);
    await t.services.seats.agent(null, "1001", { type: "login" });
    // The seat page has no live badge: signed in and hydrated is ready.
    const agent = await openSignedIn(browser, t.url, "/seat", "1001", undefined, { live: false });
    const b = browser;
    return {
      t,
      browser: b,
      agent,
      async dispose() {
        await b.close();
        await t.dispose();
      },
    };
  } catch (error) {
    await browser?.close();
    await t.dispose();
    throw error;
  }
}
