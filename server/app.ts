import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Database } from "../db/port.ts";
import { eventsRoutes } from "../routes/events_sse.ts";
import { healthRoutes } from "../routes/healthz.ts";
import { overviewRoutes } from "../routes/overview.tsx";
import { staticRoutes } from "../routes/static_files.ts";
import { AppError } from "./errors.ts";
import type { LiveHub } from "./live/hub.ts";

export interface AppDeps {
  db: Database;
  hub: LiveHub;
  heartbeatMs: number;
}

/** The whole HTTP surface, composed from thin route modules over injected services. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // chart.js sizes its canvas through style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  }));
  app.route("/healthz", healthRoutes(deps));
  app.route("/api/events", eventsRoutes(deps));
  app.route("/static", staticRoutes());
  app.route("/", overviewRoutes(deps));

  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404)
  );
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json(
        { error: { code: error.code, message: error.message, issues: error.issues } },
        error.status,
      );
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json(
      { error: { code: "internal", message: "内部错误，请稍后重试 (internal error)" } },
      500,
    );
  });
  return app;
}
