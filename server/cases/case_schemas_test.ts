import assert from "node:assert/strict";
import { CaseIntake, CHANNELS } from "./case_schemas.ts";

const intake = (channel: string, call_id: number | null) => ({
  type: "complaint",
  channel,
  content: "小区门口路灯坏了三天",
  outcome: "dispatch",
  lead_department_id: 3,
  call_id,
});

Deno.test("CaseIntake links a call to a phone, voicemail or web (/call) case", () => {
  for (const channel of ["phone", "voicemail", "web"]) {
    const r = CaseIntake.safeParse(intake(channel, 42));
    assert.equal(r.success, true, `${channel}: ${JSON.stringify(r.error?.issues)}`);
    assert.equal(r.data!.call_id, 42);
  }
});

Deno.test("CaseIntake refuses a call on a channel that has none (letter, e-mail, …)", () => {
  for (const channel of CHANNELS.filter((c) => !["phone", "voicemail", "web"].includes(c))) {
    const r = CaseIntake.safeParse(intake(channel, 42));
    assert.equal(r.success, false, channel);
    assert.deepEqual(r.error!.issues.map((i) => i.path.join(".")), ["call_id"], channel);
  }
});

Deno.test("CaseIntake takes every channel without a call", () => {
  for (const channel of CHANNELS) {
    assert.equal(CaseIntake.safeParse(intake(channel, null)).success, true, channel);
  }
});
