/**
 * The historical case importers on the real PostgreSQL with the real files of ../shared/data
 * (skipped, saying so, when they are missing).
 */
import assert from "node:assert/strict";
import { migratedPostgres } from "../db/testing.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { isValidCaseNumber } from "../server/cases/case_number.ts";
import { parse311 } from "../server/import/import_311.ts";
import { import311, importMessages } from "../server/import/import_run.ts";
import { parseKeyring, PiiCipher } from "../server/privacy/pii_cipher.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { TEST_KEYS } from "./harness.ts";

const DATA = new URL("../../shared/data/", import.meta.url);
const CSV = new URL("311_sample.csv", DATA).pathname;
const XLSX = new URL("full_dataset_sheet_3.xlsx", DATA).pathname;
const WHO = { ...SYSTEM_ACTOR, actor: "test:import" };

function present(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    console.warn(`[import] ${path} is missing: the tests on the real file are skipped`);
    return false;
  }
}

interface Spot {
  type: string;
  channel: string;
  status: string;
  created_at: Date;
  due_at: Date | null;
  closed_at: Date | null;
  dispatched_at: Date | null;
  address: string | null;
  district_code: string;
  street: string | null;
  street_parent: string | null;
  category_path: string;
  category_code: string;
  department: string;
}

const SPOT = `
  select c.type, c.channel, c.status, c.created_at, c.due_at, c.closed_at, c.dispatched_at,
    c.address, c.district_code, s.name as street, s.parent_code as street_parent,
    c1.name || ' / ' || c2.name || ' / ' || c3.name as category_path, c3.code as category_code,
    d.code as department
  from cases c
  join case_categories c3 on c3.id = c.category_id
  join case_categories c2 on c2.id = c3.parent_id
  join case_categories c1 on c1.id = c2.parent_id
  join departments d on d.id = c.lead_department_id
  left join districts s on s.code = c.street_code
  where c.source = 'import_311' and c.source_ref = $1`;

