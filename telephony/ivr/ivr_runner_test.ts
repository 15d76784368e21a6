import assert from "node:assert/strict";
import { caseNumber } from "../../server/cases/case_number.ts";
import { digitsZh } from "../tts/say_numbers.ts";
import { DEFAULT_TREE } from "./default_tree.ts";
import { CallerHungUp, type IvrIo, type IvrServices, type QueueState } from "./ivr_io.ts";
import { IvrRunner, ruleHolds } from "./ivr_runner.ts";
import type { IvrTree } from "./ivr_tree.ts";

/** Noon China time on a Wednesday: day service. */
const NOON = Date.UTC(2026, 10, 25, 4, 0, 0);

/**
 * A caller who typed every key ahead; each say takes 1 s of fake time. When the keys run out,
 * a collect times out; `hangUpAfter` keys, the caller hangs up.
 */
function fakeCall(
  keys: string,
  opts: {
    hangUpAfterSays?: number;
    recordMs?: number;
    start?: number;
    hangUpInRecord?: boolean;
    /** Keys are heard in a queue only after this long (the caller waits before pressing). */
    holdKeysAfterMs?: number;
    tree?: IvrTree;
    caller?: string;
    /** requestCallback finds the call answered already (null). */
    callbackRace?: boolean;
  } = {},
) {
  let clock = opts.start ?? NOON;
  const buffer = [...keys];
  const said: string[] = [];
  let hungUp = false;
  const check = () => {
    // A runaway menu ends too: the fake caller hangs up after 200 prompts at the latest.
    if (said.length >= (opts.hangUpAfterSays ?? 200)) {
      throw new CallerHungUp();
    }
  };
  const io: IvrIo = {
    say(text) {
      check();
      said.push(text);
      clock += 1000;
      return Promise.resolve();
    },
    sayDigits(digits) {
      check();
      said.push(digitsZh(digits));
      return Promise.resolve();
    },
    beep: () => Promise.resolve(),
    collect({ max, terminator }) {
      check();
      let out = "";
      while (buffer.length > 0 && out.length < max) {
        const k = buffer.shift()!;
        if (k === terminator) break;
        out += k;
      }
      return Promise.resolve(out);
    },
    peek: () => buffer[0] ?? null,
    flush: () => {},
    record({ terminator }) {
      check();
      while (buffer.length > 0 && buffer.shift() !== terminator);
      clock += opts.recordMs ?? 5000;
      if (opts.hangUpInRecord) opts.hangUpAfterSays = said.length;
      return Promise.resolve({
        audio: new Uint8Array(40_000),
        codec: "PCMU",
        ms: opts.recordMs ?? 5000,
        hungUp: opts.hangUpInRecord,
      });
    },
    playRecording: () => Promise.resolve(),
    stopPlayback: () => {},
    hold() {
      check();
      clock += 1000;
      if (clock - (opts.start ?? NOON) < (opts.holdKeysAfterMs ?? 0)) return Promise.resolve(null);
      // Only the keys the queue listens for are taken: the rest is typed ahead for later menus.
      return Promise.resolve(buffer[0] === "1" || buffer[0] === "2" ? buffer.shift()! : null);
    },
    hangup() {
      hungUp = true;
      return Promise.resolve();
    },
  };
  const log: string[] = [];
  const queueStates: QueueState[] = [];
  const services: IvrServices = {
    now: () => clock,
    registerRecording(i) {
      log.push(`register ${i.purpose} ${i.caseType} ${i.recording.ms}`);
      return Promise.resolve({ caseNumber: caseNumber(16) });
    },
    caseStatus(n, caller) {
      log.push(`status ${n} ${caller}`);
      return Promise.resolve(
        n === caseNumber(16)
          ? {
            status: "已答复",
            reply: { opinion: "已修复路灯", unit: "市住建局", reply_date: "2026-11-20" },
          }
          : null,
      );
    },
    saveSurvey(i) {
      log.push(`survey ${i.survey} ${i.score} ${i.acdCallId}`);
      return Promise.resolve();
    },
    enqueue(queue) {
      log.push(`enqueue ${queue}`);
      return Promise.resolve(77);
    },
    queueState() {
      return Promise.resolve(
        queueStates.shift() ??
          { state: "queued", endReason: null, answered: false },
      );
    },
    queuePosition: () => Promise.resolve({ position: 3, expectedWaitS: 150 }),
    endCall(id) {
      log.push(`end ${id}`);
      return Promise.resolve();
    },
    abandon(id) {
      log.push(`abandon ${id}`);
      return Promise.resolve();
    },
    requestCallback(i) {
      log.push(`callback ${i.acdCallId} ${i.queue} ${i.waitedS}`);
      return Promise.resolve(opts.callbackRace ? null : { caseNumber: caseNumber(17) });
    },
    connect: null,
  };
  const runner = new IvrRunner(opts.tree ?? DEFAULT_TREE, io, services, {
    caller: opts.caller ?? "13800000000",
    sipCallId: "c1",
  });
  return { runner, said, log, queueStates, hungUp: () => hungUp };
}

