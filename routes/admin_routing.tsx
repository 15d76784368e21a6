import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { type AuditRow, searchAudit } from "../server/audit/audit_search.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { CASE_TYPE_NAMES } from "../server/cases/deadline_rules.ts";
import type { RoutingAdmin, RoutingRow } from "../server/cases/routing_admin.ts";
import { parseOrThrow } from "../server/errors.ts";
import { adminCalendarRoutes } from "./admin_calendar.tsx";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

// Forms only take the fields apart; RoutingAdmin checks the values (422 with every issue).
const digits = (what: string) => z.string().regex(/^\d{1,9}$/, `无效的${what}`).transform(Number);
const number = z.string().trim().transform((s) => s === "" ? Number.NaN : Number(s));
const list = (sep: RegExp) =>
  z.string().transform((s) => s.split(sep).map((x) => x.trim()).filter((x) => x !== ""));
const RouteForm = z.object({
  category_id: digits("分类"),
  lead_department_id: z.string().transform((s) => s === "" ? 0 : Number(s)),
  working_days: z.string().trim().transform((s) => s === "" ? null : Number(s)),
  keywords: list(/[,，、;；\s]+/),
});
const RemoveRouteForm = z.object({ category_id: digits("分类"), group: digits("分组").optional() });
const GroupQuery = z.object({ group: digits("分组").optional() });
const PolicyForm = z.object({
  type: z.string(),
  working_days: number,
  warn_working_days: number,
});
const TimesForm = z.object({ times: list(/[,，、;；\s]+/) });

const DEPARTMENT_KINDS = {
  bureau: "市级部门",
  district: "区政府",
  utility: "公用企业",
  other: "其他",
};

async function historyOf(db: Database, ...actions: string[]): Promise<AuditRow[]> {
  const found = await Promise.all(
    actions.map((action) => searchAudit(db, { action }, { limit: 50, offset: 0 })),
  );
  return found.flatMap((f) => f.rows).sort((a, b) => b.seq - a.seq).slice(0, 50);
}

