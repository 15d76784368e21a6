/**
 * A fresh PostgreSQL database for a benchmark: pooled, and dropped at the end — also when the
 * run fails or is interrupted (SIGINT/SIGTERM), so a stopped 10-million-row bench leaves no
 * gigabytes behind.
 */
import type { Database } from "../db/port.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";

export async function benchDatabase(
  name: string,
): Promise<{ db: Database; url: string; cleanup: () => Promise<void> }> {
  const tdb = await createTestDatabase(name);
  const db = openPostgres(tdb.url, { max: 8, applicationName: `${name}-bench` });
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    cleaning ??= (async () => {
      await db.close().catch(() => {});
      await tdb.drop();
    })();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(sig, () => {
      console.error(`${name}: interrupted, dropping the database`);
      void cleanup().finally(() => Deno.exit(130));
    });
  }
  return { db, url: tdb.url, cleanup };
}