Deno.test({
  name: "[import] the real 311 file: every good row a case, mapped; a second run imports nothing",
  ignore: !present(CSV),
  async fn() {
    const t = await migratedPostgres();
    try {
      await seedDemoCity(t.db);
      const csv = await Deno.readTextFile(CSV);
      const first = await import311(t.db, WHO, csv, CSV);
      assert.equal(first.rows, 10_000);
      assert.equal(first.imported, first.rows - first.bad.length);
      assert.equal(first.skipped, 0);
      const [{ n, numbers }] = await t.db.query<{ n: number; numbers: string[] }>(
        "select count(*)::int as n, array_agg(case_number) as numbers from cases where source = 'import_311'",
      );
      assert.equal(n, first.imported);
      assert.ok(numbers.every(isValidCaseNumber));

      const [spot] = await t.db.query<Spot>(SPOT, ["18-00269879"]);
      assert.deepEqual(spot, {
        type: "help",
        channel: "phone",
        status: "closed",
        created_at: new Date("2018-04-12T15:11:26Z"), // 11:11:26 AM EDT
        due_at: new Date("2018-04-13T15:11:26Z"),
        closed_at: new Date("2018-04-12T16:45:47Z"),
        dispatched_at: new Date("2018-04-12T15:11:26Z"),
        address: "3400 GARRISON BLVD, BALTIMORE, MD, 21215",
        district_code: "990106",
        street: "Dorchester",
        street_parent: "990106",
        category_path: "巴尔的摩311（导入） / Transportation / TRT-Traffic Signal Repairs",
        category_code: spot.category_code,
        department: "bal_transportation",
      });
      // The demo city has 01..15: the import took 90.
      assert.match(spot.category_code, /^90\d{4}$/);

      const [open] = await t.db.query<Spot>(SPOT, ["18-00399302"]);
      assert.equal(open.status, "dispatched");
      assert.equal(open.channel, "app");
      assert.equal(open.closed_at, null);
      assert.deepEqual(open.dispatched_at, new Date("2018-06-01T18:53:22Z"));
      assert.equal(open.street, "Woodberry");
      assert.equal(open.district_code, "990107");

      const [winter] = await t.db.query<Spot>(SPOT, ["15-00021669"]);
      assert.deepEqual(winter.created_at, new Date("2015-01-09T16:05:56Z")); // EST, UTC-5

      const [nowhere] = await t.db.query<Spot>(SPOT, ["16-00461034"]);
      assert.equal(nowhere.district_code, "990100");
      assert.equal(nowhere.street, null);
      assert.equal(nowhere.channel, "web"); // Internal

      // One leaf per agency and SR type of the file, none of them over the 99-children limit.
      const pairs = new Set(parse311(csv).records.map((r) => `${r.agency}|${r.srType}`));
      const [tree] = await t.db.query<{ leaves: number; widest: number }>(
        `select (select count(*)::int from case_categories where level = 3 and code like '90%') as leaves,
          (select max(n)::int from (select count(*) as n from case_categories
            where code like '90%' group by parent_id) w) as widest`,
      );
      assert.equal(tree.leaves, pairs.size);
      assert.ok(tree.widest <= 99, `a category has ${tree.widest} children`);

      const second = await import311(t.db, WHO, csv, CSV);
      assert.deepEqual([second.imported, second.skipped], [0, first.imported]);
      const [after] = await t.db.query<{ cases: number; categories: number; events: number }>(
        `select (select count(*)::int from cases) as cases,
          (select count(*)::int from case_categories where code like '90%') as categories,
          (select count(*)::int from case_events where kind = 'imported') as events`,
      );
      const records = parse311(csv).records;
      assert.deepEqual(after, {
        cases: first.imported,
        // The root, one per agency, one per agency and SR type: nothing created twice.
        categories: 1 + new Set(records.map((r) => r.agency)).size + pairs.size,
        events: first.imported,
      });
      // A street per neighbourhood and council district it appears in (none: the 未知区).
      const places = new Set(
        records.filter((r) => r.neighborhood).map((r) => `${r.councilDistrict}|${r.neighborhood}`),
      );
      const [{ streets }] = await t.db.query<{ streets: number }>(
        "select count(*)::int as streets from districts where level = 'street' and code like '9901%'",
      );
      assert.equal(streets, places.size);

      const audits = await t.db.query<{ actor: string; after: { imported: number } }>(
        "select actor, after from audit_log where action = 'cases.import' order by id",
      );
      assert.deepEqual(audits.map((a) => [a.actor, a.after.imported]), [
        ["test:import", first.imported],
        ["test:import", 0],
      ]);
      const events = await t.db.query<{ subject: string; data: Record<string, number> }>(
        "select subject, data from events where type = 'cases.imported' order by id",
      );
      assert.deepEqual(events.map((e) => [e.subject, e.data.imported, e.data.skipped]), [
        ["import_311", first.imported, 0],
        ["import_311", 0, first.imported],
      ]);
    } finally {
      await t.dispose();
    }
  },
});

