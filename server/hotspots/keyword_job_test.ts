import assert from "node:assert/strict";
import { migrate } from "../../db/migrate.ts";
import type { Queryable } from "../../db/port.ts";
import { ADAPTERS } from "../../db/testing.ts";
import { seedDemoCity } from "../seed/seed_demo_city.ts";
import { countByDay } from "./hotspot_counts.ts";
import { remainingGaps, runKeywordJob } from "./keyword_job.ts";

let serial = 0;
async function insertCase(
  db: Queryable,
  content: string,
  o: { district?: string | null; category?: string | null; at?: string } = {},
): Promise<string> {
  const [{ id }] = await db.query<{ id: string }>(
    `insert into cases (case_number, type, channel, content, district_code, category_id, created_at)
     values ($1, 'complaint', 'phone', $2, $3, (select id from case_categories where code = $4), $5)
     returning id`,
    [
      String(20_000_000 + ++serial),
      content,
      o.district === undefined ? "390101" : o.district,
      o.category === undefined ? "010201" : o.category,
      o.at ?? "2026-03-02T10:30:00+08:00",
    ],
  );
  return id;
}

/** Cases mentioning a term: in total (daily table), or under a place (by-place table). */
const termCount = async (db: Queryable, term: string, where?: string) => {
  const [row] = await db.query<{ n: number | null }>(
    where
      ? `select sum(n)::int as n from hotspot_terms_by_place where term = $1 and ${where}`
      : "select sum(n)::int as n from hotspot_terms_daily where term = $1",
    [term],
  );
  return row.n ?? 0;
};

Deno.test("remainingGaps() keeps the ids nobody filled yet", () => {
  const gaps = remainingGaps([{ lo: 3n, hi: 5n, seen_at: 1 }], 10n, [4n, 11n, 14n, 15n], 99);
  assert.deepEqual(gaps, [
    { lo: 3n, hi: 3n, seen_at: 1 },
    { lo: 5n, hi: 5n, seen_at: 1 },
    { lo: 12n, hi: 13n, seen_at: 99 },
  ]);
  assert.deepEqual(remainingGaps([], 10n, [], 99), []);
});

for (const adapter of ADAPTERS) {
  Deno.test(`[${adapter.kind}] the keyword job counts new cases once, by day, hour, district and category`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      await insertCase(db, "工地半夜施工，噪音扰民。");
      await insertCase(db, "小区旁边工地噪音太大", { at: "2026-03-02T23:10:00+08:00" });
      await insertCase(db, "路口噪音扰民", { district: "390102", category: null });
      const first = await runKeywordJob(db, { batch: 2 });
      assert.deepEqual(first, { cases: 3, moved: 0, batches: 2, caught_up: true });
      assert.equal(await termCount(db, "噪音"), 3);
      assert.equal(await termCount(db, "噪音", "district_code = '390101' and category1 = '01'"), 2);
      assert.equal(await termCount(db, "噪音", "district_code = '390102' and category1 = ''"), 1);
      assert.equal(await termCount(db, "噪音 扰民"), 2);
      const hours = await db.query<{ day: string; hour: number; n: number }>(
        "select day::text, hour, sum(n)::int as n from hotspot_hours group by 1, 2 order by 1, 2",
      );
      assert.deepEqual(hours, [
        { day: "2026-03-02", hour: 10, n: 2 },
        { day: "2026-03-02", hour: 23, n: 1 },
      ]);
      const [month] = await db.query<{ n: number }>(
        "select sum(n)::int as n from hotspot_terms_monthly where month = '2026-03-01' and term = '噪音'",
      );
      assert.equal(month.n, 3);
      // Nothing new: nothing counted twice.
      assert.equal((await runKeywordJob(db)).cases, 0);
      assert.equal(await termCount(db, "噪音"), 3);
    } finally {
      await dispose();
    }
  });

  Deno.test(`[${adapter.kind}] a counted case whose district or category changes moves its words`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      const id = await insertCase(db, "小区垃圾没人清运", { district: null, category: null });
      await runKeywordJob(db);
      assert.equal(await termCount(db, "垃圾", "district_code = '' and category1 = ''"), 1);
      await db.query(
        "update cases set category_id = (select id from case_categories where code = '090201') where id = $1",
        [id],
      );
      await db.query("update cases set district_code = '390103' where id = $1", [id]);
      await db.query("update cases set status = 'closed' where id = $1", [id]); // no move
      const run = await runKeywordJob(db);
      assert.equal(run.moved, 1);
      assert.equal(await termCount(db, "垃圾", "district_code = '' and category1 = ''"), 0);
      assert.equal(await termCount(db, "垃圾", "district_code = '390103' and category1 = '09'"), 1);
      assert.equal(await termCount(db, "垃圾"), 1);
      assert.equal(await termCount(db, "垃圾", "true"), 1);
      const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from hotspot_moves");
      assert.equal(n, 0);
    } finally {
      await dispose();
    }
  });
}

