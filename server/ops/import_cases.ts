/**
 * `deno task import:311 [file.csv]` and `deno task import:messages [file.xlsx]`: load historical
 * cases (docs/import.md). The file defaults to the data set in ../shared/data. Writes to
 * DATABASE_URL, else the embedded database in DATA_DIR (stop the server first: a single writer).
 * Prints what was imported, skipped (already there) and refused (row number and reason); exit
 * code 0 when the run committed, 1 when it did not (nothing was written then).
 */
import { migrate } from "../../db/migrate.ts";
import { openDatabase } from "../../db/open.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import { type Config, configFromEnvOrExit } from "../config.ts";
import { import311, importMessages, type ImportReport } from "../import/import_run.ts";
import { loadOrCreateKeyFile } from "../privacy/key_file.ts";
import { parseKeyring, PiiCipher } from "../privacy/pii_cipher.ts";

const DATA = new URL("../../../shared/data/", import.meta.url);
const DEFAULTS: Record<string, string> = {
  "311": new URL("311_sample.csv", DATA).pathname,
  messages: new URL("full_dataset_sheet_3.xlsx", DATA).pathname,
};
const SHOWN_BAD = 20;

function printReport(r: ImportReport, log = console.log): void {
  log(`导入 import ${r.source} from ${r.file}: ${r.rows} rows in ${(r.ms / 1000).toFixed(2)} s`);
  log(`  imported 已导入 ${r.imported}`);
  log(`  skipped  已存在 ${r.skipped} (imported by an earlier run)`);
  log(`  bad rows 错误行 ${r.bad.length}`);
  for (const b of r.bad.slice(0, SHOWN_BAD)) log(`    row ${b.row}: ${b.reason}`);
  if (r.bad.length > SHOWN_BAD) log(`    … and ${r.bad.length - SHOWN_BAD} more`);
}

/** The keys the server uses: PII_KEYS, else the key file next to the embedded database. */
async function cipher(config: Config): Promise<PiiCipher> {
  const keys = config.piiKeys
    ? { spec: config.piiKeys, hashKey: config.piiHashKey! }
    : await loadOrCreateKeyFile(config.dataDir);
  return await PiiCipher.create(parseKeyring(keys.spec), keys.hashKey);
}

async function main(): Promise<number> {
  const [kind, path = DEFAULTS[kind]] = Deno.args;
  if (!(kind in DEFAULTS)) {
    console.error("usage: import_cases.ts 311|messages [file]");
    return 2;
  }
  const config = configFromEnvOrExit("import");
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    console.error(`cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const who = { ...SYSTEM_ACTOR, actor: "ops:import-cases" };
    const report = kind === "311"
      ? await import311(db, who, new TextDecoder().decode(bytes), path)
      : await importMessages(db, who, await cipher(config), bytes, path);
    printReport(report);
    return 0;
  } catch (error) {
    console.error(`导入失败 import failed, nothing written: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}

if (import.meta.main) Deno.exit(await main());
