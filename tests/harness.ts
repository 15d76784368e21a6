/**
 * An app over a fresh migrated PostgreSQL database with fixed test keys, the demo city and one
 * demo user per role, plus helpers to sign in and call it in-process.
 */
import type { Hono } from "hono";
import type { Database } from "../db/port.ts";
import { migratedPostgres } from "../db/testing.ts";
import type { AppEnv } from "../routes/context.ts";
import { createApp } from "../server/app.ts";
import { ensureFirstAdmin } from "../server/auth/bootstrap.ts";
import type { Role } from "../server/auth/permissions.ts";
import { LiveHub } from "../server/live/hub.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { DEMO_PASSWORD, seedDemoUsers } from "../server/seed/demo_users.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { createServices, type ServiceOptions, type Services } from "../server/services.ts";

// Test-only keys (32 zero-ish bytes are fine here; production keys come from PII_KEYS).
export const TEST_KEYS = {
  piiKeys: `t1:${new Uint8Array(32).fill(7).toBase64()}`,
  piiHashKey: new Uint8Array(32).fill(9).toBase64(),
};
export const ADMIN_PASSWORD = "harbor-lantern-2026-test";

/** The demo user holding each role (server/seed/demo_users.ts). */
export const USER_OF: Record<Exclude<Role, "citizen">, string> = {
  agent: "1001",
  supervisor: "9001",
  handler: "7001",
  leader: "8001",
  auditor: "6001",
  admin: "admin",
};

export interface Session {
  cookie: string;
  csrf: string;
}

export interface TestApp {
  db: Database;
  url: string;
  hub: LiveHub;
  services: Services;
  app: Hono<AppEnv>;
  /** In-process request, optionally as a signed-in session (cookie and CSRF header added). */
  request(path: string, init?: RequestInit, as?: Session): Promise<Response>;
  signIn(workNumber: string, password?: string): Promise<Session>;
  dispose(): Promise<void>;
}

export async function startTestApp(
  options: { heartbeatMs?: number; seed?: boolean; services?: Partial<ServiceOptions> } = {},
): Promise<TestApp> {
  const { db, url, dispose } = await migratedPostgres();
  const services = await createServices(db, {
    ...TEST_KEYS,
    signInPerMinute: 1000,
    ...options.services,
  });
  await ensureFirstAdmin(db, ADMIN_PASSWORD);
  if (options.seed !== false) {
    await seedDemoCity(db);
    await seedDemoUsers(db);
    await seedDemoRouting(db);
  }
  const hub = new LiveHub(db, { pollMs: 60_000 });
  await hub.start();
  const app = createApp({
    db,
    hub,
    services,
    heartbeatMs: options.heartbeatMs ?? 5000,
    cookies: { secure: "off", trustProxy: false },
  });
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
    url,
    hub,
    services,
    app,
    request,
    async signIn(workNumber, password) {
      const res = await request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          work_number: workNumber,
          password: password ?? (workNumber === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD),
        }),
      });
      if (res.status !== 200) {
        throw new Error(`sign-in of ${workNumber} failed: ${res.status} ${await res.text()}`);
      }
      const cookie = res.headers.get("set-cookie")!.split(";")[0];
      return { cookie, csrf: (await res.json()).csrf };
    },
    async dispose() {
      await hub.stop();
      await dispose();
    },
  };
}
