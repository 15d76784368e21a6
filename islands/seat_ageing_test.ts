import assert from "node:assert/strict";
import { mmss, seatAgeing } from "./seat_ageing.ts";

Deno.test("seatAgeing() turns a break amber after 15 minutes and red after 30", () => {
  assert.deepEqual(
    [
      seatAgeing("not_ready", "break", 14 * 60),
      seatAgeing("not_ready", "break", 16 * 60),
      seatAgeing("not_ready", "break", 31 * 60),
    ],
    ["ok", "warn", "bad"],
  );
  assert.equal(seatAgeing("ready", null, 3600), "ok", "waiting for calls never ages");
  assert.equal(seatAgeing("not_ready", "training", 3600), "ok", "no allowance for training");
  assert.equal(seatAgeing("wrap_up", null, 90), "warn");
});

Deno.test("mmss() shows minutes and seconds, hours when needed", () => {
  assert.deepEqual([mmss(5), mmss(125), mmss(3725)], ["00:05", "02:05", "1:02:05"]);
});
