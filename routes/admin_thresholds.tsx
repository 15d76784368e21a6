import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import type { AlarmService } from "../server/acd/alarm_service.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { auditActor } from "../server/auth/actor.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

const NAMES = {
  longest_wait_s: "最长等待（秒）",
  waiting: "排队数",
  service_level_15s: "15秒接通率（0–1，近15分钟）",
  abandon_rate: "放弃率（0–1，近15分钟）",
} as const;
const ThresholdForm = z.object({
  name: z.enum(Object.keys(NAMES) as [keyof typeof NAMES, ...(keyof typeof NAMES)[]]),
  warn: z.coerce.number().min(0).max(100_000),
  bad: z.coerce.number().min(0).max(100_000),
});

/** Alarm thresholds: what turns the wall amber and red and raises the desk's alarms. */
export function adminThresholdRoutes(d: { db: Database; alarms: AlarmService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/thresholds", guard("queues.manage"), async (c) => {
    const actor = c.get("actor")!;
    const [thresholds, history] = await Promise.all([
      d.alarms.thresholds(),
      searchAudit(d.db, { object_type: "threshold" }, { limit: 50, offset: 0 }),
    ]);
    return c.html(renderPage(
      { title: "告警阈值", actor },
      <main class="page">
        <h1>告警阈值</h1>
        {Object.entries(NAMES).map(([name, label]) => {
          const t = thresholds[name as keyof typeof NAMES];
          return (
            <form key={name} method="post" action="/admin/thresholds" class="form-grid card">
              <CsrfField actor={actor} />
              <input type="hidden" name="name" value={name} />
              <strong>{label}</strong>
              <span class="muted">{t.worse === "above" ? "高于阈值为异常" : "低于阈值为异常"}</span>
              <label for={`${name}-warn`}>黄色 ▲</label>
              <input id={`${name}-warn`} name="warn" value={String(t.warn)} />
              <label for={`${name}-bad`}>红色 ■</label>
              <input id={`${name}-bad`} name="bad" value={String(t.bad)} />
              <span />
              <button class="btn" type="submit">保存</button>
            </form>
          );
        })}
        <ObjectHistory rows={history.rows} />
      </main>,
    ));
  });

  app.post("/thresholds", guard("queues.manage"), async (c) => {
    const f = await formBody(c, ThresholdForm, "threshold form");
    await d.alarms.setThreshold(auditActor(c.get("actor"), c.get("origin")), f.name, f.warn, f.bad);
    return c.redirect("/admin/thresholds", 303);
  });
  return app;
}
