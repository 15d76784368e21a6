import assert from "node:assert/strict";
import { type CallPhase, hears, type MonitorMode, type Party } from "./who_hears.ts";

const caller: Party = { role: "caller" };
const agent: Party = { role: "agent" };
const recorder: Party = { role: "recorder" };
const sup = (mode: MonitorMode): Party => ({ role: "supervisor", mode });

/** Every party a listener hears, as a sorted list of names. */
function heardBy(listener: Party, parties: Record<string, Party>, phase: CallPhase): string[] {
  return Object.entries(parties).filter(([, p]) => p !== listener && hears(listener, p, phase))
    .map(([name]) => name).sort();
}

Deno.test("hears() on a talking call: caller and agent hear each other, the recorder both", () => {
  const parties = { caller, agent, recorder };
  assert.deepEqual(heardBy(caller, parties, "talking"), ["agent"]);
  assert.deepEqual(heardBy(agent, parties, "talking"), ["caller"]);
  assert.deepEqual(heardBy(recorder, parties, "talking"), ["agent", "caller"]);
});

Deno.test("hears() while waiting or held: nobody hears the other side", () => {
  for (const phase of ["waiting", "held"] as const) {
    assert.equal(hears(caller, agent, phase), false);
    assert.equal(hears(agent, caller, phase), false);
    assert.equal(hears(recorder, caller, phase), false);
  }
});

Deno.test("hears() per monitor mode: listen, whisper, barge", () => {
  const expected: Record<MonitorMode, Record<string, string[]>> = {
    listen: { caller: ["agent"], agent: ["caller"], supervisor: ["agent", "caller"] },
    whisper: {
      caller: ["agent"],
      agent: ["caller", "supervisor"],
      supervisor: ["agent", "caller"],
    },
    barge: {
      caller: ["agent", "supervisor"],
      agent: ["caller", "supervisor"],
      supervisor: ["agent", "caller"],
    },
  };
  for (const mode of ["listen", "whisper", "barge"] as const) {
    const supervisor = sup(mode);
    const parties = { caller, agent, supervisor };
    for (const [name, listener] of Object.entries(parties)) {
      assert.deepEqual(
        heardBy(listener, parties, "talking"),
        expected[mode][name],
        `${mode} ${name}`,
      );
    }
    assert.equal(hears(recorder, supervisor, "talking"), mode === "barge", `recorder in ${mode}`);
  }
});

Deno.test("hears() music on hold: only the caller, only while held, never recorded", () => {
  const music: Party = { role: "music" };
  const parties = { caller, agent, music, recorder, supervisor: sup("barge") };
  assert.deepEqual(heardBy(caller, parties, "held"), ["music"]);
  assert.deepEqual(heardBy(agent, parties, "held"), ["supervisor"]);
  assert.deepEqual(heardBy(sup("listen"), parties, "held"), ["agent"]);
  assert.deepEqual(heardBy(recorder, parties, "held"), []);
  for (const phase of ["waiting", "talking"] as const) {
    for (const listener of [caller, agent, recorder, sup("listen")]) {
      assert.equal(hears(listener, music, phase), false, `${listener.role} ${phase}`);
    }
  }
});
