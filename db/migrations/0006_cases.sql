-- Cases (工单): the whole loop from intake to callback. See docs/cases.md.

-- Search terms of Chinese text without a segmenter or an extension: every pair of neighbouring
-- CJK characters (an n-gram index) plus every Latin word or number, lower-cased. A query matches
-- when the row's terms contain all of the query's terms (GIN on the array).
create function cjk_terms(t text) returns text[] language plpgsql immutable parallel safe as $$
declare
  terms text[] := '{}';
  run text;
begin
  if t is null then return terms; end if;
  for run in select m[1] from regexp_matches(lower(t), '([一-鿿㐀-䶿]+)', 'g') as m loop
    if length(run) = 1 then
      terms := terms || run;
    else
      for i in 1 .. length(run) - 1 loop
        terms := terms || substr(run, i, 2);
      end loop;
    end if;
  end loop;
  for run in select m[1] from regexp_matches(lower(t), '([a-z0-9]+)', 'g') as m loop
    terms := terms || run;
  end loop;
  return array(select distinct unnest(terms));
end $$;

create sequence case_number_seq minvalue 1 maxvalue 9999999 no cycle;

alter table cases drop constraint cases_status_check;
alter table cases add constraint cases_status_check check (status in (
  'registered', 'dispatched', 'signed', 'returned', 'replied', 'reviewed', 'closed', 'merged'
));
alter table cases
  add column street_code text references districts (code),
  add column queue_code text references queues (code),
  add column registered_by_user integer references users (id),
  add column answer text, -- a consultation answered on the spot (直接办结)
  add column dispatched_at timestamptz,
  add column sign_due_at timestamptz,
  add column signed_at timestamptz,
  add column replied_at timestamptz,
  add column reviewed_at timestamptz,
  add column reopen_count integer not null default 0,
  add column satisfaction text check (satisfaction in ('satisfied', 'basic', 'dissatisfied')),
  add column resolved boolean,
  add column merged_into_id bigint references cases (id),
  -- Historical cases loaded by an importer: where from, and the row's own id there.
  add column source text not null default 'hotline' check (source ~ '^[a-z][a-z0-9_]{0,31}$'),
  add column source_ref text,
  add column search_terms text[] generated always as (cjk_terms(coalesce(address, '') || ' ' || content)) stored,
  add constraint cases_merged check ((status = 'merged') = (merged_into_id is not null));
create unique index cases_source_ref on cases (source, source_ref) where source_ref is not null;
create index cases_search on cases using gin (search_terms);
create index cases_lead_status on cases (lead_department_id, status, created_at);
create index cases_open_due on cases (due_at) where status in ('dispatched', 'signed', 'returned');
create index cases_merged_into on cases (merged_into_id) where merged_into_id is not null;
create index case_assisting_department on case_assisting_departments (department_id);
create index case_calls_call on case_calls (call_id);
create index case_events_at on case_events (at);

-- Everyone who raised the matter: the case's own citizen and those of cases merged into it, so the
-- callback reaches each of them.
create table case_contacts (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  from_case_id bigint references cases (id),
  name_enc text,
  phone_enc text,
  phone_hash text
);
create index case_contacts_case on case_contacts (case_id);

-- The routing list (派单目录): which department leads a category, and its deadline when it
-- differs from the type's. Keywords help suggest the category from what the citizen said.
create table case_routing (
  category_id integer primary key references case_categories (id),
  lead_department_id integer not null references departments (id),
  working_days smallint check (working_days between 0 and 60),
  keywords text[] not null default '{}',
  updated_at timestamptz not null default now()
);

create table case_deadline_policies (
  type text primary key
    check (type in ('consultation', 'complaint', 'report', 'suggestion', 'help', 'praise')),
  working_days smallint not null check (working_days between 0 and 60),
  -- Yellow light when fewer working days than this are left.
  warn_working_days smallint not null default 1 check (warn_working_days between 0 and 10)
);
insert into case_deadline_policies (type, working_days, warn_working_days) values
  ('consultation', 3, 1), ('help', 3, 1), ('complaint', 13, 2), ('report', 13, 2),
  ('suggestion', 10, 2), ('praise', 5, 1);

