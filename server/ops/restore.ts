/**
 * Restores a backup into an empty target and proves it: the dump's SHA-256, then migration
 * version, every table's row count and the audit chain (count, head, verifies) against the
 * manifest. `deno task restore <backup> --into <url> | --into-data-dir <dir>`; docs/backup.md.
 */
import { PGlite } from "@electric-sql/pglite";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { openPostgres } from "../../db/postgres_adapter.ts";
import {
  collectFacts,
  EXIT,
  type Facts,
  type Manifest,
  OpsError,
  PGLITE_OPTIONS,
  pgliteQueryable,
  runCli,
  runTool,
  sha256File,
} from "./backup.ts";

export interface Check {
  name: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

export interface RestoreReport {
  ok: boolean;
  target: string;
  manifest: Manifest;
  checks: Check[];
}

/** Accepts the dump or its manifest: operators reach for whichever file they see first. */
export async function readBackup(path: string): Promise<{ manifest: Manifest; dumpPath: string }> {
  const manifestPath = path.endsWith(".manifest.json")
    ? path
    : path.replace(/(\.dump|\.tar\.gz)$/, "") + ".manifest.json";
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(manifestPath));
  } catch (error) {
    throw new OpsError(
      `读不到清单 (cannot read the manifest ${manifestPath}): ${(error as Error).message}`,
      EXIT.usage,
    );
  }
  if (manifest.format !== "hotline-backup/1") {
    throw new OpsError(`${manifestPath} is not a hotline backup manifest`, EXIT.usage);
  }
  return { manifest, dumpPath: join(dirname(manifestPath), manifest.file) };
}

/** Checked before the target is touched: a damaged dump must not half-restore. */
async function checksum(dumpPath: string, manifest: Manifest): Promise<Check> {
  const actual = await sha256File(dumpPath);
  if (actual !== manifest.sha256) {
    throw new OpsError(
      `校验和不符，拒绝恢复 (checksum mismatch, refusing to restore): ${dumpPath} has SHA-256 ` +
        `${actual}, the manifest says ${manifest.sha256}. The file is damaged or not this backup.`,
    );
  }
  return { name: "dump SHA-256", ok: true, expected: manifest.sha256, actual };
}

export function compareFacts(manifest: Manifest, facts: Facts): Check[] {
  const check = (name: string, expected: unknown, actual: unknown): Check => ({
    name,
    ok: expected === actual,
    expected,
    actual,
  });
  const tables = [
    ...new Set([...Object.keys(manifest.row_counts), ...Object.keys(facts.row_counts)]),
  ]
    .sort();
  return [
    check("migration version", manifest.migration_version, facts.migration_version),
    ...tables.map((t) =>
      check(
        `rows in ${t}`,
        manifest.row_counts[t] ?? "(no table)",
        facts.row_counts[t] ?? "(no table)",
      )
    ),
    check("audit record count", manifest.audit.count, facts.audit.count),
    check("audit head hash", manifest.audit.head, facts.audit.head),
    // Expected true even when the manifest recorded a broken chain: such a restore is faithful
    // but must not report clean.
    check("audit chain verifies", true, facts.audit.ok),
  ];
}

function report(target: string, manifest: Manifest, checks: Check[]): RestoreReport {
  return { ok: checks.every((c) => c.ok), target, manifest, checks };
}

function expectKind(manifest: Manifest, kind: Manifest["kind"], hint: string) {
  if (manifest.kind !== kind) {
    throw new OpsError(`this is a ${manifest.kind} backup: ${hint}`, EXIT.usage);
  }
}

