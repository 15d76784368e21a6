import assert from "node:assert/strict";
import { startTestApp, type TestApp, USER_OF } from "./harness.ts";

const PHONE = "13812345678";
const NAME = "欧阳明华";

async function addCase(
  t: TestApp,
  number: string,
  lead: string,
  opts: { assisting?: string; confidential?: boolean } = {},
) {
  const [{ id }] = await t.db.query<{ id: number }>(
    `insert into cases (case_number, type, channel, content, lead_department_id, confidential,
       citizen_name_enc, citizen_phone_enc, citizen_phone_hash)
     values ($1, 'complaint', 'phone', '小区夜间施工噪音', (select id from departments where code = $2), $3, $4, $5, $6)
     returning id`,
    [
      number,
      lead,
      opts.confidential ?? false,
      await t.services.pii.encrypt(NAME),
      await t.services.pii.encrypt(PHONE),
      await t.services.pii.lookupHash(PHONE),
    ],
  );
  if (opts.assisting) {
    await t.db.query(
      "insert into case_assisting_departments (case_id, department_id) select $1, id from departments where code = $2",
      [id, opts.assisting],
    );
  }
}

const reveal = (number: string, field = "citizen_phone"): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ object: "case", id: number, field }),
});

Deno.test("[privacy] personal data is stored encrypted: no plaintext in the tables", async () => {
  const t = await startTestApp();
  try {
    await addCase(t, "20000001", "zjj");
    const call = await t.services.acd.offer({
      channel: "phone",
      callerNumber: PHONE,
      queue: "general",
    });
    const [callRow] = await t.db.query<{ row: string }>(
      "select row_to_json(c)::text as row from calls c where id = $1",
      [call.id],
    );
    const [caseRow] = await t.db.query<{ row: string }>(
      "select row_to_json(c)::text as row from cases c where case_number = '20000001'",
    );
    for (const row of [callRow.row, caseRow.row]) {
      assert.ok(!row.includes(PHONE), "no phone number in clear");
      assert.ok(!row.includes(NAME), "no name in clear");
      assert.match(row, /v1\.t1\./, "an AES-GCM token instead");
    }
    // The keyed hash finds the caller's earlier contacts without decrypting anything.
    const [match] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from calls where caller_number_hash = $1",
      [
        await t.services.pii.lookupHash("+86 138-1234-5678"),
      ],
    );
    assert.equal(match.n, 1);
  } finally {
    await t.dispose();
  }
});

Deno.test("[privacy] lists mask personal data; the explicit show is audited", async () => {
  const t = await startTestApp();
  try {
    await addCase(t, "20000002", "zjj");
    const agent = await t.signIn(USER_OF.agent);
    const view = await (await t.request("/api/cases/20000002", {}, agent)).json();
    assert.equal(view.citizen_phone, "138****5678");
    assert.equal(view.citizen_name, "欧***");
    assert.equal(JSON.stringify(view).includes("v1."), false, "no ciphertext leaves the server");
    const res = await t.request("/api/pii/reveal", reveal("20000002"), agent);
    assert.deepEqual(await res.json(), { value: PHONE });
    const [record] = await t.db.query<
      { actor: string; object_id: string; after: { field: string } }
    >(
      "select actor, object_id, after from audit_log where action = 'pii.reveal'",
    );
    assert.deepEqual(record, {
      actor: "1001",
      object_id: "20000002",
      after: { field: "citizen_phone" },
    });
  } finally {
    await t.dispose();
  }
});

Deno.test("[privacy] a department handler cannot open another department's case by changing the URL", async () => {
  const t = await startTestApp();
  try {
    await addCase(t, "20000003", "zjj"); // 住建局 leads: handler 7001's own
    await addCase(t, "20000004", "jtj"); // 交通局's
    await addCase(t, "20000005", "jtj", { assisting: "zjj" });
    await addCase(t, "20000006", "jtj", { assisting: "zjj", confidential: true });
    const handler = await t.signIn("7001");
    const status = async (path: string, init?: RequestInit) => {
      const res = await t.request(path, init, handler);
      await res.body?.cancel();
      return res.status;
    };
    assert.equal(await status("/api/cases/20000003"), 200);
    assert.equal(
      await status("/api/cases/20000004"),
      404,
      "another department's case looks like no case",
    );
    assert.equal(await status("/api/cases/20000005"), 200, "assisting department");
    assert.equal(await status("/api/cases/20000006"), 404, "confidential: lead department only");
    assert.equal(await status("/api/cases/99999999"), 404);
    assert.equal(await status("/api/pii/reveal", reveal("20000004")), 404);
    assert.equal(await status("/api/pii/reveal", reveal("20000003")), 200);
    assert.equal(await status("/admin/users/1"), 403);

    const other = await t.signIn("7002"); // 交通局 handler leads the confidential case but may not see who asked
    const res = await t.request("/api/pii/reveal", reveal("20000006", "citizen_name"), other);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error.code, "confidential");
  } finally {
    await t.dispose();
  }
});
