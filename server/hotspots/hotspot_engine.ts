/**
 * The hotspot analysis of a range (docs/hotspots.md): counts and shares by category (3 levels),
 * district, channel and type with 环比 per item, the trend and the hours, rising topics, keywords,
 * near-duplicates, repeat addresses and callers, examples. Every number carries the staff case
 * search that lists the cases behind it (`href`), where the search can express it.
 */
import type { Queryable } from "../../db/port.ts";
import { CHANNEL_NAMES, TYPE_NAMES } from "../cases/case_labels.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { lastYearOf, previousOf } from "../reports/periods.ts";
import type { Compared, DayRange, SummaryFigures } from "../reports/report_model.ts";
import { buildSummary } from "../reports/summary.ts";
import {
  countByAll,
  countByDay,
  countByHour,
  type Dimension,
  DIMENSIONS,
  type KeyCount,
} from "./hotspot_counts.ts";
import {
  type CaseBrief,
  clustersOf,
  type ClusterView,
  examplesOf,
  repeatsOf,
  type RepeatView,
} from "./hotspot_cases.ts";
import { casesHref } from "./case_links.ts";
import { topTerms } from "./hotspot_terms.ts";
import {
  bucketOf,
  buckets,
  daysIn,
  type RisingWindows,
  risingWindows,
  trendGrain,
} from "./hotspot_windows.ts";
import { type Keyword, selectKeywords } from "./keywords.ts";
import { type RisingItem, risingOf } from "./rising.ts";

export interface TopItem {
  /** Category code, district code, channel or type; null: none recorded. */
  code: string | null;
  name: string;
  count: number;
  /** Of all cases in the range. */
  share: number | null;
  /** The same item in the period before (环比). */
  previous: number;
  change: number | null;
  /** The staff case search behind the number, when it can say it. */
  href: string | null;
}

export interface HotspotResult {
  range: DayRange;
  previous_range: DayRange;
  last_year_range: DayRange;
  generated_at: string;
  /** Cases registered in the range: the period reports' figure (summary.cases.total). */
  total: Compared;
  /** The headline figures of the period reports for the same range (calls and cases). */
  summary: SummaryFigures;
  top_categories: TopItem[];
  categories: { level: 1 | 2 | 3; items: TopItem[] }[];
  top_districts: TopItem[];
  channels: TopItem[];
  types: TopItem[];
  trend: { grain: "day" | "week" | "month"; points: { bucket: string; count: number }[] };
  hours: number[];
  rising_windows: RisingWindows;
  rising: RisingItem[];
  keywords: (Keyword & { href: string })[];
  clusters: { window: DayRange; scanned: number; items: ClusterView[] };
  repeats: { window: DayRange; addresses: RepeatView[]; callers: RepeatView[] };
  examples: CaseBrief[];
}

const TOP = 10;

export const rate = (value: number, base: number) => (base > 0 ? (value - base) / base : null);

interface Names {
  categories: Map<string, { id: number; name: string; path: string }>;
  districts: Map<string, string>;
}

async function names(db: Queryable): Promise<Names> {
  const [cats, districts] = await Promise.all([
    db.query<{ id: number; code: string; name: string }>(
      "select id, code, name from case_categories order by code",
    ),
    db.query<{ code: string; name: string }>("select code, name from districts"),
  ]);
  const categories = new Map<string, { id: number; name: string; path: string }>();
  for (const c of cats) {
    const parent = categories.get(c.code.slice(0, -2));
    categories.set(c.code, {
      id: c.id,
      name: c.name,
      path: parent ? `${parent.path} / ${c.name}` : c.name,
    });
  }
  return { categories, districts: new Map(districts.map((d) => [d.code, d.name])) };
}

function label(dim: Dimension, key: string | null, n: Names): string {
  if (key === null) {
    return dim === "district" ? "未填区域" : dim.startsWith("category") ? "未分类" : "其他";
  }
  if (dim.startsWith("category")) return n.categories.get(key)?.path ?? key;
  if (dim === "district") return n.districts.get(key) ?? key;
  if (dim === "channel") return CHANNEL_NAMES[key] ?? key;
  return TYPE_NAMES[key] ?? key;
}

function hrefOf(dim: Dimension, key: string | null, range: DayRange, n: Names): string | null {
  if (key === null) return null;
  if (dim.startsWith("category")) {
    const id = n.categories.get(key)?.id;
    return id ? casesHref(range, { category_id: id }) : null;
  }
  if (dim === "district") {
    return /^\d{6}$/.test(key) ? casesHref(range, { district_code: key }) : null;
  }
  return casesHref(range, { [dim]: key });
}

function topItems(
  dim: Dimension,
  now: KeyCount[],
  before: KeyCount[],
  total: number,
  range: DayRange,
  n: Names,
  limit = TOP,
): TopItem[] {
  const previous = new Map(before.map((b) => [b.key, b.n]));
  return now.slice(0, limit).map((x) => ({
    code: x.key,
    name: label(dim, x.key, n),
    count: x.n,
    share: total > 0 ? x.n / total : null,
    previous: previous.get(x.key) ?? 0,
    change: rate(x.n, previous.get(x.key) ?? 0),
    href: hrefOf(dim, x.key, range, n),
  }));
}

export interface HotspotOptions {
  pii?: PiiCipher;
  now?: number;
}

/** Everything the hotspot page, its API and its export show for one range. */
export async function buildHotspots(
  db: Queryable,
  range: DayRange,
  o: HotspotOptions = {},
): Promise<HotspotResult> {
  const previous = previousOf(range);
  const lastYear = lastYearOf(range);
  const grain = trendGrain(daysIn(range));
  const dims = DIMENSIONS;
  const [n, summary, nowBy, beforeBy, byDay, hours] = await Promise.all([
    names(db),
    buildSummary(db, range, o.now ?? Date.now()),
    countByAll(db, range),
    countByAll(db, previous),
    countByDay(db, range, null, grain === "month"),
    countByHour(db, range),
  ]);
  const total = summary.cases.total.value ?? 0;
  const tops = dims.map((d) => topItems(d, nowBy[d], beforeBy[d], total, range, n));
  const perBucket = new Map<string, number>();
  for (const r of byDay) {
    const b = bucketOf(r.day, grain);
    perBucket.set(b, (perBucket.get(b) ?? 0) + r.n);
  }
  const windows = risingWindows(range);
  const [rising, terms, clusters, repeats, examples] = await Promise.all([
    risingOf(db, windows, n),
    topTerms(db, range, 400),
    clustersOf(db, range),
    repeatsOf(db, range, o.pii),
    examplesOf(db, range, nowBy.category1.find((x) => x.key !== null)?.key ?? null),
  ]);
  return {
    range,
    previous_range: previous,
    last_year_range: lastYear,
    generated_at: new Date(o.now ?? Date.now()).toISOString(),
    total: summary.cases.total,
    summary,
    top_categories: tops[0],
    categories: [
      { level: 1, items: tops[0] },
      { level: 2, items: tops[1] },
      { level: 3, items: tops[2] },
    ],
    top_districts: tops[3],
    channels: tops[4],
    types: tops[5],
    trend: {
      grain,
      points: buckets(range, grain).map((b) => ({ bucket: b, count: perBucket.get(b) ?? 0 })),
    },
    hours,
    rising_windows: windows,
    rising,
    keywords: selectKeywords(terms, 30).map((k) => ({
      ...k,
      href: casesHref(range, { q: k.text }),
    })),
    clusters: { window: clusters.window, scanned: clusters.scanned, items: clusters.clusters },
    repeats,
    examples,
  };
}
