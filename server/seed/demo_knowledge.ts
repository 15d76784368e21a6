import type { Database } from "../../db/port.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import { KnowledgeService } from "../knowledge/kb_service.ts";
import { DEMO_ARTICLES } from "./demo_knowledge_articles.ts";

/** The demo articles, once, when the knowledge base is empty (the seed never touches real data). */
export async function seedDemoKnowledge(db: Database): Promise<boolean> {
  return await new KnowledgeService(db).seedIfEmpty(SYSTEM_ACTOR, async (tx) => {
    const categories = new Map(
      (await tx.query<{ id: number; name: string }>(
        "select id, name from case_categories where level = 3",
      )).map((r) => [r.name, r.id]),
    );
    const departments = new Map(
      (await tx.query<{ id: number; code: string }>("select id, code from departments"))
        .map((r) => [r.code, r.id]),
    );
    return DEMO_ARTICLES.map((a) => ({
      kind: a.kind,
      category_id: categories.get(a.category ?? "") ?? null,
      department_id: departments.get(a.department ?? "") ?? null,
      title: a.title,
      body: a.body,
      keywords: a.keywords,
      valid_from: a.validFrom ?? null,
      valid_to: a.validTo ?? null,
    }));
  });
}
