import assert from "node:assert/strict";
import { call, complaint, departmentId, leafCategory, ok, REPLY } from "./case_api.ts";
import { startTestApp, type TestApp } from "./harness.ts";

async function count(t: TestApp, table: string): Promise<number> {
  const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return n;
}

Deno.test("[cases] side paths: answered at once, return approved and refused, re-route, merge keeps contacts", async () => {
  const t = await startTestApp();
  try {
    const [agent, zjj, jtj] = await Promise.all([
      t.signIn("1001"),
      t.signIn("7001"),
      t.signIn("7002"),
    ]);
    const [zjjId, jtjId] = await Promise.all([departmentId(t, "zjj"), departmentId(t, "jtj")]);

    // A consultation answered on the spot closes at once, without a department or a due time.
    const answered = await ok(t, agent, "POST", "/api/cases", {
      type: "consultation",
      channel: "phone",
      content: "请问公积金提取需要哪些材料？",
      outcome: "answered",
      answer: "身份证、银行卡及购房合同，可在网上办理。",
    });
    assert.equal(answered.status, "closed");
    assert.equal(answered.lead_department_id, null);
    assert.equal(answered.due_at, null);

    // Return approved: the case comes back for dispatch and goes to the right department.
    const a =
      (await ok(t, agent, "POST", "/api/cases", complaint(jtjId, "13900001111"))).case_number;
    const returned = await ok(t, jtj, "POST", `/api/cases/${a}/return`, {
      reason: "道路破损属住建局职责",
    });
    assert.equal(returned.status, "returned");
    assert.equal((await call(t, jtj, "POST", `/api/cases/${a}/sign`, {})).status, 409);
    const approved = await ok(t, agent, "POST", `/api/cases/${a}/return/decision`, {
      decision: "approved",
    });
    assert.equal(approved.status, "registered");
    assert.equal(approved.lead_department_id, null);
    const redispatched = await ok(t, agent, "POST", `/api/cases/${a}/dispatch`, {
      lead_department_id: zjjId,
    });
    assert.equal(redispatched.status, "dispatched");
    assert.equal(redispatched.lead_department_name, "市住房和城乡建设局");
    // The former department no longer sees it.
    assert.equal((await call(t, jtj, "GET", `/api/cases/${a}`)).status, 404);

    // Return refused: back with the department, in the status it had.
    await ok(t, zjj, "POST", `/api/cases/${a}/sign`, {});
    await ok(t, zjj, "POST", `/api/cases/${a}/return`, { reason: "请交通局办理" });
    const refused = await ok(t, agent, "POST", `/api/cases/${a}/return/decision`, {
      decision: "refused",
      note: "道路养护属住建局",
    });
    assert.equal(refused.status, "signed");
    assert.equal(refused.requests.length, 2);
    assert.deepEqual(refused.requests.map((r: { decision: string }) => r.decision), [
      "approved",
      "refused",
    ]);

    // Re-route keeps the citizen's due time.
    const rerouted = await ok(t, agent, "POST", `/api/cases/${a}/reroute`, {
      lead_department_id: jtjId,
      reason: "经核实为公路路段",
    });
    assert.equal(rerouted.status, "dispatched");
    assert.equal(rerouted.due_at, refused.due_at);
    assert.equal(rerouted.signed_at, null);

    // Merge: a repeat request joins the first case; its caller becomes a contact of it.
    const b = (await ok(
      t,
      agent,
      "POST",
      "/api/cases",
      complaint(jtjId, "13700002222", "幸福路道路破损，已经反映过，至今没人修。"),
    )).case_number;
    const merged = await ok(t, agent, "POST", `/api/cases/${b}/merge`, {
      into: a,
      reason: "同一路段道路破损",
    });
    assert.equal(merged.status, "merged");
    assert.equal(merged.merged_into, a);
    assert.equal(
      (await call(t, agent, "POST", `/api/cases/${b}/merge`, { into: a, reason: "再次" })).status,
      409,
    );
    assert.equal(
      (await call(t, agent, "POST", `/api/cases/${a}/merge`, { into: a, reason: "自身" })).status,
      422,
    );
    const target = await ok(t, agent, "GET", `/api/cases/${a}`);
    assert.deepEqual(target.contacts, [{ from_case: b, name: null, phone: "137****2222" }]);
    assert.equal(target.events.at(-1).kind, "merge_received");
    // Searching the second caller's number finds both cases.
    const byPhone = await ok(t, agent, "GET", "/api/cases?phone=13700002222");
    assert.deepEqual(
      byPhone.rows.map((r: { case_number: string }) => r.case_number).sort(),
      [a, b].sort(),
    );
    // The citizen of the merged case is told it is handled together.
    const pub = await (await t.request(`/api/public/cases/${b}?phone_last4=2222`)).json();
    assert.equal(pub.status, "已与相同诉求合并办理");

    // Reply while a return is pending waits for the hotline.
    await ok(t, jtj, "POST", `/api/cases/${a}/sign`, {});
    await ok(t, jtj, "POST", `/api/cases/${a}/extension`, {
      reason: "需要调查",
      extra_working_days: 3,
    });
    assert.equal((await call(t, jtj, "POST", `/api/cases/${a}/reply`, REPLY)).status, 409);
  } finally {
    await t.dispose();
  }
});

