import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type AttemptDone, nextStep } from "./callback_schedule.ts";

const policy = { attempts: 3, intervalMs: 600_000 };
const miss = (attempt: number, endedAt: number, sipStatus = 486): AttemptDone => ({
  attempt,
  result: "unreached",
  sipStatus,
  endedAt,
});

Deno.test("callback schedule: busy twice then answered — three calls, ten minutes apart", () => {
  assertEquals(nextStep(policy, []), { kind: "retry", attempt: 1, at: 0 });
  const first = miss(1, 1_000);
  assertEquals(nextStep(policy, [first]), { kind: "retry", attempt: 2, at: 601_000 });
  const second = miss(2, 602_000, 487);
  assertEquals(nextStep(policy, [first, second]), { kind: "retry", attempt: 3, at: 1_202_000 });
  const third: AttemptDone = { attempt: 3, result: "answered", endedAt: 1_300_000 };
  assertEquals(nextStep(policy, [first, second, third]), { kind: "done", outcome: "answered" });
});

Deno.test("callback schedule: gives up after the last attempt", () => {
  assertEquals(nextStep(policy, [miss(1, 0), miss(2, 1), miss(3, 2)]), {
    kind: "done",
    outcome: "unreached",
  });
  assertEquals(nextStep({ attempts: 1, intervalMs: 5 }, [miss(1, 0)]), {
    kind: "done",
    outcome: "unreached",
  });
});

Deno.test("callback schedule: a number the network rejects is not called again", () => {
  for (const status of [404, 484, 604]) {
    assertEquals(nextStep(policy, [miss(1, 0, status)]), { kind: "done", outcome: "failed" });
  }
  // Temporarily unavailable, the trunk overloaded, a decline: worth another try.
  for (const status of [480, 503, 603, 408]) {
    assertEquals(nextStep(policy, [miss(1, 0, status)]).kind, "retry");
  }
});

Deno.test("callback schedule: our own failures and crashes are retried; a cancelled case is not", () => {
  assertEquals(nextStep(policy, [{ attempt: 1, result: "error", endedAt: 50 }]), {
    kind: "retry",
    attempt: 2,
    at: 600_050,
  });
  assertEquals(
    nextStep(policy, [{ attempt: 1, result: "interrupted", endedAt: 50 }]).kind,
    "retry",
  );
  assertEquals(nextStep(policy, [miss(1, 0), { attempt: 2, result: "cancelled", endedAt: 9 }]), {
    kind: "done",
    outcome: "cancelled",
  });
  // Answered without keys counts as unreached (no SIP status): retried.
  assertEquals(nextStep(policy, [{ attempt: 1, result: "unreached", endedAt: 0 }]).kind, "retry");
});
