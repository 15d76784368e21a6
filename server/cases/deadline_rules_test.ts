import assert from "node:assert/strict";
import { migrate } from "../../db/migrate.ts";
import { ADAPTERS } from "../../db/testing.ts";
import { deadlineFor, type DeadlineRules, loadDeadlineRules } from "./deadline_rules.ts";
import { addWorkingDays, isWorkingDay } from "./working_days.ts";

// Both adapters: `start` runs on the embedded one, and JSON comes back parsed from each.
for (const adapter of ADAPTERS) {
  Deno.test(`[deadlines:${adapter.kind}] loadDeadlineRules() reads the calendar, policies and routes`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      const [{ category, department }] = await db.query<{ category: number; department: number }>(
        `with d as (insert into departments (code, name, kind) values ('water', '市自来水公司', 'utility') returning id),
         c as (insert into case_categories (code, name, level) values ('01', '停水', 1) returning id)
         select (select id from c) as category, (select id from d) as department`,
      );
      await db.query(
        "insert into case_routing (category_id, lead_department_id, working_days) values ($1, $2, 1)",
        [category, department],
      );
      const rules = await loadDeadlineRules(db);
      // 2026 National Day: 1–7 October off, Saturday 10 October worked (0006_cases.sql).
      assert.equal(isWorkingDay("2026-10-05", rules.calendar), false);
      assert.equal(isWorkingDay("2026-10-10", rules.calendar), true);
      assert.ok(rules.calendar.holidays.has("2026-02-16"), "春节");
      assert.deepEqual(rules.policies.get("complaint"), { working_days: 13, warn_working_days: 2 });
      assert.equal(rules.policies.size, 6);
      assert.deepEqual(rules.routes.get(category), {
        lead_department_id: department,
        working_days: 1,
      });
      // Registered Wednesday 30 September 2026: the next working day is Thursday 8 October.
      const due = addWorkingDays(Date.parse("2026-09-30T10:00:00+08:00"), 1, rules.calendar);
      assert.equal(due, Date.parse("2026-10-09T00:00:00+08:00"));
    } finally {
      await dispose();
    }
  });
}

Deno.test("deadlineFor() takes the category's own working days over the type's", () => {
  const rules: DeadlineRules = {
    calendar: { holidays: new Set(), workdays: new Set() },
    policies: new Map([["complaint", { working_days: 13, warn_working_days: 2 }]]),
    routes: new Map([
      [7, { lead_department_id: 1, working_days: 0 }],
      [8, { lead_department_id: 1, working_days: null }],
    ]),
  };
  assert.deepEqual(deadlineFor(rules, "complaint", 7), { working_days: 0, warn_working_days: 2 });
  assert.deepEqual(deadlineFor(rules, "complaint", 8), { working_days: 13, warn_working_days: 2 });
  assert.deepEqual(deadlineFor(rules, "complaint", null), {
    working_days: 13,
    warn_working_days: 2,
  });
  assert.throws(() => deadlineFor(rules, "praise", 7), /no deadline policy for case type praise/);
});