Deno.test("[cases] bad input on every step: clear 4xx with issues, nothing half-saved", async () => {
  const t = await startTestApp();
  try {
    const [agent, zjj, jtj] = await Promise.all([
      t.signIn("1001"),
      t.signIn("7001"),
      t.signIn("7002"),
    ]);
    const zjjId = await departmentId(t, "zjj");
    const before = await count(t, "cases");
    const bad: [unknown, number, string][] = [
      [
        { type: "complaint", channel: "phone", outcome: "dispatch", lead_department_id: zjjId },
        400,
        "content",
      ],
      [{ ...complaint(zjjId, "1"), citizen_phone: "abc" }, 400, "citizen_phone"],
      [{ ...complaint(zjjId, "13800000000"), type: "rumour" }, 400, "type"],
      [{ ...complaint(zjjId, "13800000000"), outcome: "answered" }, 400, "outcome"],
      [{ ...complaint(zjjId, "13800000000"), lead_department_id: undefined }, 400, "category_id"],
      [
        { ...complaint(zjjId, "13800000000"), lead_department_id: 99999 },
        422,
        "lead_department_id",
      ],
      [{ ...complaint(zjjId, "13800000000"), category_id: 1 }, 422, "category_id"],
      [
        { ...complaint(zjjId, "13800000000"), street_code: "390101001", district_code: "390102" },
        422,
        "street_code",
      ],
      [{ ...complaint(zjjId, "13800000000"), call_id: 424242 }, 422, "call_id"],
      [{ ...complaint(zjjId, "13800000000"), extra: true }, 400, "(root)"],
      ["not json", 400, "(root)"],
    ];
    for (const [body, status, path] of bad) {
      const r = await call(t, agent, "POST", "/api/cases", body);
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
      assert.ok(
        r.body.error.issues.some((i: { path: string }) => i.path === path),
        `${path} in ${JSON.stringify(r.body.error.issues)}`,
      );
    }
    assert.equal(await count(t, "cases"), before, "no case was written");
    assert.equal(await count(t, "case_events"), 0);

    const n =
      (await ok(t, agent, "POST", "/api/cases", complaint(zjjId, "13800000000"))).case_number;
    await ok(t, zjj, "POST", `/api/cases/${n}/sign`, {});
    const steps: [typeof agent, string, unknown, number][] = [
      [zjj, "reply", { ...REPLY, findings: "" }, 400],
      [zjj, "reply", { ...REPLY, reply_date: "26/09/2026" }, 400],
      [zjj, "reply", { ...REPLY, investigated_on: "2026-02-30" }, 400],
      [zjj, "extension", { reason: "需要", extra_working_days: 0 }, 400],
      [zjj, "return", { reason: "" }, 400],
      [agent, "review", { review: "accepted" }, 409],
      [agent, "callback", { reached: true }, 400],
      [agent, "callback", { reached: false, satisfaction: "satisfied" }, 400],
      [agent, "dispatch", { lead_department_id: zjjId }, 409],
      [agent, "merge", { into: "123", reason: "同一事项" }, 400],
      [agent, "reroute", {
        lead_department_id: zjjId,
        assisting_department_ids: [zjjId],
        reason: "改派",
      }, 422],
      [jtj, "sign", {}, 404],
      [agent, "sign", {}, 403],
    ];
    const eventsBefore = await count(t, "case_events");
    for (const [who, path, body, status] of steps) {
      const r = await call(t, who, "POST", `/api/cases/${n}/${path}`, body);
      assert.equal(r.status, status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
      assert.ok(r.body.error.message.length > 0);
    }
    const after = await ok(t, agent, "GET", `/api/cases/${n}`);
    assert.equal(after.status, "signed");
    assert.equal(await count(t, "case_events"), eventsBefore);
    assert.equal(await count(t, "case_replies"), 0);
    assert.equal(await count(t, "case_requests"), 0);

    // Attachments: type and size are checked before anything is stored.
    const upload = async (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return (await t.request(`/api/cases/${n}/attachments`, { method: "POST", body: form }, zjj))
        .status;
    };
    assert.equal(await upload(new File(["<script>"], "x.html", { type: "text/html" })), 422);
    assert.equal(
      await upload(
        new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.pdf", { type: "application/pdf" }),
      ),
      413,
    );
    assert.equal(
      await upload(
        new File([new Uint8Array(7 * 1024 * 1024)], "huge.pdf", { type: "application/pdf" }),
      ),
      413,
    );
    assert.equal(await count(t, "case_attachments"), 0);
  } finally {
    await t.dispose();
  }
});

Deno.test("[cases] staff search: filters, paging, masking, and a handler only ever sees their department", async () => {
  const t = await startTestApp();
  try {
    const [agent, jtj] = await Promise.all([t.signIn("1001"), t.signIn("7002")]);
    const [zjjId, jtjId] = await Promise.all([departmentId(t, "zjj"), departmentId(t, "jtj")]);
    const cat = await leafCategory(t, "道路破损");
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = {
        ...complaint(
          i % 2 ? jtjId : zjjId,
          `1360000000${i}`,
          `第${i}号投诉：夜间施工噪音扰民，影响休息。`,
        ),
        category_id: cat,
      };
      numbers.push((await ok(t, agent, "POST", "/api/cases", body)).case_number);
    }
    const byNumber = await ok(t, agent, "GET", `/api/cases?number=${numbers[2]}`);
    assert.equal(byNumber.rows.length, 1);
    assert.equal(byNumber.rows[0].citizen_phone, "136****0002");
    const text = await ok(
      t,
      agent,
      "GET",
      `/api/cases?q=${encodeURIComponent("施工噪音")}&page_size=2`,
    );
    assert.equal(text.rows.length, 2);
    assert.equal(text.has_next, true);
    const page3 = await ok(
      t,
      agent,
      "GET",
      `/api/cases?q=${encodeURIComponent("施工噪音")}&page_size=2&page=3`,
    );
    assert.equal(page3.rows.length, 1);
    assert.equal(page3.has_next, false);
    const none = await ok(t, agent, "GET", `/api/cases?q=${encodeURIComponent("噪施")}`);
    assert.equal(none.rows.length, 0, "n-grams must match in order");
    const filtered = await ok(
      t,
      agent,
      "GET",
      `/api/cases?department_id=${zjjId}&status=dispatched&category_id=${cat}`,
    );
    assert.equal(filtered.rows.length, 3);
    const mine = await ok(t, jtj, "GET", "/api/cases");
    assert.deepEqual(
      mine.rows.map((r: { case_number: string }) => r.case_number).sort(),
      [numbers[1], numbers[3]].sort(),
    );
    const smuggled = await ok(t, jtj, "GET", `/api/cases?department_id=${zjjId}`);
    assert.equal(smuggled.rows.length, 0);
    // Assisting: jtj sees a zjj case it assists in, also under a filter — but not a confidential one.
    const assisted = (await ok(t, agent, "POST", "/api/cases", {
      ...complaint(zjjId, "13600000010", "施工噪音扰民，涉及道路占用。"),
      assisting_department_ids: [jtjId],
    })).case_number;
    const secret = (await ok(t, agent, "POST", "/api/cases", {
      ...complaint(zjjId, "13600000011", "施工噪音扰民，市民要求保密。"),
      assisting_department_ids: [jtjId],
      confidential: true,
    })).case_number;
    for (const q of ["", "?status=dispatched", `?q=${encodeURIComponent("施工噪音")}`]) {
      const seen = (await ok(t, jtj, "GET", `/api/cases${q}`)).rows.map((
        r: { case_number: string },
      ) => r.case_number);
      assert.ok(seen.includes(assisted), `assisted case under "${q}"`);
      assert.ok(!seen.includes(secret), `confidential case hidden under "${q}"`);
      assert.ok(!seen.includes(numbers[0]), `zjj's own case hidden under "${q}"`);
    }
    assert.equal((await call(t, agent, "GET", "/api/cases?status=lost")).status, 400);
    assert.equal((await call(t, agent, "GET", "/api/cases?from=2026-13-45x")).status, 400);
    assert.equal((await call(t, agent, "GET", "/api/cases?from=2026-13-45")).status, 400);
    assert.equal((await call(t, agent, "GET", "/api/cases?to=2026-02-30")).status, 400);
    const repeat = await ok(t, agent, "GET", "/api/cases/callers?phone=13600000002");
    assert.deepEqual(repeat.cases.map((c: { case_number: string }) => c.case_number), [numbers[2]]);
  } finally {
    await t.dispose();
  }
});
