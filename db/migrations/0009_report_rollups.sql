-- Report rollups (docs/reports.md): additive counters per China day (cases) and per China hour
-- (calls), kept by triggers in the transaction that changes the source row, so a period report
-- reads thousands of rows instead of millions. The triggers are deferred constraint triggers: they
-- run at commit, after the transaction's own work. The ACD and the case steps take their row locks
-- in a fixed order (calls, then seats; the case first); a rollup row locked in the middle of such a
-- transaction would add a lock outside that order, and two transactions sharing an hour's row
-- could then wait on each other.

-- China time has had no daylight saving since 1991: UTC+8 without a time-zone database and
-- whatever the session's TimeZone.
create function report_day(t timestamptz) returns date language sql immutable parallel safe as
  $$ select ((t at time zone 'UTC') + interval '8 hours')::date $$;
create function report_hour(t timestamptz) returns smallint language sql immutable parallel safe as
  $$ select extract(hour from (t at time zone 'UTC') + interval '8 hours')::smallint $$;
create function report_ms(i interval) returns bigint language sql immutable parallel safe as
  $$ select (extract(epoch from i) * 1000)::bigint $$;

-- ------------------------------------------------------------------------------------- calls
-- The wall's definitions (server/acd/queue_metrics.ts), per call: the cohort is the hour the call
-- entered a queue (queued_at; a call that never queued is not offered), under its current queue
-- and agent. waiting = neither answered nor ended yet: whether such a call has already missed the
-- 15 s target depends on the reader's "now", so readers look those few calls up live.
create table call_rollup_hourly (
  day date not null,
  hour smallint not null check (hour between 0 and 23),
  queue_code text not null, -- '' when none
  offered integer not null default 0, answered integer not null default 0,
  answered_15s integer not null default 0, short_abandoned integer not null default 0,
  abandoned integer not null default 0, unanswered_other integer not null default 0,
  waiting integer not null default 0, handled integer not null default 0,
  answer_wait_ms bigint not null default 0, handle_ms bigint not null default 0,
  primary key (day, hour, queue_code)
);
-- Per agent (工号) and day; agent_id 0 holds the calls no agent took.
create table call_rollup_agent_daily (
  day date not null,
  queue_code text not null,
  agent_id integer not null,
  offered integer not null default 0, answered integer not null default 0,
  answered_15s integer not null default 0, short_abandoned integer not null default 0,
  abandoned integer not null default 0, unanswered_other integer not null default 0,
  waiting integer not null default 0, handled integer not null default 0,
  answer_wait_ms bigint not null default 0, handle_ms bigint not null default 0,
  primary key (day, queue_code, agent_id)
);

-- One call's contribution times s (+1 add, -1 take away); no row when it never queued.
create function call_rollup_rows(c calls, s integer)
returns table (
  day date, hour smallint, queue_code text, agent_id integer, offered integer, answered integer,
  answered_15s integer, short_abandoned integer, abandoned integer, unanswered_other integer,
  waiting integer, handled integer, answer_wait_ms bigint, handle_ms bigint
) language sql immutable parallel safe as $$
  select report_day(c.queued_at), report_hour(c.queued_at), coalesce(c.queue_code, ''),
    coalesce(c.agent_id, 0), s,
    s * v.answered::int,
    s * (v.answered and c.answered_at - c.queued_at <= interval '15 seconds')::int,
    s * (v.abandon and c.ended_at - c.queued_at < interval '5 seconds')::int,
    s * (v.abandon and c.ended_at - c.queued_at >= interval '5 seconds')::int,
    s * (not v.answered and c.ended_at is not null and not v.abandon)::int,
    s * (not v.answered and c.ended_at is null)::int,
    s * (v.answered and c.ended_at is not null)::int,
    s * case when v.answered then report_ms(c.answered_at - c.queued_at) else 0 end,
    s * case when v.answered and c.ended_at is not null
      then report_ms(c.ended_at - c.answered_at) + coalesce(c.wrap_ms, 0) else 0 end
  from (select c.answered_at is not null as answered,
      c.answered_at is null and c.ended_at is not null
        and c.end_reason is not distinct from 'abandoned' as abandon) v
  where c.queued_at is not null
$$;

