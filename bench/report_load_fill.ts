/**
 * Bulk data for the report bench (bench/report_load.ts): a year (2025) of cases with their replies
 * and callbacks, and of calls, written set-based in batches. Every choice is a repeatable function
 * of the row's sequence number (hashint4), skewed the way a hotline's data is: a few categories
 * and districts carry most cases, most calls go to the general queue, agents serve one queue.
 */

export const YEAR_START = "2025-01-01T00:00:00+08:00";
const YEAR_SECONDS = 365 * 86_400;
export const AGENTS = 600;

/** A uniform float in [0, 1) for row i and purpose k; the lookup tables of the generator. */
export const HELPERS = `
create function report_bench_u(i int, k int) returns float8 language sql immutable parallel safe as
  $$ select (hashint4(i * 32 + k)::bigint + 2147483648)::float8 / 4294967296 $$;
create table bench_leaf as
  select (row_number() over (order by c.code) - 1)::int as k, c.id, r.lead_department_id as dep
  from case_categories c join case_routing r on r.category_id = c.id where c.level = 3;
create table bench_district as
  select (row_number() over (order by d.code) - 1)::int as k, d.code, g.id as gov
  from districts d left join departments g on g.district_code = d.code and g.kind = 'district'
  where d.level = 'district';
create table bench_agent as
  select (row_number() over (order by id) - 1)::int as k, id from agents;
-- Keyed and analysed: without, the planner scans a lookup table once per generated row.
alter table bench_leaf add primary key (k);
alter table bench_district add primary key (k);
alter table bench_agent add primary key (k);
analyze bench_leaf, bench_district, bench_agent;
`;

/** The demo city's 48 agents and more in the same groups, up to `AGENTS`. */
export const MORE_AGENTS = `
insert into agents (work_number, name, group_code)
select (2000 + n)::text, '坐席' || n, (array['team1', 'team2', 'team3', 'business', 'english'])[1 + n % 5]
from generate_series(1, ${AGENTS} - (select count(*)::int from agents)) n;
`;

/**
 * Cases $1..$2 of $3 in the year. An answered consultation or praise closes at once without a
 * department; the others are dispatched 12 minutes after intake, 30 % to the district's
 * government, signed within 30 hours (the deadline is 24), closed within 1.15 times the time
 * allowed (so some late); 1 % are merged; 0.3 % are still open and long overdue.
 */
export const CASES = `
with base as (
  select i, report_bench_u(i, 1) as u1, report_bench_u(i, 2) as u2, report_bench_u(i, 3) as u3,
    report_bench_u(i, 4) as u4, report_bench_u(i, 5) as u5, report_bench_u(i, 6) as u6,
    report_bench_u(i, 7) as u7, report_bench_u(i, 8) as u8,
    timestamptz '${YEAR_START}' + ((i - 1) + report_bench_u(i, 9)) * (${YEAR_SECONDS}::float8 / $3)
      * interval '1 second' as created
  from generate_series($1::int, $2::int) i
), typed as (
  select b.*, l.id as category_id, l.dep, d.code as district_code, d.gov,
    case when u3 < .35 then 'consultation' when u3 < .62 then 'complaint' when u3 < .70 then 'report'
      when u3 < .78 then 'suggestion' when u3 < .95 then 'help' else 'praise' end as type,
    case when u4 < .72 then 'phone' when u4 < .80 then 'web' when u4 < .90 then 'app'
      when u4 < .93 then 'sms' when u4 < .95 then 'email' when u4 < .97 then 'letter'
      when u4 < .99 then 'voicemail' else 'fax' end as channel
  from base b
  join bench_leaf l on l.k = floor($4::int * power(b.u1, 2))::int
  join bench_district d on d.k = floor($5::int * power(b.u2, 1.5))::int
), shaped as (
  select t.*, type in ('consultation', 'praise') and u5 < .5 as answered,
    case when type in ('consultation', 'help') then 3 when type = 'praise' then 5
      when type = 'suggestion' then 10 else 13 end * interval '1.4 days' as allowed,
    case when u6 < .01 then 'merged' when u6 < .013 then 'signed' else 'closed' end as fate
  from typed t
)
insert into cases (id, case_number, type, channel, status, source, content, category_id,
  district_code, lead_department_id, created_at, updated_at, dispatched_at, sign_due_at,
  signed_at, due_at, closed_at, merged_into_id)
overriding system value
select i, lpad(i::text, 8, '0'), type, channel,
  case when answered then 'closed' when fate = 'merged' and i > 1 then 'merged'
    when fate = 'signed' then 'signed' else 'closed' end,
  'hotline', '噪', category_id, district_code,
  case when answered then null when u7 < .3 and gov is not null then gov else dep end,
  created, created,
  case when not answered then created + interval '12 minutes' end,
  case when not answered then created + interval '1 day 12 minutes' end,
  case when not answered and fate <> 'merged' then created + u8 * interval '30 hours' end,
  case when not answered then created + allowed end,
  case when answered then created
    when fate = 'merged' then created + interval '1 hour'
    when fate = 'closed' then created + report_bench_u(i, 10) * 1.15 * allowed end,
  case when not answered and fate = 'merged' and i > 1 then i - 1 end
from shaped
`;

