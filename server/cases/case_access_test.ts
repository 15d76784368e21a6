import assert from "node:assert/strict";
import { canSeeCase } from "./case_access.ts";

const open = { lead_department_id: 1, assisting_department_ids: [2], confidential: false };
const secret = { ...open, confidential: true };
const handler = (departmentId: number) => ({ roles: ["handler" as const], departmentId });

Deno.test("canSeeCase() lets hotline staff see every case, confidential or not", () => {
  for (const role of ["agent", "supervisor", "leader", "auditor"] as const) {
    assert.equal(canSeeCase({ roles: [role], departmentId: null }, secret), true, role);
  }
});

Deno.test("canSeeCase() limits a handler to their department's cases", () => {
  assert.equal(canSeeCase(handler(1), open), true, "lead");
  assert.equal(canSeeCase(handler(2), open), true, "assisting");
  assert.equal(canSeeCase(handler(3), open), false, "another department");
});

Deno.test("canSeeCase() shows a confidential case to the lead department only", () => {
  assert.equal(canSeeCase(handler(1), secret), true);
  assert.equal(canSeeCase(handler(2), secret), false);
});

Deno.test("canSeeCase() gives nothing to citizens, admins or a handler without a department", () => {
  assert.equal(canSeeCase({ roles: ["citizen"], departmentId: null }, open), false);
  assert.equal(canSeeCase({ roles: ["admin"], departmentId: null }, open), false);
  assert.equal(canSeeCase({ roles: ["handler"], departmentId: null }, open), false);
});
