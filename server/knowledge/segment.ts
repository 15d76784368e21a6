/**
 * Chinese word segmentation for the knowledge base (jieba, compiled to WASM). The database has no
 * Chinese segmenter (neither PostgreSQL nor PGlite ships one), so words are computed here at
 * write time and stored in the article's row; queries are segmented the same way.
 */
import { cut, cut_for_search } from "jieba-wasm";

const WORD = /[\u4e00-\u9fff\u3400-\u4dbfa-z0-9]/;

/**
 * Words a question is made of but an answer never needs: particles, pronouns and the asking
 * itself ("怎么办", "如何办理"). Left in, they would make an article that lacks them rank lower.
 */
const STOPWORDS = new Set(
  (
    "的 了 吗 呢 吧 啊 呀 嘛 么 是 在 和 与 及 或 或者 还是 以及 对 把 被 给 让 向 从 为 " +
    "我 我们 你 你们 您 他 她 它 他们 自己 这 那 这个 那个 这里 那里 这些 那些 个 " +
    "怎么 怎么办 怎样 怎么样 如何 什么 为什么 哪里 哪儿 哪些 哪个 多少 几 是否 能否 可否 " +
    "请问 请 问 问问 咨询 一下 想 想要 要 需要 可以 能 能不能 可不可以 会 应该 该 得 " +
    "有 没有 有没有 办 办理 如何办理 怎么办理 去 到 哪 都 也 还 就 又 再 很 最 " +
    "一个 一些 现在 已经 呢 啦 嗯 哦 喂 您好 你好 谢谢"
  ).split(/\s+/),
);

export const isStopword = (word: string) => STOPWORDS.has(word);

/** Full-width letters and digits become ASCII, Latin letters lower case (ＡＰＰ → app). */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function keep(token: string): boolean {
  return WORD.test(token) && !STOPWORDS.has(token);
}

/**
 * The words an article is found by: the search mode of jieba emits a compound and its parts
 * (住房公积金 → 住房, 公积, 积金, 公积金), so a query for any of them matches. Distinct, sorted.
 */
export function documentWords(text: string): string[] {
  const words = new Set<string>();
  for (const token of cut_for_search(normalize(text), true)) {
    const t = token.trim();
    if (keep(t)) words.add(t);
  }
  return [...words].sort();
}

/**
 * The words of a query, in precise mode (one reading per phrase: 公积金 stays one word). A lone
 * character the segmenter leaves (失业金 → 失业 + 金) stays: the article's own words contain it
 * when they were split the same way, and when they were not (燃气漏了 against 泄漏) the search
 * falls back to fewer words (ranking.ts matchThresholds).
 */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  for (const token of cut(normalize(text), true)) {
    const t = token.trim();
    if (keep(t) && !words.includes(t)) words.push(t);
  }
  return words;
}
