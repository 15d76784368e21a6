import { type Context, Hono } from "hono";
import { z } from "zod";
import { percent } from "../islands/format.ts";
import type { DepartmentDeadlines } from "../server/cases/case_deadlines.ts";
import type { DepartmentRates } from "../server/cases/case_rates.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import { chinaDay } from "../server/cases/working_days.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import { badInput, filled, InputError, isCalendarDay } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD")
  .refine(isCalendarDay, "没有这一天");
const Period = z.object({ from: day.optional(), to: day.optional() }).strict();

interface Row {
  name: string;
  rates: DepartmentRates | undefined;
  deadlines: DepartmentDeadlines | undefined;
}

/** The period in China-time days, both inclusive; this month so far when not given. */
function periodOf(c: Context<AppEnv>) {
  const p = parseOrThrow(Period, filled(c.req.query()), "period");
  const today = chinaDay(Date.now());
  const from = p.from ?? `${today.slice(0, 8)}01`;
  const to = p.to ?? today;
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000);
  if (!(start < end)) {
    throw new AppError(400, "invalid_request", "起始日期须不晚于结束日期", [
      { path: "from", message: "起始日期须不晚于结束日期" },
    ]);
  }
  return { from, to, start, end };
}

/** Departments with cases dispatched in the period or open now, by name. */
async function table(cases: CaseService, start: Date, end: Date): Promise<Row[]> {
  const [rates, deadlines] = await Promise.all([cases.rates(start, end), cases.deadlineCounts()]);
  const rows = new Map<number, Row>();
  for (const r of rates) {
    rows.set(r.department_id, { name: r.department_name, rates: r, deadlines: undefined });
  }
  for (const x of deadlines) {
    const row = rows.get(x.department_id) ??
      { name: x.department_name, rates: undefined, deadlines: undefined };
    row.deadlines = x;
    rows.set(x.department_id, row);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

const COLUMNS: [string, (r: Row) => string][] = [
  ["承办单位", (r) => r.name],
  ["派单数", (r) => String(r.rates?.dispatched ?? 0)],
  ["按时签收", (r) => String(r.rates?.signed_in_time ?? 0)],
  ["响应率", (r) => percent(r.rates?.response_rate ?? null)],
  ["按期办结率", (r) => percent(r.rates?.on_time_rate ?? null)],
  ["回访数", (r) => String(r.rates?.callbacks ?? 0)],
  ["解决率", (r) => percent(r.rates?.resolution_rate ?? null)],
  ["满意率", (r) => percent(r.rates?.satisfaction_rate ?? null)],
  ["在办", (r) => String(r.deadlines?.open ?? 0)],
  ["▲ 即将到期", (r) => String(r.deadlines?.warning ?? 0)],
  ["■ 已超期", (r) => String(r.deadlines?.overdue ?? 0)],
];

function csvCell(text: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** 三率统计 per lead department, with today's deadline counts beside them. */
export function caseRatesRoutes(d: { cases: CaseService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/cases/rates", guard("cases.rates"), async (c) => {
    const actor = c.get("actor")!;
    const asked = filled(c.req.query());
    let rows: Row[] | null = null;
    let period: ReturnType<typeof periodOf> | null = null;
    let error: AppError | null = null;
    try {
      period = periodOf(c);
      rows = await table(d.cases, period.start, period.end);
    } catch (e) {
      error = badInput(e);
    }
    return c.html(
      renderPage(
        { title: "三率统计", actor },
        <main class="page wide">
          <h1>三率统计</h1>
          <form method="get" action="/cases/rates" class="card">
            <label>
              派单日期从 <input type="date" name="from" value={period?.from ?? asked.from ?? ""} />
            </label>{" "}
            <label>
              到 <input type="date" name="to" value={period?.to ?? asked.to ?? ""} />
            </label>{" "}
            <button class="btn" type="submit">统计</button>
            {period && (
              <>
                {" "}
                <a
                  href={`/cases/rates.csv?${new URLSearchParams({
                    from: period.from,
                    to: period.to,
                  })}`}
                  data-testid="rates-csv"
                >
                  导出 CSV
                </a>
              </>
            )}
          </form>
          <InputError error={error} labels={{ from: "派单日期从", to: "到" }} />
          {rows && (
            <>
              <p class="muted">
                响应率：派单后 1
                个工作日内签收；按期办结率：首次回复不晚于办理时限；解决率、满意率：首次接通的回访。
                在办、即将到期、已超期为当前实时数。
              </p>
              <table class="list" data-testid="rates-rows">
                <thead>
                  <tr>{COLUMNS.map(([h]) => <th key={h}>{h}</th>)}</tr>
                </thead>
                <tbody>
                  {rows.length === 0 && (
                    <tr>
                      <td colSpan={COLUMNS.length} class="muted">本期没有派单</td>
                    </tr>
                  )}
                  {rows.map((r) => (
                    <tr key={r.name}>
                      {COLUMNS.map(([h, cell], i) => (
                        <td key={h} class={i === 0 ? undefined : "num"}>{cell(r)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </main>,
      ),
      error ? 400 : 200,
    );
  });

  app.get("/cases/rates.csv", guard("cases.rates"), async (c) => {
    const { from, to, start, end } = periodOf(c);
    const rows = await table(d.cases, start, end);
    const lines = [
      COLUMNS.map(([h]) => csvCell(h.replace(/^[▲■] /, ""))).join(","),
      ...rows.map((r) => COLUMNS.map(([, cell]) => csvCell(cell(r))).join(",")),
    ];
    // The BOM makes spreadsheet programs read the Chinese as UTF-8.
    return c.body("\uFEFF" + lines.join("\r\n") + "\r\n", 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rates-${from}-${to}.csv"`,
    });
  });
  return app;
}