Deno.test({
  name:
    "[import] the real message sheet: both time formats, the user encrypted, a re-run skips all",
  ignore: !present(XLSX),
  async fn() {
    const t = await migratedPostgres();
    try {
      const pii = await PiiCipher.create(parseKeyring(TEST_KEYS.piiKeys), TEST_KEYS.piiHashKey);
      const bytes = await Deno.readFile(XLSX);
      const first = await importMessages(t.db, WHO, pii, bytes, XLSX);
      assert.equal(first.rows, 4326);
      assert.equal(first.imported, first.rows - first.bad.length);
      const rows = await t.db.query<{
        source_ref: string;
        type: string;
        channel: string;
        status: string;
        created_at: Date;
        content: string;
        citizen_name_enc: string;
        category_id: number | null;
      }>(
        `select source_ref, type, channel, status, created_at, content, citizen_name_enc, category_id
         from cases where source = 'import_messages' and source_ref in ('188006', '188801')
         order by source_ref`,
      );
      assert.deepEqual(rows.map((r) => [r.source_ref, r.created_at.toISOString()]), [
        ["188006", "2019-02-28T03:25:05.000Z"], // text 2019/2/28 11:25:05, China time
        ["188801", "2019-07-31T16:00:00.000Z"], // Excel serial 43678: 2019-08-01 00:00 China time
      ]);
      const [text] = rows;
      assert.equal(text.type, "complaint");
      assert.equal(text.channel, "web");
      assert.equal(text.status, "closed");
      assert.equal(text.category_id, null);
      assert.ok(text.content.startsWith("A3区一米阳光婚纱艺术摄影是否合法纳税了？\n座落在A市A3区"));
      assert.ok(!/\s$/.test(text.content));
      assert.ok(text.citizen_name_enc.startsWith("v1.t1."));
      assert.equal(await pii.decrypt(text.citizen_name_enc), "A000102948");

      const [counts] = await t.db.query<{ n: number; serial: number; suggestions: number }>(
        `select count(*)::int as n,
          count(*) filter (where created_at = date_trunc('second', created_at))::int as serial,
          count(*) filter (where type = 'suggestion')::int as suggestions
         from cases where source = 'import_messages'`,
      );
      assert.equal(counts.n, first.imported);
      assert.equal(counts.serial, counts.n); // serials rounded to the second, like the text ones
      assert.ok(counts.suggestions > 0 && counts.suggestions < counts.n);

      const second = await importMessages(t.db, WHO, pii, bytes, XLSX);
      assert.deepEqual([second.imported, second.skipped], [0, first.imported]);
    } finally {
      await t.dispose();
    }
  },
});

Deno.test("[import] bad rows are reported and left out, good ones imported; a refused file writes nothing", async () => {
  const t = await migratedPostgres();
  try {
    const header =
      "ServiceRequestNum,SRType,MethodReceived,CreatedDate,SRStatus,DueDate,CloseDate,Agency,Address,Neighborhood,CouncilDistrict";
    const csv = [
      header,
      "A-1,SW-Dirty Alley,Phone,04/16/2018 05:30:13 AM,Open,,,Solid Waste,,Hollins Market,9",
      "A-2,SW-Dirty Alley,Phone,,Open,,,Solid Waste,,Hollins Market,9",
      "A-3,SW-Dirty Alley,Fax,04/16/2018 05:30:13 AM,Open,,,Solid Waste,,Hollins Market,9",
      'A-4,"ECC-Citizen Compliment or Praise",Email,12/01/2018 09:00:00 AM,Closed,,12/02/2018 09:00:00 AM,Solid Waste,"1 N, ""A"" ST",Hollins Market,9',
    ].join("\n");
    const report = await import311(t.db, WHO, csv, "small.csv");
    assert.deepEqual([report.rows, report.imported, report.skipped], [4, 2, 0]);
    assert.deepEqual(report.bad, [
      { row: 3, reason: "CreatedDate: missing" },
      { row: 4, reason: 'MethodReceived: unknown method "Fax"' },
    ]);
    const cases = await t.db.query<{ source_ref: string; type: string; address: string | null }>(
      "select source_ref, type, address from cases order by source_ref",
    );
    assert.deepEqual(cases, [
      { source_ref: "A-1", type: "help", address: null },
      { source_ref: "A-4", type: "praise", address: '1 N, "A" ST' },
    ]);
    // Both cases share one street: Hollins Market under council district 9.
    const streets = await t.db.query("select code, name from districts where level = 'street'");
    assert.deepEqual(streets, [{ code: "990109001", name: "Hollins Market" }]);

    await assert.rejects(() => import311(t.db, WHO, "a,b\n1,2\n", "other.csv"), /not a 311 file/);
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'cases.import'",
    );
    assert.equal(n, 1);
  } finally {
    await t.dispose();
  }
});
