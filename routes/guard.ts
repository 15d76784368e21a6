import type { MiddlewareHandler } from "hono";
import { type Access, can } from "../server/auth/permissions.ts";
import { AppError } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";

/** A route's access rule; routes without one are caught by tests/permission_matrix_test.ts. */
export type Guard = MiddlewareHandler<AppEnv> & { access: Access };

const PASSWORD_CHANGE_ALLOWED: Access[] = ["public", "account.self"];

function wantsHtml(accept: string | undefined, method: string): boolean {
  return method === "GET" && (accept ?? "").includes("text/html");
}

/**
 * The one way to protect a route: `app.get(path, guard("cases.read"), handler)`. Signed-out
 * page requests go to the sign-in page; API requests get 401; missing rights get 403.
 */
export function guard(access: Access): Guard {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (access === "public") return await next();
    const actor = c.get("actor");
    if (!actor) {
      if (wantsHtml(c.req.header("accept"), c.req.method)) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      }
      throw new AppError(401, "sign_in_required", "请先登录 (sign in first)");
    }
    if (actor.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.includes(access)) {
      if (wantsHtml(c.req.header("accept"), c.req.method)) return c.redirect("/account", 303);
      throw new AppError(
        403,
        "password_change_required",
        "请先修改初始密码 (change your one-time password first)",
      );
    }
    if (!can(actor.roles, access)) {
      throw new AppError(403, "forbidden", `无权访问 (your role lacks the permission ${access})`);
    }
    await next();
  };
  return Object.assign(middleware, { access });
}
