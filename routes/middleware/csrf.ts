import type { MiddlewareHandler } from "hono";
import { AppError } from "../../server/errors.ts";
import type { AppEnv } from "../context.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Every state-changing request must come from our own pages: with a session it carries the
 * session's token (header `x-csrf-token` for JSON, field `_csrf` for forms); without one (the
 * sign-in itself) a browser's Origin must be ours.
 */
export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return await next();
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin) {
      throw new AppError(403, "csrf", "跨站请求被拒绝 (cross-site request refused)");
    }
    const actor = c.get("actor");
    if (actor) {
      let token = c.req.header("x-csrf-token");
      const type = c.req.header("content-type") ?? "";
      if (
        !token &&
        (type.startsWith("application/x-www-form-urlencoded") ||
          type.startsWith("multipart/form-data"))
      ) {
        const field = (await c.req.parseBody())["_csrf"];
        token = typeof field === "string" ? field : undefined;
      }
      if (!token || !sameText(token, actor.csrf)) {
        throw new AppError(
          403,
          "csrf",
          "请求缺少有效的防伪令牌，请刷新页面 (missing or wrong CSRF token)",
        );
      }
    }
    await next();
  };
}
