import assert from "node:assert/strict";
import { migrate } from "../db/migrate.ts";
import { ADAPTERS } from "../db/testing.ts";
import { CaseService } from "../server/cases/case_service.ts";
import { seedDemoCases } from "../server/seed/demo_cases.ts";
import { seedDemoRouting } from "../server/seed/demo_routing.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { createServices } from "../server/services.ts";
import { TEST_KEYS } from "./harness.ts";

for (const adapter of ADAPTERS) {
  Deno.test(`[cases] ${adapter.kind}: the demo's cases go through the real service, every status shows, once`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      await seedDemoRouting(db);
      const services = await createServices(db, TEST_KEYS);
      const make = (now: () => number) => new CaseService(db, services.pii, now);
      const made = await seedDemoCases(db, make, services.routing);
      assert.ok(made >= 25, `made ${made}`);
      const statuses = await db.query<{ status: string }>(
        "select distinct status from cases order by 1",
      );
      for (const s of ["closed", "dispatched", "replied", "returned", "reviewed", "signed"]) {
        assert.ok(statuses.some((x) => x.status === s), `${s} in ${JSON.stringify(statuses)}`);
      }
      const [{ n }] = await db.query<{ n: number }>(
        "select count(*)::int as n from case_events e join cases c on c.id = e.case_id where c.source = 'hotline'",
      );
      assert.ok(n > made);
      const [{ districts }] = await db.query<{ districts: number }>(
        "select count(distinct district_code)::int as districts from cases",
      );
      assert.ok(
        districts >= 5,
        `cases in ${districts} districts: the hotspot map has something to show`,
      );
      assert.equal(await seedDemoCases(db, make, services.routing), 0);
      // The case pages' reads work on both databases.
      const viewer = { roles: ["supervisor" as const], departmentId: null };
      const page = await services.cases.search(viewer, { page: 1, page_size: 20 });
      assert.equal(page.rows.length, 20);
      const detail = await services.cases.detail(viewer, page.rows[0].case_number, true);
      assert.ok(detail.events.length > 0);
      assert.ok((await services.cases.deadlineCounts()).length > 0);
    } finally {
      await dispose();
    }
  });
}
