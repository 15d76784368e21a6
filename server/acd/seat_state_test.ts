import assert from "node:assert/strict";
import { IllegalSeatTransition, transitionSeat, WRAP_MAX_SECONDS } from "./seat_state.ts";
import type { Seat } from "./types.ts";

const T = Date.UTC(2026, 10, 28, 1, 0, 0);
const seat = (state: Seat["state"], extra: Partial<Seat> = {}): Seat => ({
  agentId: 7,
  workNumber: "1007",
  state,
  reason: null,
  since: T,
  readySince: state === "ready" ? T : null,
  callId: null,
  direction: null,
  wrapUntil: null,
  skills: [{ skill: "general", level: 3 }],
  ...extra,
});

Deno.test("transitionSeat() walks a whole inbound call: ring, answer, hold, hang up, wrap up, ready", () => {
  let s = transitionSeat(seat("logged_out"), { type: "login" }, T);
  assert.equal(s.state, "ready");
  s = transitionSeat(s, { type: "reserve", callId: 42 }, T + 1000);
  assert.deepEqual(
    [s.state, s.callId, s.readySince],
    ["reserved", 42, T],
    "keeps its idle time while ringing",
  );
  s = transitionSeat(s, { type: "answer" }, T + 3000);
  assert.deepEqual([s.state, s.callId, s.direction], ["on_call", 42, "in"]);
  s = transitionSeat(s, { type: "hold" }, T + 60_000);
  s = transitionSeat(s, { type: "unhold" }, T + 90_000);
  assert.deepEqual([s.state, s.callId], ["on_call", 42]);
  s = transitionSeat(s, { type: "hang_up", wrapUpSeconds: 30 }, T + 120_000);
  assert.deepEqual([s.state, s.callId, s.wrapUntil], ["wrap_up", 42, T + 150_000]);
  s = transitionSeat(s, { type: "wrap_done" }, T + 150_000);
  assert.deepEqual([s.state, s.callId, s.readySince, s.since], [
    "ready",
    null,
    T + 150_000,
    T + 150_000,
  ]);
});

Deno.test("transitionSeat() puts a seat that did not answer into not ready (ring-no-answer)", () => {
  const s = transitionSeat(seat("reserved", { callId: 1 }), { type: "ring_timeout" }, T + 20_000);
  assert.deepEqual([s.state, s.reason, s.callId], ["not_ready", "ring_no_answer", null]);
});

Deno.test("transitionSeat() keeps a released seat's idle time: the caller hung up, not the agent", () => {
  const s = transitionSeat(seat("reserved", { callId: 1, readySince: T - 5000 }), {
    type: "release",
  }, T);
  assert.deepEqual([s.state, s.readySince], ["ready", T - 5000]);
});

Deno.test("transitionSeat() refuses illegal steps, naming the state", () => {
  assert.throws(
    () => transitionSeat(seat("on_call", { callId: 1 }), { type: "logout" }, T),
    IllegalSeatTransition,
  );
  assert.throws(
    () => transitionSeat(seat("ready"), { type: "answer" }, T),
    /seat is ready; answer is allowed from reserved/,
  );
  assert.throws(
    () => transitionSeat(seat("on_call", { callId: 1 }), { type: "force_not_ready" }, T),
    /「通话」/,
  );
  assert.throws(
    () => transitionSeat(seat("logged_out"), { type: "reserve", callId: 3 }, T),
    IllegalSeatTransition,
  );
});

Deno.test("transitionSeat() lets a supervisor force a seat not ready or log it out", () => {
  assert.deepEqual(
    [transitionSeat(seat("ready"), { type: "force_not_ready" }, T).reason],
    ["forced"],
  );
  assert.equal(
    transitionSeat(seat("not_ready", { reason: "break" }), { type: "force_logout" }, T).state,
    "logged_out",
  );
});

Deno.test("transitionSeat() extends after-call work: the deadline moves, the state and its start do not, up to the cap", () => {
  const wrap = seat("wrap_up", { callId: 42, direction: "in", wrapUntil: T + 30_000 });
  const s = transitionSeat(wrap, { type: "extend_wrap", seconds: 60 }, T + 20_000);
  assert.deepEqual([s.state, s.since, s.callId, s.wrapUntil], ["wrap_up", T, 42, T + 90_000]);
  // Near the cap it stops at since + WRAP_MAX_SECONDS; at the cap it is refused.
  const near = seat("wrap_up", { callId: 42, wrapUntil: T + (WRAP_MAX_SECONDS - 10) * 1000 });
  const capped = transitionSeat(near, { type: "extend_wrap", seconds: 60 }, T + 1000);
  assert.equal(capped.wrapUntil, T + WRAP_MAX_SECONDS * 1000);
  assert.throws(
    () => transitionSeat(capped, { type: "extend_wrap", seconds: 30 }, T + 2000),
    IllegalSeatTransition,
  );
  // Only in after-call work.
  assert.throws(
    () => transitionSeat(seat("on_call", { callId: 42 }), { type: "extend_wrap", seconds: 30 }, T),
    IllegalSeatTransition,
  );
});
