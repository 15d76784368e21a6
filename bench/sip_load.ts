/**
 * The SIP edge under SIPp load: `--rate` calls a second, at most `--limit` at once, for
 * `--seconds`. Every call has full media: the menu's prompt out, one RFC 4733 key and ≈ 7 s of
 * G.711 speech in, recorded, registered as a voicemail case with its recording, the case number
 * read back (prompt out again) until the caller hangs up. One edge process (this one) over a
 * fresh PostgreSQL database. Prints calls, failures, peak concurrency, CPU and the database's
 * result. `deno run -A bench/sip_load.ts --rate=20 --limit=200 --seconds=60 [--max-calls=250]`
 */
import { migratedPostgres } from "../db/testing.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { createServices } from "../server/services.ts";
import type { IvrTree } from "../telephony/ivr/ivr_tree.ts";
import { SipEdge } from "../telephony/sip/sip_edge.ts";
import { TEST_KEYS } from "../tests/harness.ts";
import { runSipp, scenario } from "../tests/sip_client.ts";
import { cpuSeconds, loadAverage, machineJiffies, option, sleep } from "./common.ts";

const rate = Number(option("rate", "20"));
const limit = Number(option("limit", "200"));
const seconds = Number(option("seconds", "60"));
/** The edge's own limit on calls at once (its default is 250). */
const maxCalls = Number(option("max-calls", "250"));

/** A short menu so that a call lasts ≈ 10 s: 20 calls/s then keep ≈ 200 up at once. */
const BENCH_TREE: IvrTree = {
  name: "压测菜单",
  start: "main",
  zero: "to_person",
  nodes: {
    main: {
      kind: "menu",
      say: { zh: "留言请按一。" },
      options: { "1": "mailbox" },
      timeout_s: 6,
      retries: 1,
      on_fail: "bye",
    },
    mailbox: {
      kind: "record",
      purpose: "mailbox",
      case_type: "suggestion",
      say: { zh: "请留言。" },
      max_s: 30,
      confirm: false,
      next: "bye",
    },
    to_person: {
      kind: "queue",
      queue: "general",
      announce_every_s: 45,
      on_voicemail: "mailbox",
      after: "bye",
    },
    bye: { kind: "hangup", say: { zh: "再见。" } },
  },
};

const { db, dispose } = await migratedPostgres();
const dataDir = await Deno.makeTempDir({ prefix: "sip-bench-" });
let edge: SipEdge | undefined;
try {
  const services = await createServices(db, TEST_KEYS);
  await seedDemoCity(db);
  edge = await SipEdge.start({
    host: "127.0.0.1",
    port: 0,
    trunkAllow: "127.0.0.1",
    rtpPortMin: 20000,
    rtpPortMax: 29999,
    dataDir,
    maxCalls,
  }, { db, pii: services.pii, acd: services.acd, seats: services.seats });
  await edge.store.publish(SYSTEM_ACTOR, JSON.stringify(BENCH_TREE), "bench");
  await edge.warmUp();
  // The read-back's digits are rendered before the clock starts, like a running system's.
  for (const d of "零一二三四五六七八九") await edge.tts.say(d, "zh", { trim: true });

  const xml = scenario({
    caller: "13900[call_number]",
    steps: [{ pause: 300 }, { dtmf: "1" }, { pause: 1500 }, { audio: "g711a" }, { dtmf: "#" }, {
      pause: 200,
    }],
    end: "bye",
  });
  const total = Math.round(rate * seconds);
  let peak = 0;
  let lag = 0;
  const cpu0 = cpuSeconds("self");
  const [busy0, all0] = machineJiffies();
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const s = edge!.stats();
    peak = Math.max(peak, s.activeCalls);
    lag = Math.max(lag, s.clockLagMs);
  }, 250);
  const run = await runSipp(xml, `127.0.0.1:${edge.port}`, {
    calls: total,
    rate,
    limit,
    timeoutS: seconds + 90,
  });
  const wall = (performance.now() - t0) / 1000;
  console.error(`sipp done after ${Math.round(wall)} s (exit ${run.code}); draining`);
  const cpu = cpuSeconds("self") - cpu0;
  const [busy1, all1] = machineJiffies();
  clearInterval(sampler);
  const drained = Date.now() + 60_000;
  while (edge.stats().activeCalls > 0 && Date.now() < drained) await sleep(200);
  const stuck = edge.calls();
  if (stuck.length > 0) {
    console.error(`${stuck.length} calls still open:`, JSON.stringify(stuck.slice(0, 20)));
  }
  await sleep(500);
  console.error("reading the results");

  const sipp = (name: string) =>
    Number(new RegExp(`${name}\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)`).exec(run.stdout)?.[1] ?? NaN);
  const [calls] = await db.query<
    { n: number; completed: number; rtp_in: number; rtp_out: number; digits: number }
  >(
    `select count(*)::int as n, count(*) filter (where case_id is not null)::int as completed,
       sum(rtp_in)::int as rtp_in, sum(rtp_out)::int as rtp_out, sum(digits)::int as digits from ivr_calls`,
  );
  const [cases] = await db.query<{ n: number; avg_kb: number; min_kb: number }>(
    `select count(*)::int as n, round(avg(a.size) / 1024)::int as avg_kb, round(min(a.size) / 1024)::int as min_kb
     from cases c join case_attachments a on a.case_id = c.id where c.channel = 'voicemail'`,
  );
  const stats = edge.stats();
  console.log(JSON.stringify(
    {
      rate,
      limit,
      seconds,
      max_calls: maxCalls,
      offered: total,
      sipp: { successful: sipp("Successful call"), failed: sipp("Failed call"), exit: run.code },
      peak_concurrent: peak,
      still_open_after_60s: stuck.length,
      wall_s: Math.round(wall),
      edge_cpu_pct_of_one_core: Math.round((cpu / wall) * 100),
      machine_busy_pct: Math.round(((busy1 - busy0) / (all1 - all0)) * 100),
      load: loadAverage(),
      ivr_calls: calls,
      voicemail_cases: cases,
      edge: {
        refused_503: stats.refused,
        worst_clock_lag_ms: lag,
        malformed: stats.malformed,
        errors: stats.errors,
        tts_renders: stats.ttsRenders,
        tts_failures: stats.ttsFailures,
      },
    },
    null,
    2,
  ));
  if (run.code !== 0) console.error(run.errors.slice(0, 3000));
} finally {
  await edge?.stop();
  await dispose();
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
}
