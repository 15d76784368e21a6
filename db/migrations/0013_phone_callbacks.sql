-- Phone callbacks (回访) placed by the telephony edge on someone's request, with their retries
-- (telephony/sip/callback_queue.ts, docs/telephony.md). Attempts are rows, not timers: a
-- restarted process finds the due ones and the ones a dead process left half-done.

-- One request per time someone asked for the phone callback of a case; the policy in force then
-- (attempts, interval) stays with it.
create table phone_callback_requests (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  requested_by text not null,
  requested_at timestamptz not null default now(),
  max_attempts smallint not null check (max_attempts between 1 and 10),
  interval_s integer not null check (interval_s between 1 and 86400),
  state text not null default 'active' check (state in ('active', 'done')),
  -- answered: the citizen gave both answers; unreached: every attempt missed; cancelled: the case
  -- left the reviewed status meanwhile; failed: a number the trunk refuses.
  outcome text check (outcome in ('answered', 'unreached', 'cancelled', 'failed')),
  check ((state = 'done') = (outcome is not null))
);
-- At most one running request per case: a second click is refused, not a second series.
create unique index phone_callback_requests_active on phone_callback_requests (case_id)
  where state = 'active';

-- Each call placed (or due): the scheduler claims a due row by setting started_at.
create table phone_callback_attempts (
  id bigint generated always as identity primary key,
  request_id bigint not null references phone_callback_requests (id) on delete cascade,
  attempt smallint not null check (attempt between 1 and 10),
  due_at timestamptz not null,
  started_at timestamptz,
  ended_at timestamptz,
  -- unreached: busy, no answer, or answered without keys; error: our side failed (no port, a
  -- crash mid-call: `interrupted`).
  result text check (result in ('answered', 'unreached', 'error', 'interrupted', 'cancelled')),
  sip_status smallint,
  note text check (length(note) <= 300),
  unique (request_id, attempt),
  check (ended_at is null or started_at is not null),
  check ((result is null) = (ended_at is null))
);
create index phone_callback_attempts_due on phone_callback_attempts (due_at)
  where started_at is null;
