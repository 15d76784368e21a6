/**
 * The one shape every report takes, whatever produced it (period reports, the hotspot report,
 * the annual summary's figures): pages render it, and the CSV, XLSX and PDF exporters write it
 * without knowing which report it is. Pure data; numbers stay numbers until rendered.
 */

export type ColumnKind = "text" | "int" | "rate" | "seconds" | "delta";

export interface ReportColumn {
  key: string;
  /** Chinese column heading. */
  label: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface ReportSection {
  /** Chinese section title, e.g. "话务量（按日）". */
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Small totals (小计) and the grand total (合计), rendered after the rows. */
  totals?: ReportRow[];
}

export interface ReportParams {
  kind: string;
  from: string; // YYYY-MM-DD, China time, inclusive
  to: string; // YYYY-MM-DD, inclusive
  [name: string]: string | number | null;
}

export interface Report {
  /** Chinese title, e.g. "12345 热线月报（2026年10月）". */
  title: string;
  params: ReportParams;
  /** ISO instant the figures were read. */
  generated_at: string;
  sections: ReportSection[];
}

/** A figure for a range with the same figure for the comparison ranges. */
export interface Compared {
  value: number | null;
  /** The same range one year earlier (同比). */
  last_year: number | null;
  /** The range of the same length just before (环比). */
  previous: number | null;
  /** (value − last_year) ÷ last_year; null when there is nothing to compare with. */
  yoy: number | null;
  /** (value − previous) ÷ previous; null when there is nothing to compare with. */
  mom: number | null;
}

export interface DayRange {
  from: string;
  to: string;
}

/** `GET /api/reports/summary`: the headline figures of a range, each with 同比 and 环比. */
export interface SummaryFigures {
  range: DayRange;
  last_year: DayRange;
  previous: DayRange;
  calls: {
    offered: Compared;
    answered: Compared;
    abandoned: Compared;
    service_level_15s: Compared;
    aht_s: Compared;
  };
  cases: {
    total: Compared;
    /** consultation, complaint, report, suggestion, help, praise */
    by_type: Record<string, Compared>;
    on_time_rate: Compared;
    response_rate: Compared;
    resolution_rate: Compared;
    satisfaction_rate: Compared;
  };
}
