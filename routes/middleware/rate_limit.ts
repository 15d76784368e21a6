import type { MiddlewareHandler } from "hono";
import { AppError } from "../../server/errors.ts";
import type { RateLimiter } from "../../server/security/rate_limiter.ts";
import type { AppEnv } from "../context.ts";

/** 429 with Retry-After once the caller's address has used up its bucket. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const wait = limiter.take(c.get("origin")?.ip ?? "unknown");
    if (wait > 0) {
      c.header("retry-after", String(wait));
      throw new AppError(
        429,
        "rate_limited",
        `请求过于频繁，请 ${wait} 秒后再试 (too many requests)`,
      );
    }
    await next();
  };
}
