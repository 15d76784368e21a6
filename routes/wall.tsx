import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import WallScreen from "../islands/WallScreen.tsx";
import { acdSnapshot } from "../server/acd/acd_snapshot.ts";
import type { AlarmService } from "../server/acd/alarm_service.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";

const list = (allowed: RegExp) =>
  z.string().optional().transform((s, ctx) => {
    const items = s ? s.split(",").filter(Boolean) : [];
    const bad = items.filter((x) => !allowed.test(x));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `不认识的取值 (unknown): ${bad.join(", ")}` });
    }
    return items;
  });

/**
 * Each wall's layout is its URL (a wall's browser opens its own): `queues=general,complaint`
 * shows only those queues, `views=queues,seats,cases` and `rotate=20` cycle between the views
 * (cases: open, due-soon and overdue cases per department).
 */
const WallLayout = z.object({
  queues: list(/^[a-z][a-z0-9_]{0,31}$/),
  views: list(/^(queues|seats|cases)$/).transform((
    v,
  ) => (v.length > 0 ? v as ("queues" | "seats" | "cases")[] : ["queues" as const])),
  rotate: z.coerce.number().int().min(5).max(3600).optional(),
}).strict();

export type WallLayoutValue = z.output<typeof WallLayout>;

/** The wall screen: no top bar, no scrolling, readable across the room. */
export function wallRoutes(
  { db, heartbeatMs, alarms, cases }: {
    db: Database;
    heartbeatMs: number;
    alarms: AlarmService;
    cases: CaseService;
  },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/wall", guard("acd.view"), async (c) => {
    const layout = parseOrThrow(WallLayout, c.req.query(), "wall layout");
    const withCases = layout.views.includes("cases");
    const [snapshot, thresholds, deadlines] = await Promise.all([
      acdSnapshot(db, Date.now()),
      alarms.thresholds(),
      withCases ? cases.deadlineCounts() : [],
    ]);
    return c.html(renderPage(
      {
        title: "实时话务大屏",
        liveTopics: withCases ? ["call", "seat", "cases"] : ["call", "seat"],
        lastEventId: snapshot.last_event_id,
        heartbeatMs,
        bodyClass: "dark wallpage",
      },
      <main class="wall-main">
        <Island
          name="WallScreen"
          component={WallScreen}
          props={{ snapshot, thresholds, layout, deadlines }}
        />
      </main>,
    ));
  });
  return app;
}
