import assert from "node:assert/strict";
import { migratedPostgres } from "../../db/testing.ts";
import { seedDemoConsultContacts } from "./demo_consult_contacts.ts";
import { seedDemoCity } from "./seed_demo_city.ts";

Deno.test("demo consult contacts: departments' duty phones and the leader on duty, once", async () => {
  const { db, dispose } = await migratedPostgres();
  try {
    await seedDemoCity(db);
    assert.equal(await seedDemoConsultContacts(db), true);
    assert.equal(await seedDemoConsultContacts(db), false);
    const rows = await db.query<{ name: string; kind: string; number: string }>(
      "select name, kind, number from consult_contacts order by sort, name",
    );
    assert.equal(rows.length, 7);
    assert.deepEqual(rows[0], { name: "值班领导", kind: "leader", number: "057188889999" });
    assert.ok(rows.slice(1).every((r) => r.kind === "department" && r.name.endsWith("值班室")));
  } finally {
    await dispose();
  }
});
