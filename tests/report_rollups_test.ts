/**
 * The rollups kept by the triggers of 0009_report_rollups.sql equal an aggregate computed here,
 * in TypeScript, from the rows themselves, after a random mix of inserts, updates (status, re-route,
 * replies, callbacks, a case changed several times in one transaction) and deletes, across a month
 * and a year end; and equal a rebuild from scratch. On PostgreSQL and on PGlite.
 */
import assert from "node:assert/strict";
import { migrate } from "../db/migrate.ts";
import type { Database, Queryable } from "../db/port.ts";
import { ADAPTERS } from "../db/testing.ts";
import { chinaDay } from "../server/cases/working_days.ts";
import { CASE_CHANNELS, CASE_COUNTERS, CASE_TYPES } from "../server/reports/figures.ts";
import { mulberry32 } from "../server/seed/prng.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { insertCall, insertCallback, insertCase, insertReply, refIds } from "./report_fixtures.ts";

type Row = Record<string, unknown>;
type Counts = Map<string, Record<string, number>>;
const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).getTime());
const hourOf = (t: number) => new Date(t + 8 * 3_600_000).getUTCHours();

function bump(map: Counts, key: string, add: Record<string, number>) {
  const row = map.get(key) ?? {};
  for (const [k, v] of Object.entries(add)) row[k] = (row[k] ?? 0) + v;
  map.set(key, row);
}

/** The case counters from the rows, by the definitions in docs/reports.md. */
async function expectedCases(db: Queryable): Promise<Counts> {
  const cases = await db.query<Row>("select * from cases");
  const replies = await db.query<Row>("select * from case_replies order by id");
  const callbacks = await db.query<Row>("select * from case_callbacks order by id");
  const out: Counts = new Map();
  for (const c of cases) {
    const lead = c.lead_department_id === null ? 0 : Number(c.lead_department_id);
    const key = (day: string) => [day, c.category_id ?? 0, lead, c.district_code ?? ""].join("|");
    const due = ms(c.due_at);
    const closedAt = ms(c.closed_at);
    const closed = c.status === "closed";
    const created: Record<string, number> = { registered: 1 };
    for (const t of CASE_TYPES) created[`t_${t}`] = c.type === t ? 1 : 0;
    for (const ch of CASE_CHANNELS) created[`ch_${ch}`] = c.channel === ch ? 1 : 0;
    created.closed = closed ? 1 : 0;
    created.closed_on_time = closed && (due === null || (closedAt !== null && closedAt <= due))
      ? 1
      : 0;
    created.closed_late = closed && due !== null && closedAt !== null && closedAt > due ? 1 : 0;
    created.merged = c.status === "merged" ? 1 : 0;
    bump(out, key(chinaDay(ms(c.created_at)!)), created);
    if (c.source !== "hotline" || c.dispatched_at === null || lead === 0) continue;
    const reply = replies.find((r) =>
      Number(r.case_id) === Number(c.id) && Number(r.department_id) === lead
    );
    const first = callbacks.find((f) => Number(f.case_id) === Number(c.id) && f.reached);
    const signed = ms(c.signed_at);
    const signDue = ms(c.sign_due_at);
    const replyDue = reply ? ms(reply.due_at) ?? due : null;
    bump(out, key(chinaDay(ms(c.dispatched_at)!)), {
      dispatched: 1,
      signed_in_time: signed !== null && signDue !== null && signed <= signDue ? 1 : 0,
      replied: reply ? 1 : 0,
      replied_in_time: reply && replyDue !== null && ms(reply.submitted_at)! <= replyDue ? 1 : 0,
      callbacks: first ? 1 : 0,
      resolved: first?.resolved === true ? 1 : 0,
      satisfied: first && ["satisfied", "basic"].includes(first.satisfaction as string) ? 1 : 0,
    });
  }
  return out;
}

