import type { Queryable } from "../../db/port.ts";
import { AppError } from "../errors.ts";

export interface CaseRefs {
  category_id?: number | null;
  district_code?: string | null;
  street_code?: string | null;
  lead_department_id?: number | null;
  assisting_department_ids?: readonly number[];
}

/**
 * Checks that the ids a form sent exist and fit together (a leaf category, a street inside its
 * district, active departments): a 422 listing each problem, before anything is written.
 */
export async function checkCaseRefs(tx: Queryable, r: CaseRefs): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  if (r.category_id != null) {
    const [cat] = await tx.query<{ level: number; active: boolean }>(
      "select level, active from case_categories where id = $1",
      [r.category_id],
    );
    if (!cat || !cat.active) issues.push({ path: "category_id", message: "没有这个分类" });
    else if (cat.level !== 3) {
      issues.push({ path: "category_id", message: "请选择三级分类 (a leaf category)" });
    }
  }
  if (r.district_code != null) {
    const [d] = await tx.query("select 1 from districts where code = $1 and level = 'district'", [
      r.district_code,
    ]);
    if (!d) issues.push({ path: "district_code", message: "没有这个区县" });
  }
  if (r.street_code != null) {
    const [s] = await tx.query<{ parent_code: string }>(
      "select parent_code from districts where code = $1 and level = 'street'",
      [r.street_code],
    );
    if (!s) issues.push({ path: "street_code", message: "没有这个街道" });
    else if (r.district_code != null && s.parent_code !== r.district_code) {
      issues.push({ path: "street_code", message: "街道不在所选区县内" });
    }
  }
  const departments = [
    ...(r.lead_department_id != null ? [r.lead_department_id] : []),
    ...(r.assisting_department_ids ?? []),
  ];
  if (departments.length > 0) {
    const found = await tx.query<{ id: number }>(
      "select id from departments where id = any($1::int[]) and active",
      [departments],
    );
    const ok = new Set(found.map((f) => f.id));
    if (r.lead_department_id != null && !ok.has(r.lead_department_id)) {
      issues.push({ path: "lead_department_id", message: "没有这个承办单位或已停用" });
    }
    (r.assisting_department_ids ?? []).forEach((id, i) => {
      if (!ok.has(id)) {
        issues.push({ path: `assisting_department_ids.${i}`, message: "没有这个协办单位或已停用" });
      }
    });
  }
  if (issues.length > 0) {
    throw new AppError(
      422,
      "invalid_reference",
      issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      issues,
    );
  }
}
