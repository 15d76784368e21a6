/**
 * The auto-drafted annual work summary (年度工作总结初稿): the year's figures in the words a 12345
 * centre's summary uses, for the leader to edit. Pure: figures in, Chinese text out.
 *
 * Wording rules: counts compare as 同比上升/下降 x%; rates compare in 百分点 (提高/降低), never
 * as a percentage of a percentage; a change that rounds to 0.0 is 基本持平; without last year's
 * figure there is no comparison, and the text says so once instead of inventing one. Every
 * percentage has one decimal.
 */
import { TYPE_NAMES } from "../cases/case_labels.ts";
import type { Compared, SummaryFigures } from "./report_model.ts";

export interface NamedCount {
  name: string;
  count: number;
}

export interface RankedDepartment {
  name: string;
  cases: number;
  on_time_rate: number | null;
  satisfaction_rate: number | null;
}

export interface AnnualInputs {
  year: number;
  figures: SummaryFigures;
  /** Level-1 categories by case count, largest first. */
  topCategories?: NamedCount[];
  /** Lead departments in ranking order, best first. */
  departments?: RankedDepartment[];
}

const TYPE_ORDER = ["consultation", "complaint", "report", "suggestion", "help", "praise"];

export const pct1 = (x: number) => `${fixed1(x * 100)}%`;

/** One decimal, halves away from zero as people round (87.65 → 87.7), without a "-0.0". */
function fixed1(x: number): string {
  const tenths = Math.round(Number(Math.abs(x * 10).toPrecision(12)));
  return `${x < 0 && tenths > 0 ? "-" : ""}${(tenths / 10).toFixed(1)}`;
}

const day = (iso: string) => {
  const [, m, d] = iso.split("-").map(Number);
  return `${m}月${d}日`;
};

/** "同比上升 3.4%", "同比下降 12.0%", "与上年同期基本持平", or null when there is no base. */
export function countChange(c: Compared): string | null {
  if (c.value === null || c.last_year === null || c.last_year === 0) return null;
  const change = (c.value - c.last_year) / c.last_year;
  const shown = fixed1(Math.abs(change) * 100);
  if (shown === "0.0") return "与上年同期基本持平";
  return `同比${change > 0 ? "上升" : "下降"}${shown}%`;
}

/** "比上年提高 1.2 个百分点", "…降低…", "与上年持平", or null when either year has no rate. */
export function rateChange(c: Compared): string | null {
  if (c.value === null || c.last_year === null) return null;
  const points = (c.value - c.last_year) * 100;
  const shown = fixed1(Math.abs(points));
  if (shown === "0.0") return "与上年持平";
  return `比上年${points > 0 ? "提高" : "降低"}${shown}个百分点`;
}

function periodWords(f: SummaryFigures, year: number): string {
  const whole = f.range.from === `${year}-01-01` && f.range.to === `${year}-12-31`;
  return whole ? `${year}年` : `${year}年${day(f.range.from)}至${day(f.range.to)}`;
}

function intake(i: AnnualInputs, noBase: string[]): string {
  const { figures: f } = i;
  const total = f.cases.total.value ?? 0;
  const change = countChange(f.cases.total);
  if (change === null) noBase.push("受理量");
  let text = `${periodWords(f, i.year)}，12345政务服务便民热线共受理群众诉求${total}件`;
  if (change) text += `，${change}（上年同期${f.cases.total.last_year}件）`;
  const parts = TYPE_ORDER
    .map((t) => ({ t, n: f.cases.by_type[t]?.value ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
    .map(({ t, n }) => {
      const c = countChange(f.cases.by_type[t]);
      return `${TYPE_NAMES[t]}类${n}件，占${pct1(n / total)}${c ? `，${c}` : ""}`;
    });
  if (total > 0 && parts.length) text += `。其中${parts.join("；")}`;
  return text + "。";
}

function topics(list: NamedCount[] | undefined, total: number): string | null {
  const top = (list ?? []).filter((c) => c.count > 0).slice(0, 5);
  if (top.length === 0 || total === 0) return null;
  const items = top.map((c) => `${c.name}（${c.count}件，占${pct1(c.count / total)}）`);
  return `从诉求内容看，群众反映较集中的${top.length === 1 ? "是" : `前${top.length}类依次是`}${
    items.join("、")
  }。`;
}

function calls(f: SummaryFigures, noBase: string[]): string | null {
  const offered = f.calls.offered.value;
  if (!offered) return null;
  const answered = f.calls.answered.value ?? 0;
  const change = countChange(f.calls.offered);
  if (change === null) noBase.push("呼入量");
  const parts = [
    `热线呼入来电${offered}次${change ? `，${change}` : ""}`,
    `接通${answered}次，接通率${pct1(answered / offered)}`,
  ];
  const sl = f.calls.service_level_15s;
  if (sl.value !== null) {
    const c = rateChange(sl);
    parts.push(`15秒接通率${pct1(sl.value)}${c ? `，${c}` : ""}`);
  }
  const aht = f.calls.aht_s.value;
  if (aht !== null) parts.push(`平均通话处理时长${Math.round(aht)}秒`);
  return parts.join("；") + "。";
}

function rates(f: SummaryFigures, noBase: string[]): string | null {
  const list: [string, Compared][] = [
    ["按时办结率", f.cases.on_time_rate],
    ["响应率", f.cases.response_rate],
    ["解决率", f.cases.resolution_rate],
    ["满意率", f.cases.satisfaction_rate],
  ];
  const parts = list.filter(([, c]) => c.value !== null).map(([name, c]) => {
    const change = rateChange(c);
    if (change === null) noBase.push(name);
    return `${name}${pct1(c.value!)}${change ? `，${change}` : ""}`;
  });
  return parts.length ? `办理质效方面，工单${parts.join("；")}。` : null;
}

function departments(list: RankedDepartment[] | undefined): string | null {
  const ranked = (list ?? []).filter((d) => d.cases > 0);
  if (ranked.length < 2) return null;
  const show = (d: RankedDepartment) => {
    const r = [
      d.on_time_rate === null ? null : `按时办结率${pct1(d.on_time_rate)}`,
      d.satisfaction_rate === null ? null : `满意率${pct1(d.satisfaction_rate)}`,
    ].filter(Boolean);
    return `${d.name}（${d.cases}件${r.length ? `，${r.join("，")}` : ""}）`;
  };
  const top = ranked.slice(0, 3);
  let text = `承办单位综合排名前${top.length}位的是${top.map(show).join("、")}`;
  const bottom = ranked.slice(Math.max(top.length, ranked.length - 2));
  if (bottom.length) text += `；排名靠后的是${bottom.map(show).join("、")}，需加强督办`;
  return text + "。";
}

/** The draft: a paragraph per topic, then a placeholder for what figures cannot say. */
export function draftAnnualSummary(i: AnnualInputs): string {
  const noBase: string[] = [];
  const f = i.figures;
  const paragraphs = [
    intake(i, noBase),
    topics(i.topCategories, f.cases.total.value ?? 0),
    calls(f, noBase),
    rates(f, noBase),
    departments(i.departments),
  ].filter((p): p is string => p !== null);
  if (noBase.length) {
    paragraphs.push(`上年同期无可比数据，${noBase.join("、")}不作同比。`);
  }
  paragraphs.push(
    "（以下请补充：主要做法与成效、存在的问题、下一步工作打算。）",
  );
  return paragraphs.map((p) => `　　${p}`).join("\n\n");
}
