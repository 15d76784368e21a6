import assert from "node:assert/strict";
import { isValidCaseNumber } from "../server/cases/case_number.ts";
import { call, departmentId, ok, REPLY } from "./case_api.ts";
import { startTestApp } from "./harness.ts";

const at = (iso: string) => Date.parse(iso);

Deno.test("[cases] the whole loop: intake → dispatch → sign → extension → overdue reminders → reply → review → callback → reopen → closed", async () => {
  // Thursday 24 September 2026, the eve of Mid-Autumn (25–27) and just before National Day
  // (1–7 October), with make-up working days on Sunday 20 September and Saturday 10 October.
  let now = at("2026-09-24T10:00:00+08:00");
  const year = 365 * 86_400_000;
  const t = await startTestApp({
    services: { clock: () => new Date(now), sessionPolicy: { idleMs: year, absoluteMs: year } },
  });
  try {
    const [agent, zjj, jtj] = await Promise.all([
      t.signIn("1001"),
      t.signIn("7001"),
      t.signIn("7002"),
    ]);
    const [zjjId, jtjId] = await Promise.all([departmentId(t, "zjj"), departmentId(t, "jtj")]);

    const created = await call(t, agent, "POST", "/api/cases", {
      type: "complaint",
      channel: "phone",
      content: "朝阳门街道某工地连续一周夜间施工到凌晨两点，噪音扰民严重。",
      citizen_name: "张三",
      citizen_phone: "13812345678",
      address: "朝阳门街道幸福路 8 号",
      outcome: "dispatch",
      lead_department_id: zjjId,
      assisting_department_ids: [jtjId],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const c = created.body;
    const n: string = c.case_number;
    assert.ok(isValidCaseNumber(n), n);
    assert.equal(c.status, "dispatched");
    assert.equal(c.citizen_phone, "138****5678", "masked for the agent");
    assert.equal(c.citizen_name, "张*");
    // 13 working days: 28, 29, 30 Sep; 8, 9, 10 (make-up Saturday), 12–16, 19, 20 Oct.
    assert.equal(new Date(c.due_at).toISOString(), "2026-10-20T16:00:00.000Z");
    // Signing for within one working day: the holidays push it to Monday 28 September.
    assert.equal(new Date(c.sign_due_at).toISOString(), "2026-09-28T16:00:00.000Z");
    assert.deepEqual(c.steps, ["reroute", "decide_extension", "merge", "remind"]);

    // Only the lead department signs; the assisting one may add its opinion.
    assert.equal((await call(t, jtj, "POST", `/api/cases/${n}/sign`, {})).status, 403);
    await ok(t, jtj, "POST", `/api/cases/${n}/note`, { note: "涉及道路占用，交通局配合核查。" });
    now = at("2026-09-24T10:30:00+08:00");
    const signed = await ok(t, zjj, "POST", `/api/cases/${n}/sign`, {});
    assert.equal(signed.status, "signed");
    assert.deepEqual(signed.steps, ["return", "extension", "reply", "attach", "note"]);

    // Extension of 2 working days, approved: the due day moves from 20 to 22 October.
    await ok(t, zjj, "POST", `/api/cases/${n}/extension`, {
      reason: "需协调多个部门联合执法",
      extra_working_days: 2,
    });
    const dup = await call(t, zjj, "POST", `/api/cases/${n}/extension`, {
      reason: "再次申请",
      extra_working_days: 1,
    });
    assert.equal(dup.status, 409, "one open request at a time");
    const extended = await ok(t, agent, "POST", `/api/cases/${n}/extension/decision`, {
      decision: "approved",
    });
    assert.equal(new Date(extended.due_at).toISOString(), "2026-10-22T16:00:00.000Z");

    // Overdue: Friday 23 October. The 09:00 round reminds it once; a second run does nothing.
    await t.db.query("update case_settings set reminder_times = '{09:00}'");
    now = at("2026-10-23T09:30:00+08:00");
    assert.equal((await ok(t, agent, "GET", `/api/cases/${n}`)).light, "red");
    assert.equal(await t.services.cases.runReminderRound(), 1);
    assert.equal(await t.services.cases.runReminderRound(), null);
    await ok(t, agent, "POST", `/api/cases/${n}/remind`, { reason: "市民再次来电催促" });
    const deadlines = await ok(t, agent, "GET", "/api/cases/deadlines");
    assert.deepEqual(
      deadlines.departments.map((
        d: { department_id: number; overdue: number },
      ) => [d.department_id, d.overdue]),
      [[zjjId, 1]],
    );
    assert.equal(await t.services.cases.deadlines.publish(), true);
    assert.equal(
      await t.services.cases.deadlines.publish(),
      false,
      "unchanged counts are not re-sent",
    );

    // Reply with an attachment; sent back once, then accepted.
    const form = new FormData();
    form.append(
      "file",
      new File([new TextEncoder().encode("现场照片")], "现场.txt", { type: "text/plain" }),
    );
    const up = await t.request(`/api/cases/${n}/attachments`, { method: "POST", body: form }, zjj);
    assert.equal(up.status, 201, await up.clone().text());
    const replied = await ok(t, zjj, "POST", `/api/cases/${n}/reply`, REPLY);
    assert.equal(replied.status, "replied");
    assert.equal(replied.attachments[0].reply_id, replied.replies[0].id);
    assert.equal(
      (await call(t, agent, "POST", `/api/cases/${n}/review`, { review: "sent_back" })).status,
      400,
    );
    const back = await ok(t, agent, "POST", `/api/cases/${n}/review`, {
      review: "sent_back",
      note: "未写明罚款金额",
    });
    assert.equal(back.status, "signed");
    await ok(t, zjj, "POST", `/api/cases/${n}/reply`, {
      ...REPLY,
      opinion: `${REPLY.opinion}罚款 2 万元。`,
    });
    const reviewed = await ok(t, agent, "POST", `/api/cases/${n}/review`, { review: "accepted" });
    assert.equal(reviewed.status, "reviewed");

    // The citizen looks it up: number + last 4 digits; anything wrong is the same 404.
    const pub = await t.request(`/api/public/cases/${n}?phone_last4=5678`);
    assert.equal(pub.status, 200);
    const shown = await pub.json();
    assert.equal(shown.status, "已答复");
    assert.match(shown.reply.opinion, /罚款 2 万元/);
    assert.equal(JSON.stringify(shown).includes("1381234"), false);
    const wrongPhone = await t.request(`/api/public/cases/${n}?phone_last4=5679`);
    const wrongDigit = await t.request(
      `/api/public/cases/${n.slice(0, 7)}${(Number(n[7]) + 1) % 10}?phone_last4=5678`,
    );
    assert.equal(wrongPhone.status, 404);
    assert.equal(wrongDigit.status, 404);
    assert.deepEqual(await wrongPhone.json(), await wrongDigit.json());

    // Callback: not satisfied → back to the department with a fresh deadline.
    const tasks = await ok(t, agent, "GET", "/api/cases/tasks");
    assert.deepEqual(tasks.callbacks.map((x: { case_number: string }) => x.case_number), [n]);
    now = at("2026-10-26T10:00:00+08:00");
    const reopened = await ok(t, agent, "POST", `/api/cases/${n}/callback`, {
      reached: true,
      satisfaction: "dissatisfied",
      resolved: false,
      note: "夜间施工仍在继续",
    });
    assert.equal(reopened.status, "signed");
    assert.equal(reopened.reopen_count, 1);
    await ok(t, zjj, "POST", `/api/cases/${n}/reply`, {
      ...REPLY,
      opinion: "已查封违规设备，夜间施工已停止，持续巡查。",
    });
    await ok(t, agent, "POST", `/api/cases/${n}/review`, { review: "accepted" });
    const closed = await ok(t, agent, "POST", `/api/cases/${n}/callback`, {
      reached: true,
      satisfaction: "satisfied",
      resolved: true,
    });
    assert.equal(closed.status, "closed");
    assert.deepEqual(closed.steps, []);

    const kinds = closed.events.map((e: { kind: string }) => e.kind);
    assert.deepEqual(kinds, [
      "registered",
      "dispatched",
      "noted",
      "signed",
      "extension_requested",
      "extension_approved",
      "reminded",
      "reminded",
      "attachment_added",
      "replied",
      "reply_sent_back",
      "replied",
      "reply_accepted",
      "reopened",
      "replied",
      "reply_accepted",
      "closed",
    ]);
    // Every step by a person is audited; the automatic reminder is the system's.
    const audited = await t.db.query<{ actor: string; action: string }>(
      "select actor, action from audit_log where object_type = 'case' and object_id = $1 order by id",
      [n],
    );
    assert.equal(audited.length, kinds.length);
    assert.deepEqual(audited.find((a) => a.action === "case.signed")?.actor, "7001");
    assert.ok(audited.some((a) => a.actor === "system" && a.action === "case.reminded"));
    const spine = await t.db.query<{ n: number }>(
      "select count(*)::int as n from events where topic = 'cases' and subject = $1",
      [n],
    );
    assert.equal(spine[0].n, kinds.length);

    // Three rates: signed in time, replied late (after the extended due), first callback unhappy.
    const leader = await t.signIn("8001");
    const rates = await ok(t, leader, "GET", "/api/cases/rates?from=2026-09-01&to=2026-09-30");
    const row = rates.departments.find((d: { department_id: number }) => d.department_id === zjjId);
    assert.equal(row.dispatched, 1);
    assert.equal(row.response_rate, 1);
    assert.equal(row.on_time_rate, 0);
    assert.equal(row.satisfaction_rate, 0);
    assert.equal(row.resolution_rate, 0);
  } finally {
    await t.dispose();
  }
});
