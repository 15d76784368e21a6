import { appendEvents } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import { DEMO_CITY, demoAgents, type DemoCategory } from "./demo_city.ts";

/**
 * Creates the demo city in an empty database (no districts yet), all in one transaction.
 * Returns false when there was something already: the seed never touches real data.
 */
export function seedDemoCity(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting at once: the second waits here and then finds the city.
    await tx.query("lock table districts in exclusive mode");
    const [{ n }] = await tx.query<{ n: number }>("select count(*)::int as n from districts");
    if (n > 0) return false;
    await insertPlaces(tx);
    await insertCategories(tx, DEMO_CITY.categories, null, 1);
    await insertCallCentre(tx);
    await appendEvents(tx, [{
      topic: "system",
      type: "system.seeded",
      data: { city: DEMO_CITY.city },
    }]);
    return true;
  });
}

async function insertPlaces(tx: Tx): Promise<void> {
  for (const d of DEMO_CITY.districts) {
    await tx.query("insert into districts (code, name, level) values ($1, $2, 'district')", [
      d.code,
      d.name,
    ]);
    await tx.query(
      `insert into districts (code, name, level, parent_code)
       select code, name, 'street', $3 from unnest($1::text[], $2::text[]) as s(code, name)`,
      [d.streets.map((s) => s.code), d.streets.map((s) => s.name), d.code],
    );
  }
  for (const dep of DEMO_CITY.departments) {
    await tx.query(
      "insert into departments (code, name, kind, district_code) values ($1, $2, $3, $4)",
      [dep.code, dep.name, dep.kind, dep.district ?? null],
    );
  }
}

async function insertCategories(
  tx: Tx,
  nodes: readonly DemoCategory[],
  parentId: number | null,
  level: number,
): Promise<void> {
  for (const node of nodes) {
    const [row] = await tx.query<{ id: number }>(
      "insert into case_categories (code, name, level, parent_id) values ($1, $2, $3, $4) returning id",
      [node.code, node.name, level, parentId],
    );
    if (node.children) await insertCategories(tx, node.children, row.id, level + 1);
  }
}

async function insertCallCentre(tx: Tx): Promise<void> {
  for (const s of DEMO_CITY.skills) {
    await tx.query("insert into skills (code, name) values ($1, $2)", [s.code, s.name]);
  }
  for (const q of DEMO_CITY.queues) {
    await tx.query(
      "insert into queues (code, name, skill_code, priority) values ($1, $2, $3, $4)",
      [q.code, q.name, q.skill, q.priority],
    );
  }
  // Routing parameters: specialised queues overflow into the general one rather than keep a
  // caller waiting; nobody waits more than 10 minutes without being offered a callback.
  await tx.query(
    `update queues set ring_timeout_seconds = 15, wrap_up_seconds = 20, max_wait_seconds = 600`,
  );
  await tx.query(
    `update queues set overflow_after_seconds = $2, overflow_queue = 'general' where code = $1`,
    ["business", 60],
  );
  await tx.query(
    `update queues set overflow_after_seconds = 90, overflow_queue = 'general' where code in ('english', 'complaint')`,
  );
  for (const g of DEMO_CITY.groups) {
    await tx.query("insert into agent_groups (code, name) values ($1, $2)", [g.code, g.name]);
  }
  for (const a of demoAgents()) {
    const [row] = await tx.query<{ id: number }>(
      "insert into agents (work_number, name, group_code) values ($1, $2, $3) returning id",
      [a.workNumber, a.name, a.group],
    );
    await tx.query(
      `insert into agent_skills (agent_id, skill_code, level)
       select $1, skill, level from unnest($2::text[], $3::int[]) as s(skill, level)`,
      [row.id, a.skills.map((s) => s.skill), a.skills.map((s) => s.level)],
    );
  }
}
