import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { formBody, localPath } from "./form.ts";
import { guard } from "./guard.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import { clearSessionCookie, setSessionCookie } from "./middleware/session.ts";
import { renderPage } from "./page.tsx";
import type { SessionDeps } from "./session_api.ts";

const LoginForm = z.object({
  work_number: z.string().trim().min(1, "请填写工号").max(16),
  password: z.string().min(1, "请填写密码").max(256),
  totp: z.string().trim().regex(/^(\d{6})?$/, "动态验证码为 6 位数字").optional(),
  next: z.string().max(512).optional(),
});

function LoginPage(
  { next, error, workNumber }: { next: string; error?: string; workNumber?: string },
) {
  return (
    <main class="login card">
      <h1>12345 热线 · 登录</h1>
      {error && <p class="notice error" role="alert">{error}</p>}
      <form method="post" action="/login" class="form-grid">
        <input type="hidden" name="next" value={next} />
        <label for="work_number">工号</label>
        <input
          id="work_number"
          name="work_number"
          value={workNumber ?? ""}
          autocomplete="username"
          required
          autofocus
        />
        <label for="password">密码</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <label for="totp">动态验证码</label>
        <input
          id="totp"
          name="totp"
          inputmode="numeric"
          autocomplete="one-time-code"
          placeholder="已启用时填写"
        />
        <span />
        <button class="btn" type="submit">登录</button>
      </form>
    </main>
  );
}

export function loginRoutes(d: SessionDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/login", guard("public"), (c) => {
    const next = localPath(c.req.query("next"));
    if (c.get("actor")) return c.redirect(next, 303);
    return c.html(renderPage({ title: "登录" }, <LoginPage next={next} />));
  });

  app.post("/login", guard("public"), rateLimit(d.signInLimiter), async (c) => {
    const form = await formBody(c, LoginForm, "sign-in form").catch((error) => error as AppError);
    const next = localPath(form instanceof AppError ? undefined : form.next);
    if (form instanceof AppError) {
      return c.html(
        renderPage({ title: "登录" }, <LoginPage next={next} error={form.message} />),
        400,
      );
    }
    try {
      const signedIn = await d.signIn.signIn(
        { workNumber: form.work_number, password: form.password, totp: form.totp || undefined },
        c.get("origin"),
      );
      setSessionCookie(c, d.cookies, signedIn.token, signedIn.expiresAt);
      return c.redirect(signedIn.user.mustChangePassword ? "/account" : next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return c.html(
        renderPage(
          { title: "登录" },
          <LoginPage next={next} error={error.message} workNumber={form.work_number} />,
        ),
        error.status,
      );
    }
  });

  app.post("/logout", guard("account.self"), async (c) => {
    const actor = c.get("actor")!;
    await d.account.signOut(actor, c.get("origin"));
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });
  return app;
}
