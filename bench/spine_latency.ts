/**
 * End-to-end latency of the live spine on the real PostgreSQL: commit of an event → its SSE
 * frame received by each of N clients of a separate server process.
 *
 *   deno run -A bench/spine_latency.ts [--clients=200] [--rate=500] [--seconds=20]
 *     [--inflight=8] [--parse=cheap|full] [--transport=fetch|tcp]
 *   (or the env BENCH_CLIENTS, BENCH_RATE, BENCH_SECONDS, BENCH_INFLIGHT, BENCH_TRANSPORT)
 *
 * Latency = time a client read the event's frame − time the writer's transaction promise
 * resolved, per client per event. Clients parse cheaply (bench/sse_client.ts: only the `id:`
 * line, on bytes); --parse=full JSON.parses every data line. --transport=tcp reads the stream
 * over a raw socket instead of fetch(), at about half the CPU. The writer runs in a Worker
 * (bench/spine_writer.ts) so that its commit timestamps are not delayed by the clients.
 */
import { migrate } from "../db/migrate.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";
import * as common from "./common.ts";
import { SseClient, type Transport } from "./sse_client.ts";
import type { WriterRequest, WriterResult } from "./spine_writer.ts";

const { cpuSeconds, freePort, loadAverage, machineJiffies, option: opt, pct, sleep, waitFor } =
  common;
const ROOT = new URL("../", import.meta.url);
const CLIENTS = Number(opt("clients", "200"));
const RATE = Number(opt("rate", "500"));
const SECONDS = Number(opt("seconds", "20"));
const INFLIGHT = Number(opt("inflight", "8"));
const FULL = opt("parse", "cheap") === "full";
const TRANSPORT = opt("transport", "tcp") as Transport;
const now = () => performance.timeOrigin + performance.now();
const ms = (x: number) => x.toFixed(2).padStart(9);

const loadavg = loadAverage();
const tdb = await createTestDatabase("bench");
const dataDir = await Deno.makeTempDir({ prefix: "hotline-bench-" }); // the server's key file
const admin = openPostgres(tdb.url, { max: 1 });
let server: Deno.ChildProcess | undefined;
const clients: SseClient[] = [];
const serverLog: string[] = [];
let cleaning: Promise<void> | undefined;
/** Stops the clients and the server, drops the database: once, also on SIGINT/SIGTERM. */
const cleanup = () =>
  cleaning ??= (async () => {
    for (const c of clients) c.stop();
    if (server) {
      try {
        server.kill("SIGTERM");
      } catch { /* already gone */ }
      const exited = await Promise.race([server.status.then(() => true), sleep(5000)]);
      if (!exited) server.kill("SIGKILL");
      await server.status;
    }
    await admin.close();
    await tdb.drop();
    await Deno.remove(dataDir, { recursive: true });
  })();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const onSignal = () => void cleanup().finally(() => Deno.exit(130));
