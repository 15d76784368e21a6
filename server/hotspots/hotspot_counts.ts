/**
 * Case counts for the hotspot engine, read from the case rollups of migration 0009 (kept by
 * triggers; server/reports/case_rollups.ts reads the same): whole months from the monthly table,
 * the days around them from the daily one. A case counts once, on the China day it was
 * registered (`registered`), so every figure here is the period reports' figure for the range.
 */
import type { Queryable } from "../../db/port.ts";
import { CASE_CHANNELS, CASE_TYPES } from "../reports/figures.ts";
import { splitByMonths } from "../reports/periods.ts";
import type { DayRange } from "../reports/report_model.ts";

export type Dimension = "category1" | "category2" | "category3" | "district" | "channel" | "type";

/** A statement's parameters, numbered as they are added. */
export class Params {
  values: unknown[] = [];
  add(v: unknown): string {
    return `$${this.values.push(v)}`;
  }
}

/**
 * The rollup rows of a range: day (the 1st for a monthly row), category_id (0: none),
 * district_code ('': none) and the counters. `daily` reads every day from the daily table, for
 * figures per day.
 */
export function rollupRelation(p: Params, range: DayRange, daily = false): string {
  const split = daily ? { months: null, days: [range] } : splitByMonths(range);
  const parts: string[] = [];
  if (split.months) {
    parts.push(`select * from case_rollup_monthly
      where day between ${p.add(split.months.from)}::date and ${p.add(split.months.to)}::date`);
  }
  for (const d of split.days) {
    parts.push(`select * from case_rollup_daily
      where day between ${p.add(d.from)}::date and ${p.add(d.to)}::date`);
  }
  return `(${parts.join(" union all ")})`;
}

const KEY: Record<"category1" | "category2" | "category3" | "district", string> = {
  category1: "left(cat.code, 2)",
  category2: "case when length(cat.code) >= 4 then left(cat.code, 4) end",
  category3: "case when length(cat.code) = 6 then cat.code end",
  district: "nullif(r.district_code, '')",
};

export interface KeyCount {
  key: string | null;
  n: number;
}

export const DIMENSIONS: readonly Dimension[] = [
  "category1",
  "category2",
  "category3",
  "district",
  "channel",
  "type",
];

/**
 * Cases in the range by every dimension (key null: the case has none at that level), most
 * first, in one pass over the rollup: the four keys as grouping sets, channels and types as the
 * counter columns they are, summed in the same pass (the grand-total row).
 */
export async function countByAll(
  db: Queryable,
  range: DayRange,
): Promise<Record<Dimension, KeyCount[]>> {
  const p = new Params();
  const keyed = ["category1", "category2", "category3", "district"] as const;
  const columns = [
    ...CASE_CHANNELS.map((k) => `sum(r.ch_${k})::int as "channel:${k}"`),
    ...CASE_TYPES.map((k) => `sum(r.t_${k})::int as "type:${k}"`),
  ];
  const rows = await db.query<Record<string, string | number | null>>(
    `select grouping(${keyed.map((d) => KEY[d]).join(", ")})::int as g,
       ${keyed.map((d) => `${KEY[d]} as ${d}`).join(", ")},
       sum(r.registered)::int as n, ${columns.join(", ")}
     from ${rollupRelation(p, range)} r left join case_categories cat on cat.id = r.category_id
     group by grouping sets (${keyed.map((d) => `(${KEY[d]})`).join(", ")}, ())`,
    p.values,
  );
  const out = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as KeyCount[]])) as Record<
    Dimension,
    KeyCount[]
  >;
  // grouping() has one bit per key, the first key the highest: 0 where the row groups by it.
  const all = (1 << keyed.length) - 1;
  for (const row of rows) {
    const g = row.g as number;
    if (g === all) {
      for (const d of ["channel", "type"] as const) {
        for (const key of d === "channel" ? CASE_CHANNELS : CASE_TYPES) {
          const n = (row[`${d}:${key}`] as number | null) ?? 0;
          if (n > 0) out[d].push({ key, n });
        }
      }
      continue;
    }
    const i = keyed.findIndex((_, k) => (g & (1 << (keyed.length - 1 - k))) === 0);
    const n = row.n as number;
    if (n > 0) out[keyed[i]].push({ key: row[keyed[i]] as string | null, n });
  }
  for (const d of DIMENSIONS) {
    out[d].sort((a, b) => b.n - a.n || (a.key ?? "\uffff").localeCompare(b.key ?? "\uffff"));
  }
  return out;
}

export async function countTotal(db: Queryable, range: DayRange): Promise<number> {
  const p = new Params();
  const [row] = await db.query<{ n: number | null }>(
    `select sum(r.registered)::int as n from ${rollupRelation(p, range)} r`,
    p.values,
  );
  return row.n ?? 0;
}

/**
 * Cases per day of the range (per month with `monthly`: the 1st of each month stands for it)
 * by category or district, or in total (dim null). Days without cases are absent.
 */
export async function countByDay(
  db: Queryable,
  range: DayRange,
  dim: "category3" | "district" | null,
  monthly = false,
): Promise<{ day: string; key: string | null; n: number }[]> {
  const p = new Params();
  return await db.query(
    `select r.day::text as day, ${dim ? KEY[dim] : "null"} as key, sum(r.registered)::int as n
     from ${rollupRelation(p, range, !monthly)} r
     ${dim?.startsWith("category") ? "left join case_categories cat on cat.id = r.category_id" : ""}
     group by 1, 2 having sum(r.registered) > 0 order by 1, 2`,
    p.values,
  );
}

/** Cases by hour of the China day (0–23), from the keyword job's table (migration 0011). */
export async function countByHour(db: Queryable, range: DayRange): Promise<number[]> {
  const rows = await db.query<{ hour: number; n: number }>(
    `select hour, sum(n)::int as n from hotspot_hours where day between $1 and $2 group by 1`,
    [range.from, range.to],
  );
  const hours = new Array<number>(24).fill(0);
  for (const r of rows) hours[r.hour] = r.n;
  return hours;
}
