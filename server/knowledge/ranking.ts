/**
 * Ranking and snippets of knowledge-base search, without the database: the store finds the
 * candidates (articles containing enough of the query's words) and these functions order them
 * and cut the passage an agent reads first.
 */

/** A word in the title or the keywords counts this many times one in the body. */
export const TITLE_WEIGHT = 3;
/** Share of the query's words an article must contain (all of them for one or two words). */
export const MIN_MATCH_RATIO = 0.6;
/**
 * Never more words than this: the intake form searches with the citizen's own sentence, and an
 * answer shares three of its words far more often than six of ten.
 */
export const MAX_REQUIRED = 3;

/**
 * How many of `n` query words an article must contain: first the strict number, then, when
 * that finds nothing, the relaxed one. Requiring all words loses articles that word one part
 * differently (结婚登记 材料 — the guide lists the papers without saying 材料); requiring one
 * word at once floods the list with articles sharing a common word such as 提取 or 证明.
 */
export function matchThresholds(n: number): number[] {
  const strict = n <= 2 ? n : Math.min(Math.ceil(n * MIN_MATCH_RATIO), MAX_REQUIRED);
  const relaxed = Math.max(1, Math.min(Math.ceil(n / 2), MAX_REQUIRED - 1));
  return relaxed < strict ? [strict, relaxed] : [strict];
}

/** Rarer words say more: ln(1 + N/df), the usual inverse document frequency. */
export function idf(total: number, df: number): number {
  return Math.log(1 + total / Math.max(df, 1));
}

export interface Candidate {
  id: number;
  title: string;
  /** Query words the article contains anywhere. */
  matched: readonly string[];
  /** Query words in its title or keywords. */
  in_title: readonly string[];
}

export interface TermStats {
  /** Articles searched (the N of idf). */
  total: number;
  /** Per query word: how many of them contain it. */
  df: Readonly<Record<string, number>>;
}

/**
 * An article's score for a query: the idf of each word it contains, title and keyword words
 * weighted up, and a bonus when the title holds the whole query as typed (an agent who types
 * an article's name wants that article first).
 */
export function score(c: Candidate, stats: TermStats, phrase: string): number {
  let s = 0;
  for (const w of c.matched) {
    s += idf(stats.total, stats.df[w] ?? 1) * (c.in_title.includes(w) ? TITLE_WEIGHT : 1);
  }
  if (phrase.length >= 2 && c.title.toLowerCase().includes(phrase)) s *= 1.5;
  return s;
}

/** Best first; equal scores keep the newer article (higher id) ahead. */
export function rank<T extends Candidate>(
  candidates: readonly T[],
  stats: TermStats,
  query: string,
  limit: number,
): (T & { score: number })[] {
  const phrase = query.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  return candidates
    .map((c) => ({ ...c, score: score(c, stats, phrase) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * The passage of `body` (about `width` characters) that holds the most distinct query words,
 * split into parts so a page can mark the hits. Falls back to the opening when the words
 * matched only in the title.
 */
export function snippet(body: string, words: readonly string[], width = 90): SnippetPart[] {
  const text = body.replace(/\s+/g, " ").trim();
  const lower = text.toLowerCase();
  const hits: { at: number; word: string }[] = [];
  for (const word of words) {
    if (!word) continue;
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
      hits.push({ at, word });
    }
  }
  let start = 0;
  if (hits.length > 0) {
    let best = -1;
    for (const h of hits) {
      const from = Math.max(0, h.at - 12);
      const covered = new Set(
        hits.filter((o) => o.at >= from && o.at + o.word.length <= from + width).map((o) => o.word),
      ).size;
      if (covered > best) [best, start] = [covered, from];
    }
  }
  const end = Math.min(text.length, start + width);
  const parts = markHits(text.slice(start, end), words);
  if (start > 0) parts.unshift({ text: "…", hit: false });
  if (end < text.length) parts.push({ text: "…", hit: false });
  return merge(parts);
}

/** Splits `text` at every occurrence of the words, longest words first so 公积金 beats 公积. */
export function markHits(text: string, words: readonly string[]): SnippetPart[] {
  const sorted = [...new Set(words)].filter(Boolean).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const parts: SnippetPart[] = [];
  let plain = "";
  for (let i = 0; i < text.length;) {
    const w = sorted.find((w) => lower.startsWith(w, i));
    if (w) {
      if (plain) parts.push({ text: plain, hit: false });
      plain = "";
      parts.push({ text: text.slice(i, i + w.length), hit: true });
      i += w.length;
    } else {
      plain += text[i++];
    }
  }
  if (plain) parts.push({ text: plain, hit: false });
  return parts;
}

function merge(parts: SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.hit === p.hit) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

export const snippetText = (parts: readonly SnippetPart[]) => parts.map((p) => p.text).join("");
