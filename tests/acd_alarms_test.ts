import assert from "node:assert/strict";
import { startTestApp, USER_OF } from "./harness.ts";

Deno.test("[alarms] a long wait raises an alarm, escalates it, a supervisor acknowledges it, and it clears", async () => {
  let now = Date.now();
  const t = await startTestApp({ services: { clock: () => new Date(now) } });
  try {
    const { acd, alarms, seats } = t.services;
    await acd.offer({
      channel: "phone",
      callerNumber: "13900000001",
      queue: "english",
    });
    assert.deepEqual(
      await alarms.sync(),
      { raised: 0, cleared: 0 },
      "a fresh call breaches nothing",
    );
    now += 20_000; // 20 s waiting: over the 15 s warning
    await alarms.sync();
    const open = () =>
      t.db.query<{ id: number; rule: string; subject: string; level: string }>(
        "select id, rule, subject, level from alarms where cleared_at is null order by rule, subject",
      );
    // The wait itself, and the 15-second rate of the last 15 minutes (one call, already a miss).
    assert.deepEqual((await open()).map((a) => `${a.rule}/${a.subject}/${a.level}`), [
      "longest_wait_s/centre/warn",
      "longest_wait_s/english/warn",
      "service_level_15s/centre/bad",
      "service_level_15s/english/bad",
    ]);
    now += 50_000; // 70 s: red
    await alarms.sync();
    assert.deepEqual((await open()).map((a) => a.level), ["bad", "bad", "bad", "bad"]);
    assert.equal((await open()).length, 4, "escalated, not duplicated");

    const supervisor = await t.signIn(USER_OF.supervisor);
    const [first] = await open();
    const ack = await t.request(`/api/alarms/${first.id}/ack`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }, supervisor);
    assert.equal(ack.status, 200);
    assert.equal((await ack.json()).alarm.acked_by, "9001");
    assert.equal(
      (await t.request(`/api/alarms/${first.id}/ack`, { method: "POST", body: "{}" }, supervisor))
        .status,
      409,
    );
    const agent = await t.signIn(USER_OF.agent);
    assert.equal(
      (await t.request(`/api/alarms/${first.id}/ack`, { method: "POST", body: "{}" }, agent))
        .status,
      403,
    );

    // Answered: the wait is over and the alarms clear (the rate over 15 minutes is now 0 %, a new alarm).
    await seats.agent(null, "1008", { type: "login" });
    await acd.route();
    await seats.agent(null, "1008", { type: "answer" });
    await alarms.sync();
    assert.deepEqual((await open()).filter((a) => a.rule === "longest_wait_s"), []);
    const types = await t.db.query<{ type: string }>(
      "select type from events where topic = 'alarm' order by id",
    );
    assert.ok(types.map((e) => e.type).includes("alarm.cleared"));
    const [audited] = await t.db.query<{ actor: string }>(
      "select actor from audit_log where action = 'alarm.acknowledge'",
    );
    assert.equal(audited.actor, "9001");
  } finally {
    await t.dispose();
  }
});

Deno.test("[alarms] admins set thresholds (audited, order checked) and the wall and alarms follow them", async () => {
  const t = await startTestApp();
  try {
    const admin = await t.signIn(USER_OF.admin);
    const post = (warn: string, bad: string) =>
      t.request("/admin/thresholds", {
        method: "POST",
        body: new URLSearchParams({ _csrf: admin.csrf, name: "longest_wait_s", warn, bad }),
      }, admin);
    assert.equal((await post("20", "90")).status, 303);
    assert.deepEqual((await t.services.alarms.thresholds()).longest_wait_s, {
      name: "longest_wait_s",
      warn: 20,
      bad: 90,
      worse: "above",
    });
    const refused = await post("90", "20");
    assert.equal(refused.status, 422);
    assert.match((await refused.json()).error.message, /红色阈值须不低于黄色阈值/);
    const [record] = await t.db.query<{ actor: string; after: { warn: number } }>(
      "select actor, after from audit_log where action = 'threshold.update'",
    );
    assert.deepEqual([record.actor, record.after.warn], ["admin", 20]);
    const supervisor = await t.signIn(USER_OF.supervisor);
    assert.match(
      await (await t.request("/wall", { headers: { accept: "text/html" } }, supervisor)).text(),
      /"warn":20,"bad":90/,
    );
  } finally {
    await t.dispose();
  }
});
