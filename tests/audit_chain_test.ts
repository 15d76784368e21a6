import assert from "node:assert/strict";
import { migratedPostgres } from "../db/testing.ts";
import { audit, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { purgeAudit } from "../server/audit/audit_retention.ts";
import { verifyAuditChain } from "../server/audit/audit_verify.ts";
import { startTestApp, USER_OF } from "./harness.ts";

async function chainOf(n: number) {
  const t = await migratedPostgres();
  for (let i = 1; i <= n; i++) {
    await audit(t.db, { ...SYSTEM_ACTOR, ip: "10.1.2.3" }, {
      action: "user.update",
      objectType: "user",
      objectId: i,
      before: { name: "张三", roles: ["agent"] },
      after: { name: `张三${i}`, roles: ["agent", "supervisor"], note: 'quote " and \\ backslash' },
    });
  }
  // What an attacker with database rights does: switch the guard off, then edit history.
  const tamper = (sql: string) =>
    t.db.transaction(async (tx) => {
      await tx.query("alter table audit_log disable trigger audit_log_append_only");
      await tx.query(sql);
      await tx.query("alter table audit_log enable trigger audit_log_append_only");
    });
  return { ...t, tamper };
}

Deno.test("[audit] an untouched chain verifies, with each record linked to the one before", async () => {
  const t = await chainOf(5);
  try {
    const report = await verifyAuditChain(t.db);
    assert.deepEqual({ ok: report.ok, checked: report.checked, first_bad: report.first_bad }, {
      ok: true,
      checked: 5,
      first_bad: null,
    });
    const rows = await t.db.query<{ seq: number; prev_hash: string; hash: string }>(
      "select seq, prev_hash, hash from audit_log order by seq",
    );
    assert.equal(rows[0].prev_hash, "0".repeat(64));
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i].prev_hash, rows[i - 1].hash);
    assert.equal(report.head, rows[4].hash);
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] the database refuses to change or delete audit records", async () => {
  const t = await chainOf(2);
  try {
    await assert.rejects(
      t.db.query("update audit_log set actor = 'someone' where seq = 1"),
      /append-only/,
    );
    await assert.rejects(t.db.query("delete from audit_log where seq = 2"), /append-only/);
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] the verifier finds an altered record", async () => {
  const t = await chainOf(5);
  try {
    await t.tamper(`update audit_log set after = '{"name": "李四"}' where seq = 3`);
    const report = await verifyAuditChain(t.db);
    assert.equal(report.ok, false);
    assert.deepEqual(report.first_bad, { seq: 3, reason: "record was altered" });
    assert.equal(report.checked, 2);
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] the verifier finds an altered record whose hash was recomputed", async () => {
  const t = await chainOf(5);
  try {
    // Rewriting the hash with the database's own function still breaks the next link.
    await t.tamper(
      `update audit_log set actor = 'innocent', hash = encode(sha256(convert_to(audit_canonical(
      seq, prev_hash, at, 'innocent', role, action, object_type, object_id, before, after, ip, user_agent), 'UTF8')), 'hex')
      where seq = 2`,
    );
    const report = await verifyAuditChain(t.db);
    assert.deepEqual(report.first_bad, { seq: 3, reason: "link to the previous record is broken" });
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] the verifier finds a deleted record", async () => {
  const t = await chainOf(5);
  try {
    await t.tamper("delete from audit_log where seq = 4");
    const report = await verifyAuditChain(t.db);
    assert.deepEqual(report.first_bad, { seq: 5, reason: "record 4 is missing" });
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] auditors verify and export over HTTP; the export is itself audited with its hash", async () => {
  const t = await startTestApp();
  try {
    const auditor = await t.signIn(USER_OF.auditor);
    const verify = await (await t.request("/api/audit/verify", {}, auditor)).json();
    assert.equal(verify.ok, true);
    assert.ok(verify.checked > 5);
    const csv = await t.request("/api/audit/export.csv?action=user.", {}, auditor);
    assert.equal(csv.status, 200);
    const text = await csv.text();
    assert.ok(text.startsWith("\uFEFF序号"));
    const [exported] = await t.db.query<{ after: { rows: number; sha256: string } }>(
      "select after from audit_log where action = 'audit.export' order by seq desc limit 1",
    );
    assert.equal(exported.after.sha256, csv.headers.get("x-content-sha256"));
    assert.equal(exported.after.rows, text.trim().split("\r\n").length - 1);
    const search = await (await t.request("/api/audit?actor=6001", {}, auditor)).json();
    assert.ok(search.rows.every((r: { actor: string }) => r.actor === "6001"));
    const page = await (await t.request("/audit/verify", {}, auditor)).text();
    assert.match(page, /完整：已校验 \d+ 条记录/);
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] retention purges only records past 180 days and the chain still verifies", async () => {
  const t = await chainOf(4);
  try {
    await assert.rejects(purgeAudit(t.db, 90), /at least 180 days/);
    // Nothing is 200 days old yet: nothing goes.
    assert.deepEqual(await purgeAudit(t.db, 200), { purged: 0 });
    // Seen from 201 days ahead, all four records are past a 200-day retention.
    const later = new Date(Date.now() + 201 * 86_400_000);
    assert.deepEqual(await purgeAudit(t.db, 200, later), { purged: 4 });
    const report = await verifyAuditChain(t.db);
    assert.deepEqual(
      [report.ok, report.checked],
      [true, 1],
      "the purge's own record, linked to the anchor",
    );
    const [purge] = await t.db.query<{ action: string; after: { records: number } }>(
      "select action, after from audit_log",
    );
    assert.equal(purge.action, "audit.purge");
    assert.equal(purge.after.records, 4);
    // Outside a purge, deleting stays impossible.
    await assert.rejects(t.db.query("delete from audit_log"), /append-only/);
  } finally {
    await t.dispose();
  }
});

Deno.test("[audit] the verifier command exits 0 on an intact chain and 3 on a tampered one", async () => {
  const t = await chainOf(3);
  const run = async () => {
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "server/ops/audit_verify.ts"],
      cwd: new URL("../", import.meta.url),
      env: { DATABASE_URL: t.url },
      stdout: "piped",
      stderr: "null",
    }).output();
    return { code, report: JSON.parse(new TextDecoder().decode(stdout)) };
  };
  try {
    const intact = await run();
    assert.equal(intact.code, 0);
    assert.deepEqual([intact.report.ok, intact.report.checked], [true, 3]);
    await t.tamper("update audit_log set action = 'nothing.happened' where seq = 2");
    const broken = await run();
    assert.equal(broken.code, 3);
    assert.deepEqual(broken.report.first_bad, { seq: 2, reason: "record was altered" });
  } finally {
    await t.dispose();
  }
});
