-- Hotspot keywords and hours (server/hotspots/, docs/hotspots.md). PostgreSQL has no Chinese
-- segmenter, so the words of a case are found in TypeScript (jieba) by an incremental job that
-- reads new cases past a watermark and adds their counts here; the hotspot page reads only these
-- small tables and the case rollup of 0009, never the case texts.

-- The job's watermark: every case with a smaller id was counted, except those in hotspot_gaps.
create table hotspot_state (
  id boolean primary key default true check (id),
  last_case_id bigint not null default 0,
  ran_at timestamptz
);
insert into hotspot_state default values;

-- Identity values below the watermark that no committed case had when the job passed them: a
-- transaction still writing (a long import) or one rolled back. Checked again on every run and
-- forgotten after a day.
create table hotspot_gaps (
  lo bigint primary key,
  hi bigint not null check (hi >= lo),
  seen_at timestamptz not null default now()
);

-- Cases counted under one district or category whose district or category changed afterwards
-- (a category chosen at dispatch): the job moves their words from the old key to the new one.
create table hotspot_moves (
  id bigint generated always as identity primary key,
  case_id bigint not null,
  category_id integer,
  district_code text
);
create function hotspot_case_moved() returns trigger language plpgsql as $$
begin
  insert into hotspot_moves (case_id, category_id, district_code)
  values (old.id, old.category_id, old.district_code);
  return null;
end $$;
create trigger cases_hotspot_moved after update of category_id, district_code on cases
  for each row when (old.category_id is distinct from new.category_id
    or old.district_code is distinct from new.district_code)
  execute function hotspot_case_moved();

-- Cases mentioning a term (a word, or two neighbouring words "a b" as a phrase): per China day,
-- and the same sums per calendar month so that a year reads 12 rows per term, not 365. Only
-- terms as keys: a key with district and category would multiply the rows a year's top list
-- sums by a hundred (docs/performance.md).
create table hotspot_terms_daily (
  day date not null,
  term text not null,
  n integer not null,
  primary key (day, term)
);
-- Rising keywords read a few hundred terms over the windows before the range.
create index hotspot_terms_daily_term on hotspot_terms_daily (term, day);
create table hotspot_terms_monthly (
  month date not null check (extract(day from month) = 1),
  term text not null,
  n integer not null,
  primary key (month, term)
);
-- The same per month, district and level-1 category ('' when the case has none), for the
-- keywords of one district or one category.
create table hotspot_terms_by_place (
  month date not null check (extract(day from month) = 1),
  district_code text not null,
  category1 text not null,
  term text not null,
  n integer not null,
  primary key (month, district_code, category1, term)
);

-- Cases per China day and hour of the day (0–23): the rollup of 0009 is per day.
create table hotspot_hours (
  day date not null,
  hour smallint not null check (hour between 0 and 23),
  district_code text not null,
  category1 text not null,
  n integer not null,
  primary key (day, hour, district_code, category1)
);

-- Cases per China day by level-3 category code and by district ('' rows are not kept: rising
-- topics skip cases without one), for rising topics: ~140 rows a day, where the case rollup of
-- 0009 has thousands (keyed also by department and by district × category). Kept by the job like
-- hotspot_hours, moves included; equals the rollup's `registered` summed by the same key
-- (keyword_job_test.ts).
create table hotspot_topics_daily (
  day date not null,
  dim text not null check (dim in ('category3', 'district')),
  key text not null,
  n integer not null,
  primary key (dim, day, key)
);
