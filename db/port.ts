/**
 * The database port: the one interface services use, with a postgres.js adapter for a real
 * server and a PGlite adapter for the embedded default. SQL uses `$1` placeholders on both.
 */

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations, seeds). */
  exec(sql: string): Promise<void>;
}

export type Tx = Queryable;

export type ListenerStatus = "connecting" | "listening" | "down";

export interface Listener {
  readonly status: ListenerStatus;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called with each NOTIFY payload. */
  onNotify(payload: string): void;
  /** Called whenever LISTEN is (re-)established: notifications may have been missed before it. */
  onListening(): void;
  /** Called when the listening connection is lost; the adapter keeps retrying. */
  onDown?(error: unknown): void;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  listen(channel: string, options: ListenOptions): Promise<Listener>;
  close(): Promise<void>;
}
