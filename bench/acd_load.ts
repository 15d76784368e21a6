/**
 * The ACD end to end on the real PostgreSQL: call arrivals at a fixed rate, routed by the engine of
 * a separate server process, answered and hung up by agents the bench plays from that server's
 * event stream.
 *
 *   deno run -A bench/acd_load.ts [--rate=100] [--seconds=60] [--agents=1200]
 *     [--talk-min=5] [--talk-max=15] [--inflight=16] [--audited=off|on]   (or BENCH_RATE, …)
 *
 * Setup (acd_load_setup.ts): a fresh database, migrated, the demo city, `--agents` extra agents
 * (all `general`, 3 in 4 also business/english/complaint), queues with wrap_up_seconds 0 and
 * ring_timeout_seconds 20, every seat logged in through SeatActions; server/main.ts started with
 * DATABASE_URL; the bench signs in as the first admin and opens /api/events?topics=call,seat.
 * Calls: call i is due at start + i/rate (queues 7:1:1:1 general/business/english/complaint),
 * AcdService.offer() over openPostgres(url, {max: 20}), at most --inflight at once. Agents: on
 * each `seat.reserved` frame the bench answers at once (SeatActions "answer"); on each `seat.on_call`
 * after an answer it hangs up after a talk time uniform in [talk-min, talk-max] s, as `who` null
 * (like the demo traffic: no audit record) or, with --audited=on, as the agent (an audit_log row
 * per action, through the audit chain trigger, as POST /api/seat writes it). Driving the
 * agents from the stream, as a seat client would, also proves that the stream carried what they
 * needed: a lost `seat.reserved` would show as a ring timeout.
 */
import { EVENTS_CHANNEL, latestEventId } from "../db/events.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";
import { createServices } from "../server/services.ts";
import { assertNoDoubleBooking } from "../tests/acd_invariants.ts";
import { TEST_KEYS } from "../tests/harness.ts";
import { backendPids, cpuOf, cpuSince, dbCounters, PgSampler, postgresPids } from "./acd_pg.ts";
import {
  expectedIds,
  type LoadFigures,
  printReport,
  readTables,
  stats,
} from "./acd_load_report.ts";
import * as setup from "./acd_load_setup.ts";
import { Play } from "./acd_load_play.ts";
import { AcdSseReader, epochNow } from "./acd_sse.ts";
import * as common from "./common.ts";

const { cpuSeconds, loadAverage, machineJiffies, option: opt, sleep, waitFor } = common;
const { loginAll, prepareDatabase, signInAdmin, spawnServer } = setup;
const RATE = Number(opt("rate", "100"));
const SECONDS = Number(opt("seconds", "60"));
const AGENTS = Number(opt("agents", "1200"));
const TALK_MIN = Number(opt("talk-min", "5"));
const TALK_MAX = Number(opt("talk-max", "15"));
const INFLIGHT = Number(opt("inflight", "16"));
const AUDITED = opt("audited", "off") === "on";
const QUEUES = [...Array(7).fill("general"), "business", "english", "complaint"];
const LIMIT_MS = (SECONDS + TALK_MAX + 300) * 1000; // the whole run, setup and drain included

const loadavg = loadAverage();
const tdb = await createTestDatabase("acdload");
const dataDir = await Deno.makeTempDir({ prefix: "hotline-acd-" }); // the server's DATA_DIR
const db = openPostgres(tdb.url, { max: 20, applicationName: "acd-bench" });
const probe = openPostgres(tdb.url, { max: 1, applicationName: "acd-bench-probe" });
let server: setup.Server | undefined;
let sse: AcdSseReader | undefined;
let play: Play | undefined;
const stopServer = async () => {
  const child = server?.child;
  if (!child) return;
  server = undefined;
  try {
    child.kill("SIGTERM");
  } catch { /* gone already */ }
  if (!(await Promise.race([child.status.then(() => true), sleep(5000)]))) child.kill("SIGKILL");
  await child.status;
};
let cleaning: Promise<void> | undefined;
/** Stops the agents, the stream and the server, drops the database: once, also on a signal. */
const cleanup = () =>
  cleaning ??= (async () => {
    clearTimeout(limit);
    play?.stop();
    sse?.stop();
    await stopServer();
    await Promise.allSettled([db.close(), probe.close()]);
    await tdb.drop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  })();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const onSignal = () => {
  console.error("acd_load: interrupted, cleaning up");
  void cleanup().finally(() => Deno.exit(130));
};
for (const sig of SIGNALS) Deno.addSignalListener(sig, onSignal);
const limit = setTimeout(() => {
  console.error(`acd_load: over its time limit of ${LIMIT_MS / 1000} s, stopping`);
  void cleanup().finally(() => Deno.exit(1));
}, LIMIT_MS);

