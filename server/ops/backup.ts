/**
 * Backups that a restore can be checked against: the dump plus a manifest of what it must contain
 * (migration version, row count of every table, audit chain head, SHA-256 of the file).
 * `deno task backup [--out DIR] [--database-url URL] [--force]`; see docs/backup.md.
 */
import { PGlite } from "@electric-sql/pglite";
import { createSHA256 } from "hash-wasm";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import type { Queryable, Row } from "../../db/port.ts";
import { openPostgres } from "../../db/postgres_adapter.ts";
import { type ChainReport, verifyAuditChain } from "../audit/audit_verify.ts";
import { ConfigError, loadConfig } from "../config.ts";

/** 3 is its own code so a scheduler can tell "backup written, but the audit log is broken". */
export const EXIT = { ok: 0, failed: 1, usage: 2, auditBroken: 3 } as const;

export class OpsError extends Error {
  override name = "OpsError";
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super(message);
  }
}

export interface Facts {
  migration_version: number;
  row_counts: Record<string, number>;
  audit: { ok: boolean; count: number; head: string | null; first_bad: ChainReport["first_bad"] };
}

export interface Manifest extends Facts {
  format: "hotline-backup/1";
  kind: "postgres" | "pglite";
  /** The dump's file name, in the manifest's own directory. */
  file: string;
  bytes: number;
  sha256: string;
  database: string;
  created_at: string;
  server_version: string;
  tool: string;
}

export type BackupResult = { dumpPath: string; manifestPath: string; manifest: Manifest };

/** What a restore must reproduce. Run inside the dump's snapshot, so both see the same rows. */
export async function collectFacts(db: Queryable): Promise<Facts> {
  const [{ known }] = await db.query<{ known: boolean }>(
    "select to_regclass('public.schema_migrations') is not null as known",
  );
  if (!known) throw new OpsError("不是热线数据库 (not a hotline database: no schema_migrations)");
  const [{ v }] = await db.query<{ v: number | null }>(
    "select max(version)::int as v from schema_migrations",
  );
  const tables = await db.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
  );
  const row_counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [{ n }] = await db.query<{ n: unknown }>(
      `select count(*) as n from public."${name.replaceAll('"', '""')}"`,
    );
    row_counts[name] = Number(n);
  }
  const chain = await verifyAuditChain(db);
  return {
    migration_version: v ?? 0,
    row_counts,
    audit: { ok: chain.ok, count: chain.checked, head: chain.head, first_bad: chain.first_bad },
  };
}

/** Streams the file: dumps can be far larger than memory wants to hold at once. */
export async function sha256File(path: string): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hasher.update(chunk);
  return hasher.digest("hex");
}

/** UTC, sortable, and free of characters that file systems or shells mind. */
export function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/**
 * Runs a PostgreSQL client tool against `url`, if given; a missing tool gets a message that says
 * how to install it. The password goes by environment: in argv, `ps` would show it to everyone.
 */