for (const sig of SIGNALS) Deno.addSignalListener(sig, onSignal);
try {
  await migrate(admin);

  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const password = `bench-${crypto.randomUUID()}`;
  const env = { DATABASE_URL: tdb.url, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir };
  server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts"],
    cwd: ROOT,
    env: { ...env, ADMIN_PASSWORD: password, DEMO_TRAFFIC: "off", DEMO_DATA: "off", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  for (const stream of [server.stdout, server.stderr]) {
    (async () => {
      for await (const l of stream.pipeThrough(new TextDecoderStream())) serverLog.push(l);
    })().catch(() => {});
  }
  const t0 = performance.now();
  const healthy = () => fetch(`${base}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
  await waitFor("/healthz 200", 60_000, healthy);
  console.log(`server pid ${server.pid} ready in ${(performance.now() - t0).toFixed(0)} ms`);
  // The stream needs a session with "events.stream": sign in as the first admin.
  const signIn = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ work_number: "admin", password }),
  });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  await signIn.body?.cancel();
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: status ${signIn.status}`);

  for (let i = 0; i < CLIENTS; i++) clients.push(new SseClient(FULL ? Infinity : 20));
  const runs = clients.map((c) => c.run(`${base}/api/events?topics=bench`, TRANSPORT, { cookie }));
  await waitFor(`${CLIENTS} SSE clients ready`, 30_000, () => {
    const failed = clients.find((c) => c.error);
    if (failed) throw new Error(`an SSE client failed: ${failed.error}`);
    return clients.every((c) => c.ready);
  });
  console.log(`${CLIENTS} SSE clients connected; writing ${RATE}/s for ${SECONDS} s`);

  // Event-loop lag of the receiving (main) thread: large lag inflates receive timestamps.
  const lags: number[] = [];
  let tick = performance.now();
  const lagTimer = setInterval(() => {
    const t = performance.now();
    lags.push(t - tick - 10);
    tick = t;
  }, 10);

  const cpu0 = [cpuSeconds(server.pid), cpuSeconds("self"), ...machineJiffies()];
  const writer = new Worker(new URL("./spine_writer.ts", import.meta.url), { type: "module" });
  const count = Math.round(RATE * SECONDS);
  const request: WriterRequest = { url: tdb.url, rate: RATE, count, inflight: INFLIGHT };
  const result = await new Promise<WriterResult>((resolve, reject) => {
    writer.onmessage = (e) => resolve(e.data);
    writer.onerror = (e) => reject(new Error(e.message));
    writer.postMessage(request);
  });
  writer.terminate();
  const maxId = result.ids.reduce((a, b) => Math.max(a, b), 0);
  const drainStart = now();
  await waitFor(
    "delivery of the last event",
    15_000,
    () => clients.every((c) => c.last >= maxId || c.error !== undefined),
  ).catch((e) => console.log(`! ${e.message}`));
  const drainMs = now() - drainStart;
  const cpu1 = [cpuSeconds(server.pid), cpuSeconds("self"), ...machineJiffies()];
  clearInterval(lagTimer);
  const wall = (now() - result.startedAt) / 1000;

  // Analysis: per client, dedupe via a bitmap over [minId, maxId]; latency vs. commit time.
  const minId = result.ids.reduce((a, b) => b > 0 ? Math.min(a, b) : a, Infinity);
  const commitOf = new Float64Array(maxId - minId + 1).fill(NaN);
  result.ids.forEach((id, i) => id > 0 && (commitOf[id - minId] = result.commits[i]));
  // A cross-check independent of the writer thread's timing: the row's insert time (the
  // database's clock_timestamp(), same machine clock), an upper bound of the commit time.
  const insertOf = new Float64Array(commitOf.length);
  const rows = await admin.query<{ id: number; at: number }>(
    "select id, (extract(epoch from created_at) * 1000)::float8 as at from events where id >= $1",
    [minId],
  );
  for (const r of rows) if (r.id <= maxId) insertOf[r.id - minId] = r.at;
  let received = 0, lost = 0, dup = 0, ooo = 0, unexpected = 0, bad = 0, k = 0;
  const lat = new Float64Array(clients.reduce((n, c) => n + c.n, 0)), lat2 = lat.slice();
  for (const c of clients) {
    const seen = new Uint8Array(commitOf.length);
    bad += c.badData;
    for (let i = 0; i < c.n; i++) {
      const j = c.ids[i] - minId;
      if (j < 0 || j >= seen.length || Number.isNaN(commitOf[j])) unexpected++;
      else if (seen[j]) dup++;
      else {
        if (i > 0 && c.ids[i] < c.ids[i - 1]) ooo++;
        seen[j] = 1;
        received++;
        lat2[k] = c.times[i] - insertOf[j];
        lat[k++] = c.times[i] - commitOf[j];
      }
    }
    for (let j = 0; j < seen.length; j++) if (!seen[j] && !Number.isNaN(commitOf[j])) lost++;
  }
  const sorted = lat.subarray(0, k).sort(), sorted2 = lat2.subarray(0, k).sort();
  const writeLat = result.commits.map((t, i) => t - result.issued[i]).filter((_, i) =>
    result.ids[i] > 0
  ).sort();
  const lagSorted = Float64Array.from(lags).sort();
  const [srvCpu, selfCpu, busy, total] = cpu1.map((v, i) => v - cpu0[i]);
  const errors = clients.filter((c) => c.error).map((c) => c.error);

  const summary = {
    bench: "spine_latency",
    clients: CLIENTS,
    target_rate: RATE,
    seconds: SECONDS,
    parse: FULL ? "full" : "cheap",
    transport: TRANSPORT,
    events_written: result.written,
    write_errors: result.errors.length,
    achieved_rate: Math.round(result.written / ((result.endedAt - result.startedAt) / 1000)),
    writer_max_lag_ms: +result.maxLagMs.toFixed(1),
    deliveries_expected: result.written * CLIENTS,
    deliveries_received: received,
    lost,
    duplicates: dup,
    out_of_order: ooo,
    unexpected,
    bad_data: bad,
    client_errors: errors.length,
    p50_ms: +pct(sorted, 0.5).toFixed(2),
    p90_ms: +pct(sorted, 0.9).toFixed(2),
    p99_ms: +pct(sorted, 0.99).toFixed(2),
    insert_p50_ms: +pct(sorted2, 0.5).toFixed(2),
    insert_p99_ms: +pct(sorted2, 0.99).toFixed(2),
    insert_max_ms: +pct(sorted2, 1).toFixed(2),
    max_ms: +pct(sorted, 1).toFixed(2),
    min_ms: +pct(sorted, 0).toFixed(2),
    commit_p50_ms: +pct(writeLat, 0.5).toFixed(2),
    commit_p99_ms: +pct(writeLat, 0.99).toFixed(2),
    drain_ms: Math.round(drainMs),
    server_cpu_pct: Math.round((srvCpu / wall) * 100),
    bench_cpu_pct: Math.round((selfCpu / wall) * 100),
    machine_busy_pct: Math.round((busy / total) * 100),
    recv_loop_lag_p99_ms: +pct(lagSorted, 0.99).toFixed(1),
    recv_loop_lag_max_ms: +pct(lagSorted, 1).toFixed(1),
    loadavg_before: loadavg,
  };
  const x = summary;
  const met = x.p50_ms < 5 && x.p99_ms < 50 && lost === 0 && x.achieved_rate >= RATE * 0.98;
  console.log(`
events written          ${x.events_written} (${x.write_errors} errors), achieved ${x.achieved_rate}/s \
(target ${RATE}/s), writer max behind schedule ${x.writer_max_lag_ms} ms
writer issue→commit     p50 ${x.commit_p50_ms} ms, p99 ${x.commit_p99_ms} ms
deliveries              expected ${x.deliveries_expected}, received ${received}
lost ${lost}, duplicates ${dup}, out-of-order ${ooo}, unexpected ids ${unexpected}, \
bad data ${bad}, client errors ${errors.length}${errors.length ? ` (${errors[0]})` : ""}
latency commit→client   p50 ${ms(x.p50_ms)}  p90 ${ms(x.p90_ms)}  p99 ${ms(x.p99_ms)}  \
max ${ms(x.max_ms)}  min ${ms(x.min_ms)}  (ms)
latency insert→client   p50 ${ms(x.insert_p50_ms)}  p99 ${ms(x.insert_p99_ms)}  max \
${ms(x.insert_max_ms)}  (ms; row insert time, an upper bound of the commit time)
drain after last commit ${x.drain_ms} ms
CPU over the run        server ${x.server_cpu_pct}% of a core, bench process \
${x.bench_cpu_pct}%, machine ${x.machine_busy_pct}% busy (${navigator.hardwareConcurrency} cores)
receiving event loop    lag p99 ${x.recv_loop_lag_p99_ms} ms, max ${x.recv_loop_lag_max_ms} ms; \
load average before the run ${loadavg}
target (p50 < 5 ms, p99 < 50 ms, 0 lost at ${RATE}/s): ${met ? "MET" : "NOT MET"}`);
  if (x.recv_loop_lag_p99_ms > 5 || x.machine_busy_pct > 90 || x.bench_cpu_pct > 90) {
    console.log(`NOTE: the receiving side queues (bench ${x.bench_cpu_pct}% CPU vs server \
${x.server_cpu_pct}%, machine ${x.machine_busy_pct}% busy, receiving loop lag p99 \
${x.recv_loop_lag_p99_ms} ms): latencies include the bench's own delays; --transport=tcp or \
fewer --clients load it less.`);
  }
  console.log(JSON.stringify(summary));
  if (lost || dup || ooo || unexpected || bad || errors.length) Deno.exitCode = 1; // correctness
  for (const c of clients) c.stop();
  await Promise.race([Promise.allSettled(runs), sleep(3000)]);
} catch (error) {
  console.error(`spine_latency failed: ${(error as Error).message}`);
  console.error(serverLog.join("").split("\n").slice(-30).join("\n"));
  Deno.exitCode = 1;
} finally {
  await cleanup();
  for (const sig of SIGNALS) Deno.removeSignalListener(sig, onSignal);
}
