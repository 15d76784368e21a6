/**
 * The hotspot analysis as the shared report shape (server/reports/report_model.ts), for the
 * CSV, XLSX and PDF exporters. Without the PII keys, repeat callers are told apart by the start
 * of their look-up hash only.
 */
import type { Queryable } from "../../db/port.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import type { DayRange, Report, ReportColumn, ReportSection } from "../reports/report_model.ts";
import { buildHotspots, type HotspotResult, type TopItem } from "./hotspot_engine.ts";

const RISING_KINDS = { category: "分类", district: "区域", keyword: "关键词" } as const;

const topColumns = (what: string): ReportColumn[] => [
  { key: "name", label: what, kind: "text" },
  { key: "count", label: "件数", kind: "int" },
  { key: "share", label: "占比", kind: "rate" },
  { key: "previous", label: "上期件数", kind: "int" },
  { key: "change", label: "环比", kind: "delta" },
];

function topSection(title: string, what: string, items: TopItem[]): ReportSection {
  return {
    title,
    columns: topColumns(what),
    rows: items.map((i) => ({
      name: i.name,
      count: i.count,
      share: i.share,
      previous: i.previous,
      change: i.change,
    })),
  };
}

/** Sections in the order the page shows them. */
export function hotspotSections(h: HotspotResult): ReportSection[] {
  return [
    {
      title: "受理总量",
      columns: [
        { key: "range", label: "统计期", kind: "text" },
        { key: "value", label: "件数", kind: "int" },
        { key: "previous", label: "上期", kind: "int" },
        { key: "mom", label: "环比", kind: "delta" },
        { key: "last_year", label: "去年同期", kind: "int" },
        { key: "yoy", label: "同比", kind: "delta" },
      ],
      rows: [{
        range: `${h.range.from} 至 ${h.range.to}`,
        value: h.total.value,
        previous: h.total.previous,
        mom: h.total.mom,
        last_year: h.total.last_year,
        yoy: h.total.yoy,
      }],
    },
    ...h.categories.map((c) =>
      topSection(`热点分类（${["一", "二", "三"][c.level - 1]}级）`, "分类", c.items)
    ),
    topSection("热点区域", "区域", h.top_districts),
    topSection("受理渠道", "渠道", h.channels),
    topSection("诉求类型", "类型", h.types),
    {
      title:
        `上升话题（${h.rising_windows.current.from} 至 ${h.rising_windows.current.to}，对比此前 ${h.rising_windows.baseline.length} 期）`,
      columns: [
        { key: "kind", label: "类别", kind: "text" },
        { key: "name", label: "名称", kind: "text" },
        { key: "current", label: "本期件数", kind: "int" },
        { key: "expected", label: "基线均值", kind: "text" },
        { key: "ratio", label: "倍数", kind: "text" },
        { key: "p", label: "p 值", kind: "text" },
      ],
      rows: h.rising.map((r) => ({
        kind: RISING_KINDS[r.kind],
        name: r.name,
        current: r.current,
        expected: r.expected.toFixed(1),
        ratio: r.ratio.toFixed(1),
        p: r.p.toExponential(1),
      })),
    },
    {
      title: "关键词",
      columns: [
        { key: "text", label: "关键词", kind: "text" },
        { key: "n", label: "涉及件数", kind: "int" },
      ],
      rows: h.keywords.map((k) => ({ text: k.text, n: k.n })),
    },
    {
      title: `疑似重复诉求（并单候选，${h.clusters.window.from} 至 ${h.clusters.window.to}）`,
      columns: [
        { key: "group", label: "组", kind: "int" },
        { key: "district", label: "区域", kind: "text" },
        { key: "case_number", label: "工单编号", kind: "text" },
        { key: "summary", label: "摘要", kind: "text" },
      ],
      rows: h.clusters.items.flatMap((c, i) =>
        c.cases.map((x) => ({
          group: i + 1,
          district: c.district_name ?? "未填区域",
          case_number: x.case_number,
          summary: x.summary,
        }))
      ),
    },
    {
      title: `重复地址（${h.repeats.window.from} 至 ${h.repeats.window.to}）`,
      columns: [
        { key: "label", label: "地址", kind: "text" },
        { key: "count", label: "件数", kind: "int" },
        { key: "cases", label: "最近工单", kind: "text" },
      ],
      rows: h.repeats.addresses.map((a) => ({
        label: a.label,
        count: a.count,
        cases: a.case_numbers.join("、"),
      })),
    },
    {
      title: `重复来电（${h.repeats.window.from} 至 ${h.repeats.window.to}）`,
      columns: [
        { key: "label", label: "来电人", kind: "text" },
        { key: "count", label: "件数", kind: "int" },
        { key: "cases", label: "最近工单", kind: "text" },
      ],
      rows: h.repeats.callers.map((a) => ({
        label: a.label,
        count: a.count,
        cases: a.case_numbers.join("、"),
      })),
    },
  ];
}

/** The hotspot report of a range of China-time days, for the exporters. */
export async function buildHotspotReport(
  db: Queryable,
  range: DayRange,
  options: { pii?: PiiCipher; now?: number } = {},
): Promise<Report> {
  const h = await buildHotspots(db, range, options);
  return {
    title: `12345 热线热点分析（${range.from} 至 ${range.to}）`,
    params: { kind: "hotspots", from: range.from, to: range.to },
    generated_at: h.generated_at,
    sections: hotspotSections(h),
  };
}
