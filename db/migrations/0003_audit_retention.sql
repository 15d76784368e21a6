-- Retention of the audit log (kept ≥ 180 days; the application enforces the minimum): the oldest
-- records may be purged, and only through server/audit/audit_retention.ts, which records where
-- the chain now starts so the verifier can still check every remaining link.

create table audit_anchor (
  id smallint primary key default 1 check (id = 1),
  seq bigint not null,
  hash text not null,
  purged_before timestamptz not null,
  purged_at timestamptz not null default now()
);

create function audit_guard() returns trigger language plpgsql as $$
begin
  -- A purge announces itself for this transaction only, with its cut-off.
  if tg_op = 'DELETE' and current_setting('hotline.audit_purge_before', true) is not null
     and current_setting('hotline.audit_purge_before', true) <> ''
     and old.at < current_setting('hotline.audit_purge_before', true)::timestamptz then
    return old;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end $$;

drop trigger audit_log_append_only on audit_log;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_guard();

-- After a purge that emptied the table, the chain continues from the anchor, not from zero.
create or replace function audit_chain() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  perform pg_advisory_xact_lock(123450003);
  select a.seq, a.hash into last_seq, last_hash from audit_log a order by a.seq desc limit 1;
  if last_seq is null then
    select x.seq, x.hash into last_seq, last_hash from audit_anchor x;
  end if;
  new.seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  new.at := date_trunc('microseconds', clock_timestamp());
  new.hash := encode(sha256(convert_to(audit_canonical(
    new.seq, new.prev_hash, new.at, new.actor, new.role, new.action, new.object_type,
    new.object_id, new.before, new.after, new.ip, new.user_agent), 'UTF8')), 'hex');
  return new;
end $$;