try {
  const setupStart = performance.now();
  const agents = await prepareDatabase(db, AGENTS);
  const { acd, seats } = await createServices(db, TEST_KEYS);
  await loginAll(seats, agents);
  const password = `bench-${crypto.randomUUID()}`;
  server = await spawnServer(tdb.url, dataDir, password);
  const { base, child, log } = server;
  const cookie = await signInAdmin(base, password);
  const startId = await latestEventId(db);
  console.log(
    `${agents.length} seats logged in, server pid ${child.pid} up, in ${
      ((performance.now() - setupStart) / 1000).toFixed(1)
    } s; offering ${RATE}/s for ${SECONDS} s (load average before ${loadavg})`,
  );

  play = new Play(seats, [TALK_MIN, TALK_MAX], AUDITED);
  sse = new AcdSseReader(play.onEvent);
  const reading = sse.run(`${base}/api/events?topics=call,seat`, { cookie });
  await waitFor("the event stream", 15_000, () => {
    if (sse!.error) throw new Error(`SSE: ${sse!.error}`);
    return sse!.ready;
  });
  // One NOTIFY per committed event-writing transaction (db/events.ts): their rate.
  const notifies: number[] = [];
  await db.listen(EVENTS_CHANNEL, { onNotify: () => notifies.push(epochNow()), onListening() {} });

  const lags: number[] = [];
  let tick = performance.now();
  const lagTimer = setInterval(() => {
    const t = performance.now();
    lags.push(t - tick - 10);
    tick = t;
  }, 10);
  const pg0 = cpuOf(await backendPids(probe)), all0 = cpuOf(postgresPids());
  const cpu0 = [cpuSeconds(child.pid), cpuSeconds("self"), ...machineJiffies()];
  const counters0 = await dbCounters(probe);
  const sampler = new PgSampler(probe);
  sampler.start();

  const total = Math.round(RATE * SECONDS);
  const arrivals = await play.arrivals(acd, {
    rate: RATE,
    total,
    inflight: INFLIGHT,
    queues: QUEUES,
  });
  const { start, end: offersDone, committed } = arrivals;
  const wall = (offersDone - start) / 1000;
  const pg = await sampler.stop();
  const counters1 = await dbCounters(probe);
  const pgCpu = cpuSince(pg0, await backendPids(probe)), allPgCpu = cpuSince(all0, postgresPids());
  const [srvCpu, selfCpu, busy, jiffies] = [
    cpuSeconds(child.pid),
    cpuSeconds("self"),
    ...machineJiffies(),
  ].map((v, i) => v - cpu0[i]);

  const drainLimit = (TALK_MAX + 30) * 1000;
  await waitFor("every call to end", drainLimit, () => play!.ended >= committed)
    .catch((e) => console.log(`! ${e.message} (${play!.ended} of ${committed} ended)`));
  const drainS = (epochNow() - offersDone) / 1000;
  play.stop();
  clearInterval(lagTimer);

  // The wall screen's snapshot over today's calls (the route caches it 300 ms: 400 ms apart).
  const snapshotMs: number[] = [];
  let snapshot: { centre?: { offered?: number; answered?: number }; seats?: unknown[] } = {};
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/acd/snapshot`, { headers: { cookie } });
    snapshot = await res.json();
    snapshotMs.push(+(performance.now() - t).toFixed(1));
    if (!res.ok) throw new Error(`snapshot: status ${res.status}`);
    await sleep(400);
  }
  const expected = await expectedIds(db, startId);
  await waitFor("the stream to catch up", 10_000, () => sse!.ids.at(-1)! >= expected.at(-1)!)
    .catch((e) => console.log(`! ${e.message}`));
  const stream = { ...sse.check(expected), expected: expected.length, received: sse.ids.length };
  sse.stop();
  await Promise.race([reading, sleep(2000)]);
  await stopServer();
  const serverErrors = log.filter((l) => /failed|error/i.test(l));
  let doubleBooking = "passed";
  await assertNoDoubleBooking(db).catch((e) => doubleBooking = `FAILED: ${e.message}`);
  const tables = await readTables(db, startId, start, offersDone);
  // --- figures ---
  const ringSse: number[] = [], answerSse: number[] = [];
  for (const t of play.calls.values()) {
    if (t.committed === undefined) continue;
    if (t.ring !== undefined) ringSse.push(t.ring - t.committed);
    if (t.answered !== undefined) answerSse.push(t.answered - t.committed);
  }
  const x: LoadFigures & Record<string, unknown> = {
    bench: "acd_load",
    rate: RATE,
    audited: AUDITED,
    seconds: SECONDS,
    seats: agents.length,
    talk_s: [TALK_MIN, TALK_MAX],
    offered: committed,
    offer_errors: arrivals.errors,
    achieved_rate: +(committed / ((arrivals.lastCommit - start) / 1000)).toFixed(1),
    issue_lag: stats(arrivals.issueLag),
    offer_commit: stats(arrivals.offerMs),
    offer_to_ringing_sse: stats(ringSse),
    offer_to_answered_sse: stats(answerSse),
    offer_to_ringing_db: tables.ringDb,
    ringing_to_answered_db: tables.answerDb,
    ring_db_p50_by_10s: tables.ringDbP50By10s,
    sse_delivery: stats(play.delivery),
    outcomes: tables.outcomes,
    completed: tables.outcomes["ended/completed"] ?? 0,
    rung_more_than_once: tables.callsRungMoreThanOnce,
    drain_s: +drainS.toFixed(1),
    events_per_s: Math.round(tables.eventsInWindow / wall),
    event_tx_per_s: Math.round(notifies.filter((t) => t >= start && t < offersDone).length / wall),
    commits_per_s: Math.round((counters1.xact_commit - counters0.xact_commit) / wall),
    rollbacks: counters1.xact_rollback - counters0.xact_rollback,
    route_batches: tables.routeBatches,
    rings_per_batch: tables.ringsPerBatch,
    pg_sampler: pg,
    snapshot_ms: snapshotMs,
    snapshot_seats: snapshot.seats?.length,
    snapshot_offered: snapshot.centre?.offered,
    stream,
    stream_resets: sse.resets,
    stream_error: sse.error ?? null,
    action_errors: play.actionErrors,
    server_errors: serverErrors.length,
    server_error_sample: serverErrors.slice(0, 3),
    event_types: play.types,
    cpu_pct: {
      server: Math.round((srvCpu / wall) * 100),
      bench: Math.round((selfCpu / wall) * 100),
      pg_backends: Math.round((pgCpu / wall) * 100),
      all_postgres: Math.round((allPgCpu / wall) * 100),
      machine_busy_of_2: Math.round((busy / jiffies) * 100),
    },
    bench_loop_lag: stats(lags),
    double_booking: doubleBooking,
    loadavg_before: loadavg,
  };
  x.met = printReport(x);
  console.log(JSON.stringify(x));
  if (!x.met) Deno.exitCode = 1;
} catch (error) {
  console.error(`acd_load failed: ${(error as Error).stack}`);
  console.error((server?.log ?? []).slice(-30).join("\n"));
  Deno.exitCode = 1;
} finally {
  await cleanup();
  for (const sig of SIGNALS) Deno.removeSignalListener(sig, onSignal);
}
