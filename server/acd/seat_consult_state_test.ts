import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import {
  nextStage,
  releaseAction,
  seatActionRefusal,
  type SeatConsultStage,
  type SeatConsultStep,
  targetRefusal,
} from "./seat_consult_state.ts";
import { transitionSeat } from "./seat_state.ts";
import type { Seat } from "./types.ts";

const seat = (workNumber: string, state: Seat["state"], agentId = 2): Seat => ({
  agentId,
  workNumber,
  state,
  reason: null,
  since: 0,
  readySince: state === "ready" ? 0 : null,
  callId: state === "ready" ? null : 7,
  direction: state === "ready" ? null : "in",
  wrapUntil: null,
  skills: [],
});

Deno.test("seat consult: the steps in order, their endings", () => {
  assert.deepEqual(nextStage("ringing", "answer"), { stage: "talking", outcome: null });
  assert.deepEqual(nextStage("talking", "conference"), { stage: "conference", outcome: null });
  assert.deepEqual(nextStage("ringing", "decline"), { stage: null, outcome: "declined" });
  assert.deepEqual(nextStage("ringing", "no_answer"), { stage: null, outcome: "no_answer" });
  assert.deepEqual(nextStage("ringing", "cancel"), { stage: null, outcome: "cancelled" });
  assert.deepEqual(nextStage("talking", "transfer"), { stage: null, outcome: "transferred" });
  assert.deepEqual(nextStage("conference", "transfer"), { stage: null, outcome: "transferred" });
  assert.deepEqual(nextStage("talking", "leave"), { stage: null, outcome: "ended" });
  assert.deepEqual(nextStage("conference", "leave"), { stage: null, outcome: "conference" });
});

Deno.test("seat consult: steps out of order are 409 with a message", () => {
  const refused: [SeatConsultStage, SeatConsultStep][] = [
    ["ringing", "conference"],
    ["ringing", "transfer"],
    ["ringing", "leave"],
    ["talking", "answer"],
    ["talking", "decline"],
    ["conference", "conference"],
    ["conference", "no_answer"],
  ];
  for (const [stage, step] of refused) {
    assert.throws(() => nextStage(stage, step), (e) => e instanceof AppError && e.status === 409);
  }
});

Deno.test("seat consult: only a ready seat other than one's own can be consulted", () => {
  assert.equal(targetRefusal("1001", seat("1002", "ready")), null);
  const self = targetRefusal("1001", seat("1001", "ready"));
  assert.equal(self?.status, 422);
  for (const s of ["not_ready", "on_call", "reserved", "wrap_up", "logged_out"] as const) {
    const e = targetRefusal("1001", seat("1002", s));
    assert.equal(e?.status, 409, s);
    assert.match(e!.message, /坐席 1002 当前为「.+」，不能接受咨询/);
  }
});

Deno.test("seat consult: the consulted seat is let go to ready (ringing keeps its idle time)", () => {
  assert.equal(releaseAction("reserved"), "release");
  assert.equal(releaseAction("on_call"), "consult_done");
  assert.equal(releaseAction("hold"), "consult_done");
  assert.equal(releaseAction("not_ready"), null);
  const talking = { ...seat("1002", "on_call"), since: 10 };
  const after = transitionSeat(talking, { type: "consult_done" }, 5000);
  assert.deepEqual([after.state, after.callId, after.readySince], ["ready", null, 5000]);
  assert.throws(() => transitionSeat(seat("1002", "ready"), { type: "consult_done" }, 1));
});

Deno.test("seat consult: the consulted seat's own ACD buttons and the consulter's hold are refused", () => {
  // B (agent 2) on A's (agent 1) call.
  for (const action of ["answer", "hang_up", "hold", "not_ready", "transfer_seat"]) {
    assert.equal(
      seatActionRefusal(seat("1002", "on_call"), 1, action, false)?.code,
      "consulted_seat",
    );
    assert.equal(
      seatActionRefusal(seat("1002", "reserved"), 1, action, false)?.code,
      "consulted_seat",
    );
  }
  // A on their own call with a consultation open: hang-up goes, hold and transfers wait.
  const a = seat("1001", "on_call", 1);
  assert.equal(seatActionRefusal(a, 1, "hang_up", true), null);
  for (const action of ["hold", "unhold", "transfer", "transfer_seat"]) {
    assert.equal(seatActionRefusal(a, 1, action, true)?.code, "consult_open", action);
    assert.equal(seatActionRefusal(a, 1, action, false), null, action);
  }
  // After-call work of a call transferred away is the agent's own business.
  assert.equal(seatActionRefusal(seat("1001", "wrap_up", 1), 2, "wrap_done", false), null);
});
