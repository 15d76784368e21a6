/**
 * The knowledge base over HTTP on the real PostgreSQL: search, versions, the answer attached to
 * a case. Bad input, the editors' pages and PGlite: knowledge_edit_test.ts.
 */
import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { KnowledgeService } from "../server/knowledge/kb_service.ts";
import { seedDemoKnowledge } from "../server/seed/demo_knowledge.ts";
import { insertCase, json, newArticle, searchAs } from "./kb_fixtures.ts";
import { type Session, startTestApp, USER_OF } from "./harness.ts";

Deno.test("[kb] search finds Chinese text with a marked snippet; expired articles only for editors", async () => {
  const t = await startTestApp();
  try {
    assert.equal(await seedDemoKnowledge(t.db), true);
    assert.equal(await seedDemoKnowledge(t.db), false, "seeded once");
    const agent = await t.signIn(USER_OF.agent);

    const gjj = await searchAs(t, agent, `q=${encodeURIComponent("公积金 提取")}&limit=3`);
    assert.equal(gjj.status, 200);
    assert.equal(gjj.body.articles.length, 3);
    for (const a of gjj.body.articles) {
      assert.match(a.title, /公积金/);
      assert.match(a.snippet, /公积金|提取/);
      assert.equal(a.expired, false);
      assert.deepEqual(Object.keys(a).sort(), [
        "expired",
        "id",
        "kind",
        "snippet",
        "title",
        "valid_from",
        "valid_to",
        "version",
      ]);
    }
    // The superseded 2023 rules are out of force: never offered to an agent.
    assert.ok(!gjj.body.articles.some((a: { title: string }) => a.title.includes("2023")));
    const newborn = await searchAs(t, agent, `q=${encodeURIComponent("新生儿上户口")}`);
    assert.equal(newborn.body.articles[0].title, "新生儿入户（出生登记）办理指南");

    const voucher = `q=${encodeURIComponent("消费券")}`;
    const forAgent = await searchAs(t, agent, voucher);
    assert.ok(!forAgent.body.articles.some((a: { title: string }) => a.title.includes("消费券")));
    assert.equal((await searchAs(t, agent, `${voucher}&include_expired=1`)).status, 403);
    const editor = await t.signIn(USER_OF.supervisor);
    const forEditor = await searchAs(t, editor, `${voucher}&include_expired=1`);
    const expired = forEditor.body.articles.find((a: { title: string }) =>
      a.title.includes("消费券")
    );
    assert.equal(expired?.expired, true);
    assert.equal(expired?.valid_to, "2024-12-31");

    const page = await t.request(`/kb?q=${encodeURIComponent("居住证")}`, {
      headers: { accept: "text/html" },
    }, agent);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /示范市居住证办理指南/);
    assert.match(html, /<mark>居住证<\/mark>/);
    assert.match(html, /href="\/kb"/, "the nav link");
    assert.doesNotMatch(html, /新建文章/, "agents do not edit");
  } finally {
    await t.dispose();
  }
});

