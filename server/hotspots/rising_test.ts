import assert from "node:assert/strict";
import { migrate } from "../../db/migrate.ts";
import { ADAPTERS } from "../../db/testing.ts";
import { addDays, risingWindows } from "./hotspot_windows.ts";
import { windowSeries, windowSums } from "./rising.ts";

const byKey = <T extends { key: string }>(xs: T[]) =>
  [...xs].sort((a, b) => a.key.localeCompare(b.key));

for (const adapter of ADAPTERS) {
  Deno.test(`[${adapter.kind}] window sums in SQL agree with the windows computed day by day`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      // Two keys with a different count every day for 400 days, and days without counts.
      const rows: { key: string; day: string; n: number }[] = [];
      for (let i = 0; i < 400; i++) {
        const day = addDays("2024-11-01", i);
        if (i % 11 !== 3) rows.push({ key: "a", day, n: 1 + (i * 7) % 13 });
        if (i % 5 === 0) rows.push({ key: "b", day, n: 100 + i });
      }
      await db.query(
        `insert into hotspot_topics_daily (day, dim, key, n)
         select d::date, 'district', k, n from unnest($1::text[], $2::text[], $3::int[]) as t(d, k, n)`,
        [rows.map((r) => r.day), rows.map((r) => r.key), rows.map((r) => r.n)],
      );
      // A day, a few days, a week, a month across the leap day, a year (its last 28 days).
      for (
        const range of [
          { from: "2025-12-01", to: "2025-12-01" },
          { from: "2025-10-03", to: "2025-10-05" },
          { from: "2025-11-24", to: "2025-11-30" },
          { from: "2025-02-10", to: "2025-03-12" },
          { from: "2025-01-01", to: "2025-12-04" },
        ]
      ) {
        const w = risingWindows(range);
        const sql = await windowSums(
          db,
          w,
          "select day, key, n from hotspot_topics_daily where dim = $1",
          ["district"],
        );
        assert.deepEqual(byKey(sql), byKey(windowSeries(w, rows)), JSON.stringify(range));
        assert.ok(sql.some((s) => s.current > 0), "the current window has counts");
      }
    } finally {
      await dispose();
    }
  });
}
