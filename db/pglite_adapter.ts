import { PGlite } from "@electric-sql/pglite";
import type { Database, Listener, ListenOptions, Row, Tx } from "./port.ts";

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function queryable(db: PgliteLike): Tx {
  return {
    async query<T = Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<T>(text, [...params]);
      return result.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

/**
 * Embedded PostgreSQL (WASM) in `dataDir`, or in memory when it is undefined. One connection:
 * NOTIFY is delivered inside this process only, so every writer must be this process.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers: { 20: Number } });
  return {
    kind: "pglite",
    ...queryable(pg),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(queryable(tx)));
    },
    async listen(channel: string, opts: ListenOptions): Promise<Listener> {
      const unlisten = await pg.listen(channel, opts.onNotify);
      opts.onListening();
      return {
        status: "listening",
        close: () => unlisten(),
      };
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