-- OLD's contribution out, NEW's in (OLD is null on insert, NEW on delete), rows in key order.
-- A generic plan from the first call on: custom plans of these statements are re-planned at each
-- of a session's first executions (≈ 5 ms each), the generic one runs in ≈ 0.2 ms.
create function call_rollup_on_call() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
begin
  insert into call_rollup_hourly as r (day, hour, queue_code,
      offered, answered, answered_15s, short_abandoned, abandoned, unanswered_other, waiting,
      handled, answer_wait_ms, handle_ms)
    select day, hour, queue_code,
      sum(offered), sum(answered), sum(answered_15s), sum(short_abandoned), sum(abandoned),
      sum(unanswered_other), sum(waiting), sum(handled), sum(answer_wait_ms), sum(handle_ms)
    from (select * from call_rollup_rows(old, -1)
      union all select * from call_rollup_rows(new, 1)) x
    group by 1, 2, 3
    order by 1, 2, 3
    on conflict (day, hour, queue_code) do update set
      offered = r.offered + excluded.offered, answered = r.answered + excluded.answered,
      answered_15s = r.answered_15s + excluded.answered_15s,
      short_abandoned = r.short_abandoned + excluded.short_abandoned,
      abandoned = r.abandoned + excluded.abandoned,
      unanswered_other = r.unanswered_other + excluded.unanswered_other,
      waiting = r.waiting + excluded.waiting, handled = r.handled + excluded.handled,
      answer_wait_ms = r.answer_wait_ms + excluded.answer_wait_ms,
      handle_ms = r.handle_ms + excluded.handle_ms;
  insert into call_rollup_agent_daily as r (day, queue_code, agent_id,
      offered, answered, answered_15s, short_abandoned, abandoned, unanswered_other, waiting,
      handled, answer_wait_ms, handle_ms)
    select day, queue_code, agent_id,
      sum(offered), sum(answered), sum(answered_15s), sum(short_abandoned), sum(abandoned),
      sum(unanswered_other), sum(waiting), sum(handled), sum(answer_wait_ms), sum(handle_ms)
    from (select * from call_rollup_rows(old, -1)
      union all select * from call_rollup_rows(new, 1)) x
    group by 1, 2, 3
    order by 1, 2, 3
    on conflict (day, queue_code, agent_id) do update set
      offered = r.offered + excluded.offered, answered = r.answered + excluded.answered,
      answered_15s = r.answered_15s + excluded.answered_15s,
      short_abandoned = r.short_abandoned + excluded.short_abandoned,
      abandoned = r.abandoned + excluded.abandoned,
      unanswered_other = r.unanswered_other + excluded.unanswered_other,
      waiting = r.waiting + excluded.waiting, handled = r.handled + excluded.handled,
      answer_wait_ms = r.answer_wait_ms + excluded.answer_wait_ms,
      handle_ms = r.handle_ms + excluded.handle_ms;
  return null;
end $$;

create constraint trigger calls_rollup_insert_delete after insert or delete on calls
  deferrable initially deferred for each row execute function call_rollup_on_call();
-- The ACD updates a call at every step (ringing, hold, rings…); only these columns count.
create constraint trigger calls_rollup_update after update on calls
  deferrable initially deferred for each row
  when (old.queued_at is distinct from new.queued_at
    or old.answered_at is distinct from new.answered_at
    or old.ended_at is distinct from new.ended_at or old.end_reason is distinct from new.end_reason
    or old.wrap_ms is distinct from new.wrap_ms or old.queue_code is distinct from new.queue_code
    or old.agent_id is distinct from new.agent_id)
  execute function call_rollup_on_call();

