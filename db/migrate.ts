import type { Database } from "./port.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any constant will do: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 12345_0001;

/** Reads `db/migrations/NNNN_name.sql`, in version order. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = FILE_NAME.exec(entry.name);
    if (!entry.isFile || !match) continue;
    migrations.push({
      version: Number(match[1]),
      name: match[2],
      sql: await Deno.readTextFile(new URL(entry.name, dir)),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(`migration versions must be 1..N without gaps: found ${m.version}`);
    }
  });
  return migrations;
}

async function checksum(sql: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sql));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Applies the migrations the database lacks, each in its own transaction together with its
 * record. Refuses to run when the database knows a version the code does not, or when an
 * applied migration's text was changed afterwards. Returns the versions it applied.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  const known = migrations ?? await loadMigrations();
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: number[] = [];
  // Serialise concurrent starts: one process migrates, the others then find nothing to do.
  await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    const rows = await tx.query<{ version: number; name: string; checksum: string }>(
      "select version, name, checksum from schema_migrations order by version",
    );
    const latest = known.at(-1)?.version ?? 0;
    const ahead = rows.filter((r) => r.version > latest);
    if (ahead.length > 0) {
      throw new MigrationError(
        `the database is at migration ${ahead.at(-1)!.version} (${ahead.at(-1)!.name}) ` +
          `but this code knows only up to ${latest}: refusing to run older code on a newer database`,
      );
    }
    for (const row of rows) {
      const mine = known.find((m) => m.version === row.version);
      if (mine && row.checksum !== await checksum(mine.sql)) {
        throw new MigrationError(
          `migration ${row.version} (${row.name}) was changed after it was applied: ` +
            `add a new migration instead of editing an applied one`,
        );
      }
    }
  });
  for (const migration of known) {
    const done = await db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const exists = await tx.query("select 1 from schema_migrations where version = $1", [
        migration.version,
      ]);
      if (exists.length > 0) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(
          `migration ${migration.version} (${migration.name}) failed and was rolled back: ${
            (error as Error).message
          }`,
          { cause: error },
        );
      }
      await tx.query(
        "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
        [
          migration.version,
          migration.name,
          await checksum(migration.sql),
        ],
      );
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
