import type { ComponentChildren } from "preact";
import { formatDateTime } from "../islands/format.ts";
import { STATUS_NAMES } from "../server/cases/case_flow.ts";
import type { CaseListRow } from "../server/cases/case_search.ts";
import { CASE_TYPE_NAMES } from "../server/cases/deadline_rules.ts";
import { chinaDay } from "../server/cases/working_days.ts";
import { AppError } from "../server/errors.ts";

// One set of Chinese names with the case detail page.
export { CHANNEL_NAMES } from "../server/cases/case_labels.ts";

export const typeName = (t: string) => CASE_TYPE_NAMES[t as keyof typeof CASE_TYPE_NAMES] ?? t;
export const statusName = (s: string) => STATUS_NAMES[s as keyof typeof STATUS_NAMES] ?? s;

/** China time to the minute: lists are read at a glance, the seconds only add noise. */
export const minute = (at: Date | string | number) => formatDateTime(at).slice(0, 16);

/** A query without its blank fields: an empty GET form field means "no filter", not "". */
export function filled(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ""));
}

/** "YYYY-MM-DD" that is a real day: "2026-13-45" passes a pattern, but the database refuses it. */
export const isCalendarDay = (s: string) => chinaDay(Date.parse(`${s}T00:00:00+08:00`) || 0) === s;

/** A 400 from parseOrThrow, to be shown on the page; anything else is not ours to handle. */
export function badInput(e: unknown): AppError {
  if (e instanceof AppError && e.status === 400) return e;
  throw e;
}

export function InputError(
  { error, labels = {} }: { error: AppError | null; labels?: Record<string, string> },
) {
  if (!error) return null;
  return (
    <div class="notice error" role="alert" data-testid="input-error">
      <strong>查询条件有误：</strong>
      <ul>
        {(error.issues ?? [{ path: "", message: error.message }]).map((i, k) => (
          <li key={k}>{i.path && `${labels[i.path] ?? i.path}：`}{i.message}</li>
        ))}
      </ul>
    </div>
  );
}

const LIGHTS = {
  green: { mark: "●", word: "正常" },
  yellow: { mark: "▲", word: "即将到期" },
  red: { mark: "■", word: "已超期" },
} as const;

/** The deadline light: a coloured mark and a word, so it reads without colour too. */
export function DeadlineLight({ light }: { light: string | null }) {
  const l = LIGHTS[light as keyof typeof LIGHTS];
  if (!l) return null;
  return (
    <span class={`light light-${light}`} data-light={light}>
      <span class="light-mark" aria-hidden="true">{l.mark}</span> {l.word}
    </span>
  );
}

export const caseLink = (n: string) => <a href={`/cases/${n}`}>{n}</a>;

export interface ExtraColumn {
  head: string;
  cell: (r: CaseListRow) => ComponentChildren;
}

/** The staff case list: the same columns on the search, the workbench and the work queue. */
export function CaseTable(
  { rows, testid, extra }: { rows: readonly CaseListRow[]; testid: string; extra?: ExtraColumn },
) {
  if (rows.length === 0) return <p class="muted" data-testid={testid}>没有工单</p>;
  return (
    <table class="list case-list" data-testid={testid}>
      <thead>
        <tr>
          <th>工单编号</th>
          <th>类型</th>
          <th>状态</th>
          <th>分类</th>
          <th>区县</th>
          <th>承办单位</th>
          <th>摘要</th>
          <th>来电号码</th>
          <th>登记时间</th>
          <th>办理时限</th>
          {extra && <th>{extra.head}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.case_number} data-case={r.case_number}>
            <td class="num">{caseLink(r.case_number)}</td>
            <td>{typeName(r.type)}</td>
            <td>{r.status_name}</td>
            <td>{r.category_name ?? "—"}</td>
            <td>{r.district_name ?? "—"}</td>
            <td>{r.lead_department_name ?? "—"}</td>
            <td class="summary">{r.summary}</td>
            <td class="num">{r.citizen_phone ?? "—"}</td>
            <td class="num">{minute(r.created_at)}</td>
            <td class="num">
              {r.due_at ? minute(r.due_at) : "—"} <DeadlineLight light={r.light} />
            </td>
            {extra && <td>{extra.cell(r)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How many a list shows: "100+" when the page was full and more exist (no count(*) scans). */
export const countOf = (r: { rows: readonly unknown[]; has_next: boolean }) =>
  r.has_next ? `${r.rows.length}+` : String(r.rows.length);

export function Section(
  { id, title, count, children }: {
    id: string;
    title: string;
    count: string;
    children: ComponentChildren;
  },
) {
  return (
    <section class="card" id={id} data-testid={`section-${id}`}>
      <h2 class="section-title">
        {title} <span class="count">{count}</span>
      </h2>
      {children}
    </section>
  );
}