-- ------------------------------------------------------------------------------------- cases
-- A case counts on the China day it was created (registered, by type and channel, closed, closed
-- on time or late, merged) and, for hotline cases, on the day it was dispatched to its current
-- lead department: the three rates' cohort exactly as server/cases/case_rates.ts has it (signed in
-- time; the lead department's first reply and whether it came in time; the first callback that
-- reached the citizen and its verdict). Keys: 0 and '' stand for "none".
create table case_rollup_daily (
  day date not null,
  category_id integer not null,
  lead_department_id integer not null,
  district_code text not null,
  registered integer not null default 0, t_consultation integer not null default 0,
  t_complaint integer not null default 0, t_report integer not null default 0,
  t_suggestion integer not null default 0, t_help integer not null default 0,
  t_praise integer not null default 0, ch_phone integer not null default 0,
  ch_web integer not null default 0, ch_app integer not null default 0,
  ch_voicemail integer not null default 0, ch_sms integer not null default 0,
  ch_email integer not null default 0, ch_letter integer not null default 0,
  ch_fax integer not null default 0, closed integer not null default 0,
  closed_on_time integer not null default 0, closed_late integer not null default 0,
  merged integer not null default 0, dispatched integer not null default 0,
  signed_in_time integer not null default 0, replied integer not null default 0,
  replied_in_time integer not null default 0, callbacks integer not null default 0,
  resolved integer not null default 0, satisfied integer not null default 0,
  primary key (day, category_id, lead_department_id, district_code)
);
-- The same per calendar month (day = its 1st): a year's report reads 12 of these per key.
create table case_rollup_monthly (like case_rollup_daily including all);

-- What a case contributes depends on rows of case_replies and case_callbacks too, which a trigger
-- on cases cannot see as they were; so each case's last contribution is kept here, and any change
-- to the case, its replies or its callbacks compares the facts now with these and applies the
-- difference.
create table case_rollup_facts (
  case_id bigint primary key,
  created_day date not null,
  dispatched_day date, -- null: not in the three rates' cohort
  category_id integer not null,
  lead_department_id integer not null,
  district_code text not null,
  type text not null,
  channel text not null,
  closed boolean not null,
  closed_on_time boolean not null,
  closed_late boolean not null,
  merged boolean not null,
  signed_in_time boolean not null,
  replied boolean not null,
  replied_in_time boolean not null,
  callback boolean not null,
  resolved boolean not null,
  satisfied boolean not null
);

-- The facts of every case as it stands now, in the column order of case_rollup_facts.
create view case_rollup_facts_now as
select c.id as case_id,
  report_day(c.created_at) as created_day,
  case when c.source = 'hotline' and c.dispatched_at is not null
    and c.lead_department_id is not null then report_day(c.dispatched_at) end as dispatched_day,
  coalesce(c.category_id, 0) as category_id,
  coalesce(c.lead_department_id, 0) as lead_department_id,
  coalesce(c.district_code, '') as district_code,
  c.type,
  c.channel,
  c.status = 'closed' as closed,
  c.status = 'closed' and (c.due_at is null or coalesce(c.closed_at <= c.due_at, false))
    as closed_on_time,
  c.status = 'closed' and coalesce(c.closed_at > c.due_at, false) as closed_late,
  c.status = 'merged' as merged,
  coalesce(c.signed_at <= c.sign_due_at, false) as signed_in_time,
  r.id is not null as replied,
  coalesce(r.submitted_at <= coalesce(r.due_at, c.due_at), false) as replied_in_time,
  f.case_id is not null as callback,
  coalesce(f.resolved, false) as resolved,
  coalesce(f.satisfaction in ('satisfied', 'basic'), false) as satisfied
from cases c
left join lateral (
  select id, submitted_at, due_at from case_replies
  where case_id = c.id and department_id = c.lead_department_id order by id limit 1
) r on true
left join lateral (
  select case_id, satisfaction, resolved from case_callbacks
  where case_id = c.id and reached order by id limit 1
) f on true;

-- One case's contribution times s: its creation day's row and, when in the cohort, its dispatch
-- day's row.
create function case_rollup_rows(f case_rollup_facts, s integer)
returns table (
  day date, category_id integer, lead_department_id integer, district_code text,
  registered integer, t_consultation integer, t_complaint integer, t_report integer,
  t_suggestion integer, t_help integer, t_praise integer, ch_phone integer, ch_web integer,
  ch_app integer, ch_voicemail integer, ch_sms integer, ch_email integer, ch_letter integer,
  ch_fax integer, closed integer, closed_on_time integer, closed_late integer, merged integer,
  dispatched integer, signed_in_time integer, replied integer, replied_in_time integer,
  callbacks integer, resolved integer, satisfied integer
) language sql immutable parallel safe as $$
  select f.created_day, f.category_id, f.lead_department_id, f.district_code,
    s, s * (f.type = 'consultation')::int, s * (f.type = 'complaint')::int,
    s * (f.type = 'report')::int, s * (f.type = 'suggestion')::int, s * (f.type = 'help')::int,
    s * (f.type = 'praise')::int, s * (f.channel = 'phone')::int, s * (f.channel = 'web')::int,
    s * (f.channel = 'app')::int, s * (f.channel = 'voicemail')::int, s * (f.channel = 'sms')::int,
    s * (f.channel = 'email')::int, s * (f.channel = 'letter')::int, s * (f.channel = 'fax')::int,
    s * f.closed::int, s * f.closed_on_time::int, s * f.closed_late::int, s * f.merged::int, 0, 0,
    0, 0, 0, 0, 0
  where f.case_id is not null
  union all
  select f.dispatched_day, f.category_id, f.lead_department_id, f.district_code,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, s, s * f.signed_in_time::int,
    s * f.replied::int, s * f.replied_in_time::int, s * f.callback::int, s * f.resolved::int,
    s * f.satisfied::int
  where f.case_id is not null and f.dispatched_day is not null
