import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import SupervisorDesk from "../islands/SupervisorDesk.tsx";
import { acdSnapshot } from "../server/acd/acd_snapshot.ts";
import { can } from "../server/auth/permissions.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";

export function supervisorRoutes(
  { db, heartbeatMs }: { db: Database; heartbeatMs: number },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/supervisor", guard("acd.view"), async (c) => {
    const actor = c.get("actor")!;
    const [snapshot, groups, skills] = await Promise.all([
      acdSnapshot(db, Date.now()),
      db.query<{ code: string; name: string }>("select code, name from agent_groups order by code"),
      db.query<{ code: string; name: string }>("select code, name from skills order by code"),
    ]);
    return c.html(renderPage(
      {
        title: "班长席",
        liveTopics: ["call", "seat", "alarm", "media"],
        lastEventId: snapshot.last_event_id,
        heartbeatMs,
        bodyClass: "dark",
        actor,
      },
      <main>
        <Island
          name="SupervisorDesk"
          component={SupervisorDesk}
          props={{
            snapshot,
            groups,
            skills,
            canSupervise: can(actor.roles, "seats.supervise"),
            canMonitor: can(actor.roles, "calls.monitor"),
            csrf: actor.csrf,
          }}
        />
      </main>,
    ));
  });
  return app;
}
