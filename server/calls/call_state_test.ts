import assert from "node:assert/strict";
import { IllegalCallStep, nextCallState } from "./call_state.ts";

Deno.test("nextCallState() follows queued → ringing → connected → ended", () => {
  assert.equal(nextCallState("queued", "ring"), "ringing");
  assert.equal(nextCallState("ringing", "answer"), "connected");
  assert.equal(nextCallState("connected", "end"), "ended");
  assert.equal(nextCallState("ringing", "queue"), "queued");
});

Deno.test("nextCallState() refuses to revive an ended call", () => {
  assert.throws(() => nextCallState("ended", "answer"), IllegalCallStep);
  assert.throws(() => nextCallState("ended", "end"), /cannot end a call that is ended/);
  assert.throws(() => nextCallState("connected", "ring"), IllegalCallStep);
});
