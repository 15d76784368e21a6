import { Hono } from "hono";
import { PERMISSIONS, ROLE_NAMES, ROLES } from "../server/auth/permissions.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

/** The permission table itself, read-only: roles are defined in code, reviewed like code. */
export function adminRoleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/roles", guard("users.manage"), (c) =>
    c.html(renderPage(
      { title: "角色与权限", actor: c.get("actor") },
      <main class="page">
        <h1>角色与权限</h1>
        <table class="list" data-testid="permission-table">
          <thead>
            <tr>
              <th>权限</th>
              {ROLES.map((r) => <th key={r}>{ROLE_NAMES[r]}</th>)}
            </tr>
          </thead>
          <tbody>
            {Object.entries(PERMISSIONS).map(([name, p]) => (
              <tr>
                <td>
                  {p.label} <code class="muted">{name}</code>
                </td>
                {ROLES.map((r) => (
                  <td key={r}>{(p.roles as readonly string[]).includes(r) ? "✓" : ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </main>,
    )));
  return app;
}
