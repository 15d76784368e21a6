import assert from "node:assert/strict";
import { type CallPhase, hears, type MonitorMode, type Party } from "./who_hears.ts";

const caller: Party = { role: "caller" };
const agent: Party = { role: "agent" };
const third: Party = { role: "third" };
const recorder: Party = { role: "recorder" };
const music: Party = { role: "music" };
const sup = (mode: MonitorMode): Party => ({ role: "supervisor", mode });

function heardBy(listener: Party, parties: Record<string, Party>, phase: CallPhase): string[] {
  return Object.entries(parties).filter(([, p]) => p !== listener && hears(listener, p, phase))
    .map(([name]) => name).sort();
}

const parties = { caller, agent, third, music, recorder };

Deno.test("hears() while consulting: the caller hears only music, agent and third party each other", () => {
  assert.deepEqual(heardBy(caller, parties, "consulting"), ["music"]);
  assert.deepEqual(heardBy(agent, parties, "consulting"), ["third"]);
  assert.deepEqual(heardBy(third, parties, "consulting"), ["agent"]);
  // The consultation is part of the call's record; the music is not.
  assert.deepEqual(heardBy(recorder, parties, "consulting"), ["agent", "third"]);
});

Deno.test("hears() in conference: all three hear each other, the recording has all three", () => {
  assert.deepEqual(heardBy(caller, parties, "conference"), ["agent", "third"]);
  assert.deepEqual(heardBy(agent, parties, "conference"), ["caller", "third"]);
  assert.deepEqual(heardBy(third, parties, "conference"), ["agent", "caller"]);
  assert.deepEqual(heardBy(recorder, parties, "conference"), ["agent", "caller", "third"]);
});

Deno.test("hears() after a transfer out: caller and third party, the agent nowhere", () => {
  assert.deepEqual(heardBy(caller, parties, "transferred"), ["third"]);
  assert.deepEqual(heardBy(third, parties, "transferred"), ["caller"]);
  assert.deepEqual(heardBy(agent, parties, "transferred"), []);
  assert.deepEqual(heardBy(recorder, parties, "transferred"), ["caller", "third"]);
});

Deno.test("hears() the third party is silent to everyone outside the consultation phases", () => {
  for (const phase of ["waiting", "talking", "held"] as const) {
    for (const listener of [caller, agent, recorder]) {
      assert.equal(hears(listener, third, phase), false, `${listener.role} in ${phase}`);
    }
    assert.deepEqual(heardBy(third, parties, phase), []);
  }
});

Deno.test("hears() a supervisor in conference: listen is silent, whisper reaches the agent, barge all", () => {
  const expected: Record<MonitorMode, Record<string, string[]>> = {
    listen: { caller: ["agent", "third"], agent: ["caller", "third"], third: ["agent", "caller"] },
    whisper: {
      caller: ["agent", "third"],
      agent: ["caller", "supervisor", "third"],
      third: ["agent", "caller"],
    },
    barge: {
      caller: ["agent", "supervisor", "third"],
      agent: ["caller", "supervisor", "third"],
      third: ["agent", "caller", "supervisor"],
    },
  };
  for (const mode of ["listen", "whisper", "barge"] as const) {
    const all = { caller, agent, third, supervisor: sup(mode) };
    for (const [name, listener] of Object.entries({ caller, agent, third })) {
      assert.deepEqual(
        heardBy(listener, all, "conference"),
        expected[mode][name],
        `${mode} ${name}`,
      );
    }
    // The supervisor hears the whole conference whatever the mode.
    assert.deepEqual(heardBy(all.supervisor, all, "conference"), ["agent", "caller", "third"]);
  }
});
