import type { ComponentChildren } from "preact";
import type { Queryable } from "../db/port.ts";
import { STATUS_NAMES } from "../server/cases/case_flow.ts";
import { CASE_TYPE_NAMES } from "../server/cases/deadline_rules.ts";
import { CHANNEL_NAMES } from "./case_list_table.tsx";

export interface FilterOptions {
  categories: { id: number; name: string; level: number }[];
  districts: { code: string; name: string }[];
  departments: { id: number; name: string }[];
}

export const FILTER_LABELS: Record<string, string> = {
  number: "工单编号",
  phone: "来电号码",
  q: "诉求内容",
  category_id: "分类",
  district_code: "区县",
  department_id: "承办单位",
  status: "状态",
  type: "类型",
  channel: "渠道",
  overdue: "只看超期",
  from: "登记日期从",
  to: "登记日期到",
  page: "页码",
  page_size: "每页条数",
};

/** The choices of the search form; the category tree in code order, so children follow parents. */
export async function loadFilterOptions(db: Queryable): Promise<FilterOptions> {
  const [categories, districts, departments] = await Promise.all([
    db.query<FilterOptions["categories"][number]>(
      "select id, name, level from case_categories where active order by code",
    ),
    db.query<FilterOptions["districts"][number]>(
      "select code, name from districts where level = 'district' order by code",
    ),
    db.query<FilterOptions["departments"][number]>(
      "select id, name from departments where active order by id",
    ),
  ]);
  return { categories, districts, departments };
}

const INDENT = ["", "", "　", "　　"];

function Select(
  { name, value, options }: {
    name: string;
    value: string | undefined;
    options: readonly (readonly [string, string])[];
  },
) {
  return (
    <select id={`f-${name}`} name={name}>
      <option value="">全部</option>
      {options.map(([v, label]) => <option key={v} value={v} selected={v === value}>{label}
      </option>)}
    </select>
  );
}

/** GET form over every staff search filter; `q` holds what was asked, as typed. */
export function CaseSearchForm(
  { q, options }: { q: Record<string, string>; options: FilterOptions },
) {
  const field = (name: string, input: ComponentChildren) => (
    <label for={`f-${name}`}>
      <span>{FILTER_LABELS[name]}</span>
      {input}
    </label>
  );
  const text = (name: string, extra: Record<string, string> = {}) => (
    <input id={`f-${name}`} name={name} value={q[name] ?? ""} {...extra} />
  );
  return (
    <form method="get" action="/cases" class="card case-filters" data-testid="case-filters">
      {field("number", text("number", { inputmode: "numeric", maxlength: "8" }))}
      {field("phone", text("phone", { inputmode: "tel" }))}
      {field("q", text("q", { placeholder: "关键词" }))}
      {field(
        "category_id",
        <Select
          name="category_id"
          value={q.category_id}
          options={options.categories.map((c) => [String(c.id), INDENT[c.level] + c.name])}
        />,
      )}
      {field(
        "district_code",
        <Select
          name="district_code"
          value={q.district_code}
          options={options.districts.map((d) => [d.code, d.name])}
        />,
      )}
      {field(
        "department_id",
        <Select
          name="department_id"
          value={q.department_id}
          options={options.departments.map((d) => [String(d.id), d.name])}
        />,
      )}
      {field(
        "status",
        <Select name="status" value={q.status} options={Object.entries(STATUS_NAMES)} />,
      )}
      {field(
        "type",
        <Select name="type" value={q.type} options={Object.entries(CASE_TYPE_NAMES)} />,
      )}
      {field(
        "channel",
        <Select name="channel" value={q.channel} options={Object.entries(CHANNEL_NAMES)} />,
      )}
      {field("from", text("from", { type: "date" }))}
      {field("to", text("to", { type: "date" }))}
      <label for="f-overdue" class="check">
        <input
          id="f-overdue"
          type="checkbox"
          name="overdue"
          value="1"
          checked={q.overdue === "1"}
        />
        <span>{FILTER_LABELS.overdue}</span>
      </label>
      <div class="actions">
        <button class="btn" type="submit">查询</button> <a href="/cases">清空条件</a>
      </div>
    </form>
  );
}
