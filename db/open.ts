import { openPglite } from "./pglite_adapter.ts";
import { openPostgres } from "./postgres_adapter.ts";
import type { Database } from "./port.ts";

/** A server when `databaseUrl` is given, else the embedded database in `dataDir`. */
export function openDatabase(
  { databaseUrl, dataDir }: { databaseUrl?: string; dataDir: string },
): Promise<Database> {
  if (databaseUrl) return Promise.resolve(openPostgres(databaseUrl));
  return openPglite(`${dataDir}/pglite`);
}