export async function runTool(bin: string, args: string[], url?: string) {
  const env: Record<string, string> = {};
  if (url) {
    const u = new URL(url);
    if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
    args = [...args, `--dbname=${u}`];
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  let out: Deno.CommandOutput;
  try {
    // A missing binary throws synchronously from output(), so await inside try, not .catch().
    out = await new Deno.Command(bin, { args, env, stdin: "null" }).output();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new OpsError(
      `找不到 ${bin} (${bin} not found on PATH): install the PostgreSQL client tools, e.g. ` +
        `"apt-get install postgresql-client"; their major version must be at least the server's`,
    );
  }
  if (out.success) return text(out.stdout);
  throw new OpsError(`${bin} failed (exit ${out.code}): ${text(out.stderr) || text(out.stdout)}`);
}

export function pgliteQueryable(pg: PGlite): Queryable {
  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []) {
      return (await pg.query<T>(sql, [...params])).rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
}

/** Same int8 parsing as db/pglite_adapter.ts, so audit sequence numbers compare as numbers. */
export const PGLITE_OPTIONS = { parsers: { 20: Number } };

type Described = Omit<Manifest, "format" | "created_at" | "file" | "bytes" | "sha256">;

async function finish(partial: string, dumpPath: string, now: Date, m: Described) {
  const manifestPath = dumpPath.replace(/(\.dump|\.tar\.gz)$/, "") + ".manifest.json";
  // Renamed only once complete: a half-written dump must never look like a backup.
  await Deno.rename(partial, dumpPath);
  const manifest: Manifest = {
    format: "hotline-backup/1",
    created_at: now.toISOString(),
    ...m,
    file: basename(dumpPath),
    bytes: (await Deno.stat(dumpPath)).size,
    sha256: await sha256File(dumpPath),
  };
  const json = JSON.stringify(manifest, null, 2) + "\n";
  await Deno.writeTextFile(manifestPath, json, { createNew: true });
  return { dumpPath, manifestPath, manifest } satisfies BackupResult;
}

/** A broken chain is still backed up (see docs/backup.md), but named so nobody mistakes it. */
const dumpName = (dir: string, now: Date, facts: Facts, ext: string) =>
  join(dir, `hotline-${stamp(now)}${facts.audit.ok ? "" : ".AUDIT-BROKEN"}${ext}`);

export async function backupPostgres(
  o: { databaseUrl: string; outDir: string; now?: Date; pgBin?: string },
): Promise<BackupResult> {
  const pgDump = o.pgBin ? join(o.pgBin, "pg_dump") : "pg_dump";
  const tool = await runTool(pgDump, ["--version"]);
  const now = o.now ?? new Date();
  await Deno.mkdir(o.outDir, { recursive: true });
  const partial = join(o.outDir, `.hotline-${stamp(now)}.dump.partial`);
  const db = openPostgres(o.databaseUrl, { max: 1, applicationName: "hotline-backup" });
  try {
    const taken = await db.transaction(async (tx) => {
      await tx.query("set transaction isolation level repeatable read, read only");
      const [info] = await tx.query<{ snapshot: string; database: string; version: string }>(
        `select pg_export_snapshot() as snapshot, current_database() as database,
                current_setting('server_version') as version`,
      );
      // pg_dump reads the snapshot this transaction holds open, so the manifest's counts and
      // chain head describe exactly the dumped rows even while the hotline keeps writing.
      const [facts] = await Promise.all([
        collectFacts(tx),
        runTool(pgDump, [
          "--format=custom",
          `--snapshot=${info.snapshot}`,
          `--file=${partial}`,
        ], o.databaseUrl),
      ]);
      return { info, facts };
    });
    return await finish(partial, dumpName(o.outDir, now, taken.facts, ".dump"), now, {
      kind: "postgres",
      database: taken.info.database,
      server_version: taken.info.version,
      tool,
      ...taken.facts,
    });
  } finally {
    await db.close();
    await Deno.remove(partial).catch(() => {});
  }
}

export async function backupPglite(
  o: { pgliteDir: string; outDir: string; now?: Date; force?: boolean },
): Promise<BackupResult> {
  await Deno.stat(join(o.pgliteDir, "PG_VERSION")).catch(() => {
    throw new OpsError(`没有内嵌数据库 (no embedded database at ${o.pgliteDir})`, EXIT.usage);
  });
  // PGlite writes postmaster.pid while open and removes it on close: a second opener of a live
  // data directory would corrupt it, so the server must be stopped.
  const inUse = await Deno.stat(join(o.pgliteDir, "postmaster.pid")).then(() => true, () => false);
  if (inUse && !o.force) {
    throw new OpsError(
      `请先停止服务 (stop the server first): ${o.pgliteDir} is open (postmaster.pid present). ` +
        `If the server crashed and is not running, pass --force.`,
      EXIT.usage,
    );
  }
  const now = o.now ?? new Date();
  await Deno.mkdir(o.outDir, { recursive: true });
  const partial = join(o.outDir, `.hotline-${stamp(now)}.pglite.tar.gz.partial`);
  const pg = await PGlite.create(o.pgliteDir, PGLITE_OPTIONS);
  try {
    const q = pgliteQueryable(pg);
    const facts = await collectFacts(q);
    const [{ version }] = await q.query<{ version: string }>(
      "select current_setting('server_version') as version",
    );
    const archive = await pg.dumpDataDir("gzip");
    await Deno.writeFile(partial, new Uint8Array(await archive.arrayBuffer()), { createNew: true });
    return await finish(partial, dumpName(o.outDir, now, facts, ".pglite.tar.gz"), now, {
      kind: "pglite",
      database: o.pgliteDir,
      server_version: version,
      tool: "PGlite dumpDataDir (gzip)",
      ...facts,
    });
  } finally {
    await pg.close();
    await Deno.remove(partial).catch(() => {});
  }
}

/** Shared by both CLIs: known failures become a message and an exit code, not a stack trace. */
export async function runCli(name: string, main: () => Promise<number>): Promise<never> {
  try {
    Deno.exit(await main());
  } catch (error) {
    const known = error instanceof ConfigError ||
      String((error as { code?: string }).code).startsWith("ERR_PARSE_ARGS");
    console.error(`12345 hotline ${name}: ${(error as Error).message}`);
    Deno.exit(error instanceof OpsError ? error.exitCode : known ? EXIT.usage : EXIT.failed);
  }
}

if (import.meta.main) {
  await runCli("backup", async () => {
    const { values } = parseArgs({
      options: {
        out: { type: "string", default: "./backups" },
        "database-url": { type: "string" },
        force: { type: "boolean", default: false },
      },
    });
    const config = loadConfig(Deno.env.toObject());
    const databaseUrl = values["database-url"] ?? config.databaseUrl;
    const started = performance.now();
    const { dumpPath, manifestPath, manifest } = databaseUrl
      ? await backupPostgres({ databaseUrl, outDir: values.out })
      : await backupPglite({
        pgliteDir: join(config.dataDir, "pglite"),
        outDir: values.out,
        force: values.force,
      });
    const rows = Object.values(manifest.row_counts).reduce((a, b) => a + b, 0);
    console.log(
      `备份完成 backup written in ${Math.round(performance.now() - started)} ms: ${dumpPath}\n` +
        `  ${manifest.bytes} bytes, sha256 ${manifest.sha256}; manifest ${manifestPath}\n` +
        `  ${manifest.database}: migration ${manifest.migration_version}, ${rows} rows, ` +
        `${manifest.audit.count} audit records, head ${manifest.audit.head ?? "(empty)"}\n` +
        `  PII keys are NOT in this backup: keep PII_KEYS/PII_HASH_KEY or ` +
        `DATA_DIR/pii_keys.json in a separate secure backup (docs/backup.md)`,
    );
    if (manifest.audit.ok) return EXIT.ok;
    console.error(
      `!!! 审计链校验失败 AUDIT CHAIN BROKEN at record ${manifest.audit.first_bad?.seq}: ` +
        `${manifest.audit.first_bad?.reason}. The backup was written as evidence and is marked ` +
        `AUDIT-BROKEN; investigate before trusting it.`,
    );
    return EXIT.auditBroken;
  });
}
