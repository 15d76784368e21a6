import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { auditActor } from "../server/auth/actor.ts";
import type { CalendarDay, RoutingAdmin } from "../server/cases/routing_admin.ts";
import { chinaDay } from "../server/cases/working_days.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

// Forms only take the fields apart; RoutingAdmin checks the values (422 with every issue).
const DayForm = z.object({ day: z.string().trim(), kind: z.string(), name: z.string() });
const RemoveDayForm = z.object({ day: z.string().trim() });
const YearQuery = z.object({ year: z.string().regex(/^\d{4}$/, "年份为 4 位数字").optional() });

const KIND_NAMES = { holiday: "节假日（放假）", workday: "调休上班" } as const;
const WEEKDAYS = "日一二三四五六";

/** 工作日历: the holidays and make-up working days deadlines are counted with. */
export function adminCalendarRoutes(d: { db: Database; routing: RoutingAdmin }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/calendar", guard("routing.manage"), async (c) => {
    const actor = c.get("actor")!;
    const q = parseOrThrow(YearQuery, c.req.query(), "calendar page");
    const year = q.year ? Number(q.year) : Number(chinaDay(Date.now()).slice(0, 4));
    const [days, history] = await Promise.all([
      d.routing.calendar(year),
      searchAudit(d.db, { action: "calendar." }, { limit: 50, offset: 0 }),
    ]);
    return c.html(renderPage(
      { title: `工作日历 ${year}`, actor },
      <main class="page">
        <h1>工作日历 {year} 年</h1>
        <p>
          <a href={`/admin/calendar?year=${year - 1}`}>← {year - 1} 年</a>
          {"　"}
          <a href={`/admin/calendar?year=${year + 1}`}>{year + 1} 年 →</a>
        </p>
        <p class="muted">
          周六、周日默认休息。这里登记国务院公布的节假日安排：放假的日子和周末调休上班的日子。办理时限按此计算。
        </p>
        <CalendarMonths year={year} days={days} />
        <section class="card">
          <h2>节假日与调休上班日</h2>
          {days.length === 0
            ? <p class="muted">本年尚未登记</p>
            : (
              <table class="list" data-testid="calendar-days">
                <thead>
                  <tr>
                    <th>日期</th>
                    <th>星期</th>
                    <th>类型</th>
                    <th>名称</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {days.map((x) => (
                    <tr key={x.day}>
                      <td>{x.day}</td>
                      <td>周{WEEKDAYS[new Date(`${x.day}T00:00:00Z`).getUTCDay()]}</td>
                      <td>{KIND_NAMES[x.kind]}</td>
                      <td>{x.name}</td>
                      <td>
                        <form method="post" action="/admin/calendar/remove" class="inline">
                          <CsrfField actor={actor} />
                          <input type="hidden" name="day" value={x.day} />
                          <button type="submit">删除</button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </section>
        <h2>登记或修改一天</h2>
        <form method="post" action="/admin/calendar" class="form-grid card">
          <CsrfField actor={actor} />
          <label for="day">日期</label>
          <input id="day" name="day" type="date" required />
          <label for="kind">类型</label>
          <select id="kind" name="kind">
            {Object.entries(KIND_NAMES).map(([k, label]) => (
              <option key={k} value={k}>{label}</option>
            ))}
          </select>
          <label for="name">名称</label>
          <input id="name" name="name" placeholder="如：春节、春节调休上班" required />
          <span />
          <button class="btn" type="submit">保存</button>
        </form>
        <ObjectHistory rows={history.rows} />
      </main>,
    ));
  });

  app.post("/calendar", guard("routing.manage"), async (c) => {
    const f = await formBody(c, DayForm, "calendar form");
    await d.routing.setDay(
      auditActor(c.get("actor"), c.get("origin")),
      f.day,
      f.kind,
      f.name,
    );
    return c.redirect(`/admin/calendar?year=${f.day.slice(0, 4)}`, 303);
  });

  app.post("/calendar/remove", guard("routing.manage"), async (c) => {
    const f = await formBody(c, RemoveDayForm, "calendar form");
    await d.routing.removeDay(auditActor(c.get("actor"), c.get("origin")), f.day);
    return c.redirect(`/admin/calendar?year=${f.day.slice(0, 4)}`, 303);
  });
  return app;
}

const HOLIDAY = "background:#fdecec;color:#a11";
const WORKDAY = "background:#e5f6ec;color:#17693a;font-weight:bold";
const WEEKEND = "color:#9aa8b8";

/**
 * The year at a glance, twelve small months: red days off, green make-up working days, grey
 * ordinary weekends. The day's name shows on hover. Weeks start on Monday, as Chinese calendars do.
 */
function CalendarMonths({ year, days }: { year: number; days: CalendarDay[] }) {
  const marked = new Map(days.map((d) => [d.day, d]));
  return (
    <section class="card" data-testid="calendar-months">
      <p>
        <span style={`${HOLIDAY};padding:0 6px`}>放假</span>{" "}
        <span style={`${WORKDAY};padding:0 6px`}>调休上班</span>{" "}
        <span style={`${WEEKEND};padding:0 6px`}>周末</span>
      </p>
      <div style="display:flex;flex-wrap:wrap;gap:16px">
        {Array.from({ length: 12 }, (_, m) => {
          const first = new Date(Date.UTC(year, m, 1));
          const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
          const lead = (first.getUTCDay() + 6) % 7; // blanks before the 1st, Monday first
          const cells: (number | null)[] = [
            ...Array<null>(lead).fill(null),
            ...Array.from({ length }, (_, i) => i + 1),
          ];
          const weeks = Array.from(
            { length: Math.ceil(cells.length / 7) },
            (_, w) => cells.slice(w * 7, w * 7 + 7),
          );
          return (
            <table key={m} style="border-collapse:collapse;font-size:13px;text-align:center">
              <caption style="font-weight:bold">{m + 1} 月</caption>
              <thead>
                <tr>
                  {[..."一二三四五六日"].map((w) => <th key={w} style="padding:2px 4px">{w}</th>)}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week, w) => (
                  <tr key={w}>
                    {week.map((n, i) => {
                      if (n === null) return <td key={i} />;
                      const day = `${year}-${String(m + 1).padStart(2, "0")}-${
                        String(n).padStart(2, "0")
                      }`;
                      const mark = marked.get(day);
                      const style = mark
                        ? mark.kind === "holiday" ? HOLIDAY : WORKDAY
                        : i >= 5
                        ? WEEKEND
                        : "";
                      return (
                        <td key={i} style={`padding:2px 4px;${style}`} title={mark?.name}>
                          {n}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}
