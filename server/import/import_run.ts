/**
 * One import run: the file's good rows become historical cases in one transaction, together with
 * the categories, departments and places they need, one audit record and one live-spine event
 * with the counts. All or nothing: a run that fails leaves no half-imported file behind, and a
 * later run skips what an earlier one imported.
 */
import { appendEvents } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { casesFrom311 } from "./baltimore_refs.ts";
import { writeCases } from "./case_writer.ts";
import { parse311 } from "./import_311.ts";
import { parseMessages } from "./import_messages.ts";
import type { BadRow, ImportCase, ImportSource } from "./import_record.ts";
import { readXlsxRows } from "./xlsx_rows.ts";

/** Two imports at once would hand out the same new category and street codes: one at a time. */
const IMPORT_LOCK = 12345_0609;

export interface ImportReport {
  source: ImportSource;
  file: string;
  /** Data rows in the file. */
  rows: number;
  imported: number;
  /** Good rows already imported by an earlier run. */
  skipped: number;
  bad: BadRow[];
  ms: number;
}

interface Job {
  /** performance.now() when reading the file began. */
  started: number;
  source: ImportSource;
  file: string;
  rows: number;
  bad: BadRow[];
  cases(tx: Tx): Promise<ImportCase[]> | ImportCase[];
}

async function run(
  db: Database,
  who: AuditActor,
  job: Job,
  pii?: PiiCipher,
): Promise<ImportReport> {
  const counts = await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1::bigint)", [IMPORT_LOCK]);
    const counts = await writeCases(tx, job.source, who.actor, await job.cases(tx), pii);
    const summary = { file: job.file, rows: job.rows, ...counts, bad: job.bad.length };
    await audit(tx, who, {
      action: "cases.import",
      objectType: "import",
      objectId: job.source,
      after: { ...summary, first_bad: job.bad.slice(0, 20) },
    });
    await appendEvents(tx, [{
      topic: "cases",
      type: "cases.imported",
      subject: job.source,
      data: summary,
    }]);
    return counts;
  });
  const { source, file, rows, bad } = job;
  return { source, file, rows, ...counts, bad, ms: performance.now() - job.started };
}

/** Baltimore 311 service requests (CSV text). */
export async function import311(
  db: Database,
  who: AuditActor,
  csv: string,
  file: string,
): Promise<ImportReport> {
  const started = performance.now();
  const parsed = parse311(csv);
  return await run(db, who, {
    started,
    source: "import_311",
    file,
    rows: parsed.rows,
    bad: parsed.bad,
    cases: (tx) => casesFrom311(tx, parsed.records),
  });
}

/** Message-board messages (xlsx bytes); 留言用户 is stored encrypted with `pii`. */
export async function importMessages(
  db: Database,
  who: AuditActor,
  pii: PiiCipher,
  xlsx: Uint8Array,
  file: string,
): Promise<ImportReport> {
  const started = performance.now();
  const parsed = parseMessages(await readXlsxRows(xlsx));
  return await run(db, who, {
    started,
    source: "import_messages",
    file,
    rows: parsed.rows,
    bad: parsed.bad,
    cases: () =>
      parsed.records.map((m) => ({
        row: m.row,
        sourceRef: m.sourceRef,
        type: m.type,
        channel: "web",
        status: "closed",
        createdAt: m.createdAt,
        dueAt: null,
        closedAt: null,
        dispatchedAt: null,
        content: m.content,
        address: null,
        categoryId: null,
        districtCode: null,
        streetCode: null,
        leadDepartmentId: null,
        citizenName: m.user,
        facts: { likes: m.likes, dislikes: m.dislikes },
      })),
  }, pii);
}
