import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import type { CaseViewer } from "../cases/case_access.ts";
import { recordCaseChange } from "../cases/case_change.ts";
import { loadVisibleCase } from "../cases/case_read.ts";
import { AppError } from "../errors.ts";
import {
  type ArticleContent,
  type ArticleInput,
  changedFields,
  type EditInput,
  type KbKind,
  VERSIONED_FIELDS,
} from "./kb_input.ts";
import {
  type ArticleRow,
  type CandidateRow,
  insertArticle,
  insertVersion,
  listRecent,
  loadArticle,
  loadVersions,
  searchCandidates,
  type SearchWords,
  updateArticle,
  type VersionRow,
} from "./kb_store.ts";
import { matchThresholds, rank, snippet, type SnippetPart, snippetText } from "./ranking.ts";
import { documentWords, queryWords } from "./segment.ts";

export interface SearchOptions {
  /** Editors: also articles outside their validity dates and retired ones. */
  includeExpired?: boolean;
  kind?: KbKind;
  limit?: number;
}

export interface SearchHit {
  id: number;
  title: string;
  kind: KbKind;
  snippet: string;
  /** The snippet split at the query's words, for pages that mark them. */
  snippet_parts: SnippetPart[];
  version: number;
  status: string;
  valid_from: string | null;
  valid_to: string | null;
  /** Not in force today (outside its dates, or retired). */
  expired: boolean;
}

/** Today in the hotline's time zone: an article valid until 12-31 is offered all of that day. */
export function hotlineDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(at);
}

function wordsOf(a: ArticleContent): SearchWords {
  const head = `${a.title} ${a.keywords.join(" ")}`;
  return { search: documentWords(`${head} ${a.body}`), title: documentWords(head) };
}

const event = (type: string, id: number, data: Record<string, unknown>): NewEvent => ({
  topic: "kb",
  type: `kb.${type}`,
  subject: id,
  data,
});

/**
 * The knowledge base: search for agents, versioned editing for editors, and the answer an
 * agent attaches to a case. Every change is one transaction with its audit record and its
 * live-spine event.
 */
export class KnowledgeService {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async search(q: string, o: SearchOptions = {}): Promise<SearchHit[]> {
    const today = hotlineDay(this.clock());
    const filter = { kind: o.kind, validOn: o.includeExpired ? null : today };
    const limit = o.limit ?? 10;
    const words = queryWords(q);
    let found: Awaited<ReturnType<typeof searchCandidates>> = { rows: [], stats: EMPTY };
    for (const min of matchThresholds(words.length)) {
      found = await searchCandidates(this.db, words, min, filter);
      if (found.rows.length > 0) break;
    }
    const { rows, stats } = found;
    return rank(rows, stats, q, limit).map((r) => toHit(r, snippet(r.body, words), today));
  }

  /** The newest articles, for the page before a query is typed. */
  async recent(o: SearchOptions = {}): Promise<SearchHit[]> {
    const today = hotlineDay(this.clock());
    const filter = { kind: o.kind, validOn: o.includeExpired ? null : today };
    const rows = await listRecent(this.db, filter, o.limit ?? 20);
    return rows.map((r) => toHit(r, snippet(r.body, []), today));
  }

  /** One article with its whole version history (newest first), or 404. */
  async get(id: number): Promise<ArticleRow & { expired: boolean; versions: VersionRow[] }> {
    const article = await loadArticle(this.db, id);
    if (!article) throw notFound(id);
    return {
      ...article,
      expired: !inForce(article, hotlineDay(this.clock())),
      versions: await loadVersions(this.db, id),
    };
  }

  create(who: AuditActor, input: ArticleInput): Promise<ArticleRow> {
    return this.db.transaction(async (tx) => {
      const id = await this.insert(tx, who, input);
      await appendEvents(tx, [event("created", id, { version: 1, title: input.title })]);
      return (await loadArticle(tx, id))!;
    });
  }

