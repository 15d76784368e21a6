/**
 * 内部咨询 in Chromium: a web caller answered by seat 1001 consults seat 1002 (a second browser):
 * while consulting A and B hear each other and the caller receives music only; in conference
 * everyone receives the two others; after the transfer A receives nothing, caller and B talk, the
 * call is B's (row, seats, audit) and B's case form has it; recorded to the end. Then on a second
 * call: B declines, B lets it ring out, B answers and A cancels — each time the caller is back
 * with A and B is ready. Refusals: not ready, oneself, bad input, another role, no call.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { buildIslands } from "../server/build_islands.ts";
import { SeatConsults } from "../telephony/seat_consult.ts";
import { launchChromium, MEDIA_FLAGS, openSignedIn } from "./browser.ts";
import { USER_OF } from "./harness.ts";
import { dialFromBrowser, inboundAudio, startMediaApp, waitFor } from "./media_harness.ts";
import { completedRecordingRms } from "./seat_calls_harness.ts";

type Pages = Record<string, Page>;

/** Packets each page received from each party over `ms` (absent: nothing consumed). */
async function flow(pages: Pages, ms = 800): Promise<Record<string, Record<string, number>>> {
  const read = async () => {
    const out: Record<string, Record<string, number>> = {};
    for (const [name, p] of Object.entries(pages)) {
      const s = await inboundAudio(p);
      out[name] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.packets]));
    }
    return out;
  };
  const a = await read();
  await new Promise((r) => setTimeout(r, ms));
  const b = await read();
  const d: Record<string, Record<string, number>> = {};
  for (const name of Object.keys(b)) {
    d[name] = {};
    for (const k of Object.keys(b[name])) d[name][k] = b[name][k] - (a[name]?.[k] ?? 0);
  }
  return d;
}

/** Waits until `who` receives at least 20 packets in 0.8 s from each of `from`, none from `not`. */
async function hearsOnly(pages: Pages, expect: Record<string, string[]>) {
  return await waitFor(
    "who hears whom",
    () => flow(pages),
    (d) =>
      Object.entries(expect).every(([who, from]) => {
        const got = d[who] ?? {};
        const loud = Object.entries(got).filter(([, n]) => n >= 20).map(([k]) => k).sort();
        const quiet = Object.entries(got).filter(([, n]) => n > 3).map(([k]) => k).sort();
        return JSON.stringify(loud) === JSON.stringify([...from].sort()) &&
          JSON.stringify(quiet) === JSON.stringify([...from].sort());
      }),
    15_000,
  );
}

