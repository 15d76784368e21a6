import assert from "node:assert/strict";
import { chinaDay } from "../server/cases/working_days.ts";
import { complaint, departmentId, ok, REPLY } from "./case_api.ts";
import { type Session, startTestApp, type TestApp } from "./harness.ts";

async function page(t: TestApp, path: string, as?: Session) {
  const res = await t.request(path, { headers: { accept: "text/html" } }, as);
  return { status: res.status, html: await res.text() };
}

/** The `<tr>`s of one table or list, by its data-testid. */
function rowsOf(html: string, testid: string): string[] {
  const start = html.indexOf(`data-testid="${testid}"`);
  assert.ok(start >= 0, `no ${testid} in the page`);
  const end = html.indexOf("</table>", start);
  const part = html.slice(start, end < 0 ? undefined : end);
  return [...part.matchAll(/<tr data-case="(\d{8})"[^]*?<\/tr>/g)].map((m) => m[0]);
}
const numbersIn = (rows: string[]) => rows.map((r) => r.match(/data-case="(\d{8})"/)![1]);

Deno.test("[case pages] search, workbench, work queue, rates and lookup render what each role may see", async (ctx) => {
  const t = await startTestApp();
  try {
    const [agent, zjj, jtj, leader] = await Promise.all([
      t.signIn("1001"),
      t.signIn("7001"),
      t.signIn("7002"),
      t.signIn("8001"),
    ]);
    const [zjjId, jtjId] = await Promise.all([departmentId(t, "zjj"), departmentId(t, "jtj")]);
    const create = async (body: unknown) =>
      (await ok(t, agent, "POST", "/api/cases", body)).case_number as string;

    const late = await create(
      complaint(zjjId, "13812345678", "朝阳门街道某工地夜间施工噪音扰民。"),
    );
    await t.db.query(
      "update cases set due_at = now() - interval '2 hours' where case_number = $1",
      [late],
    );
    const other = await create(complaint(jtjId, "13900001111", "幸福路路面破损，雨天积水。"));
    const waiting = await create({
      type: "suggestion",
      channel: "web",
      content: "建议增加夜间公交线路。",
      citizen_phone: "13700002222",
      outcome: "register",
    });
    const handling = await create(complaint(zjjId, "13600003333", "小区违建阳光房无人处理。"));
    await ok(t, zjj, "POST", `/api/cases/${handling}/sign`, {});
    // Due in an hour: less than the one working day of warning left.
    await t.db.query(
      "update cases set due_at = now() + interval '1 hour' where case_number = $1",
      [handling],
    );
    const extending = await create(complaint(zjjId, "13600004444", "老旧小区加装电梯进度缓慢。"));
    await ok(t, zjj, "POST", `/api/cases/${extending}/sign`, {});
    await ok(t, zjj, "POST", `/api/cases/${extending}/extension`, {
      reason: "需多部门联合核查",
      extra_working_days: 3,
    });
    const replied = await create(complaint(zjjId, "13600005555", "工地渣土车夜间运输扬尘。"));
    await ok(t, zjj, "POST", `/api/cases/${replied}/sign`, {});
    await ok(t, zjj, "POST", `/api/cases/${replied}/reply`, REPLY);
    const reviewed = await create(complaint(zjjId, "13600006666", "楼道堆放杂物存在消防隐患。"));
    await ok(t, zjj, "POST", `/api/cases/${reviewed}/sign`, {});
    await ok(t, zjj, "POST", `/api/cases/${reviewed}/reply`, REPLY);
    await ok(t, agent, "POST", `/api/cases/${reviewed}/review`, { review: "accepted" });
    // One automatic reminder (the overdue case) and one by hand.
    await t.db.query("update case_settings set reminder_times = '{00:00}'");
    assert.equal(await t.services.cases.runReminderRound(), 1);
    await ok(t, agent, "POST", `/api/cases/${late}/remind`, { reason: "市民再次来电催促" });

    await ctx.step(
      "/cases lists every case for hotline staff, masked, with the light in words",
      async () => {
        const { status, html } = await page(t, "/cases", agent);
        assert.equal(status, 200);
        const rows = rowsOf(html, "case-rows");
        assert.deepEqual(
          new Set(numbersIn(rows)),
          new Set([late, other, waiting, handling, extending, replied, reviewed]),
        );
        const lateRow = rows.find((r) => r.includes(late))!;
        assert.match(lateRow, /■<\/span> 已超期/);
        assert.match(lateRow, /138\*\*\*\*5678/);
        assert.match(rows.find((r) => r.includes(other))!, /●<\/span> 正常/);
        assert.ok(!html.includes("13812345678"), "the full phone never reaches the page");
        assert.match(html, /href="\/cases\/tasks"/, "the agent's top bar links the work queue");

        const one = await page(t, `/cases?number=${late}&status=&q=`, agent);
        assert.equal(one.status, 200);
        assert.deepEqual(numbersIn(rowsOf(one.html, "case-rows")), [late]);
        const overdue = await page(t, "/cases?overdue=1", agent);
        assert.deepEqual(numbersIn(rowsOf(overdue.html, "case-rows")), [late]);
        const byPhone = await page(t, "/cases?phone=13900001111", agent);
        assert.deepEqual(numbersIn(rowsOf(byPhone.html, "case-rows")), [other]);
      },
    );

    await ctx.step("/cases pages with has_next", async () => {
      const first = await page(t, "/cases?page_size=4", agent);
      assert.equal(rowsOf(first.html, "case-rows").length, 4);
      assert.match(first.html, /href="\/cases\?page_size=4&amp;page=2">下一页/);
      assert.doesNotMatch(first.html, /上一页/);
      const second = await page(t, "/cases?page_size=4&page=2", agent);
      assert.equal(rowsOf(second.html, "case-rows").length, 3);
      assert.match(second.html, /上一页/);
      assert.doesNotMatch(second.html, /下一页/);
    });

    await ctx.step("a bad filter is a 400 page with the reason, not a 500", async () => {
      const bad = await page(t, "/cases?number=123", agent);
      assert.equal(bad.status, 400);
      assert.match(bad.html, /工单编号：工单编号为 8 位数字/);
      assert.match(bad.html, /<form method="get" action="\/cases"/, "the form stays to fix it");
      assert.equal((await page(t, "/cases?status=lost", agent)).status, 400);
      assert.equal((await page(t, "/cases?from=2026-13-45", agent)).status, 400);
    });

    await ctx.step("a handler sees only their department on /cases", async () => {
      const mine = await page(t, "/cases", jtj);
      assert.equal(mine.status, 200);
      assert.deepEqual(numbersIn(rowsOf(mine.html, "case-rows")), [other]);
      // Asking for another department's case by number finds nothing.
      const theirs = await page(t, `/cases?number=${late}`, jtj);
      assert.deepEqual(rowsOf(theirs.html, "case-rows"), []);
    });

    await ctx.step(
      "/dept: the department's cases by what it has to do, and its reminders",
      async () => {
        const { status, html } = await page(t, "/dept", zjj);
        assert.equal(status, 200);
        assert.match(html, /data-testid="dept-name">市住房和城乡建设局</);
        assert.deepEqual(numbersIn(rowsOf(html, "rows-to-sign")), [late]);
        assert.deepEqual(numbersIn(rowsOf(html, "rows-handling")), [handling]);
        assert.match(rowsOf(html, "rows-handling")[0], /▲<\/span> 即将到期/);
        const review = rowsOf(html, "rows-review");
        assert.deepEqual(numbersIn(review), [extending]);
        assert.match(review[0], /延期 3 个工作日：需多部门联合核查/);
        assert.deepEqual(numbersIn(rowsOf(html, "rows-replied")), [replied]);
        assert.match(rowsOf(html, "rows-to-sign")[0], /已超期/);
        const reminders = rowsOf(html, "rows-reminders");
        assert.equal(reminders.length, 2);
        assert.ok(reminders.every((r) => r.includes(`href="/cases/${late}"`)));
        assert.match(reminders[0], /人工.*市民再次来电催促/s);
        assert.match(reminders[1], /自动.*已超期/s);
        assert.ok(!html.includes(other), "another department's case is not on the workbench");
        assert.ok(!html.includes("13812345678"));

        const theirs = await page(t, "/dept", jtj);
        assert.match(theirs.html, /市交通运输局/);
        assert.deepEqual(numbersIn(rowsOf(theirs.html, "rows-to-sign")), [other]);
        assert.match(theirs.html, /data-testid="rows-reminders">没有催办/);
        assert.equal((await page(t, "/dept", agent)).status, 403);
      },
    );

    await ctx.step("/cases/tasks: the hotline's queue; not for departments", async () => {
      const { status, html } = await page(t, "/cases/tasks", agent);
      assert.equal(status, 200);
      assert.deepEqual(numbersIn(rowsOf(html, "rows-registered")), [waiting]);
      const reviews = rowsOf(html, "rows-reviews");
      assert.deepEqual(new Set(numbersIn(reviews)), new Set([extending, replied]));
      assert.match(reviews.find((r) => r.includes(extending))!, /延期 3 个工作日/);
      assert.match(reviews.find((r) => r.includes(replied))!, /办结回复/);
      assert.deepEqual(numbersIn(rowsOf(html, "rows-callbacks")), [reviewed]);
      assert.deepEqual(numbersIn(rowsOf(html, "rows-overdue")), [late]);
      assert.equal((await page(t, "/cases/tasks", zjj)).status, 403);
    });

    await ctx.step(
      "/cases/rates and its CSV: one row per department, Chinese headers, BOM",
      async () => {
        const day = 86_400_000;
        const from = chinaDay(Date.now() - day);
        const to = chinaDay(Date.now() + day);
        const { status, html } = await page(t, `/cases/rates?from=${from}&to=${to}`, leader);
        assert.equal(status, 200);
        assert.match(html, /<th>响应率<\/th>/);
        // zjj: 5 dispatched, 4 signed in time; replies due later, so on time; no callbacks yet.
        assert.match(
          html,
          /<td>市住房和城乡建设局<\/td><td class="num">5<\/td><td class="num">4<\/td><td class="num">80\.0%<\/td><td class="num">100\.0%<\/td><td class="num">0<\/td><td class="num">—<\/td>/,
        );
        assert.match(html, new RegExp(`href="/cases/rates.csv\\?from=${from}&amp;to=${to}"`));
        assert.equal((await page(t, "/cases/rates", leader)).status, 200, "this month by default");
        const bad = await page(t, `/cases/rates?from=${to}&to=${from}`, leader);
        assert.equal(bad.status, 400);
        assert.match(bad.html, /起始日期须不晚于结束日期/);
        assert.equal((await page(t, "/cases/rates", agent)).status, 403);

        const res = await t.request(`/cases/rates.csv?from=${from}&to=${to}`, {}, leader);
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type")!, /text\/csv; charset=utf-8/);
        const bytes = new Uint8Array(await res.arrayBuffer());
        assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
        const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
        assert.equal(
          lines[0],
          "承办单位,派单数,按时签收,响应率,按期办结率,回访数,解决率,满意率,在办,即将到期,已超期",
        );
        assert.deepEqual(
          lines.slice(1).map((l) => l.split(",")[0]).sort(),
          [
            "市交通运输局",
            "市住房和城乡建设局",
          ].sort(),
        );
        const zjjLine = lines.find((l) => l.startsWith("市住房和城乡建设局"))!;
        assert.equal(zjjLine, "市住房和城乡建设局,5,4,80.0%,100.0%,0,—,—,3,1,1");
        assert.equal((await t.request(`/cases/rates.csv?from=x`, {}, leader)).status, 400);
        assert.equal((await t.request(`/cases/rates.csv`, {}, zjj)).status, 403);
      },
    );

    await ctx.step(
      "/lookup works signed out; a wrong number and a wrong phone read the same",
      async () => {
        const blank = await page(t, "/lookup");
        assert.equal(blank.status, 200);
        assert.match(blank.html, /<form method="get" action="\/lookup"/);
        assert.doesNotMatch(blank.html, /class="topnav"/);

        const found = await page(t, `/lookup?number=${reviewed}&phone_last4=6666`);
        assert.equal(found.status, 200);
        assert.match(found.html, /data-testid="lookup-result"/);
        assert.match(found.html, /<dd>投诉<\/dd>/);
        assert.match(found.html, /已答复/);
        assert.ok(found.html.includes(REPLY.opinion));
        assert.ok(found.html.includes(REPLY.unit));
        assert.ok(!found.html.includes("13600006666"));

        const wrongPhone = await page(t, `/lookup?number=${reviewed}&phone_last4=6667`);
        const digit = `${reviewed.slice(0, 7)}${(Number(reviewed[7]) + 1) % 10}`;
        const wrongNumber = await page(t, `/lookup?number=${digit}&phone_last4=6666`);
        const garbage = await page(t, `/lookup?number=${"9".repeat(5000)}&phone_last4=x`);
        for (const r of [wrongPhone, wrongNumber, garbage]) {
          assert.equal(r.status, 404);
          assert.match(r.html, /工单编号或电话号码不对/);
          assert.doesNotMatch(r.html, /lookup-result/);
        }
        const message = (html: string) => html.match(/data-testid="lookup-miss">([^<]*)</)![1];
        assert.equal(message(wrongPhone.html), message(wrongNumber.html));

        const signedIn = await page(t, `/lookup?number=${late}&phone_last4=5678`, agent);
        assert.equal(signedIn.status, 200);
        assert.match(signedIn.html, /class="topnav"/);
        assert.match(signedIn.html, /办理中/);
      },
    );

    await ctx.step("signed out, staff pages go to sign-in", async () => {
      for (const path of ["/cases", "/dept", "/cases/tasks", "/cases/rates"]) {
        const res = await t.request(path, { headers: { accept: "text/html" } });
        assert.equal(res.status, 303, path);
        assert.match(res.headers.get("location")!, /^\/login\?next=/);
      }
    });
  } finally {
    await t.dispose();
  }
});
