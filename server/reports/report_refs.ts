/** The names a report shows for the ids and codes the rollups keep. */
import type { Queryable } from "../../db/port.ts";

export interface Category {
  id: number;
  code: string;
  name: string;
  level: number;
}

export interface Agent {
  id: number;
  work_number: string;
  name: string;
  group_code: string;
  group_name: string;
}

export interface ReportRefs {
  categories: Map<number, Category>;
  categoryByCode: Map<string, Category>;
  departments: Map<number, string>;
  districts: Map<string, string>;
  queues: Map<string, string>;
  agents: Map<number, Agent>;
}

export async function loadRefs(db: Queryable): Promise<ReportRefs> {
  const [categories, departments, districts, queues, agents] = await Promise.all([
    db.query<Category>("select id, code, name, level from case_categories"),
    db.query<{ id: number; name: string }>("select id, name from departments"),
    db.query<{ code: string; name: string }>("select code, name from districts"),
    db.query<{ code: string; name: string }>("select code, name from queues"),
    db.query<Agent>(
      `select a.id, a.work_number, a.name, a.group_code, coalesce(g.name, a.group_code) as group_name
       from agents a left join agent_groups g on g.code = a.group_code`,
    ),
  ]);
  return {
    categories: new Map(categories.map((c) => [c.id, c])),
    categoryByCode: new Map(categories.map((c) => [c.code, c])),
    departments: new Map(departments.map((d) => [d.id, d.name])),
    districts: new Map(districts.map((d) => [d.code, d.name])),
    queues: new Map(queues.map((q) => [q.code, q.name])),
    agents: new Map(agents.map((a) => [a.id, a])),
  };
}

/** The category and every category under it (codes share the prefix). */
export function categorySubtree(refs: ReportRefs, id: number): number[] {
  const root = refs.categories.get(id);
  if (!root) return [];
  return [...refs.categories.values()].filter((c) => c.code.startsWith(root.code)).map((c) => c.id);
}

/** The level-1 or level-2 category a category belongs to (itself when at that level). */
export function categoryAt(refs: ReportRefs, id: number, level: 1 | 2): Category | null {
  const category = refs.categories.get(id);
  if (!category || category.level < level) return null;
  return refs.categoryByCode.get(category.code.slice(0, level * 2)) ?? null;
}
