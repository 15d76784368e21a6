/**
 * The knowledge base's SQL: rows in, rows out, inside the caller's transaction. Segmentation,
 * ranking, audit and events live in the service (kb_service.ts).
 */
import type { Queryable } from "../../db/port.ts";
import type { ArticleContent, KbKind } from "./kb_input.ts";
import { type Candidate, type TermStats, TITLE_WEIGHT } from "./ranking.ts";

export interface ArticleRow extends ArticleContent {
  id: number;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  category_name: string | null;
  department_name: string | null;
}

export interface VersionRow extends ArticleContent {
  article_id: number;
  version: number;
  changed_fields: string[];
  note: string;
  edited_by: string;
  edited_at: Date;
}

/** Dates as text: "2026-12-31" means the same day on every adapter and in every time zone. */
const CONTENT = `kind, category_id, department_id, title, body, keywords,
  valid_from::text as valid_from, valid_to::text as valid_to, status`;

const ARTICLE = `select a.id, a.version, a.kind, a.category_id, a.department_id, a.title, a.body,
  a.keywords, a.valid_from::text as valid_from, a.valid_to::text as valid_to, a.status,
  a.created_by, a.created_at, a.updated_by, a.updated_at,
  c.name as category_name, d.name as department_name
  from kb_articles a
  left join case_categories c on c.id = a.category_id
  left join departments d on d.id = a.department_id`;

export interface SearchWords {
  search: string[];
  title: string[];
}

export async function insertArticle(
  tx: Queryable,
  by: string,
  a: ArticleContent,
  words: SearchWords,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `insert into kb_articles (kind, category_id, department_id, title, body, keywords, valid_from,
       valid_to, status, version, search_words, title_words, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12, $12) returning id`,
    [...contentParams(a), words.search, words.title, by],
  );
  return Number(row.id);
}

export async function updateArticle(
  tx: Queryable,
  id: number,
  version: number,
  by: string,
  a: ArticleContent,
  words: SearchWords,
): Promise<void> {
  await tx.query(
    `update kb_articles set kind = $1, category_id = $2, department_id = $3, title = $4, body = $5,
       keywords = $6, valid_from = $7, valid_to = $8, status = $9, search_words = $10,
       title_words = $11, version = $12, updated_by = $13, updated_at = now()
     where id = $14`,
    [...contentParams(a), words.search, words.title, version, by, id],
  );
}

