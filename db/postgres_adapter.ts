import postgres from "postgres";
import type { Database, Listener, ListenerStatus, ListenOptions, Row, Tx } from "./port.ts";

const INT8 = 20;
const RETRY_MS = [100, 250, 500, 1000, 2000];

/** int8 comes back as a JS number: event ids and counts stay far below 2^53. */
const int8AsNumber = {
  to: INT8,
  from: [INT8],
  serialize: (v: unknown) => String(v),
  parse: (v: string) => Number(v),
};

export interface PostgresOptions {
  max?: number;
  applicationName?: string;
}

type Sql = postgres.Sql<Record<string, never>>;

/**
 * A statement that could not even be written to a connection the server had just closed (a
 * database restart, a terminated backend) never reached the server: sending it again on a fresh
 * connection is safe. Anything that may have run is not retried.
 */
const neverSent = (error: unknown) =>
  /^write CONNECTION_(CLOSED|DESTROYED)/.test((error as Error)?.message ?? "");

function queryable(sql: postgres.Sql | postgres.TransactionSql, retry = false): Tx {
  return {
    async query<T = Row>(text: string, params: readonly unknown[] = []) {
      // deno-lint-ignore no-explicit-any
      const run = () => sql.unsafe(text, params as any[]);
      const rows = await run().catch((
        error,
      ) => (retry && neverSent(error) ? run() : Promise.reject(error)));
      // A plain array, as PGlite gives: postgres.js's Result subclass differs in deepEqual.
      return Array.from(rows) as unknown as T[];
    },
    async exec(text: string) {
      await sql.unsafe(text).simple();
    },
  };
}

export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const settings = {
    max: options.max ?? 10,
    onnotice: () => {},
    types: { int8: int8AsNumber },
    connection: { application_name: options.applicationName ?? "hotline" },
  };
  const sql = postgres(url, settings) as unknown as Sql;
  const base = queryable(sql, true);
  const listeners = new Set<Listener>();
  return {
    kind: "postgres",
    ...base,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return await sql.begin((tx) => fn(queryable(tx))) as T;
    },
    async listen(channel: string, opts: ListenOptions): Promise<Listener> {
      const listener = await listenWithRetry(url, settings, channel, opts);
      listeners.add(listener);
      return listener;
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.close()));
      await sql.end({ timeout: 1 });
    },
  };
}

/**
 * A dedicated LISTEN connection that we re-establish ourselves: postgres.js gives up on a
 * listener when its re-LISTEN fails once (e.g. while the server restarts).
 */
async function listenWithRetry(
  url: string,
  settings: Record<string, unknown>,
  channel: string,
  opts: ListenOptions,
): Promise<Listener> {
  let status: ListenerStatus = "connecting";
  let closed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const conn = postgres(url, {
    ...settings,
    max: 1,
    idle_timeout: null,
    max_lifetime: null,
    fetch_types: false,
    connection: { application_name: "hotline-listener" },
    onnotify: (_channel: string, payload: string) => opts.onNotify(payload),
    onclose: () => {
      if (closed) return;
      status = "down";
      opts.onDown?.(new Error("LISTEN connection closed"));
      schedule();
    },
  } as unknown as postgres.Options<Record<string, never>>);

  const quoted = '"' + channel.replaceAll('"', '""') + '"';
  const establish = async () => {
    timer = undefined;
    if (closed) return;
    try {
      await conn.unsafe(`listen ${quoted}`);
      attempt = 0;
      status = "listening";
      opts.onListening();
    } catch (error) {
      status = "down";
      opts.onDown?.(error);
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(establish, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
  };

  await establish();
  return {
    get status() {
      return status;
    },
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await conn.end({ timeout: 1 });
    },
  };
}