Deno.test("[ivr] 1 takes the caller to the general queue and announces the position", async () => {
  const call = fakeCall("1", { hangUpAfterSays: 6 });
  const outcome = await call.runner.run();
  assert.equal(outcome, "abandoned");
  assert.deepEqual(call.log, ["enqueue general", "abandon 77"]);
  assert.ok(
    call.said.some((s) => s.includes("您前面还有二位，预计等待约三分钟")),
    call.said.join("|"),
  );
  assert.deepEqual(call.runner.path.map((s) => s.node), ["hours", "main", "to_person"]);
  assert.equal(call.runner.path[1].digits, "1");
  assert.equal(call.runner.path[2].result, "abandoned");
});

Deno.test("[ivr] 2 1: the mayor's mailbox records a message and reads back the case number", async () => {
  const call = fakeCall("21#");
  assert.equal(await call.runner.run(), "completed");
  assert.deepEqual(call.log, ["register mailbox suggestion 5000"]);
  assert.ok(
    call.said.join("").includes("工单编号是零零零零零一六三重复一遍零零零零零一六三"),
    call.said.join("|"),
  );
  assert.equal(call.runner.caseNumber, caseNumber(16));
  assert.ok(call.hungUp());
});

Deno.test("[ivr] hanging up ends a mailbox message, which is kept; an unconfirmed complaint is not", async () => {
  const mailbox = fakeCall("21", { hangUpInRecord: true });
  assert.equal(await mailbox.runner.run(), "caller_hung_up");
  assert.deepEqual(mailbox.log, ["register mailbox suggestion 5000"]);
  const complaint = fakeCall("22", { hangUpInRecord: true });
  await complaint.runner.run();
  assert.deepEqual(complaint.log, []);
});

Deno.test("[ivr] 2 2: a recorded complaint is registered only after 1 confirms; 3 cancels", async () => {
  const confirmed = fakeCall("22#21");
  await confirmed.runner.run();
  assert.deepEqual(confirmed.log, ["register complaint complaint 5000"]);
  const cancelled = fakeCall("22#3");
  await cancelled.runner.run();
  assert.deepEqual(cancelled.log, []);
  assert.equal(cancelled.runner.path.find((s) => s.node === "complaint")?.result, "cancelled");
});

Deno.test("[ivr] 2 3: a wrong check digit asks again; the right number reads the status and reply", async () => {
  const good = caseNumber(16);
  const bad = good.slice(0, 7) + String((Number(good[7]) + 1) % 10);
  const call = fakeCall(`23${bad}#${good}#1`, { hangUpAfterSays: 12 });
  await call.runner.run();
  assert.ok(call.said.includes("您输入的工单编号有误，请重新输入。"));
  assert.deepEqual(call.log, [`status ${good} 13800000000`]);
  assert.ok(call.said.join("").includes("工单零零零零零一六三的办理状态为：已答复。"));
  assert.ok(call.said.some((s) => s.includes("市住建局答复如下：已修复路灯")));
  const query = call.runner.path.find((s) => s.node === "query")!;
  assert.equal(query.result, `found:${good}`);
  assert.equal(query.digits, `${bad} ${good} 1`);
});

