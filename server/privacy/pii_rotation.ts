import type { Database } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import type { PiiCipher } from "./pii_cipher.ts";

/** Every column that holds a PiiCipher token, by table and key column. */
const ENCRYPTED: { table: string; id: string; columns: string[] }[] = [
  { table: "calls", id: "id", columns: ["caller_number_enc"] },
  { table: "cases", id: "id", columns: ["citizen_name_enc", "citizen_phone_enc"] },
  { table: "users", id: "id", columns: ["totp_secret_enc"] },
];
const BATCH = 500;

/**
 * Re-encrypts every token not sealed with the current key (`currentKid`, the first of PII_KEYS),
 * in batches of one transaction each, so old keys can be retired afterwards. Look-up hashes do
 * not change: their key is separate. Audited with the counts per table.
 */
export async function rotatePiiKeys(
  db: Database,
  pii: PiiCipher,
  currentKid: string,
  who: AuditActor,
): Promise<Record<string, number>> {
  const current = `v1.${currentKid}.%`;
  const counts: Record<string, number> = {};
  for (const { table, id, columns } of ENCRYPTED) {
    counts[table] = 0;
    const stale = columns.map((c) => `(${c} is not null and ${c} not like $1)`).join(" or ");
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const rows = await tx.query<Record<string, string | number | null>>(
          `select ${id}, ${
            columns.join(", ")
          } from ${table} where ${stale} order by ${id} limit ${BATCH} for update`,
          [current],
        );
        for (const row of rows) {
          const values = await Promise.all(
            columns.map((c) => row[c] === null ? null : pii.rotate(String(row[c]))),
          );
          await tx.query(
            `update ${table} set ${
              columns.map((c, i) => `${c} = $${i + 2}`).join(", ")
            } where ${id} = $1`,
            [row[id], ...values],
          );
        }
        counts[table] += rows.length;
        return rows.length < BATCH;
      });
      if (done) break;
    }
  }
  await audit(db, who, {
    action: "pii.rotate_keys",
    after: { current_kid: currentKid, rows: counts },
  });
  return counts;
}
