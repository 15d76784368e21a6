import assert from "node:assert/strict";
import { appendEvents } from "../db/events.ts";
import { migrate } from "../db/migrate.ts";
import type { Database } from "../db/port.ts";
import { ADAPTERS, migratedPostgres } from "../db/testing.ts";
import { type LiveEvent, LiveHub } from "../server/live/hub.ts";

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function write(db: Database, subject: number) {
  return db.transaction((tx) =>
    appendEvents(tx, [{ topic: "call", type: "call.offered", subject }])
  );
}

for (const adapter of ADAPTERS) {
  Deno.test(`[live:${adapter.kind}] the hub publishes committed events in order, never a rolled-back one`, async () => {
    const { db, dispose } = await adapter.open();
    // A poll far beyond the test's length: delivery here is by NOTIFY alone.
    const hub = new LiveHub(db, { pollMs: 60_000 });
    try {
      await migrate(db);
      await hub.start();
      const seen: LiveEvent[] = [];
      hub.subscribe((events) => seen.push(...events));
      await assert.rejects(db.transaction(async (tx) => {
        await appendEvents(tx, [{ topic: "call", type: "call.offered", subject: "rolled-back" }]);
        throw new Error("rollback");
      }));
      await Promise.all(Array.from({ length: 20 }, (_, i) => write(db, i)));
      await waitFor("20 events", () => seen.length >= 20);
      await new Promise((r) => setTimeout(r, 100)); // anything extra would show up now
      assert.equal(seen.length, 20);
      assert.ok(seen.every((e) => e.event.subject !== "rolled-back"));
      const ids = seen.map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b), "in id order");
      assert.equal(new Set(ids).size, 20, "no duplicates");
      assert.deepEqual(
        seen.map((e) => e.event.subject).sort(),
        Array.from({ length: 20 }, (_, i) => String(i)).sort(),
      );
    } finally {
      await hub.stop();
      await dispose();
    }
  });
}

Deno.test("[live:postgres] concurrent writers never make the hub skip an id", async () => {
  const { db, dispose } = await migratedPostgres();
  const hub = new LiveHub(db, { pollMs: 60_000 });
  try {
    await hub.start();
    const seen: number[] = [];
    hub.subscribe((events) => seen.push(...events.map((e) => e.id)));
    // Long transactions that write state first and their event last, interleaved with short ones.
    const writers = Array.from({ length: 200 }, (_, i) =>
      db.transaction(async (tx) => {
        await tx.query("select pg_sleep($1)", [(i % 7) / 1000]);
        await appendEvents(tx, [{ topic: "seat", type: "seat.changed", subject: i }]);
      }));
    await Promise.all(writers);
    await waitFor("200 events", () => seen.length >= 200);
    const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from events");
    assert.equal(seen.length, n);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  } finally {
    await hub.stop();
    await dispose();
  }
});

Deno.test("[live:postgres] a killed LISTEN connection is re-established and nothing is lost", async () => {
  const { db, dispose } = await migratedPostgres();
  const hub = new LiveHub(db, { pollMs: 60_000 });
  try {
    await hub.start();
    const seen: number[] = [];
    hub.subscribe((events) => seen.push(...events.map((e) => e.id)));
    await write(db, 1);
    await waitFor("the first event", () => seen.length === 1);

    const killed = await db.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
       where datname = current_database() and application_name = 'hotline-listener'`,
    );
    assert.deepEqual(killed, [{ ok: true }]);
    await waitFor("the listener to notice", () => hub.status.listener !== "listening");
    // Written while nobody listens: their NOTIFYs go nowhere.
    for (let i = 2; i <= 6; i++) await write(db, i);
    await waitFor("the listener to come back", () => hub.status.listener === "listening");
    await waitFor("all six events", () => seen.length === 6);
    await write(db, 7);
    await waitFor("live delivery again", () => seen.length === 7);
    assert.deepEqual(seen, [...new Set(seen)].sort((a, b) => a - b));
  } finally {
    await hub.stop();
    await dispose();
  }
});
