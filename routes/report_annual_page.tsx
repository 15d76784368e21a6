/**
 * 年度工作总结 (`/reports/annual?year=`): the auto-drafted summary of a year in an editable box,
 * with the figures it was drafted from beneath, so every number in the text can be traced.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { formatDateTime } from "../islands/format.ts";
import SummaryDraft from "../islands/SummaryDraft.tsx";
import { can } from "../server/auth/permissions.ts";
import { TYPE_NAMES } from "../server/cases/case_labels.ts";
import { chinaDay } from "../server/cases/working_days.ts";
import { type AppError, parseOrThrow } from "../server/errors.ts";
import { annualInputs } from "../server/reports/annual_inputs.ts";
import {
  type AnnualInputs,
  draftAnnualSummary,
  rateChange,
} from "../server/reports/annual_summary.ts";
import type { Compared, ReportSection } from "../server/reports/report_model.ts";
import { badInput, filled, InputError } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";
import { ReportTable } from "./report_tables.tsx";

const yearNow = (now: number) => Number(chinaDay(now).slice(0, 4));

const YearQuery = (now: number) =>
  z.object({
    year: z.coerce.number({ message: "年度为四位数字" }).int("年度为四位数字").min(
      2000,
      "年度不早于 2000 年",
    )
      .max(yearNow(now), "年度不能晚于今年").default(yearNow(now)),
  }).strict();

/** The figures the draft used, as report sections (the same tables the 统计报表 page shows). */
export function figureSections(i: AnnualInputs): ReportSection[] {
  const f = i.figures;
  const row = (name: string, c: Compared) => ({
    name,
    value: c.value,
    last_year: c.last_year,
    yoy: c.yoy,
  });
  const counts: ReportSection = {
    title:
      `受理与话务（${f.range.from} 至 ${f.range.to}，上年同期 ${f.last_year.from} 至 ${f.last_year.to}）`,
    columns: [
      { key: "name", label: "指标", kind: "text" },
      { key: "value", label: "本期", kind: "int" },
      { key: "last_year", label: "上年同期", kind: "int" },
      { key: "yoy", label: "同比", kind: "delta" },
    ],
    rows: [
      row("受理诉求（件）", f.cases.total),
      ...Object.entries(f.cases.by_type).map(([t, c]) => row(`　${TYPE_NAMES[t] ?? t}类`, c)),
      row("呼入来电（次）", f.calls.offered),
      row("接通（次）", f.calls.answered),
      row("放弃（次）", f.calls.abandoned),
    ],
  };
  const rate = (name: string, c: Compared) => ({
    name,
    value: c.value,
    last_year: c.last_year,
    change: rateChange(c)?.replace(/^比上年/, "") ?? null,
  });
  const rates: ReportSection = {
    title: "办理质效",
    columns: [
      { key: "name", label: "指标", kind: "text" },
      { key: "value", label: "本期", kind: "rate" },
      { key: "last_year", label: "上年同期", kind: "rate" },
      { key: "change", label: "变化", kind: "text" },
    ],
    rows: [
      rate("按时办结率", f.cases.on_time_rate),
      rate("响应率", f.cases.response_rate),
      rate("解决率", f.cases.resolution_rate),
      rate("满意率", f.cases.satisfaction_rate),
      rate("15秒接通率", f.calls.service_level_15s),
    ],
  };
  const total = f.cases.total.value ?? 0;
  const categories: ReportSection = {
    title: "诉求分类（一级）",
    columns: [
      { key: "name", label: "分类", kind: "text" },
      { key: "count", label: "件数", kind: "int" },
      { key: "share", label: "占比", kind: "rate" },
    ],
    rows: (i.topCategories ?? []).map((c) => ({
      name: c.name,
      count: c.count,
      share: total ? c.count / total : null,
    })),
  };
  const departments: ReportSection = {
    title: "承办单位排名（按综合得分，同统计报表）",
    columns: [
      { key: "rank", label: "排名", kind: "int" },
      { key: "name", label: "承办单位", kind: "text" },
      { key: "cases", label: "件数", kind: "int" },
      { key: "on_time_rate", label: "按时办结率", kind: "rate" },
      { key: "satisfaction_rate", label: "满意率", kind: "rate" },
    ],
    rows: (i.departments ?? []).map((d, n) => ({ rank: n + 1, ...d })),
  };
  return [counts, rates, categories, departments];
}

export function annualSummaryRoutes(d: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/reports/annual", guard("reports.view"), async (c) => {
    const actor = c.get("actor")!;
    const now = Date.now();
    const asked = filled(c.req.query());
    let inputs: AnnualInputs | null = null;
    let error: AppError | null = null;
    try {
      const { year } = parseOrThrow(YearQuery(now), asked, "year");
      inputs = await annualInputs(d.db, year, now);
    } catch (e) {
      error = badInput(e);
    }
    const year = inputs?.year ?? yearNow(now);
    const exportQuery = (format: string) =>
      new URLSearchParams({ kind: "annual", from: `${year}-01-01`, format });
    return c.html(
      renderPage(
        { title: "年度工作总结", actor },
        <main class="page wide reports annual">
          <link rel="stylesheet" href="/static/reports.css" />
          <link rel="stylesheet" href="/static/annual_summary.css" />
          <h1>年度工作总结（初稿）</h1>
          <form method="get" action="/reports/annual" class="card no-print">
            <label>
              年度{" "}
              <input
                type="number"
                name="year"
                min={2000}
                max={yearNow(now)}
                value={asked.year ?? String(year)}
              />
            </label>{" "}
            <button class="btn" type="submit">生成初稿</button>{" "}
            <a href={`/reports?kind=annual&from=${year}-01-01`}>查看{year}年年报</a>
            {can(actor.roles, "reports.export") &&
              (["xlsx", "pdf"] as const).map((f) => (
                <span key={f}>
                  {" · "}
                  <a href={`/api/reports/export?${exportQuery(f)}`}>导出年报 {f.toUpperCase()}</a>
                </span>
              ))}
          </form>
          <InputError error={error} labels={{ year: "年度" }} />
          {inputs && (
            <>
              <p class="muted">
                初稿根据 {inputs.figures.range.from} 至 {inputs.figures.range.to}{" "}
                的统计数据自动生成（{formatDateTime(now)}），同比为上年同期。可直接修改后复制；
                修改只保存在本机浏览器中。
              </p>
              <Island
                name="SummaryDraft"
                component={SummaryDraft}
                props={{ year, draft: draftAnnualSummary(inputs) }}
              />
              <h2>初稿所用数据</h2>
              {figureSections(inputs).map((s, i) => (
                <ReportTable key={s.title} section={s} index={i} />
              ))}
            </>
          )}
        </main>,
      ),
      error ? 400 : 200,
    );
  });
  return app;
}
