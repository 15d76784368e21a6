import assert from "node:assert/strict";
import { buildIslands } from "../server/build_islands.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp, USER_OF } from "./harness.ts";

Deno.test({
  name:
    "[browser] the supervisor desk follows a seat change made through the API and forces a seat not ready",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp({ heartbeatMs: 1000 });
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      await t.services.seats.agent(null, "1002", { type: "login" });
      const { page, errors } = await openSignedIn(
        browser,
        server.url,
        "/supervisor",
        USER_OF.supervisor,
        {
          width: 1600,
          height: 1000,
        },
      );
      assert.equal(await page.getAttribute("[data-seat='1001']", "data-state"), "logged_out");
      assert.deepEqual(
        await page.$$eval(
          "[data-testid=desk-queues] tbody tr",
          (rows) => rows.map((r) => r.getAttribute("data-queue")),
        ),
        ["business", "complaint", "english", "general"],
      );

      // The agent signs in on their own seat through the API: the board follows.
      const agent = await t.signIn(USER_OF.agent);
      const res = await t.request("/api/seat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action: "login" }),
      }, agent);
      assert.equal(res.status, 200);
      await page.waitForSelector("[data-seat='1001'][data-state=ready]", { timeout: 5000 });

      // The supervisor forces 1002 not ready from the desk.
      await page.click("[data-seat='1002']");
      await page.click("text=强制示忙");
      await page.waitForSelector("[data-seat='1002'][data-state=not_ready]", { timeout: 5000 });
      const [record] = await t.db.query<{ actor: string; object_id: string }>(
        "select actor, object_id from audit_log where action = 'seat.force_not_ready'",
      );
      assert.deepEqual(record, { actor: "9001", object_id: "1002" });
      // Skills: give 1002 the English skill at level 4 from the desk.
      await page.check("[data-testid=skills-form] input[name=english]");
      await page.selectOption(
        "[data-testid=skills-form] label:has(input[name=english]) select",
        "4",
      );
      await page.click("text=保存技能");
      await page.waitForSelector("text=技能已更新", { timeout: 5000 });
      const skills = await t.db.query<{ skill_code: string; level: number }>(
        "select k.skill_code, k.level from agent_skills k join agents a on a.id = k.agent_id where a.work_number = '1002' order by 1",
      );
      assert.ok(
        skills.some((k) => k.skill_code === "english" && k.level === 4),
        JSON.stringify(skills),
      );

      // An alarm (thresholds are data: any waiting call breaches "waiting" here) appears in the
      // list; the supervisor acknowledges it from the desk.
      await t.db.query("update alarm_thresholds set warn = 0, bad = 10 where name = 'waiting'");
      await t.services.acd.offer({
        channel: "phone",
        callerNumber: "13900000009",
        queue: "english",
      });
      await t.services.alarms.sync();
      await page.waitForSelector("[data-testid=alarms] tr[data-alarm] button:has-text('确认')", {
        timeout: 5000,
      });
      await page.click("[data-testid=alarms] tr[data-alarm] button:has-text('确认')");
      await page.waitForSelector("[data-testid=alarms] :text('9001 已确认')", { timeout: 5000 });
      // Listen / whisper / barge wait for the media layer, and say so.
      assert.equal(await page.isDisabled("button:has-text('监听')"), true);
      await page.screenshot({
        path: new URL("./artefacts/supervisor_desk.png", import.meta.url).pathname,
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
