import type { Queryable } from "../../db/port.ts";
import { sha256Hex } from "../sha256.ts";

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first record whose hash or link does not hold, or where a record is missing. */
  first_bad: { seq: number; reason: string } | null;
  head: string | null;
}

interface ChainRow {
  seq: number;
  prev_hash: string;
  hash: string;
  canonical: string;
}

const GENESIS = "0".repeat(64);
const BATCH = 5000;

/**
 * Walks the whole chain and recomputes every hash here, in TypeScript, from the stored fields:
 * a database function that was replaced to hide a change cannot vouch for itself.
 */
export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
  // After a retention purge the chain starts at the anchor: the last purged record's hash.
  const [anchor] = await db.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_anchor",
  );
  let expectedSeq = anchor ? anchor.seq + 1 : 1;
  let prev = anchor?.hash ?? GENESIS;
  let checked = 0;
  for (;;) {
    // The canonical text is assembled field by field exactly as the trigger does; only the
    // database renders timestamps and jsonb, so both sides see the same characters.
    const rows = await db.query<ChainRow>(
      `select seq, prev_hash, hash, concat_ws(chr(10),
         seq::text, prev_hash,
         to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         actor, coalesce(role, '\\N'), action, coalesce(object_type, '\\N'), coalesce(object_id, '\\N'),
         coalesce(before::text, '\\N'), coalesce(after::text, '\\N'),
         coalesce(ip, '\\N'), coalesce(user_agent, '\\N')) as canonical
       from audit_log where seq >= $1 order by seq limit $2`,
      [expectedSeq, BATCH],
    );
    for (const row of rows) {
      const bad = (reason: string) => ({
        ok: false,
        checked,
        first_bad: { seq: row.seq, reason },
        head: prev,
      });
      if (row.seq !== expectedSeq) return bad(`record ${expectedSeq} is missing`);
      if (row.prev_hash !== prev) return bad("link to the previous record is broken");
      if (await sha256Hex(row.canonical) !== row.hash) return bad("record was altered");
      prev = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const [{ n }] = await db.query<{ n: number }>(
    "select count(*)::int as n from audit_log where seq is null",
  );
  if (n > 0) {
    return {
      ok: false,
      checked,
      first_bad: { seq: 0, reason: `${n} records outside the chain` },
      head: prev,
    };
  }
  return { ok: true, checked, first_bad: null, head: checked > 0 ? prev : null };
}
