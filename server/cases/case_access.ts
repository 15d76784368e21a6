import type { Role } from "../auth/permissions.ts";

export interface CaseViewer {
  userId?: number;
  roles: readonly Role[];
  departmentId: number | null;
}

export interface CaseScope {
  lead_department_id: number | null;
  assisting_department_ids: readonly number[];
  confidential: boolean;
}

export const HOTLINE_WIDE: readonly Role[] = ["agent", "supervisor", "leader", "auditor"];

/**
 * Object-level access to one case. Hotline staff see every case; a department handler sees the
 * cases dispatched to their department, and a confidential case only when their department
 * leads it (the citizen asked that as few people as possible know).
 */
export function canSeeCase(viewer: CaseViewer, c: CaseScope): boolean {
  if (seesAllCases(viewer)) return true;
  if (!viewer.roles.includes("handler") || viewer.departmentId === null) return false;
  if (c.lead_department_id === viewer.departmentId) return true;
  return !c.confidential && c.assisting_department_ids.includes(viewer.departmentId);
}

export function seesAllCases(viewer: CaseViewer): boolean {
  return viewer.roles.some((r) => HOTLINE_WIDE.includes(r));
}
