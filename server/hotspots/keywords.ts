/**
 * Keywords of citizens' requests: jieba (the same WASM build the knowledge base loads, see
 * server/knowledge/segment.ts) with part-of-speech tags; nouns, verbs and names of places and
 * organisations stay, people's names, numbers and the hotline's everyday words do not. Two
 * neighbouring kept words also make a phrase ("噪音 扰民"), stored with a space between them.
 */
import { tag } from "jieba-wasm";
import { isStopword, normalize } from "../knowledge/segment.ts";

/**
 * Tags kept: nouns (n, ng, nl, nz), places (ns), organisations (nt), verbal and adjectival nouns
 * (vn, an), verbs (v), idioms (l, i), Latin words (eng). Not nr (a person's name: personal data),
 * m (numbers: phone numbers, house numbers), x (what the HMM guessed: mostly torn place names).
 */
const KEEP = new Set(["n", "ng", "nl", "nz", "ns", "nt", "vn", "an", "v", "l", "i", "eng"]);

/** Words every request has: the way citizens write to the hotline, not what they write about. */
const HOTLINE_WORDS = new Set(
  (
    "问题 情况 市民 反映 部门 相关 有关 希望 处理 要求 解决 尽快 及时 领导 您好 尊敬 谢谢 感谢 " +
    "来电 电话 热线 投诉 举报 咨询 建议 反应 表示 称 说 看 做 进行 存在 出现 发生 造成 导致 " +
    "没有 不能 无法 可能 知道 认为 觉得 发现 告知 联系 回复 答复 核实 落实 了解 给予 得到 " +
    "时间 目前 现在 今年 去年 近日 日前 每天 一直 已经 至今 多次 多年 期间 时候 方面 工作 " +
    "人员 群众 居民 业主 百姓 老百姓 我们 大家 本人 家里 单位 政府 有关部门 相关部门 " +
    "市委 书记 市长 区长 县长 留言 网友 情况反映 是否 属于 包括 通过 根据 按照 关于 " +
    "影响 作为 开始 请求 不到 加快 提出 严重 应该 需要 进行 希望 能够 不是 一下 这样 那么 " +
    "outcome srstatus closed the and for with from that this request"
  ).split(/\s+/),
);

export const isHotlineWord = (w: string) => HOTLINE_WORDS.has(w) || isStopword(w);

/** Words of at most this many per case, most frequent first; phrases likewise. */
export const WORDS_PER_CASE = 20;
export const PHRASES_PER_CASE = 10;

const CJK = /[\u4e00-\u9fff\u3400-\u4dbf]/;

function kept(word: string, pos: string): boolean {
  if (!KEEP.has(pos) || isHotlineWord(word)) return false;
  if (pos === "eng") return /^[a-z][a-z-]{2,}$/.test(word);
  return CJK.test(word) && [...word].length >= 2;
}

/** The words of a text in order, with null wherever a dropped word broke the run. */
export function keptWords(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const { word, tag: pos } of tag(normalize(text), true)) {
    const w = word.trim();
    if (w === "" && pos === "x") continue; // a space between Latin words
    out.push(kept(w, pos) ? w : null);
  }
  return out;
}

function mostFrequent(items: string[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  // Map keeps first occurrence order; the sort is stable, so ties keep it.
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([x]) => x);
}

/**
 * The terms a case is counted under, each once: up to 20 words and 10 phrases. A case with a
 * word ten times counts once for it, like a case that has it once.
 */
export function caseTerms(text: string): string[] {
  const words = keptWords(text);
  const phrases: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [words[i - 1], words[i]];
    if (a && b && a !== b && [...a + b].length <= 10) phrases.push(`${a} ${b}`);
  }
  return [
    ...mostFrequent(words.filter((w): w is string => w !== null), WORDS_PER_CASE),
    ...mostFrequent(phrases, PHRASES_PER_CASE),
  ];
}

export interface TermCount {
  term: string;
  n: number;
}

export interface Keyword {
  /** As shown: a phrase's words joined (Latin words keep their space). */
  text: string;
  /** As stored: what the case search and the counts know it by. */
  term: string;
  n: number;
  phrase: boolean;
}

export const displayTerm = (term: string) => term.replace(/ (?=[^a-z])|(?<=[^a-z]) /g, "");

/**
 * The top keywords: a phrase is shown when it is at least a third of its rarer word's count
 * (the words are usually said together), and a word that the shown phrases account for (at least
 * 80 % of its cases) then gives way to them.
 */
export function selectKeywords(counts: readonly TermCount[], limit = 30, minCount = 2): Keyword[] {
  const words = new Map<string, number>();
  for (const c of counts) if (!c.term.includes(" ")) words.set(c.term, c.n);
  const explained = new Map<string, number>();
  const phrases: TermCount[] = [];
  for (const c of counts) {
    if (!c.term.includes(" ") || c.n < minCount) continue;
    const [a, b] = c.term.split(" ");
    const rarer = Math.min(words.get(a) ?? Infinity, words.get(b) ?? Infinity);
    if (c.n * 3 < rarer) continue;
    phrases.push(c);
    for (const w of [a, b]) explained.set(w, Math.max(explained.get(w) ?? 0, c.n));
  }
  const out: Keyword[] = phrases.map((c) => ({
    text: displayTerm(c.term),
    term: c.term,
    n: c.n,
    phrase: true,
  }));
  for (const [term, n] of words) {
    if (n < minCount || (explained.get(term) ?? 0) >= 0.8 * n) continue;
    out.push({ text: term, term, n, phrase: false });
  }
  return out
    .sort((a, b) =>
      b.n - a.n || Number(b.phrase) - Number(a.phrase) || a.text.localeCompare(b.text)
    )
    .slice(0, limit);
}
