-- The first schema: the domain as far as it is clear at the foundation. Later issues extend it
-- with new migrations; never edit this file once applied (the runner checks its checksum).

-- Append-only guard shared by events and audit_log.
create function forbid_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end $$;

-- Places: districts (区) and the streets/towns (街道/镇) inside them.
create table districts (
  code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
  name text not null,
  level text not null check (level in ('district', 'street')),
  parent_code text references districts (code),
  check ((level = 'district') = (parent_code is null))
);

create table departments (
  id serial primary key,
  code text not null unique,
  name text not null unique,
  kind text not null check (kind in ('bureau', 'district', 'utility', 'other')),
  district_code text references districts (code),
  active boolean not null default true
);

-- The 3-level case taxonomy (一级/二级/三级分类); a case is filed under a leaf.
create table case_categories (
  id serial primary key,
  code text not null unique check (code ~ '^[0-9]{2}([0-9]{2}){0,2}$'),
  name text not null,
  level smallint not null check (level between 1 and 3),
  parent_id integer references case_categories (id),
  active boolean not null default true,
  check ((level = 1) = (parent_id is null)),
  check (length(code) = level * 2)
);
create index case_categories_parent on case_categories (parent_id);

create table skills (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name text not null
);

create table queues (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name text not null,
  skill_code text not null references skills (code),
  priority smallint not null default 5 check (priority between 1 and 10),
  -- T of the service level: 15 s is the national 12345 target (15秒接通率).
  service_level_seconds integer not null default 15 check (service_level_seconds > 0),
  active boolean not null default true
);

create table agent_groups (
  code text primary key,
  name text not null
);

create table agents (
  id serial primary key,
  work_number text not null unique check (work_number ~ '^[0-9A-Za-z]{2,16}$'), -- 工号
  name text not null,
  group_code text not null references agent_groups (code),
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table agent_skills (
  agent_id integer not null references agents (id) on delete cascade,
  skill_code text not null references skills (code),
  level smallint not null default 1 check (level between 1 and 10),
  primary key (agent_id, skill_code)
);

-- Every contact that rang or was placed: phone, web call, outbound callback.
create table calls (
  id bigint generated always as identity primary key,
  channel text not null check (channel in ('phone', 'web')),
  direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
  -- Personal data: AES-GCM token (server/privacy/pii_cipher.ts) and a keyed hash for lookups.
  caller_number_enc text,
  caller_number_hash text,
  queue_code text references queues (code),
  agent_id integer references agents (id),
  state text not null check (state in ('ivr', 'queued', 'ringing', 'connected', 'ended')),
  end_reason text check (end_reason in ('completed', 'abandoned', 'failed', 'voicemail', 'callback')),
  offered_at timestamptz not null default now(),
  answered_at timestamptz,
  ended_at timestamptz,
  check ((state = 'ended') = (ended_at is not null))
);
create index calls_open on calls (state) where state <> 'ended';
create index calls_offered_at on calls (offered_at);
create index calls_caller on calls (caller_number_hash);

-- 工单: one per matter raised by a citizen, whatever the channel.
create table cases (
  id bigint generated always as identity primary key,
  case_number text not null unique check (case_number ~ '^[0-9]{8}$'),
  type text not null
    check (type in ('consultation', 'complaint', 'report', 'suggestion', 'help', 'praise')),
  channel text not null
    check (channel in ('phone', 'web', 'app', 'voicemail', 'sms', 'email', 'letter', 'fax')),
  status text not null default 'registered' check (status in (
    'registered', 'dispatched', 'signed', 'in_progress', 'replied', 'reviewed',
    'callback', 'closed', 'returned', 'merged'
  )),
  category_id integer references case_categories (id),
  district_code text references districts (code),
  address text,
  content text not null,
  citizen_name_enc text, -- personal data: encrypted like calls.caller_number_enc
  citizen_phone_enc text,
  citizen_phone_hash text,
  confidential boolean not null default false,
  priority text not null default 'normal' check (priority in ('normal', 'urgent', 'emergency')),
  lead_department_id integer references departments (id),
  due_at timestamptz,
  registered_by integer references agents (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create index cases_created_at on cases (created_at);
create index cases_status on cases (status);
create index cases_category on cases (category_id);
create index cases_district on cases (district_code);
create index cases_citizen_phone on cases (citizen_phone_hash);

create table case_assisting_departments (
  case_id bigint not null references cases (id) on delete cascade,
  department_id integer not null references departments (id),
  primary key (case_id, department_id)
);

create table case_calls (
  case_id bigint not null references cases (id) on delete cascade,
  call_id bigint not null references calls (id),
  primary key (case_id, call_id)
);

-- The case's own history: every step of its lifecycle, who and when.
create table case_events (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  kind text not null,
  actor text,
  department_id integer references departments (id),
  data jsonb not null default '{}',
  at timestamptz not null default now()
);
create index case_events_case on case_events (case_id, id);

-- The outbox of the live spine. Written in the same transaction as the state it describes;
-- ids are handed out under a transaction-scoped advisory lock so they commit in id order and a
-- reader that follows "id > last seen" never skips one (see server/live/outbox.ts).
create table events (
  id bigint generated always as identity primary key,
  topic text not null check (topic ~ '^[a-z][a-z0-9_]{0,31}$'),
  type text not null check (type ~ '^[a-z][a-z0-9_.]{0,63}$'),
  subject text,
  data jsonb not null default '{}',
  created_at timestamptz not null default clock_timestamp()
);
create index events_topic on events (topic, id);
create index events_created_at on events (created_at);
create trigger events_append_only before update or delete on events
  for each row execute function forbid_change();

-- Who did what to which object, from where: every action by a person.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default clock_timestamp(),
  actor text not null,
  role text,
  action text not null,
  object_type text,
  object_id text,
  before jsonb,
  after jsonb,
  ip text,
  user_agent text
);
create index audit_log_at on audit_log (at);
create index audit_log_object on audit_log (object_type, object_id);
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function forbid_change();
create trigger events_no_truncate before truncate on events
  for each statement execute function forbid_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function forbid_change();
