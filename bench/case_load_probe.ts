/**
 * What the case bench sees of the service's SQL: a Database wrapper that times every statement
 * (also inside transactions) while a call is measured, so the slowest call of each shape can be
 * taken apart statement by statement and its main statement run again under EXPLAIN.
 */
import type { Database, Queryable, Row } from "../db/port.ts";

export interface Statement {
  sql: string;
  params: readonly unknown[];
  ms: number;
}

export interface RecordingDb extends Database {
  /** The statements run since the last call, and forgets them. */
  take(): Statement[];
}

/** `inner` with every query timed and kept until take(). */
export function recording(inner: Database): RecordingDb {
  let seen: Statement[] = [];
  const timed = (q: Queryable): Queryable => ({
    async query<T = Row>(sql: string, params: readonly unknown[] = []) {
      const t0 = performance.now();
      try {
        return await q.query<T>(sql, params);
      } finally {
        seen.push({ sql, params, ms: performance.now() - t0 });
      }
    },
    exec: (sql: string) => q.exec(sql),
  });
  return {
    kind: inner.kind,
    ...timed(inner),
    transaction: (fn) => inner.transaction((tx) => fn(timed(tx))),
    listen: (channel, options) => inner.listen(channel, options),
    close: () => inner.close(),
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** The statement of a search call that reads the cases (not the deadline rules). */
export const mainStatement = (statements: readonly Statement[]) =>
  statements.find((s) => /\bfrom cases c\b/.test(s.sql));

/** EXPLAIN (ANALYZE, BUFFERS) of a statement with its parameters, as text lines. */
export async function explain(db: Queryable, s: Statement): Promise<string[]> {
  const rows = await db.query<{ "QUERY PLAN": string }>(
    `explain (analyze, buffers) ${s.sql}`,
    s.params,
  );
  return rows.map((r) => r["QUERY PLAN"]);
}

/** A statement on one line, its parameters inlined for reading (not for running). */
export function oneLine(s: Statement): string {
  return s.sql.replace(/\s+/g, " ").replace(/\$(\d+)/g, (_, n) => {
    const v = s.params[Number(n) - 1];
    return v instanceof Date
      ? `'${v.toISOString()}'`
      : typeof v === "string"
      ? `'${v}'`
      : String(v);
  });
}
