/**
 * Test databases: a fresh PostgreSQL database per test file on the real server
 * (TEST_DATABASE_URL, default the local trust-auth server), dropped afterwards.
 */
import postgres from "postgres";
import { migrate } from "./migrate.ts";
import { openPglite } from "./pglite_adapter.ts";
import { openPostgres } from "./postgres_adapter.ts";
import type { Database } from "./port.ts";

export const ADMIN_URL = Deno.env.get("TEST_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Test databases left by runs that were killed: named with their creation time, swept after 2 h. */
let swept: Promise<void> | undefined;
async function sweepStaleTestDatabases(admin: postgres.Sql): Promise<void> {
  const rows = await admin<
    { datname: string }[]
  >`select datname from pg_database where datname like 'hotline\_%'`;
  for (const { datname } of rows) {
    const born = parseInt(datname.split("_")[2] ?? "", 36);
    if (Number.isFinite(born) && Date.now() - born > 2 * 3_600_000) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
  }
}

export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  // The sweep reads the creation time from the third part: the label must not add a part.
  const tag = label.toLowerCase().replace(/[^a-z0-9]/g, "") || "t";
  const name = `hotline_${tag}_${Date.now().toString(36)}_${crypto.randomUUID().slice(0, 8)}`
    .replace(/-/g, "");
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await (swept ??= sweepStaleTestDatabases(admin));
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface Adapter {
  kind: "postgres" | "pglite";
  /** A fresh, empty database and a way to dispose of it. */
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

export const ADAPTERS: Adapter[] = [
  {
    kind: "postgres",
    async open() {
      const tdb = await createTestDatabase();
      const db = openPostgres(tdb.url);
      return {
        db,
        async dispose() {
          await db.close();
          await tdb.drop();
        },
      };
    },
  },
  {
    kind: "pglite",
    async open() {
      const db = await openPglite();
      return { db, dispose: () => db.close() };
    },
  },
];

/** A fresh migrated PostgreSQL database for integration tests. */
export async function migratedPostgres(): Promise<
  { db: Database; url: string; dispose(): Promise<void> }
> {
  const tdb = await createTestDatabase();
  const db = openPostgres(tdb.url);
  await migrate(db);
  return {
    db,
    url: tdb.url,
    async dispose() {
      await db.close();
      await tdb.drop();
    },
  };
}
