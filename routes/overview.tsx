import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import { overviewSnapshot } from "../server/live/overview.ts";
import OpsOverview from "../islands/OpsOverview.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";

export function overviewRoutes(
  { db, heartbeatMs }: { db: Database; heartbeatMs: number },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", guard("overview.view"), async (c) => {
    const snapshot = await overviewSnapshot(db, new Date());
    return c.html(renderPage(
      {
        title: "运行总览",
        liveTopics: [],
        lastEventId: snapshot.lastEventId,
        heartbeatMs,
        bodyClass: "dark",
        actor: c.get("actor"),
      },
      <main>
        <Island
          name="OpsOverview"
          component={OpsOverview}
          props={{ window: snapshot.window, recent: snapshot.recent }}
        />
      </main>,
    ));
  });
  app.get(
    "/api/overview",
    guard("overview.view"),
    async (c) => c.json(await overviewSnapshot(db, new Date())),
  );
  return app;
}
