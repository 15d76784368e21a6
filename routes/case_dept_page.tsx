import { Hono } from "hono";
import type { Database, Queryable } from "../db/port.ts";
import type { CaseListRow } from "../server/cases/case_search.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import { caseLink, CaseTable, countOf, minute, Section } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

const WEEK = 7 * 86_400_000;

interface OpenRequest {
  case_number: string;
  kind: "return" | "extension";
  reason: string;
  extra_working_days: number | null;
}

interface Reminder {
  case_number: string;
  kind: "auto" | "manual";
  reason: string;
  sent_at: Date;
}

/** Returns and extensions the department asked for that the hotline has not decided yet. */
function openRequests(db: Queryable, departmentId: number) {
  return db.query<OpenRequest>(
    `select c.case_number, r.kind, r.reason, r.extra_working_days
     from case_requests r join cases c on c.id = r.case_id
     where r.decision is null and c.lead_department_id = $1`,
    [departmentId],
  );
}

/** 催办 the department received since `since`, newest first. */
function remindersOf(db: Queryable, departmentId: number, since: Date) {
  return db.query<Reminder>(
    `select c.case_number, r.kind, r.reason, r.sent_at
     from case_reminders r join cases c on c.id = r.case_id
     where r.department_id = $1 and r.sent_at >= $2
     order by r.sent_at desc, r.id desc limit 200`,
    [departmentId, since],
  );
}

const requestName = (r: OpenRequest) =>
  r.kind === "return"
    ? `退单：${r.reason}`
    : `延期 ${r.extra_working_days ?? "?"} 个工作日：${r.reason}`;

/**
 * 承办单位工作台: the cases the department leads, by what it has to do. A case with a return or
 * an extension waiting for the hotline is listed under 待审核 only, so the sections add up.
 */
export function caseDeptRoutes(d: { db: Database; cases: CaseService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/dept", guard("cases.handle"), async (c) => {
    const actor = c.get("actor")!;
    const departmentId = actor.departmentId;
    if (departmentId === null) {
      return c.html(renderPage(
        { title: "承办单位工作台", actor },
        <main class="page">
          <h1>承办单位工作台</h1>
          <p class="notice error">您的账号尚未关联承办单位，请联系系统管理员。</p>
        </main>,
      ));
    }
    const list = { department_id: departmentId, page: 1, page_size: 100 } as const;
    const [[dept], dispatched, signed, returned, replied, requests, reminders] = await Promise.all([
      d.db.query<{ name: string }>("select name from departments where id = $1", [departmentId]),
      d.cases.search(actor, { ...list, status: "dispatched" }),
      d.cases.search(actor, { ...list, status: "signed" }),
      d.cases.search(actor, { ...list, status: "returned" }),
      d.cases.search(actor, { ...list, status: "replied" }),
      openRequests(d.db, departmentId),
      remindersOf(d.db, departmentId, new Date(Date.now() - WEEK)),
    ]);
    const pending = new Map(requests.map((r) => [r.case_number, r]));
    const waiting = (r: CaseListRow) => pending.has(r.case_number);
    const toSign = dispatched.rows.filter((r) => !waiting(r));
    const handling = signed.rows.filter((r) => !waiting(r));
    const review = [
      ...returned.rows,
      ...dispatched.rows.filter(waiting),
      ...signed.rows.filter(waiting),
    ]
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
    const more = (r: { has_next: boolean }, n: number) => r.has_next ? `${n}+` : String(n);
    const sections = [
      ["to-sign", "待签收", more(dispatched, toSign.length)],
      ["handling", "办理中", more(signed, handling.length)],
      ["review", "退单/延期待审核", String(review.length)],
      ["replied", "已回复待审核", countOf(replied)],
      ["reminders", "近 7 天催办", String(reminders.length)],
    ] as const;
    return c.html(renderPage(
      { title: "承办单位工作台", actor },
      <main class="page wide">
        <h1>
          承办单位工作台 · <span data-testid="dept-name">{dept?.name ?? "—"}</span>
        </h1>
        <p class="counts">
          {sections.map(([id, title, n]) => (
            <a key={id} href={`#${id}`} class="count-box" data-testid={`count-${id}`}>
              <span>{title}</span> <strong>{n}</strong>
            </a>
          ))}
        </p>
        <Section id="to-sign" title="待签收" count={sections[0][2]}>
          <CaseTable rows={toSign} testid="rows-to-sign" />
        </Section>
        <Section id="handling" title="办理中" count={sections[1][2]}>
          <CaseTable rows={handling} testid="rows-handling" />
        </Section>
        <Section id="review" title="退单/延期待审核" count={sections[2][2]}>
          <CaseTable
            rows={review}
            testid="rows-review"
            extra={{
              head: "待审申请",
              cell: (r) => {
                const p = pending.get(r.case_number);
                return p ? requestName(p) : "退单";
              },
            }}
          />
        </Section>
        <Section id="replied" title="已回复待审核" count={sections[3][2]}>
          <CaseTable rows={replied.rows} testid="rows-replied" />
        </Section>
        <Section id="reminders" title="近 7 天收到的催办" count={sections[4][2]}>
          {reminders.length === 0
            ? <p class="muted" data-testid="rows-reminders">没有催办</p>
            : (
              <table class="list" data-testid="rows-reminders">
                <thead>
                  <tr>
                    <th>时间</th>
                    <th>方式</th>
                    <th>原因</th>
                    <th>工单编号</th>
                  </tr>
                </thead>
                <tbody>
                  {reminders.map((r, i) => (
                    <tr key={i} data-case={r.case_number}>
                      <td class="num">{minute(r.sent_at)}</td>
                      <td>{r.kind === "auto" ? "自动" : "人工"}</td>
                      <td>{r.reason}</td>
                      <td class="num">{caseLink(r.case_number)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </Section>
      </main>,
    ));
  });
  return app;
}
