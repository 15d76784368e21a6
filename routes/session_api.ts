import { Hono } from "hono";
import { z } from "zod";
import type { AccountService } from "../server/auth/account.ts";
import type { SessionStore } from "../server/auth/sessions.ts";
import type { SignInService } from "../server/auth/sign_in.ts";
import type { Database } from "../db/port.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { RateLimiter } from "../server/security/rate_limiter.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import { clearSessionCookie, type CookieSettings, setSessionCookie } from "./middleware/session.ts";

export const SignInBody = z.object({
  work_number: z.string().trim().min(1, "请填写工号").max(16),
  password: z.string().min(1, "请填写密码").max(256),
  totp: z.string().regex(/^\d{6}$/, "动态验证码为 6 位数字").optional(),
}).strict();

export interface SessionDeps {
  db: Database;
  sessions: SessionStore;
  signIn: SignInService;
  account: AccountService;
  signInLimiter: RateLimiter;
  cookies: CookieSettings;
}

/** Sign-in for scripts and pages that speak JSON: the session comes back as a cookie. */
export function sessionApiRoutes(d: SessionDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/", guard("public"), rateLimit(d.signInLimiter), async (c) => {
    const body = parseOrThrow(
      SignInBody,
      await c.req.json().catch(() => undefined),
      "sign-in body",
    );
    const signedIn = await d.signIn.signIn(
      { workNumber: body.work_number, password: body.password, totp: body.totp },
      c.get("origin"),
    );
    setSessionCookie(c, d.cookies, signedIn.token, signedIn.expiresAt);
    return c.json({
      user: {
        work_number: signedIn.user.workNumber,
        name: signedIn.user.name,
        roles: signedIn.user.roles,
        must_change_password: signedIn.user.mustChangePassword,
      },
      csrf: signedIn.csrf,
      expires_at: signedIn.expiresAt.toISOString(),
    });
  });

  app.get("/", guard("account.self"), (c) => {
    const actor = c.get("actor")!;
    return c.json({
      user: {
        work_number: actor.workNumber,
        name: actor.name,
        roles: actor.roles,
        must_change_password: actor.mustChangePassword,
      },
      csrf: actor.csrf,
    });
  });

  app.delete("/", guard("account.self"), async (c) => {
    await d.account.signOut(c.get("actor")!, c.get("origin"));
    clearSessionCookie(c);
    return c.json({ ok: true });
  });

  app.post("/revoke-all", guard("account.self"), async (c) => {
    const ended = await d.account.signOutEverywhere(c.get("actor")!, c.get("origin"));
    clearSessionCookie(c);
    return c.json({ ok: true, sessions_ended: ended });
  });
  return app;
}
