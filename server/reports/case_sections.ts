/** The case sections of a period report (工单). Pure: counters and names in, sections out. */
import { CHANNEL_NAMES, TYPE_NAMES } from "../cases/case_labels.ts";
import type { CaseBreakdown } from "./case_rollups.ts";
import {
  addInto,
  CASE_CHANNELS,
  CASE_TYPES,
  type CaseCounts,
  caseRates,
  change,
  emptyCases,
  ratio,
} from "./figures.ts";
import { periodLabel } from "./periods.ts";
import { categoryAt, type ReportRefs } from "./report_refs.ts";
import type { DayRange, ReportColumn, ReportRow, ReportSection } from "./report_model.ts";

export interface CaseData {
  range: DayRange;
  lastYear: DayRange;
  previous: DayRange;
  cur: CaseBreakdown;
  ly: CaseBreakdown;
  pv: CaseBreakdown;
  refs: ReportRefs;
}

const text = (key: string, label: string): ReportColumn => ({ key, label, kind: "text" });
const int = (key: string, label: string): ReportColumn => ({ key, label, kind: "int" });
const rate = (key: string, label: string): ReportColumn => ({ key, label, kind: "rate" });
const delta = (key: string, label: string): ReportColumn => ({ key, label, kind: "delta" });
const dates = (r: DayRange) => (r.from === r.to ? r.from : `${r.from} 至 ${r.to}`);

const HEADLINE: ReportColumn[] = [
  int("registered", "受理量"),
  int("closed", "办结量"),
  rate("on_time_rate", "按时办结率"),
  int("closed_late", "超期办结"),
  int("open_overdue", "超期未办结"),
  int("dispatched", "派单量"),
  rate("response_rate", "响应率"),
  rate("resolution_rate", "解决率"),
  rate("satisfaction_rate", "满意率"),
];
const headline = (c: CaseCounts): ReportRow => {
  const r = caseRates(c);
  return {
    registered: c.registered,
    closed: c.closed,
    on_time_rate: r.on_time_rate,
    closed_late: c.closed_late,
    open_overdue: c.open_overdue,
    dispatched: c.dispatched,
    response_rate: r.response_rate,
    resolution_rate: r.resolution_rate,
    satisfaction_rate: r.satisfaction_rate,
  };
};

function overview(d: CaseData): ReportSection[] {
  const now = headline(d.cur.total);
  const vs = (label: string, base: CaseCounts): ReportRow => {
    const other = headline(base);
    return {
      period: label,
      ...Object.fromEntries(
        HEADLINE.map((
          c,
        ) => [c.key, change(now[c.key] as number | null, other[c.key] as number | null)]),
      ),
    };
  };
  return [
    {
      title: "工单概要",
      columns: [text("period", "期间"), text("dates", "日期"), ...HEADLINE],
      rows: ([["本期", d.range, d.cur], ["去年同期", d.lastYear, d.ly], [
        "上期",
        d.previous,
        d.pv,
      ]] as const).map(([label, range, b]) => ({
        period: `${label}（${periodLabel(range)}）`,
        dates: dates(range),
        ...headline(b.total),
      })),
    },
    {
      title: "工单同比、环比",
      columns: [text("period", "比较"), ...HEADLINE.map((c) => delta(c.key, c.label))],
      rows: [vs("同比", d.ly.total), vs("环比", d.pv.total)],
    },
  ];
}

/** Registered by one of the counter families (type, channel): count, share, 同比, 环比. */
function shares(
  d: CaseData,
  title: string,
  label: string,
  keys: readonly string[],
  prefix: "t_" | "ch_",
  names: Record<string, string>,
): ReportSection {
  const n = (c: CaseCounts, k: string) => c[`${prefix}${k}` as keyof CaseCounts];
  const total = d.cur.total.registered;
  return {
    title,
    columns: [
      text("name", label),
      int("registered", "受理量"),
      rate("share", "占比"),
      delta("yoy", "同比"),
      delta("mom", "环比"),
    ],
    rows: keys.map((k) => ({
      name: names[k] ?? k,
      registered: n(d.cur.total, k),
      share: ratio(n(d.cur.total, k), total),
      yoy: change(n(d.cur.total, k), n(d.ly.total, k)),
      mom: change(n(d.cur.total, k), n(d.pv.total, k)),
    })),
    totals: [{
      name: "合计",
      registered: total,
      share: total === 0 ? null : 1,
      yoy: change(total, d.ly.total.registered),
      mom: change(total, d.pv.total.registered),
    }],
  };
}

