/**
 * The categories, departments and places that 311 records name, created on first use (and found
 * again on every later run), then the records as cases that point at them. See docs/import.md.
 */
import type { Tx } from "../../db/port.ts";
import { CodeBook, freeRootCode, leafCategory } from "./code_book.ts";
import type { Record311 } from "./import_311.ts";
import type { ImportCase } from "./import_record.ts";

export const ROOT_CATEGORY_NAME = "巴尔的摩311（导入）";
/** Rows without a council district. */
export const UNKNOWN_DISTRICT = "990100";

export const districtCode = (council: number | null) =>
  council === null ? UNKNOWN_DISTRICT : `9901${String(council).padStart(2, "0")}`;
const districtName = (council: number | null) =>
  council === null ? "巴尔的摩未知区" : `巴尔的摩第${council}议会选区`;

/** `bal_` and the agency's name in lower case, runs of other characters as one underscore. */
export function departmentCode(agency: string): string {
  const slug = agency.toLowerCase().replace(/['’]/g, "").replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `bal_${slug || "agency"}`;
}

export async function casesFrom311(tx: Tx, records: readonly Record311[]): Promise<ImportCase[]> {
  const categories = await ensureCategories(tx, records);
  const departments = await ensureDepartments(tx, records);
  const streets = await ensurePlaces(tx, records);
  return records.map((r) => ({
    row: r.row,
    sourceRef: r.sourceRef,
    type: r.type,
    channel: r.channel,
    status: r.status,
    createdAt: r.createdAt,
    dueAt: r.dueAt,
    closedAt: r.closedAt,
    // Every request went straight to its agency when it was created.
    dispatchedAt: r.createdAt,
    content: r.content,
    address: r.address,
    categoryId: categories.get(`${r.agency}\u0000${r.srType}`)!,
    districtCode: districtCode(r.councilDistrict),
    streetCode: r.neighborhood === null
      ? null
      : streets.get(`${districtCode(r.councilDistrict)}\u0000${r.neighborhood}`)!,
    leadDepartmentId: departments.get(r.agency)!,
    citizenName: null,
    facts: { sr_type: r.srType, agency: r.agency, sr_status: r.srStatus },
  }));
}

/** Leaf category id by agency and SR type. */
async function ensureCategories(tx: Tx, records: readonly Record311[]) {
  let [root] = await tx.query<{ id: number; code: string }>(
    "select id, code from case_categories where level = 1 and name = $1",
    [ROOT_CATEGORY_NAME],
  );
  if (!root) {
    const taken = await tx.query<{ code: string }>(
      "select code from case_categories where level = 1",
    );
    [root] = await tx.query<{ id: number; code: string }>(
      `insert into case_categories (code, name, level) values ($1, $2, 1) returning id, code`,
      [freeRootCode(new Set(taken.map((t) => t.code))), ROOT_CATEGORY_NAME],
    );
  }
  const existing = await tx.query<{ code: string; name: string; parent: string }>(
    `select c.code, c.name, p.code as parent from case_categories c
     join case_categories p on p.id = c.parent_id where p.id = $1 or p.parent_id = $1`,
    [root.id],
  );
  const book = new CodeBook(existing);
  const leafCodes = new Map<string, string>();
  for (const r of records) {
    const key = `${r.agency}\u0000${r.srType}`;
    if (!leafCodes.has(key)) leafCodes.set(key, leafCategory(book, root.code, r.agency, r.srType));
  }
  // Parents before children: a statement does not see the rows it inserts itself.
  for (const level of [2, 3]) {
    const nodes = book.added.filter((n) => n.code.length === level * 2);
    if (nodes.length === 0) continue;
    await tx.query(
      `insert into case_categories (code, name, level, parent_id)
       select t.code, t.name, $4, p.id from unnest($1::text[], $2::text[], $3::text[]) as t(code, name, parent)
       join case_categories p on p.code = t.parent`,
      [nodes.map((n) => n.code), nodes.map((n) => n.name), nodes.map((n) => n.parent), level],
    );
  }
  const ids = await tx.query<{ id: number; code: string }>(
    "select id, code from case_categories where code = any($1::text[])",
    [[...leafCodes.values()]],
  );
  const idOf = new Map(ids.map((r) => [r.code, r.id]));
  return new Map([...leafCodes].map(([key, code]) => [key, idOf.get(code)!]));
}

/**
 * Department id by agency: `bal_<slug>`, or a department that already has the agency's name
 * (an administrator may have created it by hand).
 */
async function ensureDepartments(tx: Tx, records: readonly Record311[]) {
  const agencies = [...new Set(records.map((r) => r.agency))];
  const codes = agencies.map(departmentCode);
  await tx.query(
    `insert into departments (code, name, kind)
     select code, name, 'other' from unnest($1::text[], $2::text[]) as t(code, name)
     on conflict do nothing`,
    [codes, agencies],
  );
  const rows = await tx.query<{ id: number; code: string; name: string }>(
    "select id, code, name from departments where code = any($1::text[]) or name = any($2::text[])",
    [codes, agencies],
  );
  return new Map(agencies.map((a, i) => {
    const found = rows.find((d) => d.code === codes[i]) ?? rows.find((d) => d.name === a);
    return [a, found!.id];
  }));
}

/** Street code by district code and neighbourhood; districts per council district. */
async function ensurePlaces(tx: Tx, records: readonly Record311[]) {
  const councils = [...new Set(records.map((r) => r.councilDistrict))];
  const codes = councils.map(districtCode);
  await tx.query(
    `insert into districts (code, name, level)
     select code, name, 'district' from unnest($1::text[], $2::text[]) as t(code, name)
     on conflict (code) do nothing`,
    [codes, councils.map(districtName)],
  );
  const existing = await tx.query<{ code: string; name: string; parent: string }>(
    "select code, name, parent_code as parent from districts where parent_code = any($1::text[])",
    [codes],
  );
  const book = new CodeBook(existing);
  const streets = new Map<string, string>();
  for (const r of records) {
    if (r.neighborhood === null) continue;
    const parent = districtCode(r.councilDistrict);
    const key = `${parent}\u0000${r.neighborhood}`;
    if (!streets.has(key)) streets.set(key, book.child(parent, r.neighborhood, 3));
  }
  if (book.added.length > 0) {
    await tx.query(
      `insert into districts (code, name, level, parent_code)
       select code, name, 'street', parent from unnest($1::text[], $2::text[], $3::text[]) as t(code, name, parent)`,
      [
        book.added.map((n) => n.code),
        book.added.map((n) => n.name),
        book.added.map((n) => n.parent),
      ],
    );
  }
  return streets;
}
