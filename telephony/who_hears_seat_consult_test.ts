import assert from "node:assert/strict";
import { roomPhase } from "./seat_consult.ts";
import { type CallPhase, hears, type Party } from "./who_hears.ts";

/** 内部咨询: B (another seat's browser) is the room's `third` party until a transfer. */
const caller: Party = { role: "caller" };
const a: Party = { role: "agent" };
const b: Party = { role: "third" };
const music: Party = { role: "music" };
const recorder: Party = { role: "recorder" };

function heard(listener: Party, parties: Record<string, Party>, phase: CallPhase): string[] {
  return Object.entries(parties).filter(([, p]) => p !== listener && hears(listener, p, phase))
    .map(([n]) => n).sort();
}

const all = { caller, a, b, music, recorder };

Deno.test("seat consult, ringing: B hears nobody before answering, the caller hears music", () => {
  const phase = roomPhase("ringing");
  assert.equal(phase, "held");
  assert.deepEqual(heard(b, all, phase), []);
  assert.deepEqual(heard(a, all, phase), []);
  assert.deepEqual(heard(caller, all, phase), ["music"]);
  assert.deepEqual(heard(recorder, all, phase), []);
});

Deno.test("seat consult, answered: A and B hear each other, the caller music only", () => {
  const phase = roomPhase("talking");
  assert.deepEqual(heard(a, all, phase), ["b"]);
  assert.deepEqual(heard(b, all, phase), ["a"]);
  assert.deepEqual(heard(caller, all, phase), ["music"]);
  assert.deepEqual(heard(recorder, all, phase), ["a", "b"]);
});

Deno.test("seat consult, conference: everyone hears the two others", () => {
  const phase = roomPhase("conference");
  assert.deepEqual(heard(a, all, phase), ["b", "caller"]);
  assert.deepEqual(heard(b, all, phase), ["a", "caller"]);
  assert.deepEqual(heard(caller, all, phase), ["a", "b"]);
});

Deno.test("seat consult, transferred: B becomes the agent, caller and B talk, A is gone", () => {
  const phase = roomPhase(null);
  assert.equal(phase, "talking");
  const bAsAgent: Party = { role: "agent" };
  const after = { caller, b: bAsAgent, music, recorder };
  assert.deepEqual(heard(caller, after, phase), ["b"]);
  assert.deepEqual(heard(bAsAgent, after, phase), ["caller"]);
  assert.deepEqual(heard(recorder, after, phase), ["b", "caller"]);
  // A whisper reaches B now, as any agent.
  assert.ok(hears(bAsAgent, { role: "supervisor", mode: "whisper" }, phase));
});

Deno.test("seat consult, cancelled: back to caller and A; B (if still in the room) hears nobody", () => {
  const phase = roomPhase(null);
  assert.deepEqual(heard(caller, all, phase), ["a"]);
  assert.deepEqual(heard(b, all, phase), []);
});
