/** The voice menu's admin page: the drawn tree, checked edits as versions, going back, audit. */
import assert from "node:assert/strict";
import { DEFAULT_TREE } from "../telephony/ivr/default_tree.ts";
import { IvrStore } from "../telephony/ivr/ivr_store.ts";
import { startTestApp, USER_OF } from "./harness.ts";

const form = (fields: Record<string, string>, csrf: string) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
});

Deno.test("[ivr admin] the page draws the default menu; edits are checked, published as versions and audited", async () => {
  const t = await startTestApp();
  try {
    const admin = await t.signIn(USER_OF.admin);
    const agent = await t.signIn(USER_OF.agent);
    assert.equal((await t.request("/admin/ivr", {}, agent)).status, 403);

    const page = await (await t.request("/admin/ivr", {}, admin)).text();
    assert.match(page, /<svg[^>]*data-testid="ivr-chart"/);
    for (
      const node of [
        "hours",
        "main",
        "self_service",
        "mailbox",
        "complaint",
        "query",
        "opinion",
        "to_person",
      ]
    ) {
      assert.match(page, new RegExp(`data-node="${node}"`), node);
    }
    assert.match(page, /正在使用第 1 版/);
    assert.match(page, /href="\/admin\/ivr"/, "the top bar links the page");

    // Broken edits come back in the editor with every problem listed; nothing is published.
    const notJson = await t.request("/admin/ivr", form({ tree: "{ nope" }, admin.csrf), admin);
    assert.equal(notJson.status, 422);
    assert.match(await notJson.text(), /菜单不是有效的 JSON/);
    const broken = structuredClone(DEFAULT_TREE);
    if (broken.nodes.main.kind === "menu") broken.nodes.main.options["7"] = "nowhere";
    if (broken.nodes.to_person.kind === "queue") broken.nodes.to_person.queue = "no_such_queue";
    const bad = await t.request(
      "/admin/ivr",
      form({ tree: JSON.stringify(broken) }, admin.csrf),
      admin,
    );
    assert.equal(bad.status, 422);
    const badPage = await bad.text();
    assert.match(badPage, /指向不存在的节点 nowhere/);
    assert.match(badPage, /没有队列 no_such_queue/);
    const zero = JSON.parse(JSON.stringify(DEFAULT_TREE));
    zero.nodes.main.options["0"] = "bye";
    assert.equal(
      (await t.request("/admin/ivr", form({ tree: JSON.stringify(zero) }, admin.csrf), admin))
        .status,
      400,
    );

    // A good edit: version 2, active at once, audited, on the live spine.
    const edited = structuredClone(DEFAULT_TREE);
    edited.name = "12345 主菜单（春节）";
    if (edited.nodes.main.kind === "menu") {
      edited.nodes.main.say.zh = "春节快乐！" + edited.nodes.main.say.zh;
    }
    const ok = await t.request(
      "/admin/ivr",
      form({ tree: JSON.stringify(edited), note: "春节问候" }, admin.csrf),
      admin,
    );
    assert.equal(ok.status, 303);
    const store = new IvrStore(t.db);
    const active = await store.active();
    assert.equal(active.version, 2);
    assert.equal(active.tree.name, "12345 主菜单（春节）");
    const [audit] = await t.db.query<{ actor: string; before: unknown; after: unknown }>(
      "select actor, before, after from audit_log where action = 'ivr.publish' and object_id = '2'",
    );
    assert.deepEqual(audit, {
      actor: "admin",
      before: { active_version: 1 },
      after: { active_version: 2, name: "12345 主菜单（春节）" },
    });
    const [event] = await t.db.query<{ type: string; subject: string }>(
      "select type, subject from events where topic = 'ivr' order by id desc limit 1",
    );
    assert.deepEqual(event, { type: "ivr.published", subject: "2" });

    // Going back to version 1.
    const back = await t.request("/admin/ivr/activate", form({ version: "1" }, admin.csrf), admin);
    assert.equal(back.status, 303);
    assert.equal((await new IvrStore(t.db).active()).version, 1);
    assert.equal(
      (await t.request("/admin/ivr/activate", form({ version: "99" }, admin.csrf), admin)).status,
      404,
    );
    const json = await (await t.request("/admin/ivr/tree.json?version=2", {}, admin)).json();
    assert.deepEqual([json.version, json.active, json.tree.name], [
      2,
      false,
      "12345 主菜单（春节）",
    ]);
    const history = await (await t.request("/admin/ivr?version=2", {}, admin)).text();
    assert.match(history, /当前查看第 2 版/);
    assert.match(history, /ivr\.activate/);
  } finally {
    await t.dispose();
  }
});