Deno.test("[ivr] 2 5: the opinion survey stores 1–5 and ignores other keys", async () => {
  const call = fakeCall("2574", { hangUpAfterSays: 12 });
  await call.runner.run();
  assert.deepEqual(call.log, ["survey opinion 4 null"]);
});

Deno.test("[ivr] 0 reaches a person from a sub-menu, a prompt and a confirmation", async () => {
  for (const keys of ["20", "240", "23*"]) {
    const call = fakeCall(keys, { hangUpAfterSays: 8 });
    await call.runner.run();
    assert.deepEqual(call.log.slice(0, 1), ["enqueue general"], keys);
  }
});

Deno.test("[ivr] 9 switches to English and the English queue", async () => {
  const call = fakeCall("91", { hangUpAfterSays: 5 });
  await call.runner.run();
  assert.deepEqual(call.log[0], "enqueue english");
  assert.ok(call.said.some((s) => s.startsWith("Welcome")));
});

Deno.test("[ivr] after the agent's call the satisfaction survey is stored with the ACD call", async () => {
  const call = fakeCall("15");
  call.queueStates.push(
    { state: "queued", endReason: null, answered: false },
    { state: "connected", endReason: null, answered: true },
    { state: "ended", endReason: "completed", answered: true },
  );
  assert.equal(await call.runner.run(), "agent");
  assert.deepEqual(call.log, ["enqueue general", "survey satisfaction 5 77"]);
});

Deno.test("[ivr] the ACD's maximum wait sends the caller to the mailbox", async () => {
  const call = fakeCall("1#");
  call.queueStates.push({ state: "ended", endReason: "voicemail", answered: false });
  await call.runner.run();
  assert.deepEqual(call.log, ["enqueue general", "register mailbox suggestion 5000"]);
});

Deno.test("[ivr] silence falls through the menu's retries to a person", async () => {
  const call = fakeCall("", { hangUpAfterSays: 6 });
  await call.runner.run();
  assert.equal(call.log[0], "enqueue general");
  assert.equal(call.runner.path[1].result, "on_fail");
});

Deno.test("ruleHolds() reads China time, days and language", () => {
  const rule = { days: [1, 2, 3, 4, 5], from: "08:00", to: "22:00" };
  assert.equal(ruleHolds(rule, "zh", NOON), true);
  assert.equal(ruleHolds(rule, "zh", NOON + 11 * 3_600_000), false); // 23:00
  assert.equal(ruleHolds(rule, "zh", NOON + 3 * 86_400_000), false); // Saturday
  assert.equal(ruleHolds({ lang: "en" }, "zh", NOON), false);
});

Deno.test("[ivr] night service plays its notice before the main menu", async () => {
  const call = fakeCall("", { hangUpAfterSays: 2, start: NOON + 12 * 3_600_000 });
  await call.runner.run();
  assert.deepEqual(call.runner.path.map((s) => s.node), ["hours", "night", "main"]);
  assert.equal(call.runner.path[0].result, "else");
  assert.ok(call.said[0].startsWith("现在是夜间服务时间"));
});

const OFFER = "让您久等了。如需留言，请按一；如需我们给您回电，请按二；继续等待请不要挂机。";

/** The default tree with the queue's long-wait offer after `s` seconds (null: never). */
function offerAfter(s: number | null): IvrTree {
  const tree = structuredClone(DEFAULT_TREE);
  const queue = tree.nodes.to_person;
  if (queue.kind === "queue") queue.offer_after_s = s;
  return tree;
}

