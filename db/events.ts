import type { Queryable, Tx } from "./port.ts";

/** The channel whose NOTIFY payload is the newest event id (a hint: the table is the truth). */
export const EVENTS_CHANNEL = "events";
/** Held from the events insert to commit, so that event ids become visible in id order. */
const EVENTS_APPEND_LOCK = 12345_0002;

export interface NewEvent {
  topic: string;
  type: string;
  subject?: string | number | null;
  data?: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  topic: string;
  type: string;
  subject: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = "id, topic, type, subject, data, created_at";

/**
 * Appends events inside the caller's transaction and notifies their newest id at commit.
 * Call it last in the transaction: the lock it takes makes other writers of events wait until
 * this transaction ends, which is what keeps "id > last seen" readers from skipping an id that
 * an earlier-started transaction commits later.
 */
export async function appendEvents(tx: Tx, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  // One round trip: the lock is taken first (the insert reads from it), and the NOTIFY of the
  // newest id is queued for commit; the lock is then held only until the commit.
  const rows = await tx.query<StoredEvent>(
    `with lock as (select pg_advisory_xact_lock($5::bigint)),
     inserted as (
       insert into events (topic, type, subject, data)
       select e.topic, e.type, e.subject, e.data::jsonb
       from lock, unnest($1::text[], $2::text[], $3::text[], $4::text[]) as e(topic, type, subject, data)
       returning ${COLUMNS}
     ),
     notified as (select pg_notify($6, max(id)::text) from inserted)
     select ${COLUMNS} from inserted where (select count(*) from notified) = 1 order by id`,
    [
      events.map((e) => e.topic),
      events.map((e) => e.type),
      events.map((e) => e.subject == null ? null : String(e.subject)),
      events.map((e) => JSON.stringify(e.data ?? {})),
      EVENTS_APPEND_LOCK,
      EVENTS_CHANNEL,
    ],
  );
  return rows;
}

export interface ReadOptions {
  topics?: readonly string[];
  limit: number;
  /** Read no further than this id (inclusive). */
  upTo?: number;
}

/** Events after `afterId` in id order, optionally only some topics. */
export function readEventsAfter(
  db: Queryable,
  afterId: number,
  { topics, limit, upTo }: ReadOptions,
): Promise<StoredEvent[]> {
  return db.query<StoredEvent>(
    `select ${COLUMNS} from events
     where id > $1 and ($2::text[] is null or topic = any($2)) and ($3::bigint is null or id <= $3)
     order by id limit $4`,
    [afterId, topics && topics.length > 0 ? topics : null, upTo ?? null, limit],
  );
}

export async function latestEventId(db: Queryable): Promise<number> {
  const [row] = await db.query<{ id: number | null }>("select max(id) as id from events");
  return row.id ?? 0;
}

/** The newest `limit` events, oldest first (a page's snapshot). */
export async function recentEvents(db: Queryable, limit: number): Promise<StoredEvent[]> {
  const rows = await db.query<StoredEvent>(
    `select ${COLUMNS} from events order by id desc limit $1`,
    [limit],
  );
  return rows.reverse();
}
