/**
 * 统计报表: `GET /api/reports/summary` (headline figures with 同比 and 环比),
 * `GET /api/reports/period` (a whole Report as JSON) and the page `/reports` that renders it,
 * printable, with links to the exports. Definitions: docs/reports.md.
 */
import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import PrintButton from "../islands/PrintButton.tsx";
import { chinaDay } from "../server/cases/working_days.ts";
import { type AppError, parseOrThrow } from "../server/errors.ts";
import { buildPeriodReport } from "../server/reports/period_report.ts";
import { PERIOD_KINDS, PERIOD_NAMES } from "../server/reports/periods.ts";
import type { Report } from "../server/reports/report_model.ts";
import { paramsOf, PeriodQuery, SummaryQuery } from "../server/reports/report_query.ts";
import { loadRefs, type ReportRefs } from "../server/reports/report_refs.ts";
import { buildSummary } from "../server/reports/summary.ts";
import { badInput, filled, InputError } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { formatDateTime } from "../islands/format.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";
import { ReportTable } from "./report_tables.tsx";

const LABELS = {
  kind: "报表",
  from: "日期",
  to: "结束日期",
  category_id: "分类",
  department_id: "承办单位",
  district_code: "区县",
};
const FORMATS = [["csv", "CSV"], ["xlsx", "Excel"], ["pdf", "PDF"]] as const;

function Picker(
  { asked, refs }: { asked: Record<string, string>; refs: ReportRefs },
) {
  const categories = [...refs.categories.values()].filter((c) => c.level <= 2)
    .sort((a, b) => a.code.localeCompare(b.code));
  const departments = [...refs.departments].sort(([, a], [, b]) => a.localeCompare(b, "zh-CN"));
  return (
    <form method="get" action="/reports" class="card no-print" data-testid="report-picker">
      <label>
        报表{" "}
        <select name="kind">
          {PERIOD_KINDS.map((k) => (
            <option key={k} value={k} selected={(asked.kind ?? "monthly") === k}>
              {PERIOD_NAMES[k]}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        日期 <input type="date" name="from" value={asked.from ?? ""} required />
      </label>{" "}
      <label>
        至（自定义时段） <input type="date" name="to" value={asked.to ?? ""} />
      </label>{" "}
      <label>
        分类{" "}
        <select name="category_id">
          <option value="">全部</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id} selected={asked.category_id === String(c.id)}>
              {c.level === 2 ? "　" : ""}
              {c.code} {c.name}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        承办单位{" "}
        <select name="department_id">
          <option value="">全部</option>
          {departments.map(([id, name]) => (
            <option key={id} value={id} selected={asked.department_id === String(id)}>
              {name}
            </option>
          ))}
        </select>
      </label>{" "}
      <button class="btn" type="submit">查询</button>
      <p class="muted">
        日报、周报（周一至周日）、月报、季报、年报取所选日期所在的整个时段；自定义时段取起止日期。
      </p>
    </form>
  );
}

function ReportView({ report }: { report: Report }) {
  const p = report.params;
  const exportQuery = (format: string) =>
    new URLSearchParams(
      Object.entries({ ...p, format }).filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
  return (
    <>
      <div class="report-head">
        <h2 data-testid="report-title">{report.title}</h2>
        <div class="no-print report-actions">
          导出：{FORMATS.map(([f, label]) => (
            <a key={f} href={`/api/reports/export?${exportQuery(f)}`} data-testid={`export-${f}`}>
              {label}
            </a>
          ))}
          <Island name="PrintButton" component={PrintButton} props={{}} />
        </div>
      </div>
      <p class="muted">
        统计时段 {p.from} 至 {p.to}（北京时间）· 生成于 {formatDateTime(report.generated_at)}{" "}
        · 同比：去年同期；环比：紧邻的上一同长时段（整月按月计）。超期未办结为生成时的实时数。
      </p>
      {report.sections.map((s, i) => <ReportTable key={s.title} section={s} index={i} />)}
    </>
  );
}

export function reportRoutes(d: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/api/reports/summary", guard("reports.view"), async (c) => {
    const range = parseOrThrow(SummaryQuery, filled(c.req.query()), "summary query");
    return c.json(await buildSummary(d.db, range));
  });

  app.get("/api/reports/period", guard("reports.view"), async (c) => {
    const q = parseOrThrow(PeriodQuery, filled(c.req.query()), "report query");
    return c.json(await buildPeriodReport(d.db, paramsOf(q)));
  });

  app.get("/reports", guard("reports.view"), async (c) => {
    const actor = c.get("actor")!;
    const query = filled(c.req.query());
    const asked = Object.keys(query).length > 0
      ? query
      : { kind: "monthly", from: chinaDay(Date.now()) };
    const refs = await loadRefs(d.db);
    let report: Report | null = null;
    let error: AppError | null = null;
    try {
      report = await buildPeriodReport(d.db, paramsOf(parseOrThrow(PeriodQuery, asked, "query")));
    } catch (e) {
      error = badInput(e);
    }
    return c.html(
      renderPage(
        { title: "统计报表", actor },
        <main class="page wide reports">
          <link rel="stylesheet" href="/static/reports.css" />
          <h1 class="no-print">统计报表</h1>
          <Picker asked={asked} refs={refs} />
          <InputError error={error} labels={LABELS} />
          {report && <ReportView report={report} />}
        </main>,
      ),
      error ? 400 : 200,
    );
  });
  return app;
}
