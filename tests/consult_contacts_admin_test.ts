import assert from "node:assert/strict";
import { ConsultStore } from "../telephony/consult_store.ts";
import { type Session, startTestApp, type TestApp, USER_OF } from "./harness.ts";

const BASE = "/admin/consult-contacts";
const UA = "consult-contacts-test";

const form = (t: TestApp, s: Session, path: string, fields: Record<string, string>) =>
  t.request(path, {
    method: "POST",
    headers: { "user-agent": UA },
    body: new URLSearchParams({ _csrf: s.csrf, ...fields }),
  }, s);

const seatList = async (t: TestApp, agent: Session) => {
  const res = await t.request("/api/seat/consult-contacts", {}, agent);
  assert.equal(res.status, 200);
  const { contacts } = await res.json() as { contacts: { name: string; number: string }[] };
  return contacts.map((c) => `${c.name} ${c.number}`);
};

const idOf = async (t: TestApp, name: string) =>
  (await t.db.query<{ id: number }>("select id from consult_contacts where name = $1", [name]))[0]
    ?.id;

const lastAudit = async (t: TestApp, action: string) =>
  (await t.db.query<
    {
      actor: string;
      role: string;
      object_id: string;
      before: unknown;
      after: unknown;
      user_agent: string;
    }
  >(
    `select actor, role, object_id, before, after, user_agent from audit_log
     where action = $1 order by seq desc limit 1`,
    [action],
  ))[0];

