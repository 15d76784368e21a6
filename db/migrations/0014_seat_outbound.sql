-- The agent's own outbound calls (外呼回拨) and consultations / three-party calls (三方通话) over
-- the SIP trunk (telephony/seat_dialer.ts, telephony/consult.ts, docs/telephony.md).

-- An outbound call is an ACD call of direction 'outbound' from the start assigned to the seat
-- that dialled it; while the far phone has not answered it is 'dialing' (not 'ringing': the
-- router's ring timeout and queue positions are about calls ringing a seat, not a phone).
alter table calls drop constraint calls_state_check;
alter table calls
  add constraint calls_state_check
    check (state in ('ivr', 'queued', 'ringing', 'dialing', 'connected', 'held', 'ended')),
  -- When the far phone started ringing (180/183), and how the dialling ended.
  add column dial_ringing_at timestamptz,
  add column dial_result text
    check (dial_result in ('answered', 'busy', 'no_answer', 'rejected', 'failed', 'cancelled')),
  add column dial_sip_status smallint;

-- Who an agent may bring into a call: departments' duty phones and the leader on duty. A table,
-- not configuration: the leader on duty changes daily and the list is the operator's to keep.
create table consult_contacts (
  id integer generated always as identity primary key,
  name text not null unique check (length(name) between 1 and 60),
  kind text not null check (kind in ('department', 'leader', 'other')),
  -- Not personal data: official duty numbers, dialled as they are written here.
  number text not null check (number ~ '^\+?[0-9]{3,20}$'),
  active boolean not null default true,
  sort smallint not null default 0
);

-- Each consultation of a call: the third party dialled, how it went and how it ended.
create table call_consults (
  id bigint generated always as identity primary key,
  call_id bigint not null references calls (id),
  agent text not null,
  contact_id integer references consult_contacts (id),
  name text not null,
  number text not null,
  started_at timestamptz not null,
  answered_at timestamptz,
  conference_at timestamptz,
  transferred_at timestamptz,
  ended_at timestamptz,
  sip_status smallint,
  -- failed: not reached; cancelled: the agent took the caller back; conference: ended while all
  -- three talked; transferred: the agent left caller and third party connected.
  outcome text check (outcome in ('failed', 'cancelled', 'conference', 'transferred', 'ended')),
  check ((ended_at is null) = (outcome is null))
);
create index call_consults_call on call_consults (call_id);
-- One consultation at a time per call.
create unique index call_consults_open on call_consults (call_id) where ended_at is null;
