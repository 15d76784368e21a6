import { Hono } from "hono";
import { Fragment } from "preact";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import type { QueueAdmin, QueueRecord } from "../server/acd/queue_admin.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { auditActor } from "../server/auth/actor.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

const seconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalSeconds = z.string().regex(/^\d{0,5}$/, "请填写秒数").transform((
  s,
) => (s === "" ? null : Number(s)))
  .refine((v) => v === null || v > 0, "须大于 0");
const QueueForm = z.object({
  name: z.string().trim().min(1).max(32),
  priority: seconds(1, 10),
  service_level_seconds: seconds(1, 600),
  ring_timeout_seconds: seconds(5, 120),
  overflow_after_seconds: optionalSeconds,
  overflow_queue: z.string().max(32).transform((s) => s || null),
  max_wait_seconds: optionalSeconds,
  max_wait_action: z.enum(["voicemail", "callback"]),
  wrap_up_seconds: seconds(0, 3600),
  active: z.literal("on").optional().transform((v) => v === "on"),
});
const CodeParam = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]*$/, "无效的队列编码") });

const FIELDS: [keyof QueueRecord, string, string][] = [
  ["priority", "队列优先级（1–10）", "number"],
  ["service_level_seconds", "服务水平时限 T（秒）", "number"],
  ["ring_timeout_seconds", "振铃超时（秒）", "number"],
  ["overflow_after_seconds", "溢出等待时间（秒，空=不溢出）", "text"],
  ["max_wait_seconds", "最长等待（秒，空=不限）", "text"],
  ["wrap_up_seconds", "话后处理时长（秒）", "number"],
];

/** Queue parameters: the list · edit · audit pattern of the admin pages. */
export function adminQueueRoutes(d: { db: Database; queueAdmin: QueueAdmin }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/queues", guard("queues.manage"), async (c) => {
    const queues = await d.queueAdmin.list();
    return c.html(renderPage(
      { title: "队列管理", actor: c.get("actor") },
      <main class="page">
        <h1>队列管理</h1>
        <table class="list">
          <thead>
            <tr>
              <th>队列</th>
              <th>技能</th>
              <th>优先级</th>
              <th>T</th>
              <th>振铃超时</th>
              <th>溢出</th>
              <th>最长等待</th>
              <th>话后</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.code}>
                <td>
                  <a href={`/admin/queues/${q.code}`}>{q.name}</a>
                </td>
                <td>{q.skill_code}</td>
                <td>{q.priority}</td>
                <td>{q.service_level_seconds} 秒</td>
                <td>{q.ring_timeout_seconds} 秒</td>
                <td>
                  {q.overflow_queue
                    ? `${q.overflow_after_seconds} 秒后 → ${q.overflow_queue}`
                    : "—"}
                </td>
                <td>
                  {q.max_wait_seconds
                    ? `${q.max_wait_seconds} 秒后${
                      q.max_wait_action === "callback" ? "预约回拨" : "留言"
                    }`
                    : "—"}
                </td>
                <td>{q.wrap_up_seconds} 秒</td>
                <td>{q.active ? "启用" : "停用"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>,
    ));
  });

  app.get("/queues/:code", guard("queues.manage"), async (c) => {
    const { code } = parseOrThrow(CodeParam, c.req.param(), "queue code");
    const actor = c.get("actor")!;
    const [q, all, history] = await Promise.all([
      d.queueAdmin.get(code),
      d.queueAdmin.list(),
      searchAudit(d.db, { object_type: "queue", object_id: code }, { limit: 50, offset: 0 }),
    ]);
    return c.html(renderPage(
      { title: q.name, actor },
      <main class="page">
        <h1>{q.name}（{q.code}）</h1>
        <form method="post" action={`/admin/queues/${code}`} class="form-grid card">
          <CsrfField actor={actor} />
          <label for="name">名称</label>
          <input id="name" name="name" value={q.name} required />
          {FIELDS.map(([field, label, type]) => (
            <Fragment key={field}>
              <label for={field}>{label}</label>
              <input id={field} name={field} type={type} value={String(q[field] ?? "")} />
            </Fragment>
          ))}
          <label for="overflow_queue">溢出到</label>
          <select id="overflow_queue" name="overflow_queue">
            <option value="">（不溢出）</option>
            {all.filter((o) => o.code !== code).map((o) => (
              <option key={o.code} value={o.code} selected={q.overflow_queue === o.code}>
                {o.name}
              </option>
            ))}
          </select>
          <label for="max_wait_action">超过最长等待</label>
          <select id="max_wait_action" name="max_wait_action">
            <option value="callback" selected={q.max_wait_action === "callback"}>
              提供预约回拨
            </option>
            <option value="voicemail" selected={q.max_wait_action === "voicemail"}>
              转市长信箱留言
            </option>
          </select>
          <label for="active">启用</label>
          <input id="active" type="checkbox" name="active" checked={q.active} />
          <span />
          <button class="btn" type="submit">保存</button>
        </form>
        <ObjectHistory rows={history.rows} />
      </main>,
    ));
  });

  app.post("/queues/:code", guard("queues.manage"), async (c) => {
    const { code } = parseOrThrow(CodeParam, c.req.param(), "queue code");
    const settings = await formBody(c, QueueForm, "queue form");
    await d.queueAdmin.update(auditActor(c.get("actor"), c.get("origin")), code, settings);
    return c.redirect(`/admin/queues/${code}`, 303);
  });
  return app;
}