-- Weekday holidays and make-up working weekends (调休), as the State Council announces them.
create table work_calendar (
  day date primary key,
  kind text not null check (kind in ('holiday', 'workday')),
  name text not null
);
insert into work_calendar (day, kind, name)
select d::date, 'holiday', h.name
from (values
  ('2025-01-01', '2025-01-01', '元旦'), ('2025-01-28', '2025-02-04', '春节'),
  ('2025-04-04', '2025-04-06', '清明节'), ('2025-05-01', '2025-05-05', '劳动节'),
  ('2025-05-31', '2025-06-02', '端午节'), ('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  ('2026-01-01', '2026-01-03', '元旦'), ('2026-02-15', '2026-02-23', '春节'),
  ('2026-04-04', '2026-04-06', '清明节'), ('2026-05-01', '2026-05-05', '劳动节'),
  ('2026-06-19', '2026-06-21', '端午节'), ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节')
) as h(first, last, name), generate_series(h.first::date, h.last::date, interval '1 day') as d;
insert into work_calendar (day, kind, name) values
  ('2025-01-26', 'workday', '春节调休上班'), ('2025-02-08', 'workday', '春节调休上班'),
  ('2025-04-27', 'workday', '劳动节调休上班'), ('2025-09-28', 'workday', '国庆节调休上班'),
  ('2025-10-11', 'workday', '国庆节调休上班'), ('2026-01-04', 'workday', '元旦调休上班'),
  ('2026-02-14', 'workday', '春节调休上班'), ('2026-02-28', 'workday', '春节调休上班'),
  ('2026-05-09', 'workday', '劳动节调休上班'), ('2026-09-20', 'workday', '国庆节调休上班'),
  ('2026-10-10', 'workday', '国庆节调休上班');

-- Return (退单) and extension (延期) requests of a department, decided by the hotline.
create table case_requests (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  kind text not null check (kind in ('return', 'extension')),
  department_id integer not null references departments (id),
  reason text not null check (length(reason) between 2 and 2000),
  extra_working_days smallint check (extra_working_days between 1 and 60),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  decision text check (decision in ('approved', 'refused')),
  decision_note text,
  decided_by text,
  decided_at timestamptz,
  check ((kind = 'extension') = (extra_working_days is not null)),
  check ((decision is null) = (decided_at is null))
);
-- At most one open request per case: the hotline decides before the next one.
create unique index case_requests_open on case_requests (case_id) where decision is null;

-- The formal reply (办结报告) of the lead department, reviewed by the hotline.
create table case_replies (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  department_id integer not null references departments (id),
  investigator text not null,
  investigated_on date not null,
  findings text not null,
  legal_basis text not null,
  opinion text not null,
  handler text not null,
  reviewer text not null,
  unit text not null,
  reply_date date not null,
  submitted_by text not null,
  submitted_at timestamptz not null default now(),
  due_at timestamptz, -- the case's due time when this reply came: on time or late
  review text check (review in ('accepted', 'sent_back')),
  review_note text,
  reviewed_by text,
  reviewed_at timestamptz
);
create index case_replies_case on case_replies (case_id, id);

create table case_attachments (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  reply_id bigint references case_replies (id),
  file_name text not null check (length(file_name) between 1 and 200),
  content_type text not null,
  size integer not null check (size between 1 and 5242880),
  sha256 text not null,
  data bytea not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index case_attachments_case on case_attachments (case_id);

-- 催办: automatic at the operator's times of day, or by hand; each one recorded.
create table case_reminders (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  department_id integer references departments (id),
  kind text not null check (kind in ('auto', 'manual')),
  reason text not null,
  sent_by text not null,
  sent_at timestamptz not null default now()
);
create index case_reminders_case on case_reminders (case_id);

create table case_settings (
  id boolean primary key default true check (id),
  reminder_times text[] not null default '{09:00,15:00}'
    check (cardinality(reminder_times) <= 8 and array_to_string(reminder_times, ',')
      ~ '^(([01][0-9]|2[0-3]):[0-5][0-9](,|$))*$')
);
insert into case_settings default values;
-- One row per automatic reminder round that ran: several processes, one round.
create table case_reminder_runs (slot timestamptz primary key, reminded integer not null);

-- Callback (回访) attempts and the citizen's verdict.
create table case_callbacks (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  reached boolean not null,
  satisfaction text check (satisfaction in ('satisfied', 'basic', 'dissatisfied')),
  resolved boolean,
  note text,
  called_by text not null,
  called_at timestamptz not null default now(),
  check (reached = (satisfaction is not null and resolved is not null))
);
create index case_callbacks_case on case_callbacks (case_id);
