import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Actor } from "../server/auth/actor.ts";
import { ROLE_NAMES } from "../server/auth/permissions.ts";
import { AppError } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { clearSessionCookie } from "./middleware/session.ts";
import { CsrfField } from "./nav.tsx";
import { renderPage } from "./page.tsx";
import type { SessionDeps } from "./session_api.ts";

const DONE: Record<string, string> = {
  password: "密码已修改，其他设备上的登录已退出。",
  totp_on: "动态验证码已启用，下次登录时需要输入。",
  totp_off: "动态验证码已停用。",
};
/** The second factor is offered to the roles that see or change the most. */
const TOTP_ROLES = new Set(["supervisor", "leader", "auditor", "admin"]);

const PasswordForm = z.object({
  current_password: z.string().min(1, "请填写当前密码").max(256),
  new_password: z.string().min(1, "请填写新密码").max(256),
  confirm_password: z.string().max(256),
}).refine((f) => f.new_password === f.confirm_password, {
  message: "两次输入的新密码不一致",
  path: ["confirm_password"],
});
const CodeForm = z.object({ code: z.string().trim().regex(/^\d{6}$/, "动态验证码为 6 位数字") });
const PasswordOnly = z.object({ password: z.string().min(1, "请填写密码").max(256) });

interface View {
  actor: Actor;
  notice?: string;
  error?: string;
  totpSetup?: { secret: string; uri: string };
}

function AccountPage({ actor, notice, error, totpSetup }: View) {
  return (
    <main class="page">
      <h1>我的账户</h1>
      {actor.mustChangePassword && (
        <p class="notice error">请先把一次性初始密码改为您自己的密码，之后才能使用其他功能。</p>
      )}
      {notice && <p class="notice ok" role="status">{notice}</p>}
      {error && <p class="notice error" role="alert">{error}</p>}
      <section class="card">
        <p>
          工号 {actor.workNumber} · {actor.name} ·{" "}
          {actor.roles.map((r) => ROLE_NAMES[r]).join("、")}
        </p>
      </section>
      <section class="card">
        <h2>修改密码</h2>
        <p class="muted">至少 12 个字符；可以使用一句话或几个词组成的长密码。</p>
        <form method="post" action="/account/password" class="form-grid">
          <CsrfField actor={actor} />
          <label for="current_password">当前密码</label>
          <input
            id="current_password"
            name="current_password"
            type="password"
            autocomplete="current-password"
            required
          />
          <label for="new_password">新密码</label>
          <input
            id="new_password"
            name="new_password"
            type="password"
            autocomplete="new-password"
            required
          />
          <label for="confirm_password">再次输入</label>
          <input
            id="confirm_password"
            name="confirm_password"
            type="password"
            autocomplete="new-password"
            required
          />
          <span />
          <button class="btn" type="submit">修改密码</button>
        </form>
      </section>
      {actor.roles.some((r) => TOTP_ROLES.has(r)) && (
        <TotpSection
          actor={actor}
          setup={totpSetup}
        />
      )}
      <section class="card">
        <h2>登录设备</h2>
        <form method="post" action="/account/sign-out-everywhere">
          <CsrfField actor={actor} />
          <button class="btn secondary" type="submit">退出所有设备（包括本机）</button>
        </form>
      </section>
    </main>
  );
}

function TotpSection({ actor, setup }: { actor: Actor; setup?: { secret: string; uri: string } }) {
  if (actor.totpEnabled) {
    return (
      <section class="card">
        <h2>动态验证码（双因素认证）：已启用</h2>
        <form method="post" action="/account/totp/disable" class="form-grid">
          <CsrfField actor={actor} />
          <label for="password">当前密码</label>
          <input id="password" name="password" type="password" required />
          <span />
          <button class="btn secondary" type="submit">停用</button>
        </form>
      </section>
    );
  }
  return (
    <section class="card">
      <h2>动态验证码（双因素认证）：未启用</h2>
      {setup
        ? (
          <form method="post" action="/account/totp/enable" class="form-grid">
            <CsrfField actor={actor} />
            <span>密钥</span>
            <span class="secret" data-testid="totp-secret">{setup.secret}</span>
            <span>链接</span>
            <code>{setup.uri}</code>
            <label for="code">验证码</label>
            <input id="code" name="code" inputmode="numeric" required />
            <span />
            <button class="btn" type="submit">启用</button>
          </form>
        )
        : (
          <form method="post" action="/account/totp/begin">
            <CsrfField actor={actor} />
            <p class="muted">在手机验证器应用中添加密钥后，登录时需另外输入 6 位动态验证码。</p>
            <button class="btn" type="submit">生成密钥</button>
          </form>
        )}
    </section>
  );
}

export function accountRoutes(d: SessionDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const page = (c: { get(k: "actor"): Actor | null }, view: Omit<View, "actor">) =>
    renderPage(
      { title: "我的账户", actor: c.get("actor") },
      <AccountPage actor={c.get("actor")!} {...view} />,
    );
  /** Runs an account action; a refused one re-renders the page with the reason. */
  const act = async (c: Context<AppEnv>, run: () => Promise<string | Response>) => {
    try {
      const result = await run();
      return typeof result === "string" ? c.redirect(`/account?done=${result}`, 303) : result;
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return c.html(page(c, { error: error.message }), error.status === 401 ? 403 : error.status);
    }
  };

  app.get(
    "/account",
    guard("account.self"),
    (c) => c.html(page(c, { notice: DONE[c.req.query("done") ?? ""] })),
  );

  app.post("/account/password", guard("account.self"), (c) =>
    act(c, async () => {
      const f = await formBody(c, PasswordForm, "password form");
      await d.account.changePassword(
        c.get("actor")!,
        c.get("origin"),
        f.current_password,
        f.new_password,
      );
      return "password";
    }));

  app.post("/account/totp/begin", guard("account.self"), (c) =>
    act(c, async () => {
      const setup = await d.account.beginTotp(c.get("actor")!, c.get("origin"));
      return c.html(page(c, { totpSetup: setup }));
    }));

  app.post("/account/totp/enable", guard("account.self"), (c) =>
    act(c, async () => {
      const f = await formBody(c, CodeForm, "code form");
      await d.account.enableTotp(c.get("actor")!, c.get("origin"), f.code);
      return "totp_on";
    }));

  app.post("/account/totp/disable", guard("account.self"), (c) =>
    act(c, async () => {
      const f = await formBody(c, PasswordOnly, "password form");
      await d.account.disableTotp(c.get("actor")!, c.get("origin"), f.password);
      return "totp_off";
    }));

  app.post("/account/sign-out-everywhere", guard("account.self"), async (c) => {
    const actor = c.get("actor")!;
    await d.account.signOutEverywhere(actor, c.get("origin"));
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });
  return app;
}