Deno.test("[kb] every edit is a new immutable version; a stale base version gets 409", async () => {
  const t = await startTestApp();
  try {
    const editor = await t.signIn(USER_OF.supervisor);
    const agent = await t.signIn(USER_OF.agent);
    assert.equal(
      (await t.request("/api/kb/articles", json("POST", newArticle), agent)).status,
      403,
    );

    const created = await t.request("/api/kb/articles", json("POST", newArticle), editor);
    assert.equal(created.status, 201);
    const v1 = await created.json();
    assert.equal(v1.version, 1);

    const edit = {
      ...newArticle,
      body: "犬只须在30日内办理养犬登记并植入电子标识。",
      base_version: 1,
      note: "新规",
    };
    const edited = await t.request(`/api/kb/articles/${v1.id}`, json("PUT", edit), editor);
    assert.equal(edited.status, 200);
    assert.equal((await edited.json()).version, 2);

    const stale = await t.request(`/api/kb/articles/${v1.id}`, json("PUT", edit), editor);
    assert.equal(stale.status, 409);
    assert.equal((await stale.json()).error.code, "version_conflict");
    const same = await t.request(
      `/api/kb/articles/${v1.id}`,
      json("PUT", { ...edit, base_version: 2 }),
      editor,
    );
    assert.equal((await same.json()).version, 2, "saving without a change makes no version");

    const full = await (await t.request(`/api/kb/articles/${v1.id}`, {}, agent)).json();
    assert.equal(full.version, 2);
    assert.deepEqual(full.versions.map((v: { version: number }) => v.version), [2, 1]);
    assert.deepEqual(full.versions[0].changed_fields, ["body"]);
    assert.equal(full.versions[0].note, "新规");
    assert.equal(full.versions[0].edited_by, USER_OF.supervisor);
    assert.match(full.versions[1].body, /身份证和犬只免疫证明/, "version 1 kept as it was");
    await assert.rejects(
      t.db.query("update kb_article_versions set body = 'x' where article_id = $1", [v1.id]),
      /append-only/,
    );

    // Search reads the current version only.
    const now = await searchAs(t, agent, `q=${encodeURIComponent("电子标识")}`);
    assert.deepEqual(now.body.articles.map((a: { id: number }) => a.id), [v1.id]);
    const old = await searchAs(t, agent, `q=${encodeURIComponent("免疫证明")}`);
    assert.deepEqual(old.body.articles, []);

    const retired = await t.request(
      `/api/kb/articles/${v1.id}`,
      json("PUT", { ...edit, status: "retired", base_version: 2 }),
      editor,
    );
    assert.equal((await retired.json()).version, 3);
    assert.deepEqual(
      (await searchAs(t, agent, `q=${encodeURIComponent("养犬登记")}`)).body.articles,
      [],
    );

    const audits = await t.db.query<{ action: string; actor: string }>(
      "select action, actor from audit_log where object_type = 'kb_article' and object_id = $1 order by seq",
      [String(v1.id)],
    );
    assert.deepEqual(audits.map((a) => a.action), ["kb.created", "kb.edited", "kb.retired"]);
    assert.ok(audits.every((a) => a.actor === USER_OF.supervisor));
    const events = await t.db.query<{ type: string; subject: string }>(
      "select type, subject from events where topic = 'kb' order by id",
    );
    assert.deepEqual(events.map((e) => e.type), ["kb.created", "kb.edited", "kb.retired"]);
    assert.ok(events.every((e) => e.subject === String(v1.id)));
  } finally {
    await t.dispose();
  }
});

Deno.test("[kb] the answer given is attached to the case with its version, a case event and an audit record", async () => {
  const t = await startTestApp();
  try {
    await seedDemoKnowledge(t.db);
    const [{ id: articleId }] = await t.db.query<{ id: number }>(
      "select id from kb_articles where title like '住房公积金提取（租房）%'",
    );
    const zjjCase = await insertCase(t, "zjj");
    const jtjCase = await insertCase(t, "jtj");
    const agent = await t.signIn(USER_OF.agent);
    const attach = (n: string, s: Session, body: unknown = { article_id: articleId }) =>
      t.request(`/api/cases/${n}/kb-answers`, json("POST", body), s);

    const res = await attach(zjjCase, agent);
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { case_number: zjjCase, article_id: articleId, version: 1 });
    assert.equal((await attach(zjjCase, agent)).status, 409, "the same version once");

    const [event] = await t.db.query<{ kind: string; actor: string; data: { version: number } }>(
      `select e.kind, e.actor, e.data from case_events e join cases c on c.id = e.case_id
       where c.case_number = $1`,
      [zjjCase],
    );
    assert.equal(event.kind, "kb_answer_attached");
    assert.equal(event.actor, USER_OF.agent);
    assert.equal(event.data.version, 1);
    const [row] = await t.db.query<{ action: string; after: { article_id: number } }>(
      "select action, after from audit_log where object_type = 'case' and object_id = $1",
      [zjjCase],
    );
    assert.equal(row.action, "case.kb_answer_attached");
    assert.equal(row.after.article_id, articleId);
    const spine = await t.db.query<{ subject: string }>(
      "select subject from events where topic = 'cases' and type = 'case.kb_answer_attached'",
    );
    assert.deepEqual(spine.map((e) => e.subject), [zjjCase]);

    // A handler only reaches their department's cases: another's looks like no case at all.
    const handler = await t.signIn(USER_OF.handler);
    const foreign = await attach(jtjCase, handler);
    assert.equal(foreign.status, 404);
    assert.equal((await foreign.json()).error.code, "case_not_found");
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from case_kb_answers a join cases c on c.id = a.case_id where c.case_number = $1",
      [jtjCase],
    );
    assert.equal(n, 0);

    // Edited afterwards: the case keeps the version that was read out, and gets the new one too.
    const article = await new KnowledgeService(t.db).get(articleId);
    await new KnowledgeService(t.db).edit(SYSTEM_ACTOR, articleId, {
      ...article,
      body: `${article.body}（2026年起额度调整。）`,
      base_version: 1,
      note: "",
    });
    assert.equal((await attach(zjjCase, handler)).status, 201);
    const versions = await t.db.query<{ version: number }>(
      `select a.version from case_kb_answers a join cases c on c.id = a.case_id
       where c.case_number = $1 order by a.version`,
      [zjjCase],
    );
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  } finally {
    await t.dispose();
  }
});
