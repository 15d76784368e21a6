/** The call sections of a period report (话务). Pure: counters and names in, sections out. */
import type { CallBreakdown } from "./call_rollups.ts";
import { addInto, type CallCounts, callFigures, change, emptyCalls } from "./figures.ts";
import { addDays, dayCount, periodLabel } from "./periods.ts";
import type { ReportRefs } from "./report_refs.ts";
import type { DayRange, ReportColumn, ReportRow, ReportSection } from "./report_model.ts";

export interface CallData {
  range: DayRange;
  lastYear: DayRange;
  previous: DayRange;
  cur: CallBreakdown;
  ly: CallBreakdown;
  pv: CallBreakdown;
  agents: Map<number, CallCounts>;
  refs: ReportRefs;
}

const FIGURES: ReportColumn[] = [
  { key: "offered", label: "来电量", kind: "int" },
  { key: "answered", label: "接通量", kind: "int" },
  { key: "answer_rate", label: "接通率", kind: "rate" },
  { key: "service_level_15s", label: "15秒接通率", kind: "rate" },
  { key: "abandoned", label: "放弃量", kind: "int" },
  { key: "short_abandoned", label: "5秒内挂机", kind: "int" },
  { key: "abandon_rate", label: "放弃率", kind: "rate" },
  { key: "asa_s", label: "平均应答时长", kind: "seconds" },
  { key: "aht_s", label: "平均处理时长", kind: "seconds" },
];
const HEADLINE = ["offered", "answered", "service_level_15s", "abandoned", "aht_s"];

const figures = (c: CallCounts): ReportRow => ({ ...callFigures(c) });
const text = (key: string, label: string): ReportColumn => ({ key, label, kind: "text" });
const delta = (key: string, label: string): ReportColumn => ({ key, label, kind: "delta" });
const dates = (r: DayRange) => (r.from === r.to ? r.from : `${r.from} 至 ${r.to}`);

function overview(d: CallData): ReportSection[] {
  const periods: [string, DayRange, CallBreakdown][] = [
    ["本期", d.range, d.cur],
    ["去年同期", d.lastYear, d.ly],
    ["上期", d.previous, d.pv],
  ];
  const now = figures(d.cur.total);
  const vs = (label: string, base: CallBreakdown): ReportRow => {
    const other = figures(base.total);
    return {
      period: label,
      ...Object.fromEntries(
        HEADLINE.map((k) => [k, change(now[k] as number | null, other[k] as number | null)]),
      ),
    };
  };
  return [
    {
      title: "话务概要",
      columns: [text("period", "期间"), text("dates", "日期"), ...FIGURES],
      rows: periods.map(([label, range, b]) => ({
        period: `${label}（${periodLabel(range)}）`,
        dates: dates(range),
        ...figures(b.total),
      })),
    },
    {
      title: "话务同比、环比",
      columns: [
        text("period", "比较"),
        ...HEADLINE.map((k) => delta(k, FIGURES.find((c) => c.key === k)!.label)),
      ],
      rows: [vs("同比", d.ly), vs("环比", d.pv)],
    },
  ];
}

function byDay(d: CallData): ReportSection {
  const rows: ReportRow[] = [];
  for (let i = 0, n = dayCount(d.range); i < n; i++) {
    const day = addDays(d.range.from, i);
    rows.push({ day, ...figures(d.cur.byDay.get(day) ?? emptyCalls()) });
  }
  return {
    title: "话务量（按日）",
    columns: [text("day", "日期"), ...FIGURES],
    rows,
    totals: [{ day: "合计", ...figures(d.cur.total) }],
  };
}

function byHour(d: CallData): ReportSection {
  const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
  return {
    title: "话务量（按时段）",
    columns: [text("hour", "时段"), ...FIGURES],
    rows: Array.from({ length: 24 }, (_, h) => ({
      hour: `${hh(h)}–${h === 23 ? "24:00" : hh(h + 1)}`,
      ...figures(d.cur.byHour.get(h) ?? emptyCalls()),
    })),
    totals: [{ hour: "合计", ...figures(d.cur.total) }],
  };
}

function byQueue(d: CallData): ReportSection {
  const codes = new Set([...d.refs.queues.keys(), ...d.cur.byQueue.keys()]);
  const offered = (b: CallBreakdown, code: string) => b.byQueue.get(code)?.offered ?? 0;
  const rows = [...codes].sort().map((code) => ({
    queue: code === "" ? "（无队列）" : d.refs.queues.get(code) ?? code,
    ...figures(d.cur.byQueue.get(code) ?? emptyCalls()),
    offered_yoy: change(offered(d.cur, code), offered(d.ly, code)),
    offered_mom: change(offered(d.cur, code), offered(d.pv, code)),
  }));
  return {
    title: "话务量（按队列）",
    columns: [
      text("queue", "队列"),
      ...FIGURES,
      delta("offered_yoy", "来电量同比"),
      delta("offered_mom", "来电量环比"),
    ],
    rows,
    totals: [{
      queue: "合计",
      ...figures(d.cur.total),
      offered_yoy: change(d.cur.total.offered, d.ly.total.offered),
      offered_mom: change(d.cur.total.offered, d.pv.total.offered),
    }],
  };
}

const AGENT_FIGURES: ReportColumn[] = [
  { key: "answered", label: "接听量", kind: "int" },
  { key: "answered_15s", label: "15秒内接听", kind: "int" },
  { key: "handled", label: "处理完成", kind: "int" },
  { key: "asa_s", label: "平均应答时长", kind: "seconds" },
  { key: "aht_s", label: "平均处理时长", kind: "seconds" },
];
const agentFigures = (c: CallCounts): ReportRow => {
  const f = callFigures(c);
  return {
    answered: c.answered,
    answered_15s: c.answered_15s,
    handled: c.handled,
    asa_s: f.asa_s,
    aht_s: f.aht_s,
  };
};

/** By 工号, grouped by 班组: a 小计 per group and the 合计 of all agents. */
function byAgent(d: CallData): ReportSection {
  const agents = [...d.agents.keys()].map((id) => ({
    id,
    agent: d.refs.agents.get(id),
    counts: d.agents.get(id)!,
  })).sort((a, b) =>
    (a.agent?.group_code ?? "").localeCompare(b.agent?.group_code ?? "") ||
    (a.agent?.work_number ?? "").localeCompare(b.agent?.work_number ?? "")
  );
  const groups = new Map<string, { name: string; counts: CallCounts }>();
  const all = emptyCalls();
  for (const a of agents) {
    const code = a.agent?.group_code ?? "";
    const group = groups.get(code) ??
      { name: a.agent?.group_name ?? "（未知班组）", counts: emptyCalls() };
    addInto(group.counts, a.counts);
    addInto(all, a.counts);
    groups.set(code, group);
  }
  return {
    title: "话务量（按工号）",
    columns: [
      text("work_number", "工号"),
      text("name", "姓名"),
      text("group", "班组"),
      ...AGENT_FIGURES,
    ],
    rows: agents.map((a) => ({
      work_number: a.agent?.work_number ?? `#${a.id}`,
      name: a.agent?.name ?? "",
      group: a.agent?.group_name ?? "",
      ...agentFigures(a.counts),
    })),
    totals: [
      ...[...groups.values()].map((g) => ({
        work_number: "小计",
        name: "",
        group: g.name,
        ...agentFigures(g.counts),
      })),
      { work_number: "合计", name: "", group: "", ...agentFigures(all) },
    ],
  };
}

export function callSections(d: CallData): ReportSection[] {
  return [...overview(d), byDay(d), byHour(d), byQueue(d), byAgent(d)];
}
