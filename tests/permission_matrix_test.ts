import assert from "node:assert/strict";
import type { Guard } from "../routes/guard.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { hashPassword } from "../server/auth/password.ts";
import { type Access, can, type Role, ROLES } from "../server/auth/permissions.ts";
import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";
import { type Session, startTestApp, USER_OF } from "./harness.ts";

/** Routes that end the caller's own session: each call gets a fresh one. */
const SIGNS_OUT = new Set([
  "DELETE /api/session",
  "POST /api/session/revoke-all",
  "POST /logout",
  "POST /account/sign-out-everywhere",
]);

Deno.test("[access] every route has a rule, and every role gets exactly what the permission table says", async () => {
  const t = await startTestApp();
  try {
    // A citizen account and a user the admin actions may act on without hurting the sessions used.
    const citizen = await t.services.users.create(SYSTEM_ACTOR, "c0001", {
      name: "市民甲",
      group_code: null,
      department_id: null,
      roles: ["citizen"],
      active: true,
    });
    const victim = await t.services.users.create(SYSTEM_ACTOR, "v0001", {
      name: "测试对象",
      group_code: null,
      department_id: null,
      roles: ["agent"],
      active: true,
    });
    await t.db.query(
      "update users set password_hash = $1, must_change_password = false where id = $2",
      [await hashPassword(DEMO_PASSWORD), citizen.user.id],
    );
    const [{ id: departmentId }] = await t.db.query<{ id: number }>(
      "select id from departments where code = 'zjj'",
    );
    await t.db.query(
      `insert into cases (case_number, type, channel, content, lead_department_id) values ('10000016', 'complaint', 'phone', '噪音扰民', $1)`,
      [departmentId],
    );

    // Collect each (method, path) and the access rule of its guard.
    const rules = new Map<string, Access | undefined>();
    for (const r of t.app.routes) {
      if (r.method === "ALL") continue;
      const key = `${r.method} ${r.path}`;
      const access = (r.handler as Partial<Guard>).access;
      if (!rules.has(key) || access) rules.set(key, access ?? rules.get(key));
    }
    const unguarded = [...rules].filter(([, access]) => !access).map(([key]) => key);
    assert.deepEqual(unguarded, [], "routes without an access rule");
    assert.ok(rules.size >= 30, `found only ${rules.size} routes`);

    const principals: { role: Role | "anonymous"; workNumber?: string }[] = [
      { role: "anonymous" },
      { role: "citizen", workNumber: "c0001" },
      ...ROLES.filter((r) => r !== "citizen").map((role) => ({
        role,
        workNumber: USER_OF[role as Exclude<Role, "citizen">],
      })),
    ];
    const sessions = new Map<string, Session>();
    const sessionOf = async (p: typeof principals[number], fresh: boolean) => {
      if (!p.workNumber) return undefined;
      if (fresh || !sessions.has(p.workNumber)) {
        sessions.set(p.workNumber, await t.signIn(p.workNumber));
      }
      return sessions.get(p.workNumber);
    };
    const concrete = (path: string) =>
      path.replace(
        ":id",
        path.startsWith("/admin/users") ? String(victim.user.id) : String(departmentId),
      )
        .replace(":number", "10000016").replace("/*", "/app.css");

    const wrong: string[] = [];
    for (const [key, access] of rules) {
      const [method, path] = key.split(" ");
      for (const p of principals) {
        const session = await sessionOf(p, SIGNS_OUT.has(key));
        const init: RequestInit = { method };
        if (method !== "GET") {
          init.headers = { "content-type": "application/json" };
          init.body = "{}";
        }
        const res = await t.request(concrete(path), init, session);
        await res.body?.cancel();
        // "Sign out everywhere" ends the cached session too.
        if (SIGNS_OUT.has(key) && p.workNumber) sessions.delete(p.workNumber);
        const allowed = p.role === "anonymous" ? access === "public" : can([p.role], access!);
        const denied = res.status === 401 || res.status === 403;
        const expected = p.role === "anonymous" ? 401 : 403;
        if (allowed ? denied : res.status !== expected) {
          wrong.push(
            `${key} as ${p.role}: ${res.status} (rule ${access}, ${
              allowed ? "allowed" : "denied"
            })`,
          );
        }
      }
    }
    assert.deepEqual(wrong, []);
  } finally {
    await t.dispose();
  }
});

Deno.test("[access] the top bar shows each role only the links its permissions allow", async () => {
  const t = await startTestApp();
  try {
    const auditor = await t.signIn(USER_OF.auditor);
    const html = await (await t.request("/audit", {}, auditor)).text();
    assert.match(html, /href="\/audit"/);
    assert.doesNotMatch(html, /href="\/admin\/users"/);
    const admin = await t.signIn(USER_OF.admin);
    const adminHtml = await (await t.request("/admin/users", {}, admin)).text();
    assert.match(adminHtml, /href="\/admin\/users"/);
    assert.match(adminHtml, /href="\/audit"/);
  } finally {
    await t.dispose();
  }
});
