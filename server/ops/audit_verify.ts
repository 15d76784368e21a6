/**
 * `deno task audit-verify`: walks the audit chain of the configured database and prints the
 * result as JSON; exit code 0 when intact, 3 when a record was altered or removed. Against the
 * embedded database, stop the server first (a single writer).
 */
import { openDatabase } from "../../db/open.ts";
import { verifyAuditChain } from "../audit/audit_verify.ts";
import { configFromEnvOrExit } from "../config.ts";

async function main(): Promise<number> {
  const config = configFromEnvOrExit();
  const db = await openDatabase(config);
  try {
    const report = await verifyAuditChain(db);
    console.log(JSON.stringify(report));
    console.error(
      report.ok
        ? `审计日志完整 audit chain intact: ${report.checked} records, head ${
          report.head ?? "(empty)"
        }`
        : `审计日志被篡改 audit chain BROKEN at record ${report.first_bad?.seq}: ${report.first_bad?.reason}`,
    );
    return report.ok ? 0 : 3;
  } finally {
    await db.close();
  }
}

if (import.meta.main) Deno.exit(await main());
