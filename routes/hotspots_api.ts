import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import { parseOrThrow } from "../server/errors.ts";
import { buildHotspots } from "../server/hotspots/hotspot_engine.ts";
import { HotspotQuery } from "../server/hotspots/hotspot_query.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

/**
 * `GET /api/hotspots?from=&to=`: top categories and districts, rising topics, keywords and the
 * rest of the hotspot analysis of a range (server/hotspots/hotspot_engine.ts, docs/hotspots.md).
 */
export function hotspotApiRoutes({ db, pii }: { db: Database; pii: PiiCipher }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/api/hotspots", guard("hotspots.view"), async (c) => {
    const range = parseOrThrow(HotspotQuery, c.req.query(), "hotspot range");
    return c.json(await buildHotspots(db, range, { pii }));
  });
  return app;
}