$$;

create function case_rollup_refresh(p_case_id bigint) returns void language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  old_f case_rollup_facts;
  new_f case_rollup_facts;
begin
  select * into old_f from case_rollup_facts where case_id = p_case_id for update;
  select * into new_f from case_rollup_facts_now where case_id = p_case_id;
  if old_f is not distinct from new_f then
    return; -- nothing that counts changed, or an earlier trigger of this transaction saw to it
  end if;
  insert into case_rollup_daily as r (day, category_id, lead_department_id, district_code,
      registered, t_consultation, t_complaint, t_report, t_suggestion, t_help, t_praise, ch_phone,
      ch_web, ch_app, ch_voicemail, ch_sms, ch_email, ch_letter, ch_fax, closed, closed_on_time,
      closed_late, merged, dispatched, signed_in_time, replied, replied_in_time, callbacks,
      resolved, satisfied)
    select day, category_id, lead_department_id, district_code,
      sum(registered), sum(t_consultation), sum(t_complaint), sum(t_report), sum(t_suggestion),
      sum(t_help), sum(t_praise), sum(ch_phone), sum(ch_web), sum(ch_app), sum(ch_voicemail),
      sum(ch_sms), sum(ch_email), sum(ch_letter), sum(ch_fax), sum(closed), sum(closed_on_time),
      sum(closed_late), sum(merged), sum(dispatched), sum(signed_in_time), sum(replied),
      sum(replied_in_time), sum(callbacks), sum(resolved), sum(satisfied)
    from (select * from case_rollup_rows(old_f, -1)
      union all select * from case_rollup_rows(new_f, 1)) x
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (day, category_id, lead_department_id, district_code) do update set
      registered = r.registered + excluded.registered,
      t_consultation = r.t_consultation + excluded.t_consultation,
      t_complaint = r.t_complaint + excluded.t_complaint, t_report = r.t_report + excluded.t_report,
      t_suggestion = r.t_suggestion + excluded.t_suggestion, t_help = r.t_help + excluded.t_help,
      t_praise = r.t_praise + excluded.t_praise, ch_phone = r.ch_phone + excluded.ch_phone,
      ch_web = r.ch_web + excluded.ch_web, ch_app = r.ch_app + excluded.ch_app,
      ch_voicemail = r.ch_voicemail + excluded.ch_voicemail, ch_sms = r.ch_sms + excluded.ch_sms,
      ch_email = r.ch_email + excluded.ch_email, ch_letter = r.ch_letter + excluded.ch_letter,
      ch_fax = r.ch_fax + excluded.ch_fax, closed = r.closed + excluded.closed,
      closed_on_time = r.closed_on_time + excluded.closed_on_time,
      closed_late = r.closed_late + excluded.closed_late, merged = r.merged + excluded.merged,
      dispatched = r.dispatched + excluded.dispatched,
      signed_in_time = r.signed_in_time + excluded.signed_in_time,
      replied = r.replied + excluded.replied,
      replied_in_time = r.replied_in_time + excluded.replied_in_time,
      callbacks = r.callbacks + excluded.callbacks, resolved = r.resolved + excluded.resolved,
      satisfied = r.satisfied + excluded.satisfied;
  insert into case_rollup_monthly as r (day, category_id, lead_department_id, district_code,
      registered, t_consultation, t_complaint, t_report, t_suggestion, t_help, t_praise, ch_phone,
      ch_web, ch_app, ch_voicemail, ch_sms, ch_email, ch_letter, ch_fax, closed, closed_on_time,
      closed_late, merged, dispatched, signed_in_time, replied, replied_in_time, callbacks,
      resolved, satisfied)
    select date_trunc('month', day::timestamp)::date, category_id, lead_department_id,
      district_code,
      sum(registered), sum(t_consultation), sum(t_complaint), sum(t_report), sum(t_suggestion),
      sum(t_help), sum(t_praise), sum(ch_phone), sum(ch_web), sum(ch_app), sum(ch_voicemail),
      sum(ch_sms), sum(ch_email), sum(ch_letter), sum(ch_fax), sum(closed), sum(closed_on_time),
      sum(closed_late), sum(merged), sum(dispatched), sum(signed_in_time), sum(replied),
      sum(replied_in_time), sum(callbacks), sum(resolved), sum(satisfied)
    from (select * from case_rollup_rows(old_f, -1)
      union all select * from case_rollup_rows(new_f, 1)) x
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (day, category_id, lead_department_id, district_code) do update set
      registered = r.registered + excluded.registered,
      t_consultation = r.t_consultation + excluded.t_consultation,
      t_complaint = r.t_complaint + excluded.t_complaint, t_report = r.t_report + excluded.t_report,
      t_suggestion = r.t_suggestion + excluded.t_suggestion, t_help = r.t_help + excluded.t_help,
      t_praise = r.t_praise + excluded.t_praise, ch_phone = r.ch_phone + excluded.ch_phone,
      ch_web = r.ch_web + excluded.ch_web, ch_app = r.ch_app + excluded.ch_app,
      ch_voicemail = r.ch_voicemail + excluded.ch_voicemail, ch_sms = r.ch_sms + excluded.ch_sms,
      ch_email = r.ch_email + excluded.ch_email, ch_letter = r.ch_letter + excluded.ch_letter,
      ch_fax = r.ch_fax + excluded.ch_fax, closed = r.closed + excluded.closed,
      closed_on_time = r.closed_on_time + excluded.closed_on_time,
      closed_late = r.closed_late + excluded.closed_late, merged = r.merged + excluded.merged,
      dispatched = r.dispatched + excluded.dispatched,
      signed_in_time = r.signed_in_time + excluded.signed_in_time,
      replied = r.replied + excluded.replied,
      replied_in_time = r.replied_in_time + excluded.replied_in_time,
      callbacks = r.callbacks + excluded.callbacks, resolved = r.resolved + excluded.resolved,
      satisfied = r.satisfied + excluded.satisfied;
  delete from case_rollup_facts where case_id = p_case_id;
  if new_f.case_id is not null then
    insert into case_rollup_facts values (new_f.*);
  end if;
