-- The voice menu (IVR) of the phone trunk (telephony/, docs/telephony.md): versions of the menu
-- tree, which one callers get, the path of every call through it, and survey scores.

-- Every published tree is kept: callers of a version can be traced back to the menu they heard.
create table ivr_trees (
  version integer primary key check (version > 0),
  name text not null check (length(name) between 1 and 80),
  tree jsonb not null,
  note text check (length(note) <= 200),
  created_by text not null,
  created_at timestamptz not null default now()
);

-- The version callers get now (one row; an admin may go back to any earlier version).
create table ivr_settings (
  id boolean primary key default true check (id),
  active_version integer not null references ivr_trees (version),
  updated_by text not null,
  updated_at timestamptz not null default now()
);

-- One row per call that reached the menu, written when it ends: the nodes visited with the keys
-- pressed and the time in each (`path`: [{node, kind, at_ms, ms, digits, result}]).
create table ivr_calls (
  id bigint generated always as identity primary key,
  sip_call_id text not null,
  -- in: a caller reached the menu; out: a call we placed (the phone callback of a case).
  direction text not null default 'in' check (direction in ('in', 'out')),
  tree_version integer references ivr_trees (version),
  caller_number_enc text,
  caller_number_hash text,
  dialed text,
  language text not null default 'zh' check (language in ('zh', 'en')),
  started_at timestamptz not null,
  ended_at timestamptz not null,
  outcome text not null check (outcome in (
    'completed', 'caller_hung_up', 'abandoned', 'agent', 'callback', 'error', 'in_menu'
  )),
  -- The ACD call when the caller asked for a person; the case a recording became.
  acd_call_id bigint references calls (id),
  case_id bigint references cases (id),
  path jsonb not null default '[]',
  rtp_in integer not null default 0,
  rtp_out integer not null default 0,
  digits integer not null default 0,
  check (ended_at >= started_at)
);
create index ivr_calls_started on ivr_calls (started_at);
create index ivr_calls_caller on ivr_calls (caller_number_hash);

-- Opinion surveys (menu 2-5) and satisfaction after an agent's call (1 very poor … 5 excellent),
-- on the case of that call when the agent registered one.
create table case_surveys (
  id bigint generated always as identity primary key,
  case_id bigint references cases (id) on delete cascade,
  acd_call_id bigint references calls (id),
  survey text not null check (survey in ('opinion', 'satisfaction')),
  score smallint not null check (score between 1 and 5),
  caller_number_hash text,
  sip_call_id text,
  created_at timestamptz not null default now()
);
create index case_surveys_case on case_surveys (case_id) where case_id is not null;
create index case_surveys_created on case_surveys (created_at);
