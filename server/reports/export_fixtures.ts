/**
 * Reports made up for the exporter tests and the export benchmark: every kind of column, the
 * awkward texts (commas, quotes, line breaks, would-be formulas), empty cells and sections.
 */
import type { Report, ReportRow, ReportSection } from "./report_model.ts";

export function sampleReport(): Report {
  const calls: ReportSection = {
    title: "话务量（按日）",
    columns: [
      { key: "day", label: "日期", kind: "text" },
      { key: "offered", label: "呼入量", kind: "int" },
      { key: "answered", label: "接通量", kind: "int" },
      { key: "sl", label: "15秒接通率", kind: "rate" },
      { key: "aht", label: "平均处理时长（秒）", kind: "seconds" },
      { key: "yoy", label: "同比", kind: "delta" },
    ],
    rows: [
      { day: "2026-10-01", offered: 12345, answered: 12000, sl: 2 / 3, aht: 187.25, yoy: 0.0344 },
      { day: "2026-10-02", offered: 0, answered: 0, sl: null, aht: null, yoy: -0.125 },
      { day: "2026-10-03", offered: 7, answered: 7, sl: 1, aht: 60, yoy: 0 },
    ],
    totals: [{
      day: "合计",
      offered: 12352,
      answered: 12007,
      sl: 0.972066,
      aht: 186.9,
      yoy: null,
    }],
  };
  const cases: ReportSection = {
    title: "工单[按承办单位]/排名：含*特殊?字符的很长很长很长很长的标题",
    columns: [
      { key: "dept", label: "承办单位", kind: "text" },
      { key: "agent", label: "工号", kind: "text" },
      { key: "total", label: "工单量", kind: "int" },
      { key: "on_time", label: "按时办结率", kind: "rate" },
      { key: "note", label: "备注", kind: "text" },
    ],
    rows: [
      { dept: "市住房和城乡建设局", agent: "1001", total: 523, on_time: 0.98765, note: "含,逗号" },
      { dept: '市交通运输局"交警"', agent: "-3", total: 41, on_time: "—", note: "第一行\n第二行" },
      { dept: "=SUM(A1:A9)", agent: "'007", total: 1.5, on_time: 0, note: "" },
      { dept: "@某单位", agent: null, total: null, on_time: 0.5, note: "+86 电话" },
    ],
    totals: [
      { dept: "小计（区属）", agent: null, total: 41, on_time: 0.1 },
      { dept: "合计", agent: null, total: 565.5, on_time: 0.912345 },
    ],
  };
  const empty: ReportSection = {
    title: "空表",
    columns: [{ key: "a", label: "类别", kind: "text" }, { key: "n", label: "数量", kind: "int" }],
    rows: [],
  };
  return {
    title: "12345 热线月报（2026年10月）",
    params: {
      kind: "monthly",
      from: "2026-10-01",
      to: "2026-10-31",
      category_id: 12,
      district_code: null,
    },
    generated_at: "2026-11-01T01:30:00.000Z",
    sections: [calls, cases, empty],
  };
}

/** One section of `rows` agent-day rows, for the 100,000-row export benchmark. */
export function bigReport(rows: number): Report {
  const list: ReportRow[] = [];
  for (let i = 0; i < rows; i++) {
    const offered = 50 + (i * 7919) % 400;
    const answered = offered - (i % 13);
    list.push({
      day: `2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
      agent: String(1000 + (i % 900)),
      name: `坐席${i % 900}`,
      offered,
      answered,
      sl: answered / offered,
      aht: 120 + (i % 97) + 0.5,
      yoy: ((i % 41) - 20) / 100,
    });
  }
  return {
    title: "12345 热线话务明细（按工号、按日）",
    params: { kind: "annual", from: "2026-01-01", to: "2026-12-31" },
    generated_at: new Date(0).toISOString(),
    sections: [{
      title: "话务量（按工号、按日）",
      columns: [
        { key: "day", label: "日期", kind: "text" },
        { key: "agent", label: "工号", kind: "text" },
        { key: "name", label: "姓名", kind: "text" },
        { key: "offered", label: "呼入量", kind: "int" },
        { key: "answered", label: "接通量", kind: "int" },
        { key: "sl", label: "15秒接通率", kind: "rate" },
        { key: "aht", label: "平均处理时长（秒）", kind: "seconds" },
        { key: "yoy", label: "同比", kind: "delta" },
      ],
      rows: list,
      totals: [{ day: "合计", offered: list.reduce((a, r) => a + (r.offered as number), 0) }],
    }],
  };
}
