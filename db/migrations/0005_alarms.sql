-- Alarms of the supervisors' desk: a threshold breached by a queue (or the whole centre), raised
-- and cleared by the ACD, acknowledged by a supervisor. Thresholds are data, editable by admins.

create table alarm_thresholds (
  name text primary key check (name in ('longest_wait_s', 'waiting', 'service_level_15s', 'abandon_rate')),
  warn double precision not null,
  bad double precision not null,
  worse text not null check (worse in ('above', 'below')),
  check ((worse = 'above' and bad >= warn) or (worse = 'below' and bad <= warn))
);
insert into alarm_thresholds (name, warn, bad, worse) values
  ('longest_wait_s', 15, 60, 'above'),
  ('waiting', 5, 15, 'above'),
  ('service_level_15s', 0.95, 0.85, 'below'),
  ('abandon_rate', 0.05, 0.10, 'above');

create table alarms (
  id bigint generated always as identity primary key,
  rule text not null,
  subject text not null, -- a queue code, or 'centre'
  level text not null check (level in ('warn', 'bad')),
  value double precision,
  raised_at timestamptz not null,
  cleared_at timestamptz,
  acked_by text,
  acked_at timestamptz
);
-- One open alarm per rule and subject, whichever process notices first.
create unique index alarms_open on alarms (rule, subject) where cleared_at is null;
create index alarms_recent on alarms (raised_at);
