import assert from "node:assert/strict";
import { agentShifts, BANK_LOG_HEADER, parseBankLog } from "./bank_log.ts";
import { agentPresence, dayWindow, replay, replayFigures } from "./replay.ts";

const NO_SERVICE = "0:00:00,0:00:00,0,NO_SERVER";
const csv = (...rows: string[]) => [BANK_LOG_HEADER, ...rows].join("\n") + "\n";

// One agent, ANAT, present 10:00:00–10:10:00 (her first and last service).
// 10:00:00 call 1 queues and is answered at once (ANAT is idle), 180 s of service → 10:03:00.
// 10:01:00 call 2 queues; in reality it hung up after 60 s; our ANAT is busy until 10:03:00,
//          so it abandons at 10:02:00 as it did.
// 10:02:30 call 3 queues, high priority; served in reality after 60 s for 120 s. Ours answers it
//          at 10:03:00 (wait 30 s), service 120 s → 10:05:00.
// 10:08:00 call 4: served at once for 120 s → 10:10:00.
const LOG = csv(
  "AA01,1,0,0,PS,2010-08-02,9:59:50,10:00:00,10,10:00:00,10:00:00,0,AGENT,10:00:00,10:03:00,180,ANAT",
  `AA01,2,0,0,PS,2010-08-02,10:00:50,10:01:00,10,10:01:00,10:02:00,60,HANG,${NO_SERVICE}`,
  "AA01,3,0,2,PS,2010-08-02,10:02:20,10:02:30,10,10:02:30,10:03:30,60,AGENT,10:03:30,10:05:30,120,ANAT",
  "AA01,4,0,0,PS,2010-08-02,10:07:50,10:08:00,10,10:08:00,10:08:00,0,AGENT,10:08:00,10:10:00,120,ANAT",
);

Deno.test("replay() answers, queues and abandons as the ACD's router decides, in virtual time", () => {
  const { calls } = parseBankLog(LOG);
  const { facts } = replay(calls, agentShifts(calls));
  const t = (h: number, m: number, s = 0) => Date.UTC(1999, 7, 2, h, m, s);
  assert.deepEqual(
    facts.map((f) => [f.answeredAt, f.endedAt, f.endReason]),
    [
      [t(10, 0), t(10, 3), "completed"],
      [null, t(10, 2), "abandoned"],
      [t(10, 3), t(10, 5), "completed"],
      [t(10, 8), t(10, 10), "completed"],
    ],
  );
  const day = replayFigures(facts, dayWindow("1999-08-02"), 20);
  // SL@20: answered within 20 s are calls 1 and 4 (call 3 waited 30 s); denominator 4 offered.
  assert.deepEqual([day.offered, day.answered, day.abandoned, day.service_level_t], [4, 3, 1, 0.5]);
  assert.equal(day.asa_s, 10); // (0 + 30 + 0) / 3
});

Deno.test("agentPresence() splits a day where the agent was away longer than the gap", () => {
  const { calls } = parseBankLog(LOG);
  const short = agentPresence(calls, 60); // idle 10:05–10:08 is 180 s: away
  assert.deepEqual([...short.get("1999-08-02")!.values()].map((s) => s.calls), [2, 1]);
  const long = agentPresence(calls, 600);
  assert.deepEqual([...long.get("1999-08-02")!.values()].map((s) => s.calls), [3]);
});

Deno.test("the whole August 1999 log replays through the router in well under a minute", async () => {
  const file = new URL("../../../shared/data/bank_call_center_1999_08.csv", import.meta.url);
  const { calls } = parseBankLog(await Deno.readTextFile(file));
  const started = performance.now();
  const { facts, decisions } = replay(calls, agentPresence(calls, 300));
  const ms = performance.now() - started;
  assert.ok(ms < 60_000, `took ${ms} ms`);
  assert.equal(facts.length, 38_710, "every offered call of the log");
  assert.ok(facts.every((f) => f.endedAt !== null), "every call ends");
  assert.ok(decisions > 10_000);
});
