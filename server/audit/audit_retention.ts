import type { Database } from "../../db/port.ts";
import { audit, SYSTEM_ACTOR } from "./audit.ts";

/** China's MLPS level 3 asks for at least six months of audit records. */
export const MIN_RETENTION_DAYS = 180;

export class RetentionError extends Error {
  override name = "RetentionError";
}

/**
 * Deletes audit records older than `days` (never fewer than 180) and moves the chain's anchor to
 * the last deleted record, in one transaction, and audits the purge itself.
 */
export async function purgeAudit(
  db: Database,
  days: number,
  now = new Date(),
): Promise<{ purged: number }> {
  if (!(days >= MIN_RETENTION_DAYS)) {
    throw new RetentionError(
      `audit records must be kept at least ${MIN_RETENTION_DAYS} days, asked for ${days}`,
    );
  }
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return await db.transaction(async (tx) => {
    const [last] = await tx.query<{ seq: number; hash: string }>(
      "select seq, hash from audit_log where at < $1 order by seq desc limit 1",
      [cutoff],
    );
    if (!last) return { purged: 0 };
    await tx.query("select set_config('hotline.audit_purge_before', $1, true)", [
      cutoff.toISOString(),
    ]);
    const deleted = await tx.query("delete from audit_log where seq <= $1 returning seq", [
      last.seq,
    ]);
    await tx.query("select set_config('hotline.audit_purge_before', '', true)");
    await tx.query(
      `insert into audit_anchor (id, seq, hash, purged_before) values (1, $1, $2, $3)
       on conflict (id) do update set seq = excluded.seq, hash = excluded.hash,
         purged_before = excluded.purged_before, purged_at = now()`,
      [last.seq, last.hash, cutoff],
    );
    await audit(tx, SYSTEM_ACTOR, {
      action: "audit.purge",
      after: {
        before: cutoff.toISOString(),
        through_seq: last.seq,
        records: deleted.length,
        retention_days: days,
      },
    });
    return { purged: deleted.length };
  });
}
