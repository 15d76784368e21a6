import assert from "node:assert/strict";
import { appendEvents, type NewEvent } from "../db/events.ts";
import type { Database } from "../db/port.ts";
import { REPLAY_LIMIT } from "../routes/events_sse.ts";
import type { LiveHub } from "../server/live/hub.ts";
import { startTestApp, USER_OF } from "./harness.ts";
import { SseReader } from "./sse_reader.ts";

interface Fixture {
  db: Database;
  hub: LiveHub;
  /** Opens a stream; by default returns once the replay is done (the "ready" message). */
  open(query?: string, headers?: Record<string, string>, untilReady?: boolean): Promise<SseReader>;
  write(...events: NewEvent[]): Promise<number[]>;
}

async function withSpine(fn: (f: Fixture) => Promise<void>, heartbeatMs = 5000): Promise<void> {
  const t = await startTestApp({ heartbeatMs });
  const { db, hub } = t;
  const supervisor = await t.signIn(USER_OF.supervisor);
  const readers: SseReader[] = [];
  const aborts: AbortController[] = [];
  try {
    await fn({
      db,
      hub,
      async open(query = "", headers = {}, untilReady = true) {
        const abort = new AbortController();
        aborts.push(abort);
        const res = await t.request(
          `/api/events${query}`,
          { headers, signal: abort.signal },
          supervisor,
        );
        assert.equal(res.status, 200, await (res.status === 200 ? "" : res.text()));
        assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
        const reader = new SseReader(res);
        readers.push(reader);
        if (untilReady) await reader.until("ready");
        return reader;
      },
      async write(...events) {
        const rows = await db.transaction((tx) => appendEvents(tx, events));
        return rows.map((r) => r.id);
      },
    });
  } finally {
    for (const r of readers) await r.close();
    for (const a of aborts) a.abort();
    await t.dispose();
  }
}

const call = (subject: number): NewEvent => ({ topic: "call", type: "call.offered", subject });
const seat = (subject: string): NewEvent => ({ topic: "seat", type: "seat.ready", subject });

Deno.test("[sse] streams new events with id = event id", () =>
  withSpine(async ({ open, write }) => {
    const client = await open();
    const ids = await write(call(1), seat("1001"));
    const got = await client.events(2);
    assert.deepEqual(got.map((e) => e.id), ids);
    assert.deepEqual(got.map((e) => e.topic), ["call", "seat"]);
  }));

Deno.test("[sse] a reconnect with Last-Event-ID gets exactly the missed events, in order", () =>
  withSpine(async ({ open, write }) => {
    const first = await open();
    const before = await write(call(1), call(2));
    assert.deepEqual((await first.events(2)).map((e) => e.id), before);
    await first.close();
    const missed: number[] = [];
    for (let i = 3; i <= 12; i++) missed.push(...await write(i % 2 ? call(i) : seat(String(i))));
    const again = await open("", { "Last-Event-ID": String(before[1]) });
    const after = await write(call(13));
    const got = await again.events(11);
    assert.deepEqual(got.map((e) => e.id), [...missed, ...after]);
    // Nothing more: no duplicate of a replayed event arrives from the live side.
    await assert.rejects(again.events(1, 300), /no SSE message/);
  }));

Deno.test("[sse] the last_event_id query parameter resumes like the header", () =>
  withSpine(async ({ open, write }) => {
    const [a, b] = await write(call(1), call(2));
    const client = await open(`?last_event_id=${a}`);
    assert.deepEqual((await client.events(1)).map((e) => e.id), [b]);
  }));

Deno.test("[sse] topic filters hold for live and replayed events", () =>
  withSpine(async ({ open, write }) => {
    const [start] = await write(call(0));
    const replayed = await write(seat("1001"), call(1), seat("1002"));
    const seats = await open("?topics=seat", { "Last-Event-ID": String(start) });
    const live = await write(call(2), seat("1003"), {
      topic: "case",
      type: "case.registered",
      subject: 9,
    });
    const got = await seats.events(3);
    assert.deepEqual(got.map((e) => e.id), [replayed[0], replayed[2], live[1]]);
    assert.ok(got.every((e) => e.topic === "seat"));
    const both = await open("?topics=seat,case");
    const later = await write(call(3), { topic: "case", type: "case.registered", subject: 10 });
    assert.deepEqual((await both.events(1)).map((e) => e.id), [later[1]]);
  }));

Deno.test("[sse] a client too far behind is told to reload a snapshot", () =>
  withSpine(async ({ open, write, hub }) => {
    await write(...Array.from({ length: REPLAY_LIMIT + 5 }, (_, i) => call(i)));
    await hub.poke();
    for (const lastId of ["1", String(hub.lastId + 1000)]) {
      // An id beyond the newest event belongs to a database that no longer exists: void too.
      const client = await open("", { "Last-Event-ID": lastId }, false);
      const reset = JSON.parse((await client.until("reset")).data);
      assert.deepEqual(reset, { reason: "too_far_behind", latest_id: hub.lastId });
      // After the reset the stream goes on live from the newest id.
      const [next] = await write(call(-1));
      assert.deepEqual((await client.events(1)).map((e) => e.id), [next]);
    }
  }));

Deno.test("[sse] sends heartbeats with the newest id and listener state", () =>
  withSpine(async ({ open }) => {
    const client = await open();
    const beat = JSON.parse((await client.until("heartbeat", 2000)).data);
    assert.equal(beat.listener, "listening");
    assert.equal(typeof beat.latest_id, "number");
  }, 100));

Deno.test("[sse] a bad query or Last-Event-ID is a 400 naming the problem", async () => {
  const t = await startTestApp();
  try {
    const supervisor = await t.signIn(USER_OF.supervisor);
    for (
      const [path, headers, needle] of [
        ["/api/events?topics=Call;drop", {}, "topics"],
        ["/api/events?last_event_id=-3", {}, "last_event_id"],
        ["/api/events?color=blue", {}, "color"],
        ["/api/events", { "Last-Event-ID": "abc" }, "Last-Event-ID"],
      ] as const
    ) {
      const res = await t.request(path, { headers }, supervisor);
      assert.equal(res.status, 400, path);
      const body = await res.json();
      assert.equal(body.error.code, "invalid_request");
      assert.ok(JSON.stringify(body).includes(needle), `${path}: ${JSON.stringify(body)}`);
    }
  } finally {
    await t.dispose();
  }
});

Deno.test("[sse] clients survive a killed LISTEN connection without losing an event", () =>
  withSpine(async ({ db, hub, open, write }) => {
    const clients = await Promise.all([open(), open("?topics=call")]);
    await db.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and application_name = 'hotline-listener'`,
    );
    const during = await write(call(1), call(2), seat("1001"));
    const deadline = Date.now() + 5000;
    while (hub.status.listener !== "listening" || hub.lastId < during[2]) {
      if (Date.now() > deadline) throw new Error("the hub did not recover");
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = await write(call(3));
    assert.deepEqual((await clients[0].events(4)).map((e) => e.id), [...during, ...after]);
    assert.deepEqual((await clients[1].events(3)).map((e) => e.id), [
      during[0],
      during[1],
      after[0],
    ]);
  }));