/** The call counters from the rows, by server/acd/queue_metrics.ts's definitions. */
async function expectedCalls(db: Queryable): Promise<{ hourly: Counts; agents: Counts }> {
  const hourly: Counts = new Map();
  const agents: Counts = new Map();
  for (const c of await db.query<Row>("select * from calls where queued_at is not null")) {
    const queued = ms(c.queued_at)!;
    const answered = ms(c.answered_at);
    const ended = ms(c.ended_at);
    const abandon = answered === null && ended !== null && c.end_reason === "abandoned";
    const counts = {
      offered: 1,
      answered: answered !== null ? 1 : 0,
      answered_15s: answered !== null && answered - queued <= 15_000 ? 1 : 0,
      short_abandoned: abandon && ended! - queued < 5_000 ? 1 : 0,
      abandoned: abandon && ended! - queued >= 5_000 ? 1 : 0,
      unanswered_other: answered === null && ended !== null && !abandon ? 1 : 0,
      waiting: answered === null && ended === null ? 1 : 0,
      handled: answered !== null && ended !== null ? 1 : 0,
      answer_wait_ms: answered !== null ? answered - queued : 0,
      handle_ms: answered !== null && ended !== null
        ? ended - answered + Number(c.wrap_ms ?? 0)
        : 0,
    };
    const day = chinaDay(queued);
    const queue = c.queue_code ?? "";
    bump(hourly, [day, hourOf(queued), queue].join("|"), counts);
    bump(agents, [day, queue, c.agent_id ?? 0].join("|"), counts);
  }
  return { hourly, agents };
}

/** A rollup table as key → counters, without rows that have come back to all zeros. */
async function table(db: Queryable, name: string, keys: string[]): Promise<Counts> {
  const out: Counts = new Map();
  for (const r of await db.query<Row>(`select *, day::text as day from ${name}`)) {
    const counts: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) if (!keys.includes(k)) counts[k] = Number(v);
    if (Object.values(counts).some((v) => v !== 0)) {
      out.set(keys.map((k) => r[k]).join("|"), counts);
    }
  }
  return out;
}

/** Drops zero counters so that "absent" and "0" compare equal. */
function tidy(m: Counts): Counts {
  const out: [string, Record<string, number>][] = [];
  for (const [key, counts] of m) {
    const kept = Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
    if (Object.keys(kept).length > 0) out.push([key, kept]);
  }
  return new Map(out.sort(([a], [b]) => a.localeCompare(b)));
}

function byMonth(daily: Counts): Counts {
  const out: Counts = new Map();
  for (const [key, counts] of daily) {
    const [day, ...rest] = key.split("|");
    bump(out, [`${day.slice(0, 8)}01`, ...rest].join("|"), counts);
  }
  return out;
}

async function assertRollupsMatch(db: Queryable, when: string) {
  const caseKeys = ["day", "category_id", "lead_department_id", "district_code"];
  const cases = await expectedCases(db);
  assert.deepEqual(tidy(await table(db, "case_rollup_daily", caseKeys)), tidy(cases), when);
  assert.deepEqual(
    tidy(await table(db, "case_rollup_monthly", caseKeys)),
    tidy(byMonth(cases)),
    `${when} (monthly)`,
  );
  const calls = await expectedCalls(db);
  assert.deepEqual(
    tidy(await table(db, "call_rollup_hourly", ["day", "hour", "queue_code"])),
    tidy(calls.hourly),
    `${when} (calls by hour)`,
  );
  assert.deepEqual(
    tidy(await table(db, "call_rollup_agent_daily", ["day", "queue_code", "agent_id"])),
    tidy(calls.agents),
    `${when} (calls by agent)`,
  );
}

