import assert from "node:assert/strict";
import { totpCode } from "../server/auth/totp.ts";
import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";
import { startTestApp, USER_OF } from "./harness.ts";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

Deno.test("[auth] sessions end after the idle timeout and after the absolute timeout", async () => {
  let now = Date.UTC(2026, 10, 28, 1, 0, 0);
  const t = await startTestApp({
    services: {
      clock: () => new Date(now),
      sessionPolicy: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
    },
  });
  try {
    const s = await t.signIn(USER_OF.supervisor);
    now += 29 * 60_000;
    assert.equal(
      (await t.request("/api/session", {}, s)).status,
      200,
      "29 minutes idle: still signed in",
    );
    now += 31 * 60_000;
    assert.equal(
      (await t.request("/api/session", {}, s)).status,
      401,
      "31 minutes idle: signed out",
    );

    const busy = await t.signIn(USER_OF.supervisor);
    for (let h = 0; h < 12; h++) {
      now += 25 * 60_000;
      assert.equal((await t.request("/api/session", {}, busy)).status, 200);
    }
    now += 25 * 60_000 * 17; // keep busy past 12 h: every 25 minutes
    for (let i = 0; i < 17; i++) await t.request("/api/session", {}, busy);
    assert.equal(
      (await t.request("/api/session", {}, busy)).status,
      401,
      "over 12 hours: signed out",
    );
  } finally {
    await t.dispose();
  }
});

Deno.test("[auth] sign-in locks the account after five failures, audited", async () => {
  const t = await startTestApp();
  try {
    for (let i = 0; i < 5; i++) {
      const res = await t.request(
        "/api/session",
        json({ work_number: "8001", password: "wrong password " + i }),
      );
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error.code, "invalid_credentials");
    }
    const locked = await t.request(
      "/api/session",
      json({ work_number: "8001", password: DEMO_PASSWORD }),
    );
    assert.equal(locked.status, 401);
    assert.equal((await locked.json()).error.code, "locked");
    const actions = await t.db.query<{ action: string }>(
      "select action from audit_log where actor = '8001' order by seq",
    );
    assert.deepEqual(actions.map((a) => a.action).filter((a) => a === "user.locked"), [
      "user.locked",
    ]);
    assert.equal(actions.filter((a) => a.action === "session.sign_in_failed").length, 6);
    // An unknown work number fails the same way, without revealing that it does not exist.
    const unknown = await t.request(
      "/api/session",
      json({ work_number: "4040", password: DEMO_PASSWORD }),
    );
    assert.equal((await unknown.json()).error.code, "invalid_credentials");
  } finally {
    await t.dispose();
  }
});

Deno.test("[auth] a supervisor with TOTP needs the code, and a code works once", async () => {
  const t = await startTestApp();
  try {
    const s = await t.signIn(USER_OF.supervisor);
    const begin = await t.request("/account/totp/begin", {
      method: "POST",
      body: new URLSearchParams({ _csrf: s.csrf }),
    }, s);
    const secret = (await begin.text()).match(/data-testid="totp-secret">([A-Z2-7]+)</)![1];
    const enable = await t.request("/account/totp/enable", {
      method: "POST",
      body: new URLSearchParams({
        _csrf: s.csrf,
        code: await totpCode(secret, Date.now() - 30_000),
      }),
    }, s);
    assert.equal(enable.status, 303);

    const noCode = await t.request(
      "/api/session",
      json({ work_number: "9001", password: DEMO_PASSWORD }),
    );
    assert.equal((await noCode.json()).error.code, "totp_required");
    const code = await totpCode(secret, Date.now());
    const ok = await t.request(
      "/api/session",
      json({ work_number: "9001", password: DEMO_PASSWORD, totp: code }),
    );
    assert.equal(ok.status, 200);
    const replay = await t.request(
      "/api/session",
      json({ work_number: "9001", password: DEMO_PASSWORD, totp: code }),
    );
    assert.equal(replay.status, 401, "the same code cannot be used twice");
  } finally {
    await t.dispose();
  }
});

Deno.test("[auth] writes need the session's CSRF token and our own origin", async () => {
  const t = await startTestApp();
  try {
    const s = await t.signIn(USER_OF.admin);
    const body = () => new URLSearchParams({ code: "qa_team", name: "质检组" });
    const noToken = await t.request("/admin/groups", {
      method: "POST",
      body: body(),
      headers: { "x-csrf-token": "" },
    }, { ...s, csrf: "" });
    assert.equal(noToken.status, 403);
    const wrongField = await t.request("/admin/groups", {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(body()), _csrf: "forged-token-value-123" }),
      headers: { "x-csrf-token": "" },
    }, { ...s, csrf: "" });
    assert.equal(wrongField.status, 403);
    const crossSite = await t.request("/admin/groups", {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(body()), _csrf: s.csrf }),
      headers: { origin: "https://evil.example" },
    }, s);
    assert.equal(crossSite.status, 403);
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from agent_groups where code = 'qa_team'",
    );
    assert.equal(n, 0, "nothing was written");
    const ok = await t.request("/admin/groups", {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(body()), _csrf: s.csrf }),
      headers: { origin: "http://localhost" },
    }, s);
    assert.equal(ok.status, 303);
  } finally {
    await t.dispose();
  }
});

Deno.test("[auth] sign-in is rate limited per address", async () => {
  const t = await startTestApp({ services: { signInPerMinute: 5 } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.request("/api/session", json({ work_number: "4040", password: "x" }));
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get("retry-after")) > 0);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  } finally {
    await t.dispose();
  }
});

Deno.test("[auth] a one-time password must be changed before anything else", async () => {
  const t = await startTestApp();
  try {
    const admin = await t.signIn(USER_OF.admin);
    const created = await t.request("/admin/users", {
      method: "POST",
      body: new URLSearchParams({
        _csrf: admin.csrf,
        work_number: "1099",
        name: "新坐席",
        group_code: "team1",
        department_id: "",
        roles: "agent",
        active: "on",
      }),
    }, admin);
    assert.equal(created.status, 201);
    const otp = (await created.text()).match(/data-testid="one-time-password">([^<]+)</)![1];
    const s = await t.signIn("1099", otp);
    assert.equal((await t.request("/api/overview", {}, s)).status, 403);
    const weak = await t.request("/account/password", {
      method: "POST",
      body: new URLSearchParams({
        _csrf: s.csrf,
        current_password: otp,
        new_password: "1099short",
        confirm_password: "1099short",
      }),
    }, s);
    assert.equal(weak.status, 422);
    assert.match(await weak.text(), /至少 12 个字符/);
    const changed = await t.request("/account/password", {
      method: "POST",
      body: new URLSearchParams({
        _csrf: s.csrf,
        current_password: otp,
        new_password: "river stone lamp 88",
        confirm_password: "river stone lamp 88",
      }),
    }, s);
    assert.equal(changed.status, 303);
    assert.equal((await t.request("/api/overview", {}, s)).status, 200);
  } finally {
    await t.dispose();
  }
});
