import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import type { LiveHub } from "../server/live/hub.ts";
import type { MediaLayer } from "../telephony/media_layer.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const DB_TIMEOUT_MS = 2000;

/** Public liveness and readiness: 200 when the database answers and the listener listens. */
export function healthRoutes(
  { db, hub, media }: { db: Database; hub: LiveHub; media?: MediaLayer },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", guard("public"), async (c) => {
    const started = performance.now();
    let database: { ok: boolean; kind: string; ms?: number; error?: string };
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        db.query("select 1"),
        new Promise((_, reject) =>
          timer = setTimeout(() => reject(new Error("timeout")), DB_TIMEOUT_MS)
        ),
      ]).finally(() => clearTimeout(timer));
      database = {
        ok: true,
        kind: db.kind,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (error) {
      // Public: say that it failed, not where the database lives (the log has the details).
      console.error("healthz: database check failed:", (error as Error).message);
      database = { ok: false, kind: db.kind, error: "unavailable" };
    }
    const status = hub.status;
    const listener = {
      ok: status.listener === "listening",
      status: status.listener,
      last_event_id: status.lastId,
    };
    const ok = database.ok && listener.ok;
    // The media layer is reported, not required: the dashboards work without it, and it may still
    // be building its worker when everything else is up.
    const m = media?.status ??
      { status: "unavailable", reason: "not started in this process", workers: 0 };
    return c.json({ ok, database, listener, media: m }, ok ? 200 : 503);
  });
  return app;
}
