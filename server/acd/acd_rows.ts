import type { Queryable } from "../../db/port.ts";
import type { QueueRecord } from "./queue_admin.ts";
import type { NotReadyReason, QueueConfig, Seat, SeatState, WaitingCall } from "./types.ts";

/** Reading the ACD's state from its tables into the pure model (and nothing else). */

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

interface SeatRow {
  agent_id: number;
  work_number: string;
  state: SeatState;
  reason: NotReadyReason | null;
  since: Date;
  ready_since: Date | null;
  call_id: number | null;
  direction: "in" | "out" | null;
  wrap_until: Date | null;
  skills: { skill: string; level: number }[];
}

export const SEAT_SELECT = `
  select s.agent_id, a.work_number, s.state, s.reason, s.since, s.ready_since, s.call_id, s.direction, s.wrap_until,
    coalesce((select json_agg(json_build_object('skill', k.skill_code, 'level', k.level) order by k.skill_code)
              from agent_skills k where k.agent_id = s.agent_id), '[]'::json) as skills
  from seat_states s join agents a on a.id = s.agent_id`;

export function toSeat(r: SeatRow): Seat {
  return {
    agentId: r.agent_id,
    workNumber: r.work_number,
    state: r.state,
    reason: r.reason,
    since: ms(r.since)!,
    readySince: ms(r.ready_since),
    callId: r.call_id,
    direction: r.direction,
    wrapUntil: ms(r.wrap_until),
    skills: typeof r.skills === "string" ? JSON.parse(r.skills) : r.skills,
  };
}

export async function loadSeats(
  db: Queryable,
  where = "",
  params: unknown[] = [],
  lock = "",
): Promise<Seat[]> {
  const rows = await db.query<SeatRow>(
    `${SEAT_SELECT} ${where} order by s.agent_id ${lock}`,
    params,
  );
  return rows.map(toSeat);
}

interface CallRow {
  id: number;
  queue_code: string;
  priority: number;
  enqueued_at: Date;
  queue_entered_at: Date;
  queued_at: Date;
  state: "queued" | "ringing";
  agent_id: number | null;
  ring_started_at: Date | null;
}

export const WAITING_SELECT =
  `select id, queue_code, priority, enqueued_at, queue_entered_at, queued_at, state,
  agent_id, ring_started_at from calls`;

export function toWaiting(r: CallRow): WaitingCall {
  return {
    id: r.id,
    queue: r.queue_code,
    priority: r.priority,
    enqueuedAt: ms(r.enqueued_at)!,
    queueEnteredAt: ms(r.queue_entered_at)!,
    queuedAt: ms(r.queued_at)!,
    state: r.state,
    seatAgentId: r.agent_id,
    ringStartedAt: ms(r.ring_started_at),
  };
}

/** Calls waiting or ringing; `queuedOnly` with `lock` is what the router takes. */
export async function loadWaiting(
  db: Queryable,
  options: { queuedOnly?: boolean; lock?: boolean } = {},
): Promise<WaitingCall[]> {
  const states = options.queuedOnly ? "('queued')" : "('queued', 'ringing')";
  const rows = await db.query<CallRow>(
    `${WAITING_SELECT} where state in ${states} order by id ${options.lock ? "for update" : ""}`,
  );
  return rows.map(toWaiting);
}

type QueueRow = QueueRecord;

export async function loadQueues(db: Queryable): Promise<Map<string, QueueConfig>> {
  const rows = await db.query<QueueRow>("select * from queues where active order by code");
  return new Map(rows.map((q) => [q.code, {
    code: q.code,
    skill: q.skill_code,
    priority: q.priority,
    serviceLevelSeconds: q.service_level_seconds,
    ringTimeoutSeconds: q.ring_timeout_seconds,
    overflowAfterSeconds: q.overflow_after_seconds,
    overflowQueue: q.overflow_queue,
    maxWaitSeconds: q.max_wait_seconds,
    maxWaitAction: q.max_wait_action,
    wrapUpSeconds: q.wrap_up_seconds,
  }]));
}

/** Writes a seat back (after transitionSeat decided its next state). */
export async function saveSeat(tx: Queryable, s: Seat): Promise<void> {
  await tx.query(
    `update seat_states set state = $2, reason = $3, since = $4, ready_since = $5, call_id = $6, direction = $7,
       wrap_until = $8 where agent_id = $1`,
    [
      s.agentId,
      s.state,
      s.reason,
      new Date(s.since),
      s.readySince === null ? null : new Date(s.readySince),
      s.callId,
      s.direction,
      s.wrapUntil === null ? null : new Date(s.wrapUntil),
    ],
  );
}

/** The seat as its `seat` event carries it: what a wall screen needs to redraw one tile. */
export function seatEventData(s: Seat) {
  return {
    agent: s.workNumber,
    state: s.state,
    reason: s.reason,
    since: new Date(s.since).toISOString(),
    call: s.callId,
    direction: s.direction,
  };
}
