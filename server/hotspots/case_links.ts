import type { DayRange } from "../reports/report_model.ts";

/**
 * The staff case search (/cases, server/cases/case_search.ts) listing the cases behind a number:
 * the range's China-time days and the filters the search knows (category_id takes a category
 * of any level and finds its subtree).
 */
export function casesHref(range: DayRange, filter: Record<string, string | number> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) q.set(k, String(v));
  q.set("from", range.from);
  q.set("to", range.to);
  return `/cases?${q}`;
}
