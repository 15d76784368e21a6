/**
 * Rising topics: level-3 categories, districts and keywords whose count in the current window
 * is significantly above their own baseline windows (spike_stats.ts; windows in
 * hotspot_windows.ts). Each kind is one family for the Bonferroni division.
 */
import type { Queryable } from "../../db/port.ts";
import { casesHref } from "./case_links.ts";
import { monthsAround, topTerms } from "./hotspot_terms.ts";
import { daysIn, type RisingWindows, windowIndex, windowSpan } from "./hotspot_windows.ts";
import { displayTerm } from "./keywords.ts";
import {
  type CountSeries,
  RISING_DEFAULTS,
  type RisingTopic,
  risingTopics,
} from "./spike_stats.ts";

export interface RisingItem extends RisingTopic {
  kind: "category" | "district" | "keyword";
  name: string;
  /** The cases of the current window behind the count. */
  href: string;
}

/** Keywords tested: the most frequent of the calendar months the current window touches. */
export const KEYWORD_CANDIDATES = 300;

/** Per key, the sums of each window (baseline oldest first, then the current window). */
export function windowSeries(
  w: RisingWindows,
  rows: readonly { key: string | null; day: string; n: number }[],
): CountSeries[] {
  const sums = new Map<string, number[]>();
  for (const r of rows) {
    if (r.key === null) continue;
    const i = windowIndex(w, r.day);
    if (i < 0) continue;
    const s = sums.get(r.key) ?? new Array<number>(w.baseline.length + 1).fill(0);
    s[i] += r.n;
    sums.set(r.key, s);
  }
  return [...sums].map(([key, s]) => ({ key, current: s[s.length - 1], baseline: s.slice(0, -1) }));
}

interface Names {
  categories: Map<string, { id: number; path: string }>;
  districts: Map<string, string>;
}

/**
 * `windowSeries` done by the database: `source` selects (key, day, n) with its own parameters,
 * and only the per-window sums come back (a few hundred keys × 9 windows) instead of every day
 * of every key (a year's windows span 252 days). The window of a day is `windowIndex` in SQL:
 * rel = day − current.from; 0 ≤ rel < length is the current window; else k = ⌈−rel ÷ step⌉ windows back,
 * and the day counts when it lies in that window's first `length` days (k·step + rel < length).
 */
export async function windowSums(
  db: Queryable,
  w: RisingWindows,
  source: string,
  params: unknown[],
): Promise<CountSeries[]> {
  const at = (v: unknown) => `$${params.push(v)}`;
  const W = at(w.baseline.length), step = at(w.step), length = at(daysIn(w.current));
  const rel = `(s.day - ${at(w.current.from)}::date)`;
  const back = `((-${rel} + ${step} - 1) / ${step})`;
  const rows = await db.query<{ key: string; i: number; n: number }>(
    `select s.key, case when ${rel} >= 0 then ${W} else ${W} - ${back} end::int as i,
       sum(s.n)::int as n
     from (${source}) s
     where s.key is not null and ${rel} < ${length}
       and (${rel} >= 0 or (${back} <= ${W} and ${back} * ${step} + ${rel} < ${length}))
     group by 1, 2`,
    params,
  );
  const sums = new Map<string, number[]>();
  for (const r of rows) {
    const s = sums.get(r.key) ?? new Array<number>(w.baseline.length + 1).fill(0);
    s[r.i] += r.n;
    sums.set(r.key, s);
  }
  return [...sums].map(([key, s]) => ({ key, current: s[s.length - 1], baseline: s.slice(0, -1) }));
}

async function risingBy(
  db: Queryable,
  w: RisingWindows,
  dim: "category3" | "district",
): Promise<RisingTopic[]> {
  const span = windowSpan(w);
  return risingTopics(
    await windowSums(
      db,
      w,
      `select day, key, n from hotspot_topics_daily where dim = $1 and day between $2 and $3`,
      [dim, span.from, span.to],
    ),
  );
}

async function risingKeywords(db: Queryable, w: RisingWindows): Promise<RisingTopic[]> {
  // Candidates from the monthly table (a few hundred rows a month), not the current window's
  // days: at ten million cases a year a 28-day window is ~840,000 daily rows to rank.
  const top = (await topTerms(db, monthsAround(w.current), KEYWORD_CANDIDATES))
    .filter((t) => t.n >= RISING_DEFAULTS.minCount);
  if (top.length === 0) return [];
  const span = windowSpan(w);
  const found = risingTopics(
    await windowSums(
      db,
      w,
      `select day, term as key, n from hotspot_terms_daily
       where term = any($1::text[]) and day between $2 and $3`,
      [top.map((t) => t.term), span.from, span.to],
    ),
  );
  // A word whose phrase rose too says nothing more.
  const phrases = found.filter((t) => t.key.includes(" ")).flatMap((t) => t.key.split(" "));
  return found.filter((t) => t.key.includes(" ") || !phrases.includes(t.key));
}

/** The rising categories, districts and keywords, most significant first within each kind. */
export async function risingOf(
  db: Queryable,
  w: RisingWindows,
  names: Names,
): Promise<RisingItem[]> {
  const [categories, districts, keywords] = await Promise.all([
    risingBy(db, w, "category3"),
    risingBy(db, w, "district"),
    risingKeywords(db, w),
  ]);
  return [
    ...categories.slice(0, 10).map((t): RisingItem => {
      const c = names.categories.get(t.key);
      return {
        ...t,
        kind: "category",
        name: c?.path ?? t.key,
        href: casesHref(w.current, c ? { category_id: c.id } : {}),
      };
    }),
    ...districts.slice(0, 10).map((t): RisingItem => ({
      ...t,
      kind: "district",
      name: names.districts.get(t.key) ?? t.key,
      href: casesHref(w.current, { district_code: t.key }),
    })),
    ...keywords.slice(0, 15).map((t): RisingItem => ({
      ...t,
      kind: "keyword",
      name: displayTerm(t.key),
      href: casesHref(w.current, { q: displayTerm(t.key) }),
    })),
  ];
}
