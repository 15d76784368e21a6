import type { Queryable } from "../../db/port.ts";
import { loadQueues, loadSeats } from "./acd_rows.ts";
import { staffing } from "./erlang_c.ts";
import { type WallHistory, wallHistory } from "./wall_history.ts";
import {
  agentMetrics,
  type MetricsWindow,
  occupancy,
  type QueueMetrics,
  queueMetrics,
  seatsByState,
  windows,
} from "./queue_metrics.ts";
import type { CallFact, SeatChange, SeatState } from "./types.ts";

export interface AcdSnapshot {
  at: string;
  /** The events table's newest id when the snapshot was read: a screen resumes its stream here. */
  last_event_id: number;
  queues:
    (QueueMetrics & { id: string; name: string; last15m: QueueMetrics; last60m: QueueMetrics })[];
  seats: {
    id: number;
    work_number: string;
    name: string;
    group: string;
    group_name: string;
    skills: { skill: string; level: number }[];
    state: SeatState;
    /** The queue of the call the seat holds (ringing, on call, on hold, in wrap-up). */
    call_queue: string | null;
    reason: string | null;
    since: string;
    call_id: number | null;
    handled: number;
    aht_s: number | null;
  }[];
  centre: QueueMetrics & {
    occupancy: number | null;
    seats: Record<SeatState, number>;
    last15m: QueueMetrics;
    last60m: QueueMetrics;
    /** Seats signed in now vs Erlang C's need for the last hour's arrivals at 95 % in 15 s. */
    staffing: { staffed: number; needed: number | null };
  };
}

