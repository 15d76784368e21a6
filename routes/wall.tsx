import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import WallScreen from "../islands/WallScreen.tsx";
import { acdSnapshot } from "../server/acd/acd_snapshot.ts";
import type { AlarmService } from "../server/acd/alarm_service.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";

/** The wall screen: no top bar, no scrolling, readable across the room. */
export function wallRoutes(
  { db, heartbeatMs, alarms }: { db: Database; heartbeatMs: number; alarms: AlarmService },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/wall", guard("acd.view"), async (c) => {
    const [snapshot, thresholds] = await Promise.all([
      acdSnapshot(db, Date.now()),
      alarms.thresholds(),
    ]);
    return c.html(renderPage(
      {
        title: "实时话务大屏",
        liveTopics: ["call", "seat"],
        lastEventId: snapshot.last_event_id,
        heartbeatMs,
        bodyClass: "dark wallpage",
      },
      <main class="wall-main">
        <Island name="WallScreen" component={WallScreen} props={{ snapshot, thresholds }} />
      </main>,
    ));
  });
  return app;
}