export async function restorePostgres(
  o: { backupPath: string; into: string; pgBin?: string },
): Promise<RestoreReport> {
  const { manifest, dumpPath } = await readBackup(o.backupPath);
  expectKind(manifest, "postgres", "restore it with --into-data-dir <dir>");
  const sum = await checksum(dumpPath, manifest);
  const pgRestore = o.pgBin ? join(o.pgBin, "pg_restore") : "pg_restore";
  await runTool(pgRestore, ["--version"]);
  const db = openPostgres(o.into, { max: 1, applicationName: "hotline-restore" });
  try {
    const [{ n, database }] = await db.query<{ n: number; database: string }>(
      `select count(*)::int as n, current_database() as database from pg_class c
       join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'`,
    );
    if (n > 0) {
      throw new OpsError(
        `目标库非空，拒绝恢复 (refusing to restore into a non-empty database): "${database}" ` +
          `already has ${n} relations in schema public. Create a new empty database.`,
        EXIT.usage,
      );
    }
    // One transaction that stops at the first error: a failed restore leaves the target empty.
    await runTool(pgRestore, [
      "--no-owner",
      "--exit-on-error",
      "--single-transaction",
      dumpPath,
    ], o.into);
    return report(database, manifest, [sum, ...compareFacts(manifest, await collectFacts(db))]);
  } finally {
    await db.close();
  }
}

export async function restorePglite(
  o: { backupPath: string; intoDataDir: string },
): Promise<RestoreReport> {
  const { manifest, dumpPath } = await readBackup(o.backupPath);
  expectKind(manifest, "pglite", "restore it with --into <postgres url>");
  const sum = await checksum(dumpPath, manifest);
  try {
    for await (const _ of Deno.readDir(o.intoDataDir)) {
      throw new OpsError(
        `目标目录非空，拒绝恢复 (refusing to restore into a non-empty directory): ${o.intoDataDir}`,
        EXIT.usage,
      );
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(o.intoDataDir, { recursive: true });
  // The type tells PGlite to gunzip: it only sniffs gzip from a MIME type or a file name.
  const archive = new Blob([await Deno.readFile(dumpPath)], { type: "application/x-gzip" });
  const pg = await PGlite.create(o.intoDataDir, { ...PGLITE_OPTIONS, loadDataDir: archive });
  try {
    const facts = await collectFacts(pgliteQueryable(pg));
    return report(o.intoDataDir, manifest, [sum, ...compareFacts(manifest, facts)]);
  } finally {
    await pg.close();
  }
}

export function formatReport(r: RestoreReport): string {
  const show = (v: unknown) => typeof v === "string" && v.length > 20 ? v.slice(0, 16) + "…" : v;
  const lines = r.checks.map((c) =>
    `  ${c.ok ? "ok  " : "FAIL"}  ${c.name}: ${
      c.ok ? show(c.actual) : `expected ${show(c.expected)}, got ${show(c.actual)}`
    }`
  );
  const verdict = r.ok
    ? "恢复校验通过 RESTORE VERIFIED"
    : "恢复校验失败 RESTORE NOT VERIFIED: see FAIL lines";
  const broken = r.manifest.audit.ok
    ? ""
    : "\n  note: the audit chain was already broken at backup time";
  return `${verdict}\n  backup ${r.manifest.file} (${r.manifest.created_at}) → ${r.target}\n` +
    lines.join("\n") + broken;
}

/** 3 when the data came back faithfully but the audit chain does not verify; 1 otherwise. */
export function exitCodeOf(r: RestoreReport): number {
  if (r.ok) return EXIT.ok;
  const failed = r.checks.filter((c) => !c.ok).map((c) => c.name);
  return failed.length === 1 && failed[0] === "audit chain verifies"
    ? EXIT.auditBroken
    : EXIT.failed;
}

if (import.meta.main) {
  await runCli("restore", async () => {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: { into: { type: "string" }, "into-data-dir": { type: "string" } },
    });
    const into = values.into;
    const intoDataDir = values["into-data-dir"];
    if (positionals.length !== 1 || !into === !intoDataDir) {
      throw new OpsError(
        "usage: deno task restore <backup .dump|.tar.gz|.manifest.json> " +
          "(--into <postgres url of an empty database> | --into-data-dir <new directory>)",
        EXIT.usage,
      );
    }
    const started = performance.now();
    const result = into
      ? await restorePostgres({ backupPath: positionals[0], into })
      : await restorePglite({ backupPath: positionals[0], intoDataDir: intoDataDir! });
    console.log(formatReport(result));
    console.log(`  took ${Math.round(performance.now() - started)} ms`);
    return exitCodeOf(result);
  });
}