const DETAIL: ReportColumn[] = [
  int("registered", "受理量"),
  rate("share", "占比"),
  int("closed", "办结量"),
  rate("on_time_rate", "按时办结率"),
  int("closed_late", "超期办结"),
  int("open_overdue", "超期未办结"),
  delta("yoy", "受理量同比"),
  delta("mom", "受理量环比"),
];
const detail = (c: CaseCounts, total: number, ly?: CaseCounts, pv?: CaseCounts): ReportRow => ({
  registered: c.registered,
  share: ratio(c.registered, total),
  closed: c.closed,
  on_time_rate: caseRates(c).on_time_rate,
  closed_late: c.closed_late,
  open_overdue: c.open_overdue,
  yoy: change(c.registered, ly?.registered ?? 0),
  mom: change(c.registered, pv?.registered ?? 0),
});

/** Leaf categories summed up to level 1 or 2; "" collects cases without one. */
function byLevel(refs: ReportRefs, b: CaseBreakdown, level: 1 | 2): Map<string, CaseCounts> {
  const out = new Map<string, CaseCounts>();
  for (const [id, counts] of b.byCategory) {
    const code = categoryAt(refs, id, level)?.code ?? "";
    addInto(out.get(code) ?? out.set(code, emptyCases()).get(code)!, counts);
  }
  return out;
}

function byCategory(d: CaseData, level: 1 | 2): ReportSection {
  const [cur, ly, pv] = [d.cur, d.ly, d.pv].map((b) => byLevel(d.refs, b, level));
  const codes = [...cur.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
  const total = d.cur.total.registered;
  const nameOf = (code: string) => d.refs.categoryByCode.get(code)?.name ?? "未分类";
  return {
    title: level === 1 ? "工单（按一级分类）" : "工单（按二级分类）",
    columns: [
      ...(level === 2 ? [text("parent", "一级分类")] : []),
      text("code", "分类编码"),
      text("name", level === 1 ? "一级分类" : "二级分类"),
      ...DETAIL,
    ],
    rows: codes.map((code) => ({
      ...(level === 2 ? { parent: code === "" ? "" : nameOf(code.slice(0, 2)) } : {}),
      code,
      name: nameOf(code),
      ...detail(cur.get(code)!, total, ly.get(code), pv.get(code)),
    })),
    totals: [{
      ...(level === 2 ? { parent: "" } : {}),
      code: "",
      name: "合计",
      ...detail(d.cur.total, total, d.ly.total, d.pv.total),
    }],
  };
}

const RANKING: ReportColumn[] = [
  int("rank", "排名"),
  text("department", "承办单位"),
  int("registered", "受理量"),
  int("closed", "办结量"),
  rate("on_time_rate", "按时办结率"),
  int("closed_late", "超期办结"),
  int("open_overdue", "超期未办结"),
  int("dispatched", "派单量"),
  rate("response_rate", "响应率"),
  rate("reply_on_time_rate", "按期答复率"),
  rate("resolution_rate", "解决率"),
  rate("satisfaction_rate", "满意率"),
  rate("score", "综合得分"),
  delta("yoy", "受理量同比"),
  delta("mom", "受理量环比"),
];

/** 综合得分: the mean of the rates the department has (按时办结率, 响应率, 解决率, 满意率). */
export function departmentScore(c: CaseCounts): number | null {
  const r = caseRates(c);
  const known = [r.on_time_rate, r.response_rate, r.resolution_rate, r.satisfaction_rate]
    .filter((x): x is number => x !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function ranking(d: CaseData): ReportSection {
  const ranked = [...d.cur.byDepartment].filter(([id]) => id !== 0)
    .map(([id, c]) => ({ id, c, score: departmentScore(c) }))
    .sort((a, b) =>
      (b.score ?? -1) - (a.score ?? -1) || b.c.registered - a.c.registered || a.id - b.id
    );
  const row = (c: CaseCounts, ly?: CaseCounts, pv?: CaseCounts): ReportRow => ({
    ...headline(c),
    reply_on_time_rate: caseRates(c).reply_on_time_rate,
    score: departmentScore(c),
    yoy: change(c.registered, ly?.registered ?? 0),
    mom: change(c.registered, pv?.registered ?? 0),
  });
  const all = emptyCases();
  for (const r of ranked) addInto(all, r.c);
  return {
    title: "承办单位排名",
    columns: RANKING,
    rows: ranked.map((r, i) => ({
      rank: i + 1,
      department: d.refs.departments.get(r.id) ?? `#${r.id}`,
      ...row(r.c, d.ly.byDepartment.get(r.id), d.pv.byDepartment.get(r.id)),
    })),
    totals: [{ rank: null, department: "合计", ...row(all), yoy: null, mom: null }],
  };
}

export function caseSections(d: CaseData): ReportSection[] {
  return [
    ...overview(d),
    shares(d, "工单（按类型）", "类型", CASE_TYPES, "t_", TYPE_NAMES),
    shares(d, "工单（按渠道）", "渠道", CASE_CHANNELS, "ch_", CHANNEL_NAMES),
    byCategory(d, 1),
    byCategory(d, 2),
    ranking(d),
  ];
}
