/**
 * Hands out codes for imported categories and streets: a child keeps the code it was given on an
 * earlier run (found by parent and name), a new one takes the lowest free number under its
 * parent. Pure: loaded with the rows that exist, it lists the rows to insert.
 */

export interface CodeNode {
  code: string;
  name: string;
  parent: string | null;
}

export class CodeBookFullError extends Error {
  override name = "CodeBookFullError";
}

export class CodeBook {
  private readonly byKey = new Map<string, string>();
  private readonly children = new Map<string, Set<string>>();
  readonly added: CodeNode[] = [];

  constructor(existing: readonly CodeNode[]) {
    for (const n of existing) this.remember(n);
  }

  private remember(n: CodeNode): void {
    this.byKey.set(`${n.parent}\u0000${n.name}`, n.code);
    if (n.parent === null) return;
    let set = this.children.get(n.parent);
    if (!set) this.children.set(n.parent, set = new Set());
    set.add(n.code);
  }

  find(parent: string, name: string): string | undefined {
    return this.byKey.get(`${parent}\u0000${name}`);
  }

  childCount(parent: string): number {
    return this.children.get(parent)?.size ?? 0;
  }

  /** The child's code: the existing one, else the lowest free `digits`-digit number under it. */
  child(parent: string, name: string, digits: 2 | 3): string {
    const known = this.find(parent, name);
    if (known) return known;
    const taken = this.children.get(parent);
    const limit = 10 ** digits - 1;
    for (let n = 1; n <= limit; n++) {
      const code = parent + String(n).padStart(digits, "0");
      if (taken?.has(code)) continue;
      const node = { code, name, parent };
      this.remember(node);
      this.added.push(node);
      return code;
    }
    throw new CodeBookFullError(`no free code under ${parent}: it has ${limit} children`);
  }
}

/** At most this many children per category (two digits of code). */
export const CATEGORY_CHILDREN = 99;

/**
 * The level-3 category of an SR type under its agency's level-2 category. An agency with more
 * than 99 types goes on in "Agency (2)", "Agency (3)" … (each again up to 99 types).
 */
export function leafCategory(book: CodeBook, root: string, agency: string, srType: string): string {
  const branches: string[] = [];
  for (let k = 1;; k++) {
    const code = book.find(root, k === 1 ? agency : `${agency} (${k})`);
    if (!code) break;
    const leaf = book.find(code, srType);
    if (leaf) return leaf;
    branches.push(code);
  }
  const open = branches.find((b) => book.childCount(b) < CATEGORY_CHILDREN) ??
    book.child(root, branches.length === 0 ? agency : `${agency} (${branches.length + 1})`, 2);
  return book.child(open, srType, 2);
}

/** A free two-digit top-level code, the 90s first (far from a hand-made taxonomy's 01, 02 …). */
export function freeRootCode(taken: ReadonlySet<string>): string {
  for (
    const n of [
      90,
      91,
      92,
      93,
      94,
      95,
      96,
      97,
      98,
      99,
      ...Array.from({ length: 80 }, (_, i) => 89 - i),
    ]
  ) {
    const code = String(n).padStart(2, "0");
    if (!taken.has(code)) return code;
  }
  throw new CodeBookFullError("no free top-level category code (10..99 are all taken)");
}
