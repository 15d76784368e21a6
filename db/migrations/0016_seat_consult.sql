-- 内部咨询: an agent consults another agent's seat during a call (telephony/seat_consult.ts,
-- docs/media.md). Same table as the consultations over the trunk, so one call still has at most
-- one consultation open (call_consults_open) whichever kind it is.

-- The consulted seat's work number; null for a phone consultation (number is then dialled).
alter table call_consults add column to_agent text;

-- A seat can also turn the consultation down, or let it ring out.
alter table call_consults drop constraint call_consults_outcome_check;
alter table call_consults
  add constraint call_consults_outcome_check
    check (outcome in ('failed', 'cancelled', 'conference', 'transferred', 'ended', 'declined',
                       'no_answer'));

-- A consulted seat holds the consulting agent's call too (reserved, then on call) without owning
-- it: the one-seat-per-call rule counts the owner; a call has at most one consulted seat.
alter table seat_states add column consulted boolean not null default false;
drop index seat_states_one_call;
create unique index seat_states_one_call on seat_states (call_id)
  where state in ('reserved', 'on_call', 'hold') and not consulted;
create unique index seat_states_one_consulted on seat_states (call_id)
  where state in ('reserved', 'on_call', 'hold') and consulted;

-- The seat's incoming consultation (the seat page asks for it every second).
create index call_consults_to_agent on call_consults (to_agent) where to_agent is not null;
