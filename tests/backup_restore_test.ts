import assert from "node:assert/strict";
import { join } from "node:path";
import { migrate } from "../db/migrate.ts";
import { openPglite } from "../db/pglite_adapter.ts";
import type { Database } from "../db/port.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase, migratedPostgres } from "../db/testing.ts";
import { audit, type AuditActor, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { verifyAuditChain } from "../server/audit/audit_verify.ts";
import { backupPglite, backupPostgres, EXIT } from "../server/ops/backup.ts";
import { exitCodeOf, formatReport, restorePglite, restorePostgres } from "../server/ops/restore.ts";
import { startTestApp, USER_OF } from "./harness.ts";

const ADMIN: AuditActor = {
  actor: "admin",
  role: "admin",
  ip: "127.0.0.1",
  userAgent: "backup-restore-test",
};

async function count(db: Database, table: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return n;
}

async function publicRelations(url: string): Promise<number> {
  const db = openPostgres(url, { max: 1 });
  try {
    return await count(
      db,
      "pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'",
    );
  } finally {
    await db.close();
  }
}

Deno.test("[backup] a PostgreSQL backup restores into an empty database with the same rows and the same audit chain", async () => {
  const t = await startTestApp();
  const dir = await Deno.makeTempDir({ prefix: "hotline_backup_" });
  const target = await createTestDatabase("restore");
  const spare = await createTestDatabase("corrupt");
  try {
    await t.signIn(USER_OF.admin);
    await t.signIn(USER_OF.auditor);
    await t.services.users.create(ADMIN, "bk001", {
      name: "备份演练",
      group_code: null,
      department_id: null,
      roles: ["auditor"],
      active: true,
    });
    const source = await verifyAuditChain(t.db);
    assert.ok(source.ok && source.checked >= 3, "the source has a verified chain to carry over");

    const { manifest, dumpPath } = await backupPostgres({ databaseUrl: t.url, outDir: dir });
    assert.equal(manifest.audit.head, source.head);
    assert.equal(manifest.row_counts.users, await count(t.db, "users"));

    const report = await restorePostgres({ backupPath: dumpPath, into: target.url });
    assert.ok(report.ok, formatReport(report));
    const restored = openPostgres(target.url, { max: 1 });
    try {
      for (const table of ["users", "agents", "audit_log", "events"]) {
        assert.equal(await count(restored, table), await count(t.db, table), table);
      }
      const chain = await verifyAuditChain(restored);
      assert.ok(chain.ok);
      assert.equal(chain.head, source.head);
      assert.equal(chain.checked, source.checked);
    } finally {
      await restored.close();
    }

    await assert.rejects(
      restorePostgres({ backupPath: dumpPath, into: target.url }),
      /non-empty database/,
    );

    const bytes = await Deno.readFile(dumpPath);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await Deno.writeFile(dumpPath, bytes);
    await assert.rejects(
      restorePostgres({ backupPath: dumpPath, into: spare.url }),
      /checksum mismatch/,
    );
    assert.equal(await publicRelations(spare.url), 0, "a refused restore leaves the target alone");
  } finally {
    await t.dispose();
    await target.drop();
    await spare.drop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[backup] a tampered audit log is still backed up, but marked and never restored as clean", async () => {
  const { db, url, dispose } = await migratedPostgres();
  const target = await createTestDatabase("restore");
  const dir = await Deno.makeTempDir({ prefix: "hotline_backup_" });
  try {
    for (const n of [1, 2, 3]) {
      await db.transaction((tx) => audit(tx, ADMIN, { action: "test.step", objectId: n }));
    }
    // What an intruder with superuser rights could do; the chain is what gives it away.
    await db.exec(`alter table audit_log disable trigger audit_log_append_only;
      update audit_log set actor = 'nobody' where seq = 2;
      alter table audit_log enable trigger audit_log_append_only`);

    const { manifest, dumpPath } = await backupPostgres({ databaseUrl: url, outDir: dir });
    assert.equal(manifest.audit.ok, false);
    assert.equal(manifest.audit.first_bad?.seq, 2);
    assert.match(dumpPath, /AUDIT-BROKEN/);

    const report = await restorePostgres({ backupPath: dumpPath, into: target.url });
    assert.equal(report.ok, false);
    assert.equal(exitCodeOf(report), EXIT.auditBroken, formatReport(report));
  } finally {
    await dispose();
    await target.drop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[backup] a missing pg_dump is reported with how to install it", async () => {
  await assert.rejects(
    backupPostgres({
      databaseUrl: "postgres://nobody@127.0.0.1:1/none",
      outDir: "/nonexistent",
      pgBin: "/nonexistent/bin",
    }),
    /not found on PATH.*postgresql-client/,
  );
});

Deno.test("[backup] an embedded PGlite backup restores into a new data directory with the same rows and chain", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hotline_backup_" });
  const pgliteDir = join(dir, "data", "pglite");
  try {
    const db = await openPglite(pgliteDir);
    try {
      await migrate(db);
      for (const n of [1, 2]) {
        await db.transaction((tx) =>
          audit(tx, SYSTEM_ACTOR, { action: "test.step", objectId: n, after: { n } })
        );
      }
      await assert.rejects(
        backupPglite({ pgliteDir, outDir: join(dir, "backups") }),
        /stop the server first/,
      );
    } finally {
      await db.close();
    }

    const { manifest, manifestPath } = await backupPglite({
      pgliteDir,
      outDir: join(dir, "backups"),
    });
    assert.equal(manifest.audit.count, 2);
    assert.equal(manifest.row_counts.audit_log, 2);

    const intoDataDir = join(dir, "restored");
    const report = await restorePglite({ backupPath: manifestPath, intoDataDir });
    assert.ok(report.ok, formatReport(report));
    const restored = await openPglite(intoDataDir);
    try {
      const chain = await verifyAuditChain(restored);
      assert.ok(chain.ok);
      assert.equal(chain.checked, 2);
      assert.equal(chain.head, manifest.audit.head);
    } finally {
      await restored.close();
    }

    await assert.rejects(
      restorePglite({ backupPath: manifestPath, intoDataDir }),
      /non-empty directory/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
