import assert from "node:assert/strict";
import { suggestCategories } from "../server/cases/category_suggest.ts";
import { loadDeadlineRules } from "../server/cases/deadline_rules.ts";
import { addWorkingDays, isWorkingDay } from "../server/cases/working_days.ts";
import { demoRoutes, seedDemoRouting } from "../server/seed/demo_routing.ts";
import { type Session, startTestApp, type TestApp, USER_OF } from "./harness.ts";

const form = (t: TestApp, s: Session, path: string, fields: Record<string, string>) =>
  t.request(path, {
    method: "POST",
    body: new URLSearchParams({ _csrf: s.csrf, ...fields }),
  }, s);

const html = async (t: TestApp, s: Session, path: string) => {
  const res = await t.request(path, { headers: { accept: "text/html" } }, s);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return await res.text();
};

async function ids(t: TestApp) {
  const [row] = await t.db.query<{ leaf: number; parent: number; zjj: number; water: number }>(
    `select (select id from case_categories where name = '路灯故障') as leaf,
       (select id from case_categories where name = '市政设施') as parent,
       (select id from departments where code = 'zjj') as zjj,
       (select id from departments where code = 'water') as water`,
  );
  return row;
}

const count = async (t: TestApp, sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params))[0].n;

Deno.test("[routing] admin and supervisor edit the routing list, policies, reminder times and calendar; each change audited with one event", async () => {
  const t = await startTestApp();
  try {
    const { leaf, zjj } = await ids(t);
    const admin = await t.signIn(USER_OF.admin);
    const supervisor = await t.signIn("9001");
    const events = () => count(t, "select 1 from events where type = 'routing.changed'");
    const eventsBefore = await events();

    const saved = await form(t, admin, "/admin/routing", {
      category_id: String(leaf),
      lead_department_id: String(zjj),
      working_days: "2",
      keywords: "路灯，不亮、灯坏 路灯",
    });
    assert.equal(saved.status, 303);
    assert.match(
      saved.headers.get("location")!,
      new RegExp(`^/admin/routing\\?group=\\d+#c${leaf}$`),
    );
    const [route] = await t.db.query(
      "select lead_department_id, working_days, keywords from case_routing where category_id = $1",
      [leaf],
    );
    assert.deepEqual(route, {
      lead_department_id: zjj,
      working_days: 2,
      keywords: ["路灯", "不亮", "灯坏"],
    });
    const page = await html(t, admin, saved.headers.get("location")!);
    assert.match(page, /路灯，不亮，灯坏/);
    assert.match(page, /routing\.update/, "the page shows the audit trail");

    // The supervisor clears the override: back to the type's deadline.
    assert.equal(
      (await form(t, supervisor, "/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(zjj),
        working_days: "",
        keywords: "路灯",
      })).status,
      303,
    );
    const [audit] = await t.db.query<{ actor: string; before: unknown; after: unknown }>(
      "select actor, before, after from audit_log where action = 'routing.update' order by seq desc limit 1",
    );
    assert.deepEqual(audit, {
      actor: "9001",
      before: { lead_department_id: zjj, working_days: 2, keywords: ["路灯", "不亮", "灯坏"] },
      after: { lead_department_id: zjj, working_days: null, keywords: ["路灯"] },
    });

    assert.equal(
      (await form(t, supervisor, "/admin/deadlines", {
        type: "complaint",
        working_days: "10",
        warn_working_days: "3",
      })).status,
      303,
    );
    assert.equal(
      (await form(t, admin, "/admin/deadlines/reminders", { times: "15:30，09:00 09:00" })).status,
      303,
    );
    assert.deepEqual(await t.services.routing.reminderTimes(), ["09:00", "15:30"]);
    assert.equal(
      (await form(t, admin, "/admin/calendar", {
        day: "2026-03-10",
        kind: "holiday",
        name: "测试假日",
      }))
        .status,
      303,
    );
    assert.equal(
      (await form(t, admin, "/admin/routing/remove", { category_id: String(leaf) })).status,
      303,
    );
    assert.equal(await count(t, "select 1 from case_routing where category_id = $1", [leaf]), 0);

    const actions = await t.db.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_log
       where action in ('routing.update', 'deadline_policy.update', 'reminder_times.update', 'calendar.update')
       group by action order by action`,
    );
    assert.deepEqual(actions, [
      { action: "calendar.update", n: 1 },
      { action: "deadline_policy.update", n: 1 },
      { action: "reminder_times.update", n: 1 },
      { action: "routing.update", n: 3 },
    ]);
    assert.equal(await events() - eventsBefore, 6, "one live event per change");

    const rules = await loadDeadlineRules(t.db);
    assert.deepEqual(rules.policies.get("complaint"), { working_days: 10, warn_working_days: 3 });
    assert.match(await html(t, supervisor, "/admin/deadlines"), /value="09:00, 15:30"/);
    assert.match(await html(t, supervisor, "/admin/calendar?year=2026"), /测试假日/);
  } finally {
    await t.dispose();
  }
});

Deno.test("[routing] agents, handlers and leaders cannot see or change the rules; the nav shows the links to supervisors only", async () => {
  const t = await startTestApp();
  try {
    const { leaf, zjj } = await ids(t);
    const routes = () => t.db.query("select * from case_routing order by category_id");
    const before = await routes();
    for (const role of ["agent", "handler", "leader", "auditor"] as const) {
      const s = await t.signIn(USER_OF[role]);
      for (const path of ["/admin/routing", "/admin/deadlines", "/admin/calendar"]) {
        const res = await t.request(path, {}, s);
        assert.equal(res.status, 403, `${role} GET ${path}`);
        await res.body?.cancel();
      }
      const post = await form(t, s, "/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(zjj),
        working_days: "",
        keywords: "",
      });
      assert.equal(post.status, 403, `${role} POST`);
      await post.body?.cancel();
    }
    assert.deepEqual(await routes(), before);
    const agentPage = await html(t, await t.signIn(USER_OF.agent), "/account");
    assert.doesNotMatch(agentPage, /href="\/admin\/routing"/);
    const supervisorPage = await html(t, await t.signIn("9001"), "/account");
    for (const href of ["/admin/routing", "/admin/deadlines", "/admin/calendar"]) {
      assert.match(supervisorPage, new RegExp(`href="${href}"`));
    }
  } finally {
    await t.dispose();
  }
});

Deno.test("[routing] bad input is refused with 422 and its issues, and nothing is saved", async () => {
  const t = await startTestApp();
  try {
    const { leaf, parent, zjj, water } = await ids(t);
    const admin = await t.signIn(USER_OF.admin);
    await t.db.query("update departments set active = false where id = $1", [water]);
    const snapshot = () =>
      t.db.query(
        `select (select count(*)::int from case_routing) as routes,
           (select json_agg(p order by type) from case_deadline_policies p) as policies,
           (select count(*)::int from work_calendar) as days,
           (select reminder_times from case_settings) as times,
           (select count(*)::int from audit_log where action like '%.update' and action not like 'user.%') as audits,
           (select count(*)::int from events where type = 'routing.changed') as events`,
      );
    const before = await snapshot();
    const refused: [string, Record<string, string>, string][] = [
      ["/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(zjj),
        working_days: "99",
        keywords: "",
      }, "working_days"],
      ["/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(zjj),
        working_days: "两天",
        keywords: "",
      }, "working_days"],
      ["/admin/routing", {
        category_id: String(leaf),
        lead_department_id: "",
        working_days: "",
        keywords: "",
      }, "lead_department_id"],
      ["/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(water),
        working_days: "",
        keywords: "",
      }, "lead_department_id"],
      ["/admin/routing", {
        category_id: String(parent),
        lead_department_id: String(zjj),
        working_days: "",
        keywords: "",
      }, "category_id"],
      ["/admin/routing", {
        category_id: "999999",
        lead_department_id: String(zjj),
        working_days: "",
        keywords: "",
      }, "category_id"],
      ["/admin/routing", {
        category_id: String(leaf),
        lead_department_id: String(zjj),
        working_days: "",
        keywords: "这是一个超过二十个字的关键词这是一个超过二十个字的关键词",
      }, "keywords.0"],
      [
        "/admin/deadlines",
        { type: "complaint", working_days: "61", warn_working_days: "2" },
        "working_days",
      ],
      [
        "/admin/deadlines",
        { type: "complaint", working_days: "5", warn_working_days: "-1" },
        "warn_working_days",
      ],
      ["/admin/deadlines", { type: "gossip", working_days: "5", warn_working_days: "1" }, "type"],
      ["/admin/deadlines/reminders", { times: "09:00, 25:00" }, "1"],
      ["/admin/deadlines/reminders", { times: "9点" }, "0"],
      [
        "/admin/deadlines/reminders",
        { times: "01:00 02:00 03:00 04:00 05:00 06:00 07:00 08:00 09:00" },
        "(root)",
      ],
      ["/admin/calendar", { day: "2026-02-30", kind: "holiday", name: "不存在" }, "day"],
      ["/admin/calendar", { day: "2026-03-10", kind: "workday", name: "周二调休" }, "day"],
      ["/admin/calendar", { day: "2026-03-14", kind: "rest", name: "周六" }, "kind"],
      ["/admin/calendar", { day: "2026-03-14", kind: "workday", name: " " }, "name"],
    ];
    for (const [path, fields, issue] of refused) {
      const res = await form(t, admin, path, fields);
      const body = await res.json();
      assert.equal(res.status, 422, `${path} ${JSON.stringify(fields)}: ${JSON.stringify(body)}`);
      assert.ok(
        body.error.issues?.some((i: { path: string }) => i.path === issue),
        `${path} ${JSON.stringify(fields)} names ${issue}: ${JSON.stringify(body.error)}`,
      );
      assert.match(body.error.message, /[\u4e00-\u9fff].*\(.*[a-z]/, "Chinese and English");
    }
    const missing = await form(t, admin, "/admin/calendar/remove", { day: "2026-03-11" });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    assert.deepEqual(await snapshot(), before);
    assert.equal((await t.request("/admin/calendar?year=1999", {}, admin)).status, 422);
  } finally {
    await t.dispose();
  }
});

Deno.test("[routing] a calendar change moves the due times loadDeadlineRules() gives the case service", async () => {
  const t = await startTestApp();
  try {
    const admin = await t.signIn(USER_OF.admin);
    const monday = Date.parse("2026-03-09T10:00:00+08:00");
    const dueAfter = async (n: number) =>
      addWorkingDays(monday, n, (await loadDeadlineRules(t.db)).calendar);
    assert.equal(await dueAfter(1), Date.parse("2026-03-11T00:00:00+08:00"));

    await form(t, admin, "/admin/calendar", {
      day: "2026-03-10",
      kind: "holiday",
      name: "示范市纪念日",
    });
    assert.equal(isWorkingDay("2026-03-10", (await loadDeadlineRules(t.db)).calendar), false);
    assert.equal(await dueAfter(1), Date.parse("2026-03-12T00:00:00+08:00"));
    // A make-up Saturday counts again: 10 (off), 11, 12, 13, Saturday 14 → 4 working days.
    await form(t, admin, "/admin/calendar", {
      day: "2026-03-14",
      kind: "workday",
      name: "调休上班",
    });
    assert.equal(await dueAfter(4), Date.parse("2026-03-15T00:00:00+08:00"));
    assert.deepEqual(
      (await t.services.routing.calendar(2026)).filter((d) => d.day.startsWith("2026-03")),
      [
        { day: "2026-03-10", kind: "holiday", name: "示范市纪念日" },
        { day: "2026-03-14", kind: "workday", name: "调休上班" },
      ],
    );

    assert.equal(
      (await form(t, admin, "/admin/calendar/remove", { day: "2026-03-10" })).status,
      303,
    );
    assert.equal(await dueAfter(1), Date.parse("2026-03-11T00:00:00+08:00"));
  } finally {
    await t.dispose();
  }
});

Deno.test("[routing] the demo routing list is seeded once and feeds the suggester", async () => {
  const t = await startTestApp();
  try {
    // The harness seeds the demo city with its routing list, as `start` does.
    assert.equal(await seedDemoRouting(t.db), false, "never twice");
    await t.db.query("delete from case_routing");
    assert.equal(await seedDemoRouting(t.db), true, "again once the list is empty");
    const rows = await t.services.routing.list();
    assert.equal(rows.length, demoRoutes().length);
    assert.deepEqual(rows.filter((r) => r.lead_department_id === null), []);
    const rules = await loadDeadlineRules(t.db);
    const gas = rows.find((r) => r.name === "燃气故障")!;
    assert.equal(gas.department_name, "市燃气集团");
    assert.equal(rules.routes.get(gas.category_id)?.working_days, 0);

    const entries = await t.services.routing.suggestEntries();
    assert.equal(entries.length, rows.length);
    const [best] = suggestCategories("小区门口的路灯不亮了", entries);
    assert.deepEqual([best.path, best.department_name], [
      "城乡建设 / 市政设施 / 路灯故障",
      "市住房和城乡建设局",
    ]);
    // A deactivated department is not suggested; its categories stay, without a department.
    await t.db.query("update departments set active = false where code = 'gas'");
    const gasEntry = (await t.services.routing.suggestEntries()).find((e) =>
      e.name === "燃气故障"
    )!;
    assert.equal(gasEntry.lead_department_id, null);
  } finally {
    await t.dispose();
  }
});