/** The lead department's reply (a day before closing) of the closed, dispatched cases $1..$2. */
export const REPLIES = `
insert into case_replies (case_id, department_id, investigator, investigated_on, findings,
  legal_basis, opinion, handler, reviewer, unit, reply_date, submitted_by, submitted_at)
select id, lead_department_id, '调查人', '2025-01-01', '查明', '依据', '意见', '经办', '审核', '单位',
  '2025-01-01', 'bench', greatest(dispatched_at, closed_at - interval '1 day')
from cases
where id between $1 and $2 and status = 'closed' and lead_department_id is not null
`;

/** Their callback: 90 % reach the citizen; satisfied 80 %, basically 10 %; resolved 85 %. */
export const CALLBACKS = `
insert into case_callbacks (case_id, reached, satisfaction, resolved, called_by, called_at)
select id, u < .9,
  case when u >= .9 then null when report_bench_u(id::int, 11) < .8 then 'satisfied'
    when report_bench_u(id::int, 11) < .9 then 'basic' else 'dissatisfied' end,
  case when u < .9 then report_bench_u(id::int, 12) < .85 end, 'bench', closed_at
from (select id, closed_at, report_bench_u(id::int, 13) as u from cases
  where id between $1 and $2 and status = 'closed' and lead_department_id is not null) c
`;

/**
 * Calls $1..$2 of $3 in the year: 70 % general, 15 % complaint, 10 % business, 5 % English,
 * each queue with its own agents; 85 % answered (wait up to a minute), 7 % abandoned (a third
 * of them within 5 s), the rest voicemail or callback; talk 30 s – 10 min, wrap-up up to 1 min.
 */
export const CALLS = `
with base as (
  select j, report_bench_u(j, 1) as u1, report_bench_u(j, 2) as u2, report_bench_u(j, 3) as u3,
    report_bench_u(j, 4) as u4, report_bench_u(j, 5) as u5, report_bench_u(j, 6) as u6,
    timestamptz '${YEAR_START}' + ((j - 1) + report_bench_u(j, 7)) * (${YEAR_SECONDS}::float8 / $3)
      * interval '1 second' as queued
  from generate_series($1::int, $2::int) j
), routed as (
  select b.*,
    case when u1 < .70 then 'general' when u1 < .85 then 'complaint' when u1 < .95 then 'business'
      else 'english' end as queue,
    case when u1 < .70 then floor(420 * u2) when u1 < .85 then 420 + floor(90 * u2)
      when u1 < .95 then 510 + floor(60 * u2) else 570 + floor(30 * u2) end::int as agent_k,
    case when u3 < .85 then 'answered' when u3 < .9 then 'abandoned'
      when u3 < .92 then 'short' when u3 < .96 then 'voicemail' else 'callback' end as fate
  from base b
)
insert into calls (id, channel, direction, queue_code, agent_id, state, end_reason, offered_at,
  queued_at, answered_at, ended_at, wrap_ms)
overriding system value
select j, 'phone', 'inbound', queue, case when fate = 'answered' then a.id end, 'ended',
  case when fate = 'answered' then 'completed' when fate = 'short' then 'abandoned' else fate end,
  queued - interval '20 seconds', queued,
  case when fate = 'answered' then queued + u4 * interval '60 seconds' end,
  case when fate = 'answered' then queued + u4 * interval '60 seconds' + (30 + 570 * u5) * interval '1 second'
    when fate = 'short' then queued + u4 * interval '4 seconds'
    else queued + (5 + 115 * u4) * interval '1 second' end,
  case when fate = 'answered' then floor(60000 * u6)::bigint end
from routed r join bench_agent a on a.k = r.agent_k
`;

/** Runs `run` over 1..total in batches of `batch`, reporting each. */
export async function inBatches(
  total: number,
  batch: number,
  run: (from: number, to: number) => Promise<void>,
  progress: (done: number) => void,
): Promise<void> {
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await run(from, to);
    progress(to);
  }
}