Deno.test("[consult contacts] supervisors keep the seat's 三方通话 numbers: add, edit, deactivate, delete unused; audited; the seat follows", async () => {
  const t = await startTestApp();
  try {
    const supervisor = await t.signIn(USER_OF.supervisor);
    const admin = await t.signIn(USER_OF.admin);
    const agent = await t.signIn(USER_OF.agent);

    // Agents (and other roles without consult.manage) are refused, reads and writes alike.
    for (const who of [agent, await t.signIn(USER_OF.auditor), await t.signIn(USER_OF.leader)]) {
      const page = await t.request(BASE, { headers: { accept: "text/html" } }, who);
      assert.equal(page.status, 403);
      await page.body?.cancel();
      const post = await form(t, who, BASE, { name: "x", kind: "other", number: "123", sort: "0" });
      assert.equal(post.status, 403);
      await post.body?.cancel();
    }
    assert.equal(await idOf(t, "x"), undefined);

    // Add: the leader on duty, two duty phones (spaces and dashes as people type them).
    for (
      const [who, f] of [
        [supervisor, { name: "值班领导", kind: "leader", number: "057188889999", sort: "0" }],
        [supervisor, {
          name: "市住建局值班室",
          kind: "department",
          number: "0571-8888 0001",
          sort: "1",
        }],
        [admin, { name: "城管热线", kind: "other", number: "+8657112319", sort: "1" }],
      ] as const
    ) {
      const res = await form(t, who, BASE, f);
      assert.equal(res.status, 303, await res.text());
      assert.match(res.headers.get("location")!, /^\/admin\/consult-contacts#c\d+$/);
    }
    const leader = (await idOf(t, "值班领导"))!;
    const zjj = (await idOf(t, "市住建局值班室"))!;
    const created = await lastAudit(t, "consult_contact.create");
    assert.deepEqual(created, {
      actor: "admin",
      role: "admin",
      object_id: String(await idOf(t, "城管热线")),
      before: null,
      after: { name: "城管热线", kind: "other", number: "+8657112319", sort: 1, active: true },
      user_agent: UA,
    });
    // Ordered by sort, then name.
    assert.deepEqual(await seatList(t, agent), [
      "值班领导 057188889999",
      "城管热线 +8657112319",
      "市住建局值班室 057188880001",
    ]);

    // The list page shows all three with their kinds; the top bar links to it.
    const page = await (await t.request(BASE, { headers: { accept: "text/html" } }, supervisor))
      .text();
    assert.match(page, /href="\/admin\/consult-contacts"/);
    for (const s of ["值班领导", "市住建局值班室", "057188880001", ">部门<", ">其他<"]) {
      assert.ok(page.includes(s), s);
    }
    assert.match(page, /consult_contact\.create/, "the page shows the audit trail");

    // Edit: today's leader on duty has another number (and the row a new name).
    const edited = await form(t, supervisor, `${BASE}/${leader}`, {
      name: "值班领导（张）",
      kind: "leader",
      number: "13900001111",
      sort: "0",
    });
    assert.equal(edited.status, 303, await edited.text());
    assert.deepEqual(await lastAudit(t, "consult_contact.update"), {
      actor: "9001",
      role: "supervisor",
      object_id: String(leader),
      before: { name: "值班领导", kind: "leader", number: "057188889999", sort: 0, active: true },
      after: {
        name: "值班领导（张）",
        kind: "leader",
        number: "13900001111",
        sort: 0,
        active: true,
      },
      user_agent: UA,
    });
    assert.equal((await seatList(t, agent))[0], "值班领导（张） 13900001111");
    const editPage = await (await t.request(`${BASE}/${leader}`, {
      headers: { accept: "text/html" },
    }, supervisor)).text();
    assert.match(editPage, /value="13900001111"/);
    assert.match(editPage, /consult_contact\.update/);

    // Bad input: 400 with every zod issue, nothing written.
    const bad = await form(t, supervisor, BASE, {
      name: "  ",
      kind: "boss",
      number: "12ab",
      sort: "x",
    });
    assert.equal(bad.status, 400);
    const { error } = await bad.json();
    assert.equal(error.code, "invalid_request");
    assert.deepEqual(
      error.issues.map((i: { path: string }) => i.path).sort(),
      ["kind", "name", "number", "sort"],
    );
    for (
      const f of [
        { name: "长".repeat(61), kind: "other", number: "12345", sort: "0" },
        { name: "短号", kind: "other", number: "12", sort: "0" },
        { name: "过长号码", kind: "other", number: "1".repeat(21), sort: "0" },
        { name: "加号在中间", kind: "other", number: "0571+8888", sort: "0" },
      ]
    ) {
      const res = await form(t, supervisor, BASE, f);
      assert.equal(res.status, 400, f.name);
      await res.body?.cancel();
    }
    const missingId = await form(t, supervisor, `${BASE}/abc`, {
      name: "a",
      kind: "other",
      number: "123",
      sort: "0",
    });
    assert.equal(missingId.status, 400);
    await missingId.body?.cancel();
    const unknown = await form(t, supervisor, `${BASE}/999999`, {
      name: "a",
      kind: "other",
      number: "123",
      sort: "0",
    });
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();

    // A duplicate name, added or renamed to: 409 with a clear message, never a 500.
    const count = async () =>
      (await t.db.query<{ n: number }>("select count(*)::int as n from consult_contacts"))[0].n;
    for (
      const [path, name] of [[BASE, "市住建局值班室"], [`${BASE}/${leader}`, "城管热线"]] as const
    ) {
      const res = await form(t, supervisor, path, {
        name,
        kind: "other",
        number: "123",
        sort: "0",
      });
      assert.equal(res.status, 409, path);
      const body = await res.json();
      assert.equal(body.error.code, "contact_name_taken");
      assert.match(body.error.message, /已存在/);
    }
    assert.equal(await count(), 3);
    assert.equal((await seatList(t, agent))[0], "值班领导（张） 13900001111");

    // Deactivate: no longer offered on the seat nor dialable; the page still lists it.
    const off = await form(t, supervisor, `${BASE}/${zjj}/active`, { active: "false" });
    assert.equal(off.status, 303);
    assert.deepEqual(await seatList(t, agent), [
      "值班领导（张） 13900001111",
      "城管热线 +8657112319",
    ]);
    const store = new ConsultStore(t.db, t.services.acd);
    await assert.rejects(store.contact(zjj), /没有这个咨询对象/);
    assert.deepEqual(await lastAudit(t, "consult_contact.deactivate"), {
      actor: "9001",
      role: "supervisor",
      object_id: String(zjj),
      before: { active: true },
      after: { active: false },
      user_agent: UA,
    });
    const listed = await (await t.request(BASE, { headers: { accept: "text/html" } }, supervisor))
      .text();
    assert.match(
      listed,
      /市住建局值班室<\/a><\/td><td>部门<\/td><td>057188880001<\/td><td>1<\/td><td>停用/,
    );
    const badState = await form(t, supervisor, `${BASE}/${zjj}/active`, { active: "maybe" });
    assert.equal(badState.status, 400);
    await badState.body?.cancel();
    assert.equal((await form(t, admin, `${BASE}/${zjj}/active`, { active: "true" })).status, 303);
    assert.equal((await seatList(t, agent)).length, 3);
    assert.equal((await lastAudit(t, "consult_contact.activate")).actor, "admin");
    assert.equal((await store.contact(zjj)).number, "057188880001");

    // Delete: a contact a consultation dialled stays (409); an unused one goes, audited.
    const call = await t.services.acd.offer({
      channel: "phone",
      callerNumber: "13800138000",
      queue: "english",
    });
    await t.db.query(
      `insert into call_consults (call_id, agent, contact_id, name, number, started_at)
       values ($1, '1001', $2, '市住建局值班室', '057188880001', now())`,
      [call.id, zjj],
    );
    const inUse = await form(t, supervisor, `${BASE}/${zjj}/remove`, {});
    assert.equal(inUse.status, 409);
    assert.equal((await inUse.json()).error.code, "contact_in_use");
    assert.equal(await idOf(t, "市住建局值班室"), zjj);
    const other = (await idOf(t, "城管热线"))!;
    assert.equal((await form(t, supervisor, `${BASE}/${other}/remove`, {})).status, 303);
    assert.equal(await idOf(t, "城管热线"), undefined);
    const removed = await lastAudit(t, "consult_contact.delete");
    assert.equal(removed.object_id, String(other));
    assert.deepEqual(removed.before, {
      name: "城管热线",
      kind: "other",
      number: "+8657112319",
      sort: 1,
      active: true,
    });
    assert.deepEqual(await seatList(t, agent), [
      "值班领导（张） 13900001111",
      "市住建局值班室 057188880001",
    ]);
  } finally {
    await t.dispose();
  }
});
