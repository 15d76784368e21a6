import assert from "node:assert/strict";
import { dialable, dialResult } from "./outbound_leg.ts";
import { maskNumber } from "../../server/acd/outbound_calls.ts";

Deno.test("dialResult: busy, no answer, refused for good, anything else failed", () => {
  assert.equal(dialResult(486), "busy");
  assert.equal(dialResult(600), "busy");
  for (const s of [408, 480, 487]) assert.equal(dialResult(s), "no_answer");
  for (const s of [403, 404, 484, 488, 603, 604]) assert.equal(dialResult(s), "rejected");
  for (const s of [500, 502, 503]) assert.equal(dialResult(s), "failed");
});

Deno.test("dialable: digits with an optional +, spaces and dashes dropped; anything else refused", () => {
  assert.equal(dialable("138 0013-8000"), "13800138000");
  assert.equal(dialable("+8613800138000"), "+8613800138000");
  for (const bad of ["", "12", "abc", "138;user=phone", "1".repeat(21), "+"]) {
    assert.equal(dialable(bad), null, bad);
  }
});

Deno.test("maskNumber: the agent sees 3 and 4 digits of a citizen's number", () => {
  assert.equal(maskNumber("13800138000"), "138****8000");
  assert.equal(maskNumber("12345"), "***45");
});
