/**
 * The knowledge base refusing bad input (nothing saved), the editors' pages, and the same
 * migration and search on the embedded PGlite.
 */
import assert from "node:assert/strict";
import { migrate } from "../db/migrate.ts";
import { ADAPTERS } from "../db/testing.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { KnowledgeService } from "../server/knowledge/kb_service.ts";
import { seedDemoKnowledge } from "../server/seed/demo_knowledge.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { insertCase, json, newArticle, searchAs } from "./kb_fixtures.ts";
import { startTestApp, USER_OF } from "./harness.ts";

Deno.test("[kb] bad input is refused with the issues, and nothing is saved", async () => {
  const t = await startTestApp();
  try {
    const editor = await t.signIn(USER_OF.supervisor);
    const count = async () =>
      (await t.db.query<{ n: number }>("select count(*)::int as n from kb_articles"))[0].n;

    const bad = await t.request(
      "/api/kb/articles",
      json("POST", { kind: "faq", title: "x", valid_from: "2026-02-30" }),
      editor,
    );
    assert.equal(bad.status, 400);
    const paths = (await bad.json()).error.issues.map((i: { path: string }) => i.path);
    for (const p of ["kind", "title", "body", "valid_from"]) assert.ok(paths.includes(p), p);

    const order = await t.request(
      "/api/kb/articles",
      json("POST", { ...newArticle, valid_from: "2026-06-01", valid_to: "2026-05-31" }),
      editor,
    );
    assert.equal(order.status, 400);
    assert.deepEqual((await order.json()).error.issues.map((i: { path: string }) => i.path), [
      "valid_to",
    ]);
    const ref = await t.request(
      "/api/kb/articles",
      json("POST", { ...newArticle, category_id: 999_999 }),
      editor,
    );
    assert.equal(ref.status, 422);
    const notJson = await t.request("/api/kb/articles", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    }, editor);
    assert.equal(notJson.status, 400);
    assert.equal(await count(), 0, "nothing half-saved");

    const form = await t.request("/kb/new", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        kind: "policy",
        title: "标题",
        body: "正文",
        category_id: "abc",
      }),
    }, editor);
    assert.equal(form.status, 400);
    assert.ok(
      (await form.json()).error.issues.some((i: { path: string }) => i.path === "category_id"),
    );

    const created = await (await t.request("/api/kb/articles", json("POST", newArticle), editor))
      .json();
    const noBase = await t.request(
      `/api/kb/articles/${created.id}`,
      json("PUT", newArticle),
      editor,
    );
    assert.equal(noBase.status, 400);
    assert.ok(
      (await noBase.json()).error.issues.some((i: { path: string }) => i.path === "base_version"),
    );
    assert.equal((await t.request("/api/kb/articles/abc", {}, editor)).status, 400);
    assert.equal((await t.request("/api/kb/articles/999999", {}, editor)).status, 404);
    assert.equal((await searchAs(t, editor, "q=")).status, 400);
    assert.equal((await searchAs(t, editor, "q=a&limit=0")).status, 400);

    const number = await insertCase(t, "zjj");
    const attach = (body: unknown) =>
      t.request(`/api/cases/${number}/kb-answers`, json("POST", body), editor);
    assert.equal((await attach({ article_id: String(created.id) })).status, 400);
    assert.equal((await attach({ article_id: 999_999 })).status, 404);
    assert.equal(
      (await t.request("/api/cases/123/kb-answers", json("POST", {}), editor)).status,
      400,
    );
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from case_kb_answers",
    );
    assert.equal(n, 0);
  } finally {
    await t.dispose();
  }
});

Deno.test("[kb] editors create, edit and retire through the pages", async () => {
  const t = await startTestApp();
  try {
    const editor = await t.signIn(USER_OF.supervisor);
    const post = (path: string, fields: Record<string, string>) =>
      t.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: editor.csrf, ...fields }),
      }, editor);
    const html = (path: string) =>
      t.request(path, { headers: { accept: "text/html" } }, editor).then((r) => r.text());

    assert.match(await html("/kb/new"), /新建知识库文章/);
    const created = await post("/kb/new", {
      kind: "city_guide",
      title: "示范市图书馆开放时间",
      body: "市图书馆周二至周日9:00—21:00开放，周一闭馆。",
      keywords: "图书馆、开放时间",
      category_id: "",
      department_id: "",
      valid_from: "2026-01-01",
      valid_to: "",
    });
    assert.equal(created.status, 303);
    const path = created.headers.get("location")!;
    assert.match(path, /^\/kb\/\d+$/);
    assert.match(await html(`${path}/edit`), /name="base_version" value="1"/);

    const edited = await post(`${path}/edit`, {
      kind: "city_guide",
      title: "示范市图书馆开放时间",
      body: "市图书馆周二至周日9:00—20:00开放，周一闭馆。",
      keywords: "图书馆、开放时间",
      valid_from: "2026-01-01",
      status: "active",
      note: "夏季调整",
      base_version: "1",
    });
    assert.equal(edited.status, 303);
    const page = await html(path);
    assert.match(page, /第 2 版/);
    assert.match(page, /夏季调整/);
    assert.match(page, /关键词：图书馆、开放时间/);

    assert.equal((await post(`${path}/retire`, { base_version: "1" })).status, 409);
    assert.equal((await post(`${path}/retire`, { base_version: "2" })).status, 303);
    assert.match(await html(path), /已停用/);
  } finally {
    await t.dispose();
  }
});

for (const adapter of ADAPTERS) {
  Deno.test(`[kb] the migration, seed, search and versions work on ${adapter.kind}`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      assert.equal(await seedDemoKnowledge(db), true);
      const kb = new KnowledgeService(db, () => new Date("2026-06-01T08:00:00+08:00"));
      const [first] = await kb.search("新生儿 落户");
      assert.equal(first.title, "新生儿入户（出生登记）办理指南");
      assert.match(first.snippet, /落户|新生儿/);
      const enrollment = await kb.search("孩子上学 户口");
      assert.ok(enrollment.some((h) => h.title === "示范市义务教育阶段招生入学政策"));

      const article = await kb.get(first.id);
      const edited = await kb.edit(SYSTEM_ACTOR, first.id, {
        ...article,
        title: "新生儿落户（出生登记）办理指南",
        base_version: 1,
        note: "",
      });
      assert.equal(edited.version, 2);
      await assert.rejects(
        kb.edit(SYSTEM_ACTOR, first.id, { ...article, base_version: 1, note: "" }),
        (e: Error & { status?: number }) => e.status === 409,
      );
      assert.equal((await kb.get(first.id)).versions.length, 2);
    } finally {
      await dispose();
    }
  });
}
