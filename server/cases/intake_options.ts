import type { Queryable } from "../../db/port.ts";

export interface IntakeOptions {
  categories: { id: number; path: string }[];
  districts: { code: string; name: string; streets: { code: string; name: string }[] }[];
  departments: { id: number; name: string }[];
}

/** The choices of the intake form: leaf categories by path, districts with streets, departments. */
export async function intakeOptions(db: Queryable): Promise<IntakeOptions> {
  const [categories, places, departments] = await Promise.all([
    db.query<{ id: number; path: string }>(
      `select c.id, p2.name || ' / ' || p1.name || ' / ' || c.name as path
       from case_categories c join case_categories p1 on p1.id = c.parent_id
       join case_categories p2 on p2.id = p1.parent_id
       where c.level = 3 and c.active order by c.code`,
    ),
    db.query<{ code: string; name: string; parent_code: string | null }>(
      "select code, name, parent_code from districts order by code",
    ),
    db.query<{ id: number; name: string }>(
      "select id, name from departments where active order by kind, code",
    ),
  ]);
  const districts = places.filter((p) => p.parent_code === null).map((d) => ({
    code: d.code,
    name: d.name,
    streets: places.filter((s) => s.parent_code === d.code).map(({ code, name }) => ({
      code,
      name,
    })),
  }));
  return { categories, districts, departments };
}
