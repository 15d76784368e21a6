import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import { seesAllCases } from "../server/cases/case_access.ts";
import { CaseSearch } from "../server/cases/case_search.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import { type AppError, parseOrThrow } from "../server/errors.ts";
import { caseDeptRoutes } from "./case_dept_page.tsx";
import { badInput, CaseTable, filled, InputError, isCalendarDay } from "./case_list_table.tsx";
import { caseLookupRoutes } from "./case_lookup_page.tsx";
import { caseRatesRoutes } from "./case_rates_page.tsx";
import { CaseSearchForm, FILTER_LABELS, loadFilterOptions } from "./case_search_form.tsx";
import { caseTaskRoutes } from "./case_tasks_page.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

type Found = Awaited<ReturnType<CaseService["search"]>>;

/** The service's search, with real calendar days, so "2026-13-45" is a 400 here, not a 500. */
const PageSearch = CaseSearch.superRefine((v, ctx) => {
  for (const key of ["from", "to"] as const) {
    const day = v[key];
    if (day && !isCalendarDay(day)) {
      ctx.addIssue({ code: "custom", path: [key], message: "没有这一天" });
    }
  }
});

/**
 * The staff case pages over the case service: search, the department workbench, the hotline's
 * work queue, the three rates, and the citizen's lookup. Pages only read; every step on a case
 * goes through the case API or the case page.
 */
export function casePageRoutes(d: { db: Database; cases: CaseService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/cases", guard("cases.read"), async (c) => {
    const actor = c.get("actor")!;
    const q = filled(c.req.query());
    const options = await loadFilterOptions(d.db);
    let found: Found | null = null;
    let error: AppError | null = null;
    try {
      found = await d.cases.search(actor, parseOrThrow(PageSearch, q, "case search"));
    } catch (e) {
      error = badInput(e);
    }
    const rest = new URLSearchParams(Object.entries(q).filter(([k]) => k !== "page"));
    const pageLink = (page: number) => {
      const p = new URLSearchParams(rest);
      p.set("page", String(page));
      return `/cases?${p}`;
    };
    return c.html(
      renderPage(
        { title: "工单查询", actor },
        <main class="page wide">
          <h1>工单查询</h1>
          {!seesAllCases(actor) && <p class="muted">仅显示本单位承办或协办的工单。</p>}
          <CaseSearchForm q={q} options={options} />
          <InputError error={error} labels={FILTER_LABELS} />
          {found && (
            <>
              <CaseTable rows={found.rows} testid="case-rows" />
              <nav class="pager" aria-label="翻页">
                {found.page > 1 && <a href={pageLink(found.page - 1)}>← 上一页</a>}
                <span>第 {found.page} 页</span>
                {found.has_next && <a href={pageLink(found.page + 1)}>下一页 →</a>}
              </nav>
            </>
          )}
        </main>,
      ),
      error ? 400 : 200,
    );
  });

  app.route("/", caseTaskRoutes(d));
  app.route("/", caseDeptRoutes(d));
  app.route("/", caseRatesRoutes(d));
  app.route("/", caseLookupRoutes(d));
  return app;
}