export async function insertVersion(
  tx: Queryable,
  id: number,
  version: number,
  a: ArticleContent,
  change: { fields: string[]; note: string; by: string },
): Promise<void> {
  await tx.query(
    `insert into kb_article_versions (kind, category_id, department_id, title, body, keywords,
       valid_from, valid_to, status, article_id, version, changed_fields, note, edited_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [...contentParams(a), id, version, change.fields, change.note, change.by],
  );
}

function contentParams(a: ArticleContent): unknown[] {
  return [
    a.kind,
    a.category_id,
    a.department_id,
    a.title,
    a.body,
    a.keywords,
    a.valid_from,
    a.valid_to,
    a.status,
  ];
}

export async function loadArticle(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<ArticleRow | undefined> {
  const [row] = await db.query<ArticleRow>(
    `${ARTICLE} where a.id = $1${forUpdate ? " for update of a" : ""}`,
    [id],
  );
  return row && { ...row, id: Number(row.id) };
}

export function loadVersions(db: Queryable, id: number): Promise<VersionRow[]> {
  return db.query<VersionRow>(
    `select article_id, version, ${CONTENT}, changed_fields, note, edited_by, edited_at
     from kb_article_versions where article_id = $1 order by version desc`,
    [id],
  );
}

export interface SearchFilter {
  kind?: KbKind;
  /** Only articles in force on this day (and not retired); null: every article. */
  validOn: string | null;
}

export interface CandidateRow extends Candidate {
  kind: KbKind;
  body: string;
  version: number;
  status: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** Which word columns a search reads: the production ones, or a benchmark's alternatives. */
export interface WordColumns {
  search: string;
  title: string;
}
export const WORD_COLUMNS: WordColumns = { search: "search_words", title: "title_words" };

/** The kind and validity filter, with the placeholders of its two parameters. */
const filterSql = (kind: string, day: string) =>
  `(${kind}::text is null or a.kind = ${kind})
  and (${day}::date is null or (a.status = 'active'
    and (a.valid_from is null or a.valid_from <= ${day}) and (a.valid_to is null or a.valid_to >= ${day})))`;

/**
 * Articles containing at least `minMatched` of the query words, with the words each contains
 * and the document frequency of each word. One index probe per word (GIN), so a common word
 * costs its posting list and nothing more; the coarse order (the same idf sum the ranking
 * uses) only caps the candidates handed to the ranking.
 */
export async function searchCandidates(
  db: Queryable,
  words: readonly string[],
  minMatched: number,
  filter: SearchFilter,
  cap = 100,
  columns: WordColumns = WORD_COLUMNS,
): Promise<{ rows: CandidateRow[]; stats: TermStats }> {
  if (words.length === 0) return { rows: [], stats: { total: 0, df: {} } };
  const rows = await db.query<CandidateRow & { total: number; df: Record<string, number> }>(
    `with q as (select distinct unnest($1::text[]) as term),
     -- Articles are retired, never deleted: the highest id is their number (bar ids of rolled
     -- back inserts), read from the primary key instead of counting every row.
     n as (select coalesce(max(id), 1)::float8 as total from kb_articles),
     hits as (
       select a.id, q.term, a.${columns.title} @> array[q.term] as in_title
       from q cross join lateral (
         select a.id, a.${columns.title} from kb_articles a
         where a.${columns.search} @> array[q.term] and ${filterSql("$2", "$3")}
       ) a
     ),
     df as (select term, count(*)::int as n from hits group by term),
     best as (
       select h.id, array_agg(h.term) as matched,
         coalesce(array_agg(h.term) filter (where h.in_title), '{}') as in_title,
         -- The same score as ranking.ts, so the cap keeps what the ranking would put first.
         sum(ln(1 + n.total / df.n) * case when h.in_title then $5::float8 else 1 end) as coarse
       from hits h join df using (term) cross join n
       group by h.id having count(*) >= $4
       order by coarse desc, h.id desc limit $6
     )
     select a.id, a.kind, a.title, a.body, a.version, a.status,
       a.valid_from::text as valid_from, a.valid_to::text as valid_to,
       b.matched, b.in_title, (select total from n)::int as total,
       (select coalesce(json_object_agg(term, n), '{}') from df) as df
     from best b join kb_articles a using (id)`,
    [words, filter.kind ?? null, filter.validOn, minMatched, TITLE_WEIGHT, cap],
  );
  const first = rows[0];
  const stats: TermStats = first
    ? {
      total: Number(first.total),
      df: typeof first.df === "string" ? JSON.parse(first.df) : first.df,
    }
    : { total: 0, df: {} };
  return {
    rows: rows.map(({ total: _t, df: _d, ...r }) => ({ ...r, id: Number(r.id) })),
    stats,
  };
}

/** The newest articles (the knowledge page before anyone types). */
export async function listRecent(
  db: Queryable,
  filter: SearchFilter,
  limit: number,
): Promise<CandidateRow[]> {
  const rows = await db.query<CandidateRow>(
    `select a.id, a.kind, a.title, a.body, a.version, a.status,
       a.valid_from::text as valid_from, a.valid_to::text as valid_to,
       '{}'::text[] as matched, '{}'::text[] as in_title
     from kb_articles a where $1::int is null and ${filterSql("$2", "$3")}
     order by a.updated_at desc, a.id desc limit $4`,
    [null, filter.kind ?? null, filter.validOn, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface FormOptions {
  categories: { id: number; name: string; path: string }[];
  departments: { id: number; name: string }[];
}

/** What the editor's form offers: the level-3 categories (with their parents) and departments. */
export async function loadFormOptions(db: Queryable): Promise<FormOptions> {
  const [categories, departments] = await Promise.all([
    db.query<{ id: number; name: string; path: string }>(
      `select c.id, c.name, p1.name || ' / ' || p2.name as path
       from case_categories c join case_categories p2 on p2.id = c.parent_id
       join case_categories p1 on p1.id = p2.parent_id where c.level = 3 order by c.code`,
    ),
    db.query<{ id: number; name: string }>(
      "select id, name from departments where active order by id",
    ),
  ]);
  return { categories, departments };
}
