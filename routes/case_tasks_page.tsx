import { Hono } from "hono";
import type { CaseService } from "../server/cases/case_service.ts";
import {
  caseLink,
  CaseTable,
  countOf,
  minute,
  Section,
  statusName,
  typeName,
} from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

interface ReviewTask {
  case_number: string;
  status: string;
  kind: "return" | "extension" | "reply";
  reason: string | null;
  extra_working_days: number | null;
  at: Date;
  department_name: string | null;
}

interface CallbackTask {
  case_number: string;
  type: string;
  reviewed_at: Date;
  summary: string;
  lead_department_name: string | null;
  attempts: number;
}

const reviewName = (r: ReviewTask) =>
  r.kind === "return"
    ? "退单"
    : r.kind === "extension"
    ? `延期 ${r.extra_working_days ?? "?"} 个工作日`
    : "办结回复";

/** 待办: what the hotline has to do next, oldest waiting first where the service orders so. */
export function caseTaskRoutes(d: { cases: CaseService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/cases/tasks", guard("cases.dispatch"), async (c) => {
    const actor = c.get("actor")!;
    const list = { page: 1, page_size: 100 } as const;
    const [registered, overdue, reviews, callbacks] = await Promise.all([
      d.cases.search(actor, { ...list, status: "registered" }),
      d.cases.search(actor, { ...list, overdue: "1" }),
      d.cases.pendingReviews() as Promise<unknown[]> as Promise<ReviewTask[]>,
      d.cases.callbackTasks() as Promise<unknown[]> as Promise<CallbackTask[]>,
    ]);
    const sections = [
      ["registered", "待派单", countOf(registered)],
      ["reviews", "待审核", String(reviews.length)],
      ["callbacks", "待回访", String(callbacks.length)],
      ["overdue", "超期工单", countOf(overdue)],
    ] as const;
    return c.html(renderPage(
      { title: "待办", actor },
      <main class="page wide">
        <h1>待办</h1>
        <p class="counts">
          {sections.map(([id, title, n]) => (
            <a key={id} href={`#${id}`} class="count-box">
              <span>{title}</span> <strong>{n}</strong>
            </a>
          ))}
        </p>
        <Section id="registered" title="待派单" count={countOf(registered)}>
          <CaseTable rows={registered.rows} testid="rows-registered" />
        </Section>
        <Section id="reviews" title="待审核（退单、延期、办结回复）" count={String(reviews.length)}>
          {reviews.length === 0
            ? <p class="muted" data-testid="rows-reviews">没有工单</p>
            : (
              <table class="list" data-testid="rows-reviews">
                <thead>
                  <tr>
                    <th>工单编号</th>
                    <th>待审事项</th>
                    <th>理由</th>
                    <th>承办单位</th>
                    <th>工单状态</th>
                    <th>提交时间</th>
                  </tr>
                </thead>
                <tbody>
                  {reviews.map((r) => (
                    <tr key={`${r.case_number}-${r.kind}`} data-case={r.case_number}>
                      <td class="num">{caseLink(r.case_number)}</td>
                      <td>{reviewName(r)}</td>
                      <td>{r.reason ?? "—"}</td>
                      <td>{r.department_name ?? "—"}</td>
                      <td>{statusName(r.status)}</td>
                      <td class="num">{minute(r.at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </Section>
        <Section id="callbacks" title="待回访" count={String(callbacks.length)}>
          {callbacks.length === 0
            ? <p class="muted" data-testid="rows-callbacks">没有工单</p>
            : (
              <table class="list" data-testid="rows-callbacks">
                <thead>
                  <tr>
                    <th>工单编号</th>
                    <th>类型</th>
                    <th>摘要</th>
                    <th>承办单位</th>
                    <th>回复审核通过</th>
                    <th>已回访次数</th>
                  </tr>
                </thead>
                <tbody>
                  {callbacks.map((r) => (
                    <tr key={r.case_number} data-case={r.case_number}>
                      <td class="num">{caseLink(r.case_number)}</td>
                      <td>{typeName(r.type)}</td>
                      <td class="summary">{r.summary}</td>
                      <td>{r.lead_department_name ?? "—"}</td>
                      <td class="num">{minute(r.reviewed_at)}</td>
                      <td class="num">{r.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </Section>
        <Section id="overdue" title="超期工单" count={countOf(overdue)}>
          <CaseTable rows={overdue.rows} testid="rows-overdue" />
        </Section>
      </main>,
    ));
  });
  return app;
}