/** Erlang C over the last hour: how many seats the national target needs at this load. */
function seatsNeeded(offered: number, ahtSeconds: number | null): number | null {
  try {
    return staffing({
      calls: offered,
      intervalSeconds: 3600,
      ahtSeconds: ahtSeconds ?? 180,
      targetServiceLevel: 0.95,
      answerSeconds: 15,
    }).agents;
  } catch {
    return null; // out of reach within the search limit: shown as unknown, not as a number
  }
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/** Calls that entered a queue since `since` (and in `also`, a second range), plus all still open. */
export async function callFacts(
  db: Queryable,
  since: number,
  also?: { from: number; to: number },
): Promise<CallFact[]> {
  const rows = await db.query<Record<string, unknown>>(
    `select id, queue_code, queued_at, answered_at, ended_at, end_reason, hold_ms, wrap_ms, agent_id from calls
     where queued_at >= $1 or state not in ('ended', 'ivr') or (queued_at >= $2 and queued_at < $3)`,
    [new Date(since), also ? new Date(also.from) : null, also ? new Date(also.to) : null],
  );
  return rows.filter((r) => r.queued_at !== null).map((r) => ({
    id: r.id as number,
    queue: r.queue_code as string,
    queuedAt: ms(r.queued_at as Date)!,
    answeredAt: ms(r.answered_at as Date | null),
    endedAt: ms(r.ended_at as Date | null),
    endReason: r.end_reason as CallFact["endReason"],
    holdMs: Number(r.hold_ms ?? 0),
    wrapMs: Number(r.wrap_ms ?? 0),
    agentId: r.agent_id as number | null,
  }));
}

/** Seat states at `window.from` and the changes since, from the `seat` events. */
async function seatHistory(db: Queryable, window: MetricsWindow) {
  const before = await db.query<{ subject: string; state: SeatState }>(
    `select distinct on (subject) subject, data->>'state' as state from events
     where topic = 'seat' and created_at < $1 and data ? 'state' order by subject, id desc`,
    [new Date(window.from)],
  );
  const changes = await db.query<{ subject: string; state: SeatState; at: Date }>(
    `select subject, data->>'state' as state, created_at as at from events
     where topic = 'seat' and created_at >= $1 and data ? 'state' order by id`,
    [new Date(window.from)],
  );
  return { before, changes };
}

/**
 * Everything the wall screen and the supervisor desk show about the ACD, computed by the pure
 * projection (queue_metrics.ts) from the tables and `now`: today, the last 15 and 60 minutes.
 */
export async function acdSnapshot(db: Queryable, now: number): Promise<AcdSnapshot> {
  const w = windows(now);
  const [[{ last }], queues, names, seats, people, facts, history] = await Promise.all([
    db.query<{ last: number | null }>("select max(id) as last from events"),
    loadQueues(db),
    db.query<{ code: string; name: string }>("select code, name from queues"),
    loadSeats(db),
    db.query<{ id: number; name: string; group_code: string; group_name: string | null }>(
      "select a.id, a.name, a.group_code, g.name as group_name from agents a left join agent_groups g on g.code = a.group_code",
    ),
    callFacts(db, w.today.from),
    seatHistory(db, w.today),
  ]);
  const callIds = seats.flatMap((s) => (s.callId === null ? [] : [s.callId]));
  const callQueue = new Map(
    callIds.length === 0 ? [] : (await db.query<{ id: number; queue_code: string }>(
      "select id, queue_code from calls where id = any($1::bigint[])",
      [callIds],
    )).map((r) => [r.id, r.queue_code]),
  );
  const byWorkNumber = new Map(seats.map((s) => [s.workNumber, s.agentId]));
  const initial = new Map(
    history.before.flatMap((r) =>
      byWorkNumber.has(r.subject) ? [[byWorkNumber.get(r.subject)!, r.state] as const] : []
    ),
  );
  const changes: SeatChange[] = history.changes.flatMap((r) =>
    byWorkNumber.has(r.subject)
      ? [{ agentId: byWorkNumber.get(r.subject)!, state: r.state, at: new Date(r.at).getTime() }]
      : []
  );
  const nameOf = new Map(names.map((q) => [q.code, q.name]));
  const person = new Map(people.map((p) => [p.id, p]));
  const perAgent = agentMetrics(facts, w.today, now);
  const metrics = (calls: CallFact[], t: number) => ({
    ...queueMetrics(calls, w.today, now, t),
    last15m: queueMetrics(calls, w.last15m, now, t),
    last60m: queueMetrics(calls, w.last60m, now, t),
  });
  const centre = metrics(facts, 15);
  return {
    at: new Date(now).toISOString(),
    last_event_id: last ?? 0,
    queues: [...queues.values()].map((q) => ({
      id: q.code,
      name: nameOf.get(q.code) ?? q.code,
      ...metrics(facts.filter((f) => f.queue === q.code), q.serviceLevelSeconds),
    })),
    seats: seats.map((s) => ({
      id: s.agentId,
      work_number: s.workNumber,
      name: person.get(s.agentId)?.name ?? "",
      group: person.get(s.agentId)?.group_code ?? "",
      group_name: person.get(s.agentId)?.group_name ?? "",
      skills: s.skills,
      state: s.state,
      reason: s.reason,
      since: new Date(s.since).toISOString(),
      call_id: s.callId,
      call_queue: s.callId === null ? null : callQueue.get(s.callId) ?? null,
      handled: perAgent.get(s.agentId)?.handled ?? 0,
      aht_s: perAgent.get(s.agentId)?.aht_s ?? null,
    })),
    centre: {
      ...centre,
      occupancy: occupancy(changes, initial, w.today),
      seats: seatsByState(seats.map((s) => s.state)),
      staffing: {
        staffed: seats.filter((s) => s.state !== "logged_out").length,
        needed: seatsNeeded(centre.last60m.offered, centre.aht_s),
      },
    },
  };
}

/** The wall's charts: the last two hours, and arrivals today against the same weekday last week. */
export async function acdHistory(db: Queryable, now: number): Promise<WallHistory> {
  const today = windows(now).today.from;
  const week = 7 * 86_400_000;
  const facts = await callFacts(db, Math.min(today, now - 2 * 3_600_000), {
    from: today - week,
    to: today - week + 86_400_000,
  });
  return wallHistory(facts, now);
}
