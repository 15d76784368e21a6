/**
 * The trunk's allow-list: addresses and CIDR blocks (IPv4 and IPv6) that may send us calls.
 * Everyone else gets 403 (the carrier's session border controller is the only legitimate peer).
 */

interface Block {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

export class AllowListError extends Error {
  override name = "AllowListError";
}

function ipv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return null;
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function ipv6(text: string): bigint | null {
  let t = text;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const n = ipv4(v4[1]);
    if (n === null) return null;
    t = t.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An address as a number and its width; IPv4-mapped IPv6 addresses count as IPv4. */
export function parseAddress(text: string): { bits: bigint; width: 32 | 128 } | null {
  const v4 = ipv4(text);
  if (v4 !== null) return { bits: v4, width: 32 };
  const v6 = ipv6(text.replace(/^\[|\]$/g, "").split("%")[0]);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { bits: v6 & 0xffffffffn, width: 32 };
  return { bits: v6, width: 128 };
}

export class AllowList {
  readonly #blocks: Block[];

  private constructor(blocks: Block[]) {
    this.#blocks = blocks;
  }

  /** "127.0.0.1, 10.0.0.0/8, ::1"; throws naming the first bad entry. */
  static parse(spec: string): AllowList {
    const blocks: Block[] = [];
    for (const raw of spec.split(",")) {
      const entry = raw.trim();
      if (!entry) continue;
      const [addr, prefixText, extra] = entry.split("/");
      const a = parseAddress(addr);
      const prefix = prefixText === undefined ? a?.width : Number(prefixText);
      if (
        !a || extra !== undefined || prefix === undefined || !Number.isInteger(prefix) ||
        prefix < 0 || prefix > a.width || (prefixText !== undefined && !/^\d+$/.test(prefixText))
      ) {
        throw new AllowListError(`not an address or CIDR block: "${entry}"`);
      }
      const shift = BigInt(a.width - prefix);
      blocks.push({ bits: (a.bits >> shift) << shift, prefix, width: a.width });
    }
    return new AllowList(blocks);
  }

  allows(address: string): boolean {
    const a = parseAddress(address);
    if (!a) return false;
    return this.#blocks.some((b) => {
      if (b.width !== a.width) return false;
      const shift = BigInt(b.width - b.prefix);
      return (a.bits >> shift) << shift === b.bits;
    });
  }
}