/** 派单目录, 办理时限 and 工作日历: the operator-edited rules of the case loop. */
export function adminRoutingRoutes(d: { db: Database; routing: RoutingAdmin }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const page = (actor: Actor, title: string, body: preact.JSX.Element) =>
    renderPage({ title, actor }, <main class="page">{body}</main>);

  app.get("/routing", guard("routing.manage"), async (c) => {
    const actor = c.get("actor")!;
    const { group } = parseOrThrow(GroupQuery, c.req.query(), "routing page");
    const [rows, departments, history] = await Promise.all([
      d.routing.list(),
      d.db.query<
        { id: number; name: string; kind: keyof typeof DEPARTMENT_KINDS; active: boolean }
      >(
        "select id, name, kind, active from departments order by id",
      ),
      historyOf(d.db, "routing."),
    ]);
    const groups = new Map<number, { name: string; rows: RoutingRow[] }>();
    for (const r of rows) {
      const g = groups.get(r.group_id) ?? { name: r.group_name, rows: [] };
      g.rows.push(r);
      groups.set(r.group_id, g);
    }
    const current = group !== undefined && groups.has(group) ? group : [...groups.keys()][0];
    const shown = groups.get(current)?.rows ?? [];
    const unrouted = rows.filter((r) => r.lead_department_id === null && r.active).length;
    return c.html(page(
      actor,
      "派单目录",
      <>
        <h1>派单目录</h1>
        <p class="muted">
          每个末级分类的默认承办部门、办理时限（工作日；留空则按工单类型的时限）和群众的常用说法
          （关键词，受理时据此推荐分类）。紧急工单按紧急程度处理，不在此设置。
        </p>
        <p>
          已设置 {rows.length - unrouted} / {rows.length} 个末级分类
          {unrouted > 0 && <span class="tag bad">{unrouted} 个未设置，需人工派单</span>}
        </p>
        <p data-testid="routing-groups">
          {[...groups].map(([id, g]) => {
            const missing = g.rows.filter((r) => r.lead_department_id === null).length;
            return (
              <a
                key={id}
                href={`/admin/routing?group=${id}`}
                class={id === current ? "tag" : undefined}
                style="margin-right:12px"
              >
                {g.name}
                {missing > 0 && <span class="tag bad">{missing}</span>}
              </a>
            );
          })}
        </p>
        <table class="list" data-testid="routing-table">
          <thead>
            <tr>
              <th>二级分类</th>
              <th>末级分类</th>
              <th>承办部门</th>
              <th>时限（工作日）</th>
              <th>关键词（逗号分隔）</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const form = `route-${r.category_id}`;
              return (
                <tr key={r.category_id} id={`c${r.category_id}`}>
                  <td>{r.path.split(" / ").slice(1, -1).join(" / ")}</td>
                  <td>
                    {r.name}
                    {!r.active && <span class="muted">（停用）</span>}
                  </td>
                  <td>
                    <select name="lead_department_id" form={form} aria-label={`${r.name}承办部门`}>
                      <option value="">（未设置）</option>
                      {Object.entries(DEPARTMENT_KINDS).map(([kind, label]) => (
                        <optgroup key={kind} label={label}>
                          {departments.filter((x) =>
                            x.kind === kind && (x.active || x.id === r.lead_department_id)
                          ).map((x) => (
                            <option
                              key={x.id}
                              value={String(x.id)}
                              selected={x.id === r.lead_department_id}
                            >
                              {x.name}
                              {!x.active && "（已停用）"}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      name="working_days"
                      form={form}
                      size={3}
                      inputMode="numeric"
                      placeholder="按类型"
                      value={r.working_days === null ? "" : String(r.working_days)}
                      aria-label={`${r.name}办理时限`}
                    />
                  </td>
                  <td>
                    <input
                      name="keywords"
                      form={form}
                      size={28}
                      value={r.keywords.join("，")}
                      aria-label={`${r.name}关键词`}
                    />
                  </td>
                  <td>
                    <form id={form} method="post" action="/admin/routing" class="inline">
                      <CsrfField actor={actor} />
                      <input type="hidden" name="category_id" value={String(r.category_id)} />
                      <button class="btn" type="submit">保存</button>
                    </form>
                    {r.lead_department_id !== null && (
                      <form method="post" action="/admin/routing/remove" class="inline">
                        <CsrfField actor={actor} />
                        <input type="hidden" name="category_id" value={String(r.category_id)} />
                        <input type="hidden" name="group" value={String(current)} />
                        <button type="submit" title="移出派单目录，改为人工派单">移除</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ObjectHistory rows={history} />
      </>,
    ));
  });

  app.post("/routing", guard("routing.manage"), async (c) => {
    const { category_id, ...fields } = await formBody(c, RouteForm, "routing form");
    const row = await d.routing.setRoute(
      auditActor(c.get("actor"), c.get("origin")),
      category_id,
      fields,
    );
    return c.redirect(`/admin/routing?group=${row.group_id}#c${row.category_id}`, 303);
  });

  app.post("/routing/remove", guard("routing.manage"), async (c) => {
    const f = await formBody(c, RemoveRouteForm, "routing form");
    await d.routing.removeRoute(auditActor(c.get("actor"), c.get("origin")), f.category_id);
    return c.redirect(`/admin/routing${f.group ? `?group=${f.group}` : ""}`, 303);
  });

  app.get("/deadlines", guard("routing.manage"), async (c) => {
    const actor = c.get("actor")!;
    const [policies, times, history] = await Promise.all([
      d.routing.policies(),
      d.routing.reminderTimes(),
      historyOf(d.db, "deadline_policy.", "reminder_times."),
    ]);
    return c.html(page(
      actor,
      "办理时限",
      <>
        <h1>办理时限</h1>
        <section class="card">
          <h2>各类工单的办理时限</h2>
          <p class="muted">
            按工作日计，从登记次日起算，到期日 24 时截止；0
            表示当日办结。派单目录中设置了时限的分类以分类为准。
            剩余工作日少于预警天数时亮黄灯，超期亮红灯。
          </p>
          <table class="list" data-testid="policies">
            <thead>
              <tr>
                <th>类型</th>
                <th>办理时限（工作日）</th>
                <th>黄灯预警（剩余工作日少于）</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => {
                const form = `policy-${p.type}`;
                return (
                  <tr key={p.type}>
                    <td>{CASE_TYPE_NAMES[p.type]}</td>
                    <td>
                      <input
                        name="working_days"
                        form={form}
                        size={3}
                        value={String(p.working_days)}
                        aria-label={`${CASE_TYPE_NAMES[p.type]}办理时限`}
                      />
                    </td>
                    <td>
                      <input
                        name="warn_working_days"
                        form={form}
                        size={3}
                        value={String(p.warn_working_days)}
                        aria-label={`${CASE_TYPE_NAMES[p.type]}黄灯预警`}
                      />
                    </td>
                    <td>
                      <form id={form} method="post" action="/admin/deadlines" class="inline">
                        <CsrfField actor={actor} />
                        <input type="hidden" name="type" value={p.type} />
                        <button class="btn" type="submit">保存</button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h2>自动催办时间</h2>
          <p class="muted">
            每天在这些时间（北京时间）对超期和超时未签收的工单自动催办；最多 8 个，用逗号分隔，如
            09:00, 15:00。留空则不自动催办。
          </p>
          <form method="post" action="/admin/deadlines/reminders" class="form-grid">
            <CsrfField actor={actor} />
            <label for="times">催办时间</label>
            <input id="times" name="times" value={times.join(", ")} />
            <span />
            <button class="btn" type="submit">保存</button>
          </form>
        </section>
        <ObjectHistory rows={history} />
      </>,
    ));
  });

  app.post("/deadlines", guard("routing.manage"), async (c) => {
    const f = await formBody(c, PolicyForm, "deadline form");
    await d.routing.setPolicy(
      auditActor(c.get("actor"), c.get("origin")),
      f.type,
      f.working_days,
      f.warn_working_days,
    );
    return c.redirect("/admin/deadlines", 303);
  });

  app.post("/deadlines/reminders", guard("routing.manage"), async (c) => {
    const f = await formBody(c, TimesForm, "reminder times form");
    await d.routing.setReminderTimes(auditActor(c.get("actor"), c.get("origin")), f.times);
    return c.redirect("/admin/deadlines", 303);
  });

  app.route("/", adminCalendarRoutes(d));
  return app;
}