Deno.test("[postgres] the topics table equals the case rollup by leaf category and district", async () => {
  const { db, dispose } = await ADAPTERS[0].open();
  try {
    await migrate(db);
    await seedDemoCity(db);
    await insertCase(db, "路灯不亮");
    await insertCase(db, "路灯不亮", { at: "2026-03-03T01:00:00+08:00", district: "390102" });
    await insertCase(db, "噪音", { at: "2026-03-02T23:59:00+08:00", category: "01" });
    await insertCase(db, "停水", { district: null, category: null });
    const moved = await insertCase(db, "垃圾", { category: "030101" });
    await runKeywordJob(db);
    await db.query(
      "update cases set category_id = (select id from case_categories where code = '090201'), district_code = '390103' where id = $1",
      [moved],
    );
    await insertCase(db, "占道经营", { at: "2026-03-04T09:00:00+08:00", category: "090201" });
    await runKeywordJob(db);
    const range = { from: "2026-03-01", to: "2026-03-05" };
    for (const dim of ["category3", "district"] as const) {
      const direct = (await countByDay(db, range, dim)).filter((r) => r.key !== null);
      // What rising categories and districts read (rising.ts) is the rollup's count.
      const topics = await db.query(
        `select day::text as day, key, n from hotspot_topics_daily
         where dim = $1 and day between $2 and $3 and n <> 0 order by 1, 2`,
        [dim, range.from, range.to],
      );
      assert.deepEqual(topics, direct, dim);
      assert.ok(direct.length >= 3, dim);
    }
  } finally {
    await dispose();
  }
});

Deno.test("[postgres] a case committed after a later one is counted when it appears", async () => {
  const { db, dispose } = await ADAPTERS[0].open();
  try {
    await migrate(db);
    await seedDemoCity(db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inserted = new Promise<void>((r) => (started = r));
    const slow = db.transaction(async (tx) => {
      await insertCase(tx, "迟到的停水投诉");
      started();
      await gate;
    });
    slow.catch(() => {}); // a failed assertion below must not hide behind the closed connection
    await inserted;
    await insertCase(db, "早到的停电投诉");
    await runKeywordJob(db);
    assert.equal(await termCount(db, "停电"), 1);
    assert.equal(await termCount(db, "停水"), 0);
    release();
    await slow;
    const run = await runKeywordJob(db);
    assert.equal(run.cases, 1);
    assert.equal(await termCount(db, "停水"), 1);
    // A rolled-back id stays a gap until it is a day old, then is forgotten.
    await db.transaction(async (tx) => {
      await insertCase(tx, "作废");
      throw new Error("roll back");
    }).catch(() => {});
    await insertCase(db, "燃气泄漏");
    await runKeywordJob(db);
    assert.equal((await db.query("select * from hotspot_gaps")).length, 1);
    await runKeywordJob(db, { now: () => Date.now() + 2 * 86_400_000 });
    assert.equal((await db.query("select * from hotspot_gaps")).length, 0);
  } finally {
    await dispose();
  }
});
