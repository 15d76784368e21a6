-- The automatic call distributor: per-queue routing parameters, the call's place in the ACD, and
-- the state of every seat.

alter table queues
  add column ring_timeout_seconds integer not null default 20 check (ring_timeout_seconds between 5 and 120),
  add column overflow_after_seconds integer check (overflow_after_seconds > 0),
  add column overflow_queue text references queues (code),
  add column max_wait_seconds integer check (max_wait_seconds > 0),
  add column max_wait_action text not null default 'callback'
    check (max_wait_action in ('voicemail', 'callback')),
  add column wrap_up_seconds integer not null default 30 check (wrap_up_seconds between 0 and 3600),
  add check (overflow_queue is null or overflow_queue <> code);

alter table calls drop constraint calls_state_check;
alter table calls
  add constraint calls_state_check
    check (state in ('ivr', 'queued', 'ringing', 'connected', 'held', 'ended')),
  -- Caller priority (elderly, repeat caller…), 0..9, higher first within a queue.
  add column priority smallint not null default 0 check (priority between 0 and 9),
  add column queued_at timestamptz,
  add column enqueued_at timestamptz,
  add column queue_entered_at timestamptz,
  add column ring_started_at timestamptz,
  add column rings integer not null default 0,
  add column hold_started_at timestamptz,
  add column hold_ms bigint not null default 0,
  add column wrap_ms bigint,
  add column overflowed_from text references queues (code),
  add column abandon_position integer;
create index calls_waiting on calls (queue_code, enqueued_at) where state in ('queued', 'ringing');
create index calls_queued_at on calls (queued_at);
create index calls_agent on calls (agent_id, ended_at);

-- One row per agent: the truth of each seat. Every change goes with a `seat` event.
create table seat_states (
  agent_id integer primary key references agents (id),
  state text not null check (state in (
    'logged_out', 'ready', 'reserved', 'on_call', 'hold', 'wrap_up', 'not_ready', 'lagged'
  )),
  reason text check (reason in (
    'break', 'meal', 'training', 'meeting', 'forced', 'ring_no_answer', 'other'
  )),
  since timestamptz not null,
  ready_since timestamptz,
  call_id bigint references calls (id),
  direction text check (direction in ('in', 'out')),
  wrap_until timestamptz,
  check ((state = 'not_ready') = (reason is not null)),
  check ((state in ('reserved', 'on_call', 'hold')) <= (call_id is not null))
);
create index seat_states_ready on seat_states (state) where state = 'ready';
-- No seat holds two calls, no call sits on two seats: the database itself refuses it.
create unique index seat_states_one_call on seat_states (call_id)
  where state in ('reserved', 'on_call', 'hold');

-- Every agent has a seat row from the start, logged out.
insert into seat_states (agent_id, state, since)
  select id, 'logged_out', now() from agents;

create function agent_seat() returns trigger language plpgsql as $$
begin
  insert into seat_states (agent_id, state, since) values (new.id, 'logged_out', now());
  return new;
end $$;
create trigger agents_seat after insert on agents for each row execute function agent_seat();