  /**
   * A new version of the article. `base_version` is the version the editor started from: when
   * someone saved in between, the edit is refused (409) instead of overwriting their change.
   * Saving without a change creates no version.
   */
  edit(who: AuditActor, id: number, input: EditInput): Promise<ArticleRow> {
    return this.db.transaction(async (tx) => {
      const before = await loadArticle(tx, id, true);
      if (!before) throw notFound(id);
      if (before.version !== input.base_version) {
        throw new AppError(
          409,
          "version_conflict",
          `该文章已被 ${before.updated_by} 修改为第 ${before.version} 版，请刷新后在新版本上修改 (edited from version ${input.base_version}, now ${before.version})`,
        );
      }
      const { base_version: _, note, ...after } = input;
      const fields = changedFields(before, after);
      if (fields.length === 0) return before;
      const version = before.version + 1;
      await updateArticle(tx, id, version, who.actor, after, wordsOf(after));
      await insertVersion(tx, id, version, after, { fields, note, by: who.actor });
      const type = fields.includes("status")
        ? (after.status === "retired" ? "retired" : "restored")
        : "edited";
      await audit(tx, who, {
        action: `kb.${type}`,
        objectType: "kb_article",
        objectId: id,
        before: { version: before.version, ...pick(before, fields) },
        after: { version, ...pick(after, fields), note: note || undefined },
      });
      await appendEvents(tx, [event(type, id, { version, changed: fields })]);
      return (await loadArticle(tx, id))!;
    });
  }

  /** Takes an article out of use (a new version with status retired); editors still see it. */
  async retire(who: AuditActor, id: number, baseVersion: number, note = ""): Promise<ArticleRow> {
    const a = await loadArticle(this.db, id);
    if (!a) throw notFound(id);
    const content = Object.fromEntries(VERSIONED_FIELDS.map((f) => [f, a[f]])) as ArticleContent;
    return await this.edit(who, id, {
      ...content,
      status: "retired",
      base_version: baseVersion,
      note,
    });
  }

  /**
   * Records on the case which answer (article and version, as it read then) the agent gave.
   * The case must be one the viewer may see: the same 404 as reading it otherwise.
   */
  attachAnswer(
    who: AuditActor,
    viewer: CaseViewer,
    caseNumber: string,
    articleId: number,
  ): Promise<{ article_id: number; version: number }> {
    return this.db.transaction(async (tx) => {
      const c = await loadVisibleCase(tx, viewer, caseNumber);
      const article = await loadArticle(tx, articleId);
      if (!article) throw notFound(articleId);
      if (article.status !== "active") {
        throw new AppError(
          422,
          "article_retired",
          `文章已停用，不能作为答复 (article ${articleId} is retired)`,
        );
      }
      const added = await tx.query(
        `insert into case_kb_answers (case_id, article_id, version, attached_by)
         values ($1, $2, $3, $4) on conflict do nothing returning id`,
        [c.id, articleId, article.version, who.actor],
      );
      if (added.length === 0) {
        throw new AppError(
          409,
          "already_attached",
          "该版本的答复已关联到此工单 (already attached)",
        );
      }
      const data = { article_id: articleId, version: article.version };
      const change = await recordCaseChange(tx, who, c, {
        kind: "kb_answer_attached",
        status: c.status,
        data,
      });
      await appendEvents(tx, [change]);
      return data;
    });
  }

  /**
   * Creates articles once, when the knowledge base is empty (demo data). The lock makes a
   * second process starting at the same time wait and then find them.
   */
  seedIfEmpty(who: AuditActor, articles: (tx: Tx) => Promise<ArticleInput[]>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query("lock table kb_articles in exclusive mode");
      const [{ n }] = await tx.query<{ n: number }>("select count(*)::int as n from kb_articles");
      if (n > 0) return false;
      const inputs = await articles(tx);
      for (const a of inputs) await this.insert(tx, who, a);
      await appendEvents(tx, [{
        topic: "kb",
        type: "kb.seeded",
        data: { articles: inputs.length },
      }]);
      return true;
    });
  }

  private async insert(tx: Tx, who: AuditActor, input: ArticleInput): Promise<number> {
    const content: ArticleContent = { ...input, status: "active" };
    const id = await insertArticle(tx, who.actor, content, wordsOf(content));
    await insertVersion(tx, id, 1, content, { fields: [], note: "", by: who.actor });
    await audit(tx, who, {
      action: "kb.created",
      objectType: "kb_article",
      objectId: id,
      after: { version: 1, kind: input.kind, title: input.title },
    });
    return id;
  }
}

const EMPTY = { total: 0, df: {} };

function toHit(r: CandidateRow, parts: SnippetPart[], today: string): SearchHit {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    snippet: snippetText(parts),
    snippet_parts: parts,
    version: r.version,
    status: r.status,
    valid_from: r.valid_from,
    valid_to: r.valid_to,
    expired: !inForce(r, today),
  };
}

function inForce(
  a: { status: string; valid_from: string | null; valid_to: string | null },
  today: string,
): boolean {
  return a.status === "active" && (!a.valid_from || a.valid_from <= today) &&
    (!a.valid_to || a.valid_to >= today);
}

function pick(o: object, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, (o as Record<string, unknown>)[f]]));
}

const notFound = (id: number) =>
  new AppError(404, "article_not_found", `没有这篇知识库文章 (no article ${id})`);
