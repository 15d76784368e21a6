-- Knowledge base (知识库): what agents answer consultations from. See docs/knowledge.md.

-- The article as it is now; every change is also a version row (below) and the article points
-- at its current one. Search words are segmented by jieba in the service at write time (neither
-- PostgreSQL nor PGlite has a Chinese segmenter); docs/performance.md has why not n-grams.
create table kb_articles (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('policy', 'service_guide', 'department_duty', 'city_guide')),
  category_id integer references case_categories (id),
  department_id integer references departments (id),
  title text not null check (length(title) between 2 and 200),
  body text not null check (length(body) between 1 and 20000),
  keywords text[] not null default '{}',
  -- Outside these dates an article is not offered to agents, but editors still find it.
  valid_from date,
  valid_to date,
  status text not null default 'active' check (status in ('active', 'retired')),
  version integer not null check (version >= 1),
  -- Words of title, keywords and body; of title and keywords alone (they weigh more).
  search_words text[] not null,
  title_words text[] not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  check (valid_from is null or valid_to is null or valid_to >= valid_from)
);
-- Without the pending list (fastupdate): every search would scan the words of recent writes one
-- by one until a vacuum merges them (25 ms instead of 0.4 ms per word after a bulk load).
-- Articles are written rarely and searched during every call.
create index kb_articles_search on kb_articles using gin (search_words) with (fastupdate = off);
create index kb_articles_updated on kb_articles (updated_at desc);

-- Every version of every article, never changed afterwards: who, when, what changed and why.
create table kb_article_versions (
  article_id bigint not null references kb_articles (id),
  version integer not null check (version >= 1),
  kind text not null,
  category_id integer,
  department_id integer,
  title text not null,
  body text not null,
  keywords text[] not null,
  valid_from date,
  valid_to date,
  status text not null,
  changed_fields text[] not null,
  note text not null default '',
  edited_by text not null,
  edited_at timestamptz not null default now(),
  primary key (article_id, version)
);
create trigger kb_article_versions_immutable before update or delete on kb_article_versions
  for each row execute function forbid_change();

-- The article's current version exists: checked at commit, as the two rows are written together.
alter table kb_articles add constraint kb_articles_current_version
  foreign key (id, version) references kb_article_versions (article_id, version)
  deferrable initially deferred;

-- The answer an agent gave on a case: the version actually read out, not whatever it says later.
create table case_kb_answers (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  article_id bigint not null,
  version integer not null,
  attached_by text not null,
  attached_at timestamptz not null default now(),
  foreign key (article_id, version) references kb_article_versions (article_id, version),
  unique (case_id, article_id, version)
);
create index case_kb_answers_article on case_kb_answers (article_id);