Deno.test({
  name: "[media] 内部咨询: consult seat 1002, conference, transfer; decline, ring-out, cancel",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let consults: SeatConsults | undefined;
    const t = await startMediaApp({}, ({ db, services, hub, media }) => {
      consults = new SeatConsults({
        db,
        acd: services.acd,
        hub,
        media,
        pii: services.pii,
        ringSeconds: 4,
      });
      return { seatConsults: consults };
    });
    await buildIslands();
    const browser = await launchChromium(MEDIA_FLAGS);
    try {
      // Agent 1002 gets a user (the demo has one for 1001 only).
      await t.db.query(
        `insert into users (work_number, name, roles, group_code, password_hash)
         select '1002', (select name from agents where work_number = '1002'), roles, group_code, password_hash
         from users where work_number = '1001'`,
      );
      await t.services.seats.agent(null, "1001", { type: "login" });
      await t.services.seats.agent(null, "1002", { type: "login", reason: "break" });
      const a =
        (await openSignedIn(browser, t.url, "/seat", "1001", undefined, { live: false })).page;
      const b =
        (await openSignedIn(browser, t.url, "/seat", "1002", undefined, { live: false })).page;
      const caller = await browser.newPage();
      await dialFromBrowser(caller, t.url);
      await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", { timeout: 15_000 });
      const [call] = await t.db.query<{ id: number }>(
        "select id from calls order by id desc limit 1",
      );
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await hearsOnly({ a, caller }, { a: ["caller"], caller: ["agent"] });

      // Refusals.
      const sa = await t.signIn("1001");
      const sb = await t.signIn("1002");
      const post = (body: unknown, as = sa) =>
        t.request("/api/seat/seat-consult", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }, as);
      const notReady = await post({ action: "start", to: "1002" });
      assert.equal(notReady.status, 409);
      assert.match((await notReady.json()).error.message, /坐席 1002 当前为「示忙」，不能接受咨询/);
      assert.equal((await post({ action: "start", to: "1001" })).status, 422);
      assert.equal((await post({ action: "start", to: "12a" })).status, 400);
      assert.equal((await post({ action: "start", to: "1099" })).status, 404);
      assert.equal(
        (await post({ action: "start", to: "1002" }, await t.signIn(USER_OF.supervisor))).status,
        403,
      );
      assert.equal((await post({ action: "conference" })).status, 409);
      await t.services.seats.agent(null, "1002", { type: "ready" });
      const noCall = await post({ action: "start", to: "1001" }, sb);
      assert.equal(noCall.status, 409, "B has no call to consult about");
      await noCall.body?.cancel();

      // 咨询: A types 1002; B's seat rings with the consultation (not an ACD call).
      await a.fill("[aria-label=咨询坐席工号]", "1002");
      await a.click("[data-testid=seat-consult] button:has-text('咨询坐席')");
      await b.waitForSelector("[data-testid=seat-consult-in][data-answered=false]", {
        timeout: 10_000,
      });
      const notice = await b.textContent("[data-testid=seat-consult-in]");
      assert.match(
        notice ?? "",
        new RegExp(`咨询来电：坐席 1001 就来电 #${call.id}（139\\*\\*\\*\\*1111）`),
      );
      await b.waitForSelector("[data-testid=seat-state]:has-text('振铃')");
      const buttons = await b.$$eval(
        "[data-testid=seat-panel] > button",
        (bs) => bs.map((x) => x.textContent),
      );
      assert.deepEqual(buttons, [], "no ACD buttons (接听) on a consulted seat");
      const seats = () =>
        t.db.query<{ work_number: string; state: string; call_id: number | null }>(
          `select a.work_number, s.state, s.call_id::int as call_id from seat_states s join agents a on a.id = s.agent_id
           where a.work_number in ('1001', '1002') order by 1`,
        );
      assert.deepEqual((await seats()).map((s) => s.state), ["on_call", "reserved"]);
      const acdAnswer = await t.request("/api/seat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action: "answer" }),
      }, sb);
      assert.equal(acdAnswer.status, 409, "B's ACD buttons are refused while consulted");
      await acdAnswer.body?.cancel();
      await b.waitForSelector("[data-testid=seat-audio][data-phase=held]", { timeout: 10_000 });

      await b.click("[data-testid=seat-consult-in] button:has-text('接听咨询')");
      await a.waitForSelector("[data-testid=seat-consult-out]:has-text('内部咨询中')");
      const consulting = await hearsOnly({ a, b, caller }, {
        a: ["third"],
        b: ["agent"],
        caller: ["music"],
      });
      console.log("consulting:", JSON.stringify(consulting));
      const hold = await t.db.query<{ state: string }>("select state from calls where id = $1", [
        call.id,
      ]);
      assert.equal(hold[0].state, "held");

      // 三方通话: everyone receives the two others, no music.
      await a.click("[data-testid=seat-consult-out-actions] button:has-text('三方通话')");
      const conference = await hearsOnly({ a, b, caller }, {
        a: ["caller", "third"],
        b: ["agent", "caller"],
        caller: ["agent", "third"],
      });
      console.log("conference:", JSON.stringify(conference));

      // 转接: A leaves (after-call work), the call is B's, caller and B talk.
      await a.click("[data-testid=seat-consult-out-actions] button:has-text('转接给该坐席')");
      await a.waitForSelector("[data-testid=seat-consult-out][data-outcome=transferred]");
      const transferred = await hearsOnly({ a, b, caller }, {
        a: [],
        b: ["caller"],
        caller: ["third"],
      });
      console.log("transferred:", JSON.stringify(transferred));
      assert.deepEqual(
        (await seats()).map((s) => [s.work_number, s.state, s.call_id]),
        [["1001", "wrap_up", call.id], ["1002", "on_call", call.id]],
      );
      const [row] = await t.db.query<{ agent: string; state: string }>(
        "select a.work_number as agent, k.state from calls k join agents a on a.id = k.agent_id where k.id = $1",
        [call.id],
      );
      assert.deepEqual(row, { agent: "1002", state: "connected" });
      // B's panel is an ordinary call now, and the case form has it.
      await b.waitForSelector("[data-testid=seat-panel] button:has-text('挂断')", {
        timeout: 10_000,
      });
      await waitFor(
        "B's form to take the call",
        () => b.inputValue("#i-channel"),
        (v) => v === "web",
      );
      const audit = await t.db.query<{ action: string; actor: string }>(
        "select action, actor from audit_log where object_type = 'call' and object_id = $1 and action like 'consult.%' order by id",
        [String(call.id)],
      );
      assert.deepEqual(audit.map((r) => `${r.action}:${r.actor}`), [
        "consult.start:1001",
        "consult.answer:1002",
        "consult.conference:1001",
        "consult.transfer:1001",
      ]);
      const events = await t.db.query<{ type: string }>(
        "select type from events where topic = 'call' and subject = $1 and type like 'call.con%' order by id",
        [String(call.id)],
      );
      assert.deepEqual(events.map((e) => e.type), [
        "call.consult_started",
        "call.consult_ringing",
        "call.consult_answered",
        "call.conference_started",
        "call.consult_transferred",
      ]);

      // B hangs up: the call ends, one recording with both sides.
      await new Promise((r) => setTimeout(r, 800));
      await b.click("[data-testid=seat-panel] button:has-text('挂断')");
      await caller.waitForSelector("[data-testid=web-caller][data-phase=ended]");
      const rms = await completedRecordingRms(t, call.id);
      assert.ok(rms.left > 50 && rms.right > 50, JSON.stringify(rms));
      assert.equal((await seats())[1].state, "wrap_up");

      // A second call: decline, ring-out, cancel.
      await t.services.seats.agent(null, "1002", { type: "wrap_done" });
      await t.services.seats.agent(null, "1002", { type: "not_ready", reason: "break" });
      await t.services.seats.agent(null, "1001", { type: "wrap_done" });
      await dialFromBrowser(caller, t.url, "13900002222");
      await a.waitForSelector("[data-testid=seat-panel] button:has-text('接听')", {
        timeout: 15_000,
      });
      const [call2] = await t.db.query<{ id: number }>(
        "select id from calls order by id desc limit 1",
      );
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await hearsOnly({ a, caller }, { a: ["caller"], caller: ["agent"] });
      await t.services.seats.agent(null, "1002", { type: "ready" });

      const consult = async () => {
        assert.equal((await post({ action: "start", to: "1002" })).status, 202);
        await b.waitForSelector("[data-testid=seat-consult-in][data-answered=false]", {
          timeout: 10_000,
        });
      };
      const backWithA = async (outcome: string) => {
        await a.waitForSelector(`[data-testid=seat-consult-out][data-outcome=${outcome}]`, {
          timeout: 10_000,
        });
        await hearsOnly({ a, caller }, { a: ["caller"], caller: ["agent"] });
        assert.deepEqual((await seats()).map((s) => s.state), ["on_call", "ready"]);
        const [k] = await t.db.query<{ state: string; hold_ms: number }>(
          "select state, hold_ms::int from calls where id = $1",
          [call2.id],
        );
        assert.equal(k.state, "connected");
        return k.hold_ms;
      };
      await consult();
      await b.click("[data-testid=seat-consult-in] button:has-text('拒绝')");
      const held1 = await backWithA("declined");
      assert.match(await a.textContent("[data-testid=seat-consult-out]") ?? "", /拒绝了咨询/);
      assert.ok(held1 > 0, "the consultation counts as hold time");
      await consult();
      const rang = performance.now();
      await backWithA("no_answer");
      assert.ok(performance.now() - rang > 3000, "rang for its 4 s");
      await consult();
      await b.click("[data-testid=seat-consult-in] button:has-text('接听咨询')");
      await hearsOnly({ a, b, caller }, { a: ["third"], b: ["agent"], caller: ["music"] });
      await a.click("[data-testid=seat-consult-out-actions] button:has-text('取消咨询')");
      await backWithA("cancelled");
      await waitFor(
        "B to leave the room",
        () => inboundAudio(b),
        (s) => Object.keys(s).length === 0,
      );
      const audit2 = await t.db.query<{ action: string; actor: string }>(
        "select action, actor from audit_log where object_type = 'call' and object_id = $1 and action like 'consult.%' order by id",
        [String(call2.id)],
      );
      assert.deepEqual(audit2.map((r) => `${r.action}:${r.actor}`), [
        "consult.start:1001",
        "consult.decline:1002",
        "consult.start:1001",
        "consult.no_answer:system",
        "consult.start:1001",
        "consult.answer:1002",
        "consult.cancel:1001",
      ]);
      const rows = await t.db.query<{ outcome: string; to_agent: string }>(
        "select outcome, to_agent from call_consults where call_id = $1 order by id",
        [call2.id],
      );
      assert.deepEqual(rows.map((r) => r.outcome), ["declined", "no_answer", "cancelled"]);
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await caller.waitForSelector("[data-testid=web-caller][data-phase=ended]");
    } finally {
      consults?.stop();
      await browser.close();
      await t.dispose();
    }
  },
});
