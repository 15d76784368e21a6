import assert from "node:assert/strict";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { generateKeySpec, parseKeyring, PiiCipher } from "../server/privacy/pii_cipher.ts";
import { rotatePiiKeys } from "../server/privacy/pii_rotation.ts";
import { startTestApp, TEST_KEYS } from "./harness.ts";

Deno.test("[privacy] key rotation re-encrypts every token under the new key; look-ups still match", async () => {
  const t = await startTestApp();
  try {
    for (const number of ["13800000001", "13800000002", "13800000003"]) {
      await t.services.acd.offer({ channel: "phone", callerNumber: number, queue: "general" });
    }
    const fresh = generateKeySpec("t2");
    const rotated = parseKeyring(`${fresh},${TEST_KEYS.piiKeys}`);
    const pii = await PiiCipher.create(rotated, TEST_KEYS.piiHashKey);
    const counts = await rotatePiiKeys(t.db, pii, rotated.currentKid, SYSTEM_ACTOR);
    assert.equal(counts.calls, 3);

    const rows = await t.db.query<{ caller_number_enc: string; caller_number_hash: string }>(
      "select caller_number_enc, caller_number_hash from calls order by id",
    );
    assert.ok(rows.every((r) => r.caller_number_enc.startsWith("v1.t2.")));
    // The old key can now be retired: the new key alone reads everything.
    const onlyNew = await PiiCipher.create(parseKeyring(fresh), TEST_KEYS.piiHashKey);
    assert.deepEqual(
      await Promise.all(rows.map((r) => onlyNew.decrypt(r.caller_number_enc))),
      ["13800000001", "13800000002", "13800000003"],
    );
    assert.equal(rows[0].caller_number_hash, await onlyNew.lookupHash("13800000001"));
    assert.deepEqual(await rotatePiiKeys(t.db, pii, rotated.currentKid, SYSTEM_ACTOR), {
      calls: 0,
      cases: 0,
      users: 0,
    });
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'pii.rotate_keys'",
    );
    assert.equal(n, 2);
  } finally {
    await t.dispose();
  }
});
