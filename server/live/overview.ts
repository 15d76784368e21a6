import { latestEventId, recentEvents } from "../../db/events.ts";
import type { Queryable } from "../../db/port.ts";
import { buckets, type MinuteBucket } from "./event_rate.ts";
import { toWire, type WireEvent } from "./sse_frame.ts";

export interface OverviewSnapshot {
  /** Everything below includes events up to this id and none after: the stream resumes here. */
  lastEventId: number;
  window: MinuteBucket[];
  recent: WireEvent[];
}

export const OVERVIEW_MINUTES = 30;

export async function overviewSnapshot(db: Queryable, now: Date): Promise<OverviewSnapshot> {
  const lastEventId = await latestEventId(db);
  const since = new Date(now.getTime() - OVERVIEW_MINUTES * 60_000);
  const rows = await db.query<{ minute: Date; n: number }>(
    `select date_trunc('minute', created_at) as minute, count(*)::int as n
     from events where created_at >= $1 and id <= $2 group by 1`,
    [since, lastEventId],
  );
  const recent = (await recentEvents(db, 50)).filter((e) => e.id <= lastEventId);
  return {
    lastEventId,
    window: buckets(
      now.getTime(),
      OVERVIEW_MINUTES,
      new Map(rows.map((r) => [new Date(r.minute).getTime(), r.n])),
    ),
    recent: recent.map(toWire),
  };
}