Deno.test("[ivr] a long wait: after offer_after_s, 2 books a callback and the call leaves the queue as such", async () => {
  const call = fakeCall("12", { holdKeysAfterMs: 95_000, hangUpAfterSays: 40 });
  assert.equal(await call.runner.run(), "callback");
  // No abandon: the ACD call ended as a callback; the wait is the time since the offer to the ACD.
  assert.equal(call.log.length, 2);
  assert.equal(call.log[0], "enqueue general");
  const [, id, queue, waited] = call.log[1].split(" ");
  assert.deepEqual([id, queue], ["77", "general"]);
  assert.ok(Number(waited) >= 90 && Number(waited) < 100, waited);
  const offered = call.said.indexOf(OFFER);
  assert.ok(offered > 0, call.said.join("|"));
  assert.equal(call.said.lastIndexOf(OFFER), offered, "offered once");
  assert.ok(call.said.join("").includes("已为您登记回电，工单编号是零零零零零一七"));
  const step = call.runner.path.find((s) => s.node === "to_person")!;
  assert.equal(step.result, `callback:${caseNumber(17)}`);
  assert.match(step.note!, /^offered after 9\d s$/);
  assert.equal(step.digits, "2");
  assert.equal(call.runner.caseNumber, caseNumber(17));
  assert.ok(call.hungUp());
});

Deno.test("[ivr] a long wait: 1 after the offer leaves a message; holding on keeps the caller queued", async () => {
  const message = fakeCall("11#", { holdKeysAfterMs: 95_000, hangUpAfterSays: 40 });
  await message.runner.run();
  assert.deepEqual(message.log, [
    "enqueue general",
    "abandon 77",
    "register mailbox suggestion 5000",
  ]);
  assert.ok(message.said.includes(OFFER));
  // No key: the offer once, the position again every 45 s, still waiting when they hang up.
  const holding = fakeCall("1", { hangUpAfterSays: 30 });
  assert.equal(await holding.runner.run(), "abandoned");
  assert.equal(holding.said.filter((x) => x === OFFER).length, 1);
  assert.deepEqual(holding.log, ["enqueue general", "abandon 77"]);
});

Deno.test("[ivr] a long wait: 2 before the offer, with the offer switched off, or without a number does nothing", async () => {
  const early = fakeCall("12", { hangUpAfterSays: 6 });
  assert.equal(await early.runner.run(), "abandoned");
  assert.ok(!early.log.some((l) => l.startsWith("callback")));
  const never = fakeCall("12", {
    tree: offerAfter(null),
    holdKeysAfterMs: 95_000,
    hangUpAfterSays: 30,
  });
  assert.equal(await never.runner.run(), "abandoned");
  assert.ok(!never.said.includes(OFFER));
  assert.ok(!never.log.some((l) => l.startsWith("callback")));
  const anonymous = fakeCall("12", {
    caller: "anonymous",
    holdKeysAfterMs: 95_000,
    hangUpAfterSays: 30,
  });
  assert.equal(await anonymous.runner.run(), "abandoned");
  assert.ok(anonymous.said.includes("让您久等了。如需留言，请按一；继续等待请不要挂机。"));
  assert.ok(!anonymous.log.some((l) => l.startsWith("callback")));
});

Deno.test("[ivr] a long wait: a short offer_after_s from the tree; an agent answering first wins", async () => {
  const quick = fakeCall("12", {
    tree: offerAfter(10),
    holdKeysAfterMs: 12_000,
    hangUpAfterSays: 20,
  });
  assert.equal(await quick.runner.run(), "callback");
  assert.match(quick.log[1], /^callback 77 general 1\d$/);
  const raced = fakeCall("12", {
    holdKeysAfterMs: 95_000,
    hangUpAfterSays: 40,
    callbackRace: true,
  });
  assert.equal(await raced.runner.run(), "abandoned");
  assert.equal(raced.log[1].split(" ")[0], "callback");
  assert.equal(raced.log[2], "abandon 77");
});
