/**
 * Near-duplicate requests — the same matter at the same place, candidates for 并单 (merging):
 * the character bigrams of two texts overlap by a Jaccard index of at least 0.5, both are in the
 * same district (or both have none), and they came in at most 3 days apart. MinHash with banding
 * (LSH) finds the candidate pairs without comparing every pair; each is then checked exactly.
 * Pure: cases in, clusters out.
 */

export interface ClusterCase {
  case_number: string;
  /** ms since the epoch */
  created_at: number;
  district_code: string | null;
  content: string;
}

export interface ClusterOptions {
  threshold: number;
  windowDays: number;
  /** Only the start of a long text counts: the matter is said there. */
  maxChars: number;
  /**
   * In a bucket (cases sharing a band of their signature), each case is checked against at most
   * this many of its neighbours in input order (newest first), not against all: a common text
   * (the same template in a busy district) would otherwise make a bucket of thousands and pairs in
   * the millions. Groups are linked transitively, so a run of neighbours still ends in one group.
   */
  bucketNeighbours: number;
}

export const CLUSTER_DEFAULTS: ClusterOptions = {
  threshold: 0.5,
  windowDays: 3,
  maxChars: 400,
  bucketNeighbours: 50,
};

const BANDS = 16;
const ROWS = 2;
const HASHES = BANDS * ROWS;
const TEXT = /[\u4e00-\u9fff\u3400-\u4dbfa-z0-9]/;

/** Distinct character bigrams of the text's letters, digits and CJK characters, as 32-bit hashes. */
export function shingles(text: string, maxChars = CLUSTER_DEFAULTS.maxChars): Set<number> {
  const chars = [...text.normalize("NFKC").toLowerCase().slice(0, maxChars)].filter((c) =>
    TEXT.test(c)
  );
  const out = new Set<number>();
  for (let i = 1; i < chars.length; i++) {
    out.add(fmix((chars[i - 1].codePointAt(0)! * 0x10001) ^ chars[i].codePointAt(0)!));
  }
  if (chars.length === 1) out.add(fmix(chars[0].codePointAt(0)!));
  return out;
}

/** MurmurHash3's finaliser: a cheap, well-mixed 32-bit hash of a 32-bit value. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  return sortedJaccard(sorted(a), sorted(b));
}

const sorted = (s: Set<number>) => Uint32Array.from(s).sort();

/**
 * The same index over ascending arrays, by one merge: the pair checks are most of the work, and
 * a merge of two short typed arrays is several times faster than probing a Set.
 */
function sortedJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

function signature(s: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const x of s) {
    for (let i = 0; i < HASHES; i++) {
      const h = fmix(x ^ Math.imul(i + 1, 0x9e3779b9));
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

class UnionFind {
  parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number) {
    this.parent[this.find(a)] = this.find(b);
  }
}

export interface Cluster<C extends ClusterCase = ClusterCase> {
  /** Newest first. */
  cases: C[];
  district_code: string | null;
  /** The least similar linked pair's Jaccard index. */
  min_similarity: number;
}

/**
 * Groups of two or more near-duplicates, largest first (then the newest). Linking is
 * transitive: A like B and B like C put A, B and C in one group.
 */
export function nearDuplicateClusters<C extends ClusterCase>(
  cases: readonly C[],
  o: ClusterOptions = CLUSTER_DEFAULTS,
): Cluster<C>[] {
  const sets = cases.map((c) => sorted(shingles(c.content, o.maxChars)));
  const buckets = new Map<string, number[]>();
  cases.forEach((c, i) => {
    if (sets[i].length === 0) return;
    const sig = signature(sets[i]);
    for (let b = 0; b < BANDS; b++) {
      const key = `${c.district_code ?? ""}|${b}|${sig[b * ROWS]}|${sig[b * ROWS + 1]}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  const uf = new UnionFind(cases.length);
  const similarity = new Map<number, number>();
  const windowMs = o.windowDays * 86_400_000;
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < Math.min(list.length, x + 1 + o.bucketNeighbours); y++) {
        const [i, j] = [list[x], list[y]];
        // Already one group through other links: checking them adds nothing but the min.
        if (uf.find(i) === uf.find(j)) continue;
        if (Math.abs(cases[i].created_at - cases[j].created_at) > windowMs) continue;
        const s = sortedJaccard(sets[i], sets[j]);
        if (s < o.threshold) continue;
        uf.union(i, j);
        similarity.set(i, Math.min(similarity.get(i) ?? 1, s));
        similarity.set(j, Math.min(similarity.get(j) ?? 1, s));
      }
    }
  }
  const groups = new Map<number, number[]>();
  cases.forEach((_, i) => {
    if (!similarity.has(i)) return;
    const root = uf.find(i);
    const members = groups.get(root);
    if (members) members.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()]
    .map((members) => {
      const list = members.map((i) => cases[i]).sort((a, b) => b.created_at - a.created_at);
      return {
        cases: list,
        district_code: list[0].district_code,
        min_similarity: Math.min(...members.map((i) => similarity.get(i)!)),
      };
    })
    .sort((a, b) =>
      b.cases.length - a.cases.length || b.cases[0].created_at - a.cases[0].created_at
    );
}
