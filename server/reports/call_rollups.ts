/**
 * Call counters of a range of China days from the rollups: in total, by day, by hour of the day,
 * by queue (one pass with grouping sets) and by agent. The calls still waiting are looked up live,
 * because whether they already missed the 15 s target depends on "now".
 */
import type { Queryable } from "../../db/port.ts";
import { addInto, CALL_COUNTERS, type CallCounts, emptyCalls } from "./figures.ts";
import type { DayRange } from "./report_model.ts";

export interface CallBreakdown {
  total: CallCounts;
  byDay: Map<string, CallCounts>;
  byHour: Map<number, CallCounts>;
  byQueue: Map<string, CallCounts>;
}

const SUMS = CALL_COUNTERS.map((k) =>
  k.endsWith("_ms") ? `sum(${k})::float8 as ${k}` : `sum(${k})::int as ${k}`
).join(", ");

const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`);
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);

type Grouped = CallCounts & {
  day: string | null;
  hour: number | null;
  queue_code: string | null;
  gd: number;
  gh: number;
  gq: number;
};

export async function callBreakdown(
  db: Queryable,
  range: DayRange,
  now: number,
): Promise<CallBreakdown> {
  const [rows, late] = await Promise.all([
    db.query<Grouped>(
      `select day::text as day, hour, queue_code, grouping(day) as gd, grouping(hour) as gh,
         grouping(queue_code) as gq, ${SUMS}
       from call_rollup_hourly where day between $1::date and $2::date
       group by grouping sets ((day), (hour), (queue_code), ())`,
      [range.from, range.to],
    ),
    db.query<{ day: string; hour: number; queue_code: string }>(
      `select report_day(queued_at)::text as day, report_hour(queued_at) as hour,
         coalesce(queue_code, '') as queue_code
       from calls where state <> 'ended' and answered_at is null
         and queued_at >= $1 and queued_at < $2 and queued_at < $3`,
      [startOf(range.from), endOf(range.to), new Date(now - 15_000)],
    ),
  ]);
  const out: CallBreakdown = {
    total: emptyCalls(),
    byDay: new Map(),
    byHour: new Map(),
    byQueue: new Map(),
  };
  const slot = <K>(map: Map<K, CallCounts>, key: K) => {
    let counts = map.get(key);
    if (!counts) map.set(key, counts = emptyCalls());
    return counts;
  };
  for (const r of rows) {
    if (r.gd === 0) addInto(slot(out.byDay, r.day!), r);
    else if (r.gh === 0) addInto(slot(out.byHour, Number(r.hour)), r);
    else if (r.gq === 0) addInto(slot(out.byQueue, r.queue_code!), r);
    else addInto(out.total, r);
  }
  for (const call of late) {
    out.total.late_waiting++;
    slot(out.byDay, call.day).late_waiting++;
    slot(out.byHour, Number(call.hour)).late_waiting++;
    slot(out.byQueue, call.queue_code).late_waiting++;
  }
  return out;
}

/** Per agent (工号) over the range: the calls each took; calls no agent took are left out. */
export async function callsByAgent(
  db: Queryable,
  range: DayRange,
): Promise<Map<number, CallCounts>> {
  const rows = await db.query<CallCounts & { agent_id: number }>(
    `select agent_id, ${SUMS} from call_rollup_agent_daily
     where day between $1::date and $2::date and agent_id <> 0 group by agent_id`,
    [range.from, range.to],
  );
  return new Map(rows.map((r) => [Number(r.agent_id), addInto(emptyCalls(), r)]));
}