end $$;

create function case_rollup_on_case() returns trigger language plpgsql as $$
begin
  perform case_rollup_refresh(coalesce(new.id, old.id));
  return null;
end $$;

create function case_rollup_on_child() returns trigger language plpgsql as $$
begin
  perform case_rollup_refresh(coalesce(new.case_id, old.case_id));
  if tg_op = 'UPDATE' and new.case_id <> old.case_id then
    perform case_rollup_refresh(old.case_id);
  end if;
  return null;
end $$;

-- Open cases past their due time are counted live, as of the reader's now (the clock, not a write,
-- makes them overdue): read from this index alone, without visiting the cases themselves.
create index cases_open_report on cases (created_at)
  include (due_at, category_id, lead_department_id, district_code)
  where status in ('dispatched', 'signed', 'returned');

create constraint trigger cases_rollup_insert_delete after insert or delete on cases
  deferrable initially deferred for each row execute function case_rollup_on_case();
create constraint trigger cases_rollup_update after update on cases
  deferrable initially deferred for each row
  when (old.created_at is distinct from new.created_at or old.source is distinct from new.source
    or old.dispatched_at is distinct from new.dispatched_at
    or old.lead_department_id is distinct from new.lead_department_id
    or old.category_id is distinct from new.category_id
    or old.district_code is distinct from new.district_code or old.type is distinct from new.type
    or old.channel is distinct from new.channel or old.status is distinct from new.status
    or old.due_at is distinct from new.due_at or old.closed_at is distinct from new.closed_at
    or old.signed_at is distinct from new.signed_at
    or old.sign_due_at is distinct from new.sign_due_at)
  execute function case_rollup_on_case();
