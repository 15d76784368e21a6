import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { auditActor } from "../server/auth/actor.ts";
import { can } from "../server/auth/permissions.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import {
  ArticleInput,
  EditInput,
  KB_KINDS,
  SearchInput,
  splitKeywords,
} from "../server/knowledge/kb_input.ts";
import { KnowledgeService } from "../server/knowledge/kb_service.ts";
import { loadFormOptions } from "../server/knowledge/kb_store.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { ArticleForm, ArticlePage, SearchPage } from "./knowledge_views.tsx";
import { renderPage } from "./page.tsx";

const ArticleId = z.object({ id: z.coerce.number().int().positive("文章编号为正整数") });
const CaseNumber = z.object({ number: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字") });
const AttachBody = z.object({ article_id: z.number().int().positive() }).strict();
const PageQuery = z.object({
  q: z.string().trim().max(200, "检索词最多 200 个字").default(""),
  kind: z.enum(KB_KINDS).optional().catch(undefined),
  include_expired: z.string().optional(),
});
const FormFields = z.record(z.string(), z.string("每项只能填一个值"));

/** A form's strings in the shape of the JSON API, so both are validated by the same schema. */
function fromForm(f: Record<string, string>, edit: boolean): Record<string, unknown> {
  const id = (v: string | undefined) => (v ? Number(v) : null);
  const article: Record<string, unknown> = {
    kind: f.kind,
    title: f.title,
    body: f.body,
    keywords: splitKeywords(f.keywords ?? ""),
    category_id: id(f.category_id),
    department_id: id(f.department_id),
    valid_from: f.valid_from || null,
    valid_to: f.valid_to || null,
  };
  if (!edit) return article;
  return {
    ...article,
    status: f.status || "active",
    note: f.note ?? "",
    base_version: Number(f.base_version),
  };
}

const jsonBody = (c: Context) => c.req.json().catch(() => undefined);

/** The knowledge base (知识库): search and reading for agents, versioned editing for editors. */
export function knowledgeRoutes(d: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const kb = new KnowledgeService(d.db);
  const who = (c: Context<AppEnv>) => auditActor(c.get("actor"), c.get("origin"));
  const isEditor = (c: Context<AppEnv>) => can(c.get("actor")!.roles, "kb.edit");

  app.get("/kb", guard("kb.read"), async (c) => {
    const { q, kind, include_expired } = parseOrThrow(PageQuery, c.req.query(), "search");
    const editor = isEditor(c);
    const includeExpired = editor && include_expired === "1";
    const options = { kind, includeExpired, limit: 20 };
    const hits = q ? await kb.search(q, options) : await kb.recent(options);
    return c.html(renderPage(
      { title: "知识库", actor: c.get("actor") },
      <SearchPage q={q} kind={kind} includeExpired={includeExpired} editor={editor} hits={hits} />,
    ));
  });

  app.get("/kb/new", guard("kb.edit"), async (c) => {
    const actor = c.get("actor")!;
    return c.html(renderPage(
      { title: "新建文章", actor },
      <ArticleForm actor={actor} options={await loadFormOptions(d.db)} />,
    ));
  });

  app.post("/kb/new", guard("kb.edit"), async (c) => {
    const fields = await formBody(c, FormFields, "article form");
    const input = parseOrThrow(ArticleInput, fromForm(fields, false), "article");
    const article = await kb.create(who(c), input);
    return c.redirect(`/kb/${article.id}`, 303);
  });

  app.get("/kb/:id", guard("kb.read"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    const actor = c.get("actor")!;
    const article = await kb.get(id);
    return c.html(renderPage(
      { title: article.title, actor },
      <ArticlePage article={article} editor={isEditor(c)} actor={actor} />,
    ));
  });

  app.get("/kb/:id/edit", guard("kb.edit"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    const actor = c.get("actor")!;
    const [article, options] = await Promise.all([kb.get(id), loadFormOptions(d.db)]);
    return c.html(renderPage(
      { title: `编辑 ${article.title}`, actor },
      <ArticleForm actor={actor} options={options} article={article} />,
    ));
  });

  app.post("/kb/:id/edit", guard("kb.edit"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    const fields = await formBody(c, FormFields, "article form");
    await kb.edit(who(c), id, parseOrThrow(EditInput, fromForm(fields, true), "edit"));
    return c.redirect(`/kb/${id}`, 303);
  });

  app.post("/kb/:id/retire", guard("kb.edit"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    const { base_version } = await formBody(
      c,
      z.object({ base_version: z.coerce.number().int().min(1) }),
      "retire form",
    );
    await kb.retire(who(c), id, base_version);
    return c.redirect(`/kb/${id}`, 303);
  });

  app.get("/api/kb/search", guard("kb.read"), async (c) => {
    const s = parseOrThrow(SearchInput, c.req.query(), "search");
    if (s.include_expired && !isEditor(c)) {
      throw new AppError(
        403,
        "forbidden",
        "只有知识库维护人员可以检索失效文章 (include_expired needs kb.edit)",
      );
    }
    const hits = await kb.search(s.q, {
      limit: s.limit,
      kind: s.kind,
      includeExpired: s.include_expired,
    });
    return c.json({
      articles: hits.map((h) => ({
        id: h.id,
        title: h.title,
        kind: h.kind,
        snippet: h.snippet,
        version: h.version,
        valid_from: h.valid_from,
        valid_to: h.valid_to,
        expired: h.expired,
      })),
    });
  });

  app.get("/api/kb/articles/:id", guard("kb.read"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    return c.json(await kb.get(id));
  });

  app.post("/api/kb/articles", guard("kb.edit"), async (c) => {
    const input = parseOrThrow(ArticleInput, await jsonBody(c), "article");
    return c.json(await kb.create(who(c), input), 201);
  });

  app.put("/api/kb/articles/:id", guard("kb.edit"), async (c) => {
    const { id } = parseOrThrow(ArticleId, c.req.param(), "article id");
    const input = parseOrThrow(EditInput, await jsonBody(c), "edit");
    return c.json(await kb.edit(who(c), id, input));
  });

  app.post("/api/cases/:number/kb-answers", guard("kb.read"), async (c) => {
    const { number } = parseOrThrow(CaseNumber, c.req.param(), "case number");
    const { article_id } = parseOrThrow(AttachBody, await jsonBody(c), "answer");
    const attached = await kb.attachAnswer(who(c), c.get("actor")!, number, article_id);
    return c.json({ case_number: number, ...attached }, 201);
  });
  return app;
}
