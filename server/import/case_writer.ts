/**
 * Writes imported cases in batches: one multi-row insert per batch (arrays unnested), each case
 * with its "imported" history row, numbered from case_number_seq like every other case. A row
 * whose (source, source_ref) is already there is skipped, so a re-run imports nothing twice.
 */
import type { Tx } from "../../db/port.ts";
import { caseNumber } from "../cases/case_number.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import type { ImportCase, ImportSource } from "./import_record.ts";

export const BATCH = 1000;

export interface WriteCounts {
  imported: number;
  skipped: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

const INSERT = `
  with input as (
    select * from unnest(
      $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
      $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[],
      $12::int[], $13::text[], $14::text[], $15::int[], $16::text[], $17::text[]
    ) as t(case_number, source_ref, type, channel, status, created_at, due_at, closed_at,
      dispatched_at, content, address, category_id, district_code, street_code,
      lead_department_id, citizen_name_enc, facts)
  ),
  inserted as (
    insert into cases (case_number, source, source_ref, type, channel, status, created_at,
      due_at, closed_at, dispatched_at, content, address, category_id, district_code,
      street_code, lead_department_id, citizen_name_enc)
    select case_number, $18, source_ref, type, channel, status, created_at, due_at, closed_at,
      dispatched_at, content, address, category_id, district_code, street_code,
      lead_department_id, citizen_name_enc
    from input
    on conflict (source, source_ref) where source_ref is not null do nothing
    returning id, source_ref
  ),
  history as (
    insert into case_events (case_id, kind, actor, department_id, data)
    select i.id, 'imported', $19, t.lead_department_id, t.facts::jsonb
    from inserted i join input t using (source_ref)
  )
  select count(*)::int as n from inserted`;

export async function writeCases(
  tx: Tx,
  source: ImportSource,
  actor: string,
  cases: readonly ImportCase[],
  pii?: PiiCipher,
): Promise<WriteCounts> {
  const counts: WriteCounts = { imported: 0, skipped: 0 };
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH);
    const there = await tx.query<{ source_ref: string }>(
      "select source_ref from cases where source = $1 and source_ref = any($2::text[])",
      [source, batch.map((c) => c.sourceRef)],
    );
    const skip = new Set(there.map((r) => r.source_ref));
    const fresh = batch.filter((c) => !skip.has(c.sourceRef));
    counts.skipped += batch.length - fresh.length;
    if (fresh.length === 0) continue;
    const numbers = await tx.query<{ n: number }>(
      "select nextval('case_number_seq')::int as n from generate_series(1, $1)",
      [fresh.length],
    );
    const names = await Promise.all(fresh.map((c) => {
      if (c.citizenName === null) return null;
      if (!pii) throw new Error("personal data to import but no cipher to encrypt it");
      return pii.encrypt(c.citizenName);
    }));
    const [{ n }] = await tx.query<{ n: number }>(INSERT, [
      numbers.map((r) => caseNumber(r.n)),
      fresh.map((c) => c.sourceRef),
      fresh.map((c) => c.type),
      fresh.map((c) => c.channel),
      fresh.map((c) => c.status),
      fresh.map((c) => iso(c.createdAt)),
      fresh.map((c) => iso(c.dueAt)),
      fresh.map((c) => iso(c.closedAt)),
      fresh.map((c) => iso(c.dispatchedAt)),
      fresh.map((c) => c.content),
      fresh.map((c) => c.address),
      fresh.map((c) => c.categoryId),
      fresh.map((c) => c.districtCode),
      fresh.map((c) => c.streetCode),
      fresh.map((c) => c.leadDepartmentId),
      names,
      fresh.map((c) => JSON.stringify({ source, row: c.row, ...c.facts })),
      source,
      actor,
    ]);
    counts.imported += n;
    // Another import of the same file that committed first: its rows count as already there.
    counts.skipped += fresh.length - n;
  }
  return counts;
}
