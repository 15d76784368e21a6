-- Accounts, sessions, and the tamper-evident audit chain.

create table users (
  id serial primary key,
  work_number text not null unique check (work_number ~ '^[0-9A-Za-z_]{2,16}$'), -- 工号
  name text not null check (length(name) between 1 and 64),
  group_code text references agent_groups (code),
  department_id integer references departments (id),
  roles text[] not null check (
    cardinality(roles) > 0 and
    roles <@ array['citizen', 'agent', 'supervisor', 'handler', 'leader', 'auditor', 'admin']
  ),
  password_hash text not null,
  must_change_password boolean not null default false,
  password_changed_at timestamptz not null default now(),
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  totp_secret_enc text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A department handler sees only the department's cases: without one they would see nothing.
  check (not ('handler' = any (roles)) or department_id is not null),
  check (not totp_enabled or totp_secret_enc is not null)
);

create table sessions (
  -- SHA-256 of the cookie's token: a stolen table does not yield usable cookies.
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id integer not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id) where revoked_at is null;

-- The audit chain: each row carries the hash of the previous one, computed here in the database
-- so that no code path can write an unchained row. Any change to or removal of a row breaks
-- every later link (server/audit/audit_verify.ts recomputes the chain independently).
alter table audit_log
  add column seq bigint unique,
  add column prev_hash text,
  add column hash text;

create function audit_canonical(
  seq bigint, prev_hash text, at timestamptz, actor text, role text, action text,
  object_type text, object_id text, before jsonb, after jsonb, ip text, user_agent text
) returns text language sql immutable as $$
  select concat_ws(chr(10),
    seq::text, prev_hash,
    to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor, coalesce(role, '\N'), action, coalesce(object_type, '\N'), coalesce(object_id, '\N'),
    coalesce(before::text, '\N'), coalesce(after::text, '\N'),
    coalesce(ip, '\N'), coalesce(user_agent, '\N'))
$$;

create function audit_chain() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  perform pg_advisory_xact_lock(123450003);
  select a.seq, a.hash into last_seq, last_hash from audit_log a order by a.seq desc limit 1;
  new.seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  new.at := date_trunc('microseconds', clock_timestamp());
  new.hash := encode(sha256(convert_to(audit_canonical(
    new.seq, new.prev_hash, new.at, new.actor, new.role, new.action, new.object_type,
    new.object_id, new.before, new.after, new.ip, new.user_agent), 'UTF8')), 'hex');
  return new;
end $$;

create trigger audit_log_chain before insert on audit_log
  for each row execute function audit_chain();
