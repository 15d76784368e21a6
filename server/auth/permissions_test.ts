import assert from "node:assert/strict";
import { can, PERMISSIONS, ROLES } from "./permissions.ts";

Deno.test("can() grants a permission to any of the user's roles", () => {
  assert.equal(can(["agent"], "overview.view"), true);
  assert.equal(can(["agent"], "audit.read"), false);
  assert.equal(can(["agent", "auditor"], "audit.read"), true);
  assert.equal(can([], "public"), true);
});

Deno.test("auditors read and export but change nothing; admins change but do not export", () => {
  const changes = ["users.manage", "org.manage", "pii.reveal"] as const;
  for (const p of changes) assert.equal(can(["auditor"], p), false, p);
  assert.equal(can(["auditor"], "audit.export"), true);
  assert.equal(can(["admin"], "audit.export"), false);
});

Deno.test("citizens hold nothing but their own account", () => {
  const held = Object.keys(PERMISSIONS).filter((p) =>
    can(["citizen"], p as keyof typeof PERMISSIONS)
  );
  assert.deepEqual(held, ["account.self"]);
});

Deno.test("every permission names only known roles", () => {
  for (const [name, p] of Object.entries(PERMISSIONS)) {
    for (const r of p.roles) assert.ok(ROLES.includes(r), `${name}: ${r}`);
  }
});
