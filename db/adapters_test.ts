import assert from "node:assert/strict";
import { appendEvents, latestEventId, readEventsAfter } from "./events.ts";
import { audit, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { verifyAuditChain } from "../server/audit/audit_verify.ts";
import { loadMigrations, migrate, MigrationError } from "./migrate.ts";
import { ADAPTERS } from "./testing.ts";

// The same tests on both adapters: what passes on the server must pass embedded, and back.
for (const adapter of ADAPTERS) {
  const name = (what: string) => `[db:${adapter.kind}] ${what}`;

  Deno.test(name("migrations apply from zero and a second run applies nothing"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      const all = await loadMigrations();
      assert.deepEqual(await migrate(db), all.map((m) => m.version));
      assert.deepEqual(await migrate(db), []);
      const tables = await db.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public'",
      );
      const names = new Set(tables.map((t) => t.table_name));
      for (
        const t of [
          "districts",
          "departments",
          "case_categories",
          "queues",
          "skills",
          "agents",
          "agent_skills",
          "calls",
          "cases",
          "case_events",
          "events",
          "audit_log",
        ]
      ) assert.ok(names.has(t), `table ${t} exists`);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("a failing migration rolls back whole and is not recorded"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      const good = await loadMigrations();
      const bad = {
        version: good.length + 1,
        name: "broken",
        sql: "create table half_done (id int); insert into no_such_table values (1);",
      };
      await assert.rejects(migrate(db, [...good, bad]), (e: Error) => {
        assert.ok(e instanceof MigrationError);
        assert.match(e.message, /migration \d+ \(broken\) failed and was rolled back/);
        return true;
      });
      const [{ exists }] = await db.query<{ exists: boolean }>(
        "select to_regclass('half_done') is not null as exists",
      );
      assert.equal(exists, false);
      const [{ max }] = await db.query<{ max: number }>(
        "select max(version) as max from schema_migrations",
      );
      assert.equal(max, good.length);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("migrate() refuses a database that is ahead of the code"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      const all = await loadMigrations();
      await migrate(db, [...all, { version: all.length + 1, name: "future", sql: "select 1" }]);
      await assert.rejects(migrate(db, all), /database is at migration \d+ \(future\).*refusing/);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("migrate() refuses an applied migration that was edited"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      const all = await loadMigrations();
      await migrate(db, all);
      const edited = all.map((m, i) => i === 0 ? { ...m, sql: m.sql + "\n-- edited" } : m);
      await assert.rejects(migrate(db, edited), /was changed after it was applied/);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("events commit with their state; a rolled-back event never exists"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      const before = await latestEventId(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await appendEvents(tx, [{ topic: "call", type: "call.offered", subject: 1 }]);
          throw new Error("the service changed its mind");
        }),
        /changed its mind/,
      );
      const stored = await db.transaction((tx) =>
        appendEvents(tx, [
          { topic: "call", type: "call.offered", subject: 2, data: { queue: "general" } },
          { topic: "seat", type: "seat.ready", subject: "1001" },
        ])
      );
      assert.equal(stored.length, 2);
      const read = await readEventsAfter(db, before, { limit: 10 });
      assert.deepEqual(read.map((e) => [e.topic, e.subject]), [["call", "2"], ["seat", "1001"]]);
      assert.deepEqual(read[0].data, { queue: "general" });
      const calls = await readEventsAfter(db, before, { limit: 10, topics: ["call"] });
      assert.deepEqual(calls.map((e) => e.type), ["call.offered"]);
      assert.equal(await latestEventId(db), stored[1].id);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("events and the audit log are append-only"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await db.transaction((tx) => appendEvents(tx, [{ topic: "system", type: "system.test" }]));
      await db.query("insert into audit_log (actor, action) values ('1001', 'test')");
      await assert.rejects(db.query("update events set topic = 'x'"), /append-only/);
      await assert.rejects(db.query("delete from events"), /append-only/);
      await assert.rejects(db.query("truncate events"), /append-only/);
      await assert.rejects(db.query("update audit_log set actor = 'x'"), /append-only/);
      await assert.rejects(db.query("delete from audit_log"), /append-only/);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("audit records keep their JSON and chain verifiably"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      await audit(db, SYSTEM_ACTOR, {
        action: "user.update",
        objectType: "user",
        objectId: 7,
        before: { roles: ["agent"] },
        after: { name: "王五" },
      });
      await audit(db, { ...SYSTEM_ACTOR, actor: "9001" }, { action: "session.sign_in" });
      const rows = await db.query<{ before: unknown; after: unknown }>(
        "select before, after from audit_log order by seq",
      );
      assert.deepEqual(rows, [{ before: { roles: ["agent"] }, after: { name: "王五" } }, {
        before: null,
        after: null,
      }]);
      const report = await verifyAuditChain(db);
      assert.deepEqual([report.ok, report.checked], [true, 2]);
    } finally {
      await dispose();
    }
  });

  Deno.test(name("the category taxonomy is kept to three consistent levels"), async () => {
    const { db, dispose } = await adapter.open();
    try {
      await migrate(db);
      const [root] = await db.query<{ id: number }>(
        "insert into case_categories (code, name, level) values ('01', '城乡建设', 1) returning id",
      );
      await db.query(
        "insert into case_categories (code, name, level, parent_id) values ('0101', '物业', 2, $1)",
        [
          root.id,
        ],
      );
      await assert.rejects(
        db.query("insert into case_categories (code, name, level) values ('0102', 'x', 2)"),
      );
      await assert.rejects(
        db.query(
          "insert into case_categories (code, name, level, parent_id) values ('02', 'x', 1, $1)",
          [root.id],
        ),
      );
      await assert.rejects(
        db.query("insert into case_categories (code, name, level) values ('0203', 'x', 1)"),
      );
    } finally {
      await dispose();
    }
  });
}
