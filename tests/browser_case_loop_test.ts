import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { buildIslands } from "../server/build_islands.ts";
import { isValidCaseNumber } from "../server/cases/case_number.ts";
import { seedDemoKnowledge } from "../server/seed/demo_knowledge.ts";
import { launchChromium, openSignedIn, serveForBrowser } from "./browser.ts";
import { startTestApp } from "./harness.ts";

/** Case pages have no live stream: signed in and hydrated is ready. */
const pageAs = (browser: Browser, base: string, path: string, workNumber: string) =>
  openSignedIn(browser, base, path, workNumber, { width: 1400, height: 1000 }, { live: false });

Deno.test({
  name:
    "[browser] a case goes round the loop: intake during a call → dispatch → sign → reminder → reply → review → callback → closed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      // A real call on seat 1001, answered.
      await t.services.seats.agent(null, "1001", { type: "login" });
      await t.services.acd.offer({
        channel: "phone",
        callerNumber: "13812345678",
        queue: "general",
      });
      assert.equal((await t.services.acd.route()).length, 1);
      await t.services.seats.agent(null, "1001", { type: "answer" });

      const agent = await pageAs(browser, server.url, "/seat", "1001");
      const a = agent.page;
      assert.match(await a.textContent("[data-testid=seat-state]") ?? "", /通话中/);
      assert.match(await a.textContent("[data-testid=intake-call]") ?? "", /138\*\*\*\*5678/);

      // Bad input: nothing is saved, the form says what is wrong.
      await a.click("[data-testid=intake-form] button[type=submit]");
      await a.waitForSelector("[data-testid=intake-error]");
      assert.match(await a.textContent("[data-testid=intake-error]") ?? "", /content/);
      const [{ n: none }] = await t.db.query<{ n: number }>("select count(*)::int as n from cases");
      assert.equal(none, 0);

      // The text suggests the category and its department; the agent takes it and dispatches.
      await a.fill("#i-content", "幸福路上的路灯不亮已经一个星期了，晚上走路很危险。");
      await a.waitForSelector("[data-testid=suggestions] .chip");
      assert.match(await a.textContent("[data-testid=suggestions] .chip") ?? "", /路灯故障/);
      await a.click("[data-testid=suggestions] .chip");
      await a.click("[data-testid=intake-form] button[type=submit]");
      await a.waitForSelector("[data-testid=created-number]");
      const n = (await a.textContent("[data-testid=created-number]"))!.trim();
      assert.ok(isValidCaseNumber(n), n);
      const [row] = await t.db.query<{ status: string; department: string; calls: number }>(
        `select c.status, d.code as department, (select count(*)::int from case_calls where case_id = c.id) as calls
         from cases c join departments d on d.id = c.lead_department_id where c.case_number = $1`,
        [n],
      );
      assert.deepEqual(row, { status: "dispatched", department: "zjj", calls: 1 });

      // The department signs for it.
      const dept = await pageAs(browser, server.url, `/cases/${n}`, "7001");
      const d = dept.page;
      const step = async (page: typeof d, name: string, fill?: () => Promise<void>) => {
        await page.click(`[data-step=${name}]`);
        await page.waitForSelector(`[data-testid=form-${name}]`);
        await fill?.();
        await Promise.all([
          page.waitForEvent("load"),
          page.click(`[data-testid=form-${name}] button[type=submit]`),
        ]);
        await page.waitForSelector("body[data-hydrated=true]");
      };
      await step(d, "sign");
      assert.equal(await d.textContent("[data-testid=case-status]"), "办理中");

      // Overdue: the automatic round reminds it, and the page says so in words.
      await t.db.query(
        "update cases set due_at = now() - interval '1 hour' where case_number = $1",
        [n],
      );
      await t.db.query("update case_settings set reminder_times = '{00:00}'");
      assert.equal(await t.services.cases.runReminderRound(), 1);
      await d.reload();
      await d.waitForSelector("body[data-hydrated=true]");
      assert.equal(await d.textContent("[data-testid=case-light]"), "■ 已超期");
      assert.match(await d.textContent("[data-testid=case-history]") ?? "", /催办/);
      // The wall's cases view counts it as overdue for its department, and follows the spine.
      const wall = await openSignedIn(browser, server.url, "/wall?views=cases", "9001");
      assert.equal(
        await wall.page.textContent("[data-testid=wall-deadlines] [data-testid=overdue]"),
        "1",
      );

      // The formal reply; a missing field is refused with a message first.
      await d.click("[data-step=reply]");
      await d.fill("[data-testid=form-reply] [name=investigator]", "张工");
      await d.click("[data-testid=form-reply] button[type=submit]");
      await d.waitForSelector("[data-testid=step-error]");
      assert.equal(await d.textContent("[data-testid=case-status]"), "办理中");
      await step(d, "reply", async () => {
        const f = "[data-testid=form-reply]";
        await d.fill(`${f} [name=investigator]`, "张工、李工");
        await d.fill(`${f} [name=findings]`, "经现场核查，幸福路 12 盏路灯因线路老化不亮。");
        await d.fill(`${f} [name=legal_basis]`, "《城市道路照明设施管理规定》");
        await d.fill(`${f} [name=opinion]`, "已更换线路，路灯全部恢复照明。");
        await d.fill(`${f} [name=handler]`, "张工");
        await d.fill(`${f} [name=reviewer]`, "王科长");
        await d.fill(`${f} [name=unit]`, "市住房和城乡建设局");
      });
      assert.equal(await d.textContent("[data-testid=case-status]"), "已回复待审核");
      assert.equal(await t.services.cases.deadlines.publish(), true);
      await wall.page.waitForSelector("text=暂无在办工单", { timeout: 5000 });

      // The hotline accepts the reply and calls the citizen back.
      await a.goto(`${server.url}/cases/${n}`);
      await a.waitForSelector("body[data-hydrated=true]");
      await step(a, "review");
      assert.equal(await a.textContent("[data-testid=case-status]"), "待回访");
      await step(a, "callback", async () => {
        await a.selectOption("[data-testid=form-callback] [name=satisfaction]", "satisfied");
        await a.selectOption("[data-testid=form-callback] [name=resolved]", "true");
      });
      assert.equal(await a.textContent("[data-testid=case-status]"), "已办结");
      const history = await a.textContent("[data-testid=case-history]") ?? "";
      for (const word of ["登记", "派单", "签收", "催办", "办结回复", "回复审核通过", "回访办结"]) {
        assert.ok(history.includes(word), `${word} in history`);
      }
      assert.deepEqual([...agent.errors, ...dept.errors, ...wall.errors], []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});

Deno.test({
  name:
    "[browser] an operator's intake of a letter: a consultation answered from the knowledge base closes at once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestApp();
    await seedDemoKnowledge(t.db);
    await buildIslands();
    const server = serveForBrowser(t.app.fetch);
    const browser = await launchChromium();
    try {
      const { page, errors } = await pageAs(browser, server.url, "/cases/new", "1001");
      await page.selectOption("#i-type", "consultation");
      await page.selectOption("#i-channel", "letter");
      await page.fill("#i-content", "来信询问：买了房子想提取住房公积金，需要带什么材料？");
      await page.fill("#i-phone", "13912345678");
      await page.waitForSelector("[data-testid=kb-answers] li");
      assert.match(await page.textContent("[data-testid=kb-answers]") ?? "", /公积金提取/);
      await page.click("[data-testid=kb-answers] li button");
      await page.waitForFunction(() =>
        (document.querySelector("#i-answer") as HTMLTextAreaElement | null)?.value.includes(
          "身份证",
        )
      );
      await page.click("[data-testid=intake-form] button[type=submit]");
      await page.waitForSelector("[data-testid=created-number]");
      const n = (await page.textContent("[data-testid=created-number]"))!.trim();
      const [c] = await t.db.query<{ status: string; channel: string; kinds: string[] }>(
        `select status, channel, array(select kind from case_events e where e.case_id = c.id order by e.id) as kinds
         from cases c where case_number = $1`,
        [n],
      );
      assert.deepEqual(c, {
        status: "closed",
        channel: "letter",
        kinds: ["registered", "kb_answer_attached"],
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await t.dispose();
    }
  },
});
