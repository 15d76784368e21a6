/**
 * Suggests the category (and so the lead department) of a case from what the citizen said,
 * using the routing list: each leaf's keywords, its own name and its level-2 name. Chinese has
 * no spaces, so matching is by substring, and a leaf name that is not said word for word still
 * counts through the character pairs (bigrams) it shares with the text: "路灯不亮" shares 路灯
 * with 路灯故障.
 */

export interface SuggestEntry {
  category_id: number;
  /** "城乡建设 / 市政设施 / 路灯故障" */
  path: string;
  /** The leaf's own name, e.g. "路灯故障". */
  name: string;
  keywords: string[];
  /** Null when the leaf has no route yet (or its department is inactive). */
  lead_department_id: number | null;
  department_name: string | null;
}

export interface Suggestion extends SuggestEntry {
  score: number;
  /** The words of the text that earned the score, longest first: the UI shows them as the reason. */
  matched: string[];
}

// Per character of a match: the leaf's own name is the strongest evidence, an operator's keyword
// next, the broader level-2 name least.
const LEAF_WEIGHT = 3;
const KEYWORD_WEIGHT = 2;
const PARENT_WEIGHT = 1;
/** Per shared bigram of the leaf name, divided by how many leaf names contain that bigram. */
const BIGRAM_WEIGHT = 2;
/**
 * Bigrams citizens use for anything ("我想咨询一个问题"): a leaf name containing them must not
 * win on them alone. Keywords and whole names still match these words.
 */
const GENERIC_BIGRAMS = new Set(["问题", "咨询", "服务", "管理", "其他", "事项", "办理"]);

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;

/** Full-width forms folded, lower-cased: "ＫＴＶ" and "ktv" are one keyword. */
function normalize(s: string): string {
  return s.normalize("NFKC").toLowerCase().trim();
}

/** The pairs of neighbouring CJK characters of `s`, as the database's cjk_terms() makes them. */
export function cjkBigrams(s: string): Set<string> {
  const out = new Set<string>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (CJK.test(chars[i]) && CJK.test(chars[i + 1])) out.add(chars[i] + chars[i + 1]);
  }
  return out;
}

const length = (s: string) => [...s].length;

/**
 * The best `limit` entries for `text`, highest score first (ties: the routing list's order).
 * Entries with no evidence at all are never suggested, so an empty list means "no idea".
 */
export function suggestCategories(
  text: string,
  entries: readonly SuggestEntry[],
  limit = 3,
): Suggestion[] {
  const said = normalize(text);
  if (said === "" || limit <= 0) return [];
  const saidBigrams = cjkBigrams(said);
  // How many leaf names share each bigram: a bigram in one leaf name points at it; one in ten
  // names (管理, 服务) hardly points anywhere.
  const spread = new Map<string, number>();
  for (const e of entries) {
    for (const b of cjkBigrams(normalize(e.name))) spread.set(b, (spread.get(b) ?? 0) + 1);
  }

  const scored: (Suggestion & { order: number })[] = [];
  entries.forEach((entry, order) => {
    const found = new Map<string, number>(); // matched word → its weight per character
    const consider = (word: string, weight: number) => {
      const w = normalize(word);
      if (w !== "" && said.includes(w) && (found.get(w) ?? 0) < weight) found.set(w, weight);
    };
    const leaf = normalize(entry.name);
    consider(leaf, LEAF_WEIGHT);
    for (const k of entry.keywords) consider(k, KEYWORD_WEIGHT);
    for (const parent of entry.path.split("/").slice(1, -1)) consider(parent, PARENT_WEIGHT);

    // A word inside a longer matched word is the same evidence: "噪音" within "噪音扰民".
    const words = [...found.keys()].filter((w) =>
      ![...found.keys()].some((other) => other !== w && other.includes(w))
    );
    let score = words.reduce((sum, w) => sum + length(w) * found.get(w)!, 0);
    const matched = [...words];
    if (!found.has(leaf)) {
      for (const b of cjkBigrams(leaf)) {
        if (!saidBigrams.has(b) || GENERIC_BIGRAMS.has(b)) continue;
        if (words.some((w) => w.includes(b))) continue;
        score += BIGRAM_WEIGHT / (spread.get(b) ?? 1);
        matched.push(b);
      }
    }
    if (score > 0) {
      matched.sort((a, b) => length(b) - length(a));
      scored.push({ ...entry, score: Math.round(score * 100) / 100, matched, order });
    }
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map(({ order: _, ...s }) => s);
}