async function randomMix(db: Database) {
  const rand = mulberry32(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const refs = await refIds(db);
  const departments = [...refs.departments.values()];
  const leaves = [...refs.categories].filter(([code]) => code.length === 6).map(([, id]) => id);
  const districts = (await db.query<{ code: string }>(
    "select code from districts where level = 'district'",
  )).map((d) => d.code);
  const agentIds = [...refs.agents.values()].slice(0, 6);
  const queues = ["general", "business", "english", "complaint", null];
  const start = Date.parse("2025-12-20T00:00:00+08:00");
  const instant = () => new Date(start + Math.floor(rand() * 27 * 86_400) * 1000);
  const later = (t: Date, maxSeconds: number) =>
    new Date(t.getTime() + Math.floor(rand() * maxSeconds) * 1000);

  const caseIds: number[] = [];
  for (let i = 0; i < 120; i++) {
    caseIds.push(
      await insertCase(db, {
        created: instant(),
        type: pick(CASE_TYPES),
        channel: pick(CASE_CHANNELS),
        source: rand() < 0.8 ? "hotline" : "import_311",
        categoryId: rand() < 0.85 ? pick(leaves) : null,
        districtCode: rand() < 0.8 ? pick(districts) : null,
      }),
    );
  }
  const callIds: number[] = [];
  for (let i = 0; i < 200; i++) {
    const queued = rand() < 0.95 ? instant() : null;
    const fate = rand();
    const answered = queued && fate < 0.6 ? later(queued, 40) : null;
    const ended = queued && fate < 0.85 ? later(answered ?? queued, 600) : null;
    callIds.push(
      await insertCall(db, {
        queue: pick(queues),
        agentId: answered ? pick(agentIds) : null,
        queued,
        answered,
        ended,
        endReason: ended && !answered
          ? pick(["abandoned", "abandoned", "voicemail"] as const)
          : null,
        wrapMs: answered && ended && rand() < 0.5 ? Math.floor(rand() * 60_000) : null,
      }),
    );
  }
  await assertRollupsMatch(db, "after the inserts");

  for (const id of caseIds) {
    const [c] = await db.query<Row>("select created_at from cases where id = $1", [id]);
    const created = new Date(c.created_at as string);
    const roll = rand();
    if (roll < 0.75) {
      const lead = pick(departments);
      const dispatched = later(created, 3 * 86_400);
      const signDue = later(dispatched, 2 * 86_400);
      const due = later(dispatched, 10 * 86_400);
      await db.query(
        `update cases set status = 'dispatched', lead_department_id = $2, dispatched_at = $3,
           sign_due_at = $4, due_at = $5 where id = $1`,
        [id, lead, dispatched, signDue, due],
      );
      if (rand() < 0.7) {
        await db.query("update cases set status = 'signed', signed_at = $2 where id = $1", [
          id,
          later(dispatched, 3 * 86_400),
        ]);
      }
      if (rand() < 0.5) {
        await insertReply(
          db,
          id,
          rand() < 0.8 ? lead : pick(departments),
          later(dispatched, 12 * 86_400),
          rand() < 0.3 ? due : null,
        );
      }
      if (rand() < 0.2) {
        // Re-route (改派): a new lead, a new dispatch time, not signed yet.
        await db.query(
          `update cases set status = 'dispatched', lead_department_id = $2, dispatched_at = $3,
             signed_at = null where id = $1`,
          [id, pick(departments), later(dispatched, 2 * 86_400)],
        );
      }
      if (rand() < 0.5) {
        await insertCallback(
          db,
          id,
          later(due, 86_400),
          rand() < 0.3 ? null : {
            satisfaction: pick(["satisfied", "basic", "dissatisfied"] as const),
            resolved: rand() < 0.6,
          },
        );
      }
      if (rand() < 0.6) {
        await db.query("update cases set status = 'closed', closed_at = $2 where id = $1", [
          id,
          later(dispatched, 15 * 86_400),
        ]);
      }
    } else if (roll < 0.85) {
      await db.query(
        "update cases set status = 'merged', merged_into_id = $2, closed_at = $3 where id = $1",
        [id, caseIds[0] === id ? caseIds[1] : caseIds[0], later(created, 3600)],
      );
    } else if (roll < 0.92) {
      await db.query(
        "update cases set category_id = $2, district_code = $3, type = $4, channel = $5 where id = $1",
        [id, pick(leaves), pick(districts), pick(CASE_TYPES), pick(CASE_CHANNELS)],
      );
    }
  }
  // One transaction changes a case many times and adds a reply and callbacks: the deferred
  // triggers see each change, the rollup ends up with the last state only.
  await db.transaction(async (tx) => {
    const id = caseIds[7];
    const lead = departments[2];
    const t = new Date("2026-01-05T02:00:00Z");
    await tx.query(
      `update cases set status = 'dispatched', lead_department_id = $2, dispatched_at = $3,
         sign_due_at = $4, due_at = $5, signed_at = null, closed_at = null where id = $1`,
      [id, lead, t, later(t, 86_400), later(t, 9 * 86_400)],
    );
    await tx.query("update cases set status = 'signed', signed_at = $2 where id = $1", [id, t]);
    await insertReply(tx, id, lead, t);
    await insertCallback(tx, id, t, { satisfaction: "basic", resolved: true });
    await tx.query("update cases set status = 'closed', closed_at = $2 where id = $1", [id, t]);
  });
  for (const id of callIds) {
    const roll = rand();
    if (roll < 0.15) {
      await db.query(
        `update calls set state = 'ended', ended_at = coalesce(answered_at, queued_at) + interval '3 seconds',
           end_reason = case when answered_at is null then 'abandoned' else 'completed' end
         where id = $1 and state <> 'ended'`,
        [id],
      );
    } else if (roll < 0.3) {
      await db.query("update calls set wrap_ms = $2 where id = $1", [
        id,
        Math.floor(rand() * 9000),
      ]);
    } else if (roll < 0.4) {
      await db.query("update calls set queue_code = $2, agent_id = $3 where id = $1", [
        id,
        pick(queues),
        pick([...agentIds, null]),
      ]);
    } else if (roll < 0.45) {
      await db.query("delete from calls where id = $1", [id]);
    }
  }
  await assertRollupsMatch(db, "after the updates");

  for (const id of caseIds.slice(20, 35)) await db.query("delete from cases where id = $1", [id]);
  await db.query(
    "delete from case_callbacks where id in (select min(id) from case_callbacks group by case_id)",
  );
  await db.query("delete from case_replies where id in (select id from case_replies limit 5)");
  await assertRollupsMatch(db, "after the deletes");

  // A rollback leaves the rollups as they were.
  await db.transaction(async (tx) => {
    await insertCase(tx, { created: new Date() });
    await tx.query("update cases set status = 'closed', closed_at = now()");
    throw new Error("roll back");
  }).catch(() => {});
  await assertRollupsMatch(db, "after a rollback");

  const before = await table(db, "case_rollup_daily", [
    "day",
    "category_id",
    "lead_department_id",
    "district_code",
  ]);
  await db.query("select report_rollups_rebuild()");
  assert.deepEqual(
    tidy(
      await table(db, "case_rollup_daily", [
        "day",
        "category_id",
        "lead_department_id",
        "district_code",
      ]),
    ),
    tidy(before),
    "a rebuild from scratch gives the same",
  );
  await assertRollupsMatch(db, "after a rebuild");
}

for (const adapter of ADAPTERS) {
  Deno.test(`[reports] rollups equal the rows after inserts, updates and deletes (${adapter.kind})`, async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await seedDemoCity(db);
      await randomMix(db);
    } finally {
      await dispose();
    }
  });
}

Deno.test("[reports] the case rollup has a column for every case type and channel", async () => {
  const { db, dispose } = await ADAPTERS[1].open();
  try {
    await migrate(db);
    const columns = new Set(
      (await db.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_name = 'case_rollup_daily'",
      )).map((c) => c.column_name),
    );
    for (const counter of CASE_COUNTERS) assert.ok(columns.has(counter), counter);
  } finally {
    await dispose();
  }
});