create constraint trigger case_replies_rollup after insert or update or delete on case_replies
  deferrable initially deferred for each row execute function case_rollup_on_child();
create constraint trigger case_callbacks_rollup after insert or update or delete on case_callbacks
  deferrable initially deferred for each row execute function case_rollup_on_child();

-- ------------------------------------------------------------------------------------ rebuild
-- Every rollup from scratch, set-based: the backfill below, and after a bulk load made with the
-- triggers disabled (bench/report_load.ts).
create function report_rollups_rebuild() returns void language plpgsql as $$
begin
  lock table case_rollup_facts, case_rollup_daily, case_rollup_monthly, call_rollup_hourly,
    call_rollup_agent_daily in exclusive mode;
  truncate case_rollup_facts, case_rollup_daily, case_rollup_monthly, call_rollup_hourly,
    call_rollup_agent_daily;
  insert into case_rollup_facts select * from case_rollup_facts_now;
  insert into case_rollup_daily
  select x.day, x.category_id, x.lead_department_id, x.district_code,
    sum(x.registered), sum(x.t_consultation), sum(x.t_complaint), sum(x.t_report),
    sum(x.t_suggestion), sum(x.t_help), sum(x.t_praise), sum(x.ch_phone), sum(x.ch_web),
    sum(x.ch_app), sum(x.ch_voicemail), sum(x.ch_sms), sum(x.ch_email), sum(x.ch_letter),
    sum(x.ch_fax), sum(x.closed), sum(x.closed_on_time), sum(x.closed_late), sum(x.merged),
    sum(x.dispatched), sum(x.signed_in_time), sum(x.replied), sum(x.replied_in_time),
    sum(x.callbacks), sum(x.resolved), sum(x.satisfied)
  from case_rollup_facts f cross join lateral case_rollup_rows(f, 1) x
  group by 1, 2, 3, 4;
  insert into case_rollup_monthly
  select date_trunc('month', day::timestamp)::date, category_id, lead_department_id, district_code,
    sum(registered), sum(t_consultation), sum(t_complaint), sum(t_report), sum(t_suggestion),
    sum(t_help), sum(t_praise), sum(ch_phone), sum(ch_web), sum(ch_app), sum(ch_voicemail),
    sum(ch_sms), sum(ch_email), sum(ch_letter), sum(ch_fax), sum(closed), sum(closed_on_time),
    sum(closed_late), sum(merged), sum(dispatched), sum(signed_in_time), sum(replied),
    sum(replied_in_time), sum(callbacks), sum(resolved), sum(satisfied)
  from case_rollup_daily
  group by 1, 2, 3, 4;
  -- Both call tables from one pass over the calls.
  drop table if exists report_call_rows;
  create temporary table report_call_rows on commit drop as
  select x.day, x.hour, x.queue_code, x.agent_id,
    sum(x.offered) as offered, sum(x.answered) as answered, sum(x.answered_15s) as answered_15s,
    sum(x.short_abandoned) as short_abandoned, sum(x.abandoned) as abandoned,
    sum(x.unanswered_other) as unanswered_other, sum(x.waiting) as waiting,
    sum(x.handled) as handled, sum(x.answer_wait_ms) as answer_wait_ms,
    sum(x.handle_ms) as handle_ms
  from calls c cross join lateral call_rollup_rows(c, 1) x
  group by 1, 2, 3, 4;
  insert into call_rollup_hourly
  select day, hour, queue_code,
    sum(offered), sum(answered), sum(answered_15s), sum(short_abandoned), sum(abandoned),
    sum(unanswered_other), sum(waiting), sum(handled), sum(answer_wait_ms), sum(handle_ms)
  from report_call_rows
  group by 1, 2, 3;
  insert into call_rollup_agent_daily
  select day, queue_code, agent_id,
    sum(offered), sum(answered), sum(answered_15s), sum(short_abandoned), sum(abandoned),
    sum(unanswered_other), sum(waiting), sum(handled), sum(answer_wait_ms), sum(handle_ms)
  from report_call_rows
  group by 1, 2, 3;
  drop table report_call_rows;
end $$;

select report_rollups_rebuild();
