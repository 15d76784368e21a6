/**
 * Recorded calls on ONE mediasoup worker (one core), stepped up until packets are lost or the
 * worker's core is saturated. Each call is what production builds, minus the browsers: a router,
 * two parties sending PCMU (20 ms packets, as a phone or a browser does) on PlainTransports, each
 * consuming the other, and the call's Recorder (telephony/recorder.ts, in this process as in the
 * server) consuming both and writing the stereo WAV. Four consumers per call (a supervisor would
 * add up to three). The phones run in a process of their own (bench/media_load_phones.ts).
 *
 *   deno run -A bench/media_load.ts [--steps=50,100,150,200,250,300] [--seconds=10]
 */
import process from "node:process";
import type { types } from "mediasoup";
import { Recorder } from "../telephony/recorder.ts";
import { cachedWorkerBin, missingWorkerMessage, workerExists } from "../telephony/worker_bin.ts";
import { WorkerPool } from "../telephony/worker_pool.ts";
import { cpuSeconds, loadAverage, option, pct, sleep } from "./common.ts";

const steps = option("steps", "50,100,150,200,250,300").split(",").map(Number);
const seconds = Number(option("seconds", "10"));
const bin = Deno.env.get("MEDIASOUP_WORKER_BIN") ?? cachedWorkerBin();
if (!workerExists(bin)) throw new Error(missingWorkerMessage(bin));

const dir = await Deno.makeTempDir({ prefix: "hotline-media-bench-" });
const pool = await WorkerPool.start({ size: 1, workerBin: bin, onDied: () => {} });
const [workerPid] = pool.pids;

const phones = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL("./media_load_phones.ts", import.meta.url).pathname],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const toPhones = phones.stdin.getWriter();
const fromPhones = (async function* () {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of phones.stdout) {
    buffered += decoder.decode(chunk, { stream: true });
    let at;
    while ((at = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
    }
  }
})();
async function ask(line: string): Promise<string> {
  await toPhones.write(new TextEncoder().encode(`${line}\n`));
  const answer = await fromPhones.next();
  if (answer.done) {
    throw new Error(`the phones process ended: ${JSON.stringify(await phones.status)}`);
  }
  return answer.value;
}

let nextSsrc = 1000;
const allProducers: types.Producer[] = [];
const allConsumers: types.Consumer[] = [];
async function startCall(): Promise<Recorder> {
  const router = await pool.createRouter();
  const producers: types.Producer[] = [];
  const transports: types.PlainTransport[] = [];
  for (let i = 0; i < 2; i++) {
    // comedia: the worker sends to wherever the party's packets come from, like a NATed phone.
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: true,
    });
    const ssrc = nextSsrc++;
    producers.push(
      await transport.produce({
        kind: "audio",
        rtpParameters: {
          codecs: [{ mimeType: "audio/PCMU", payloadType: 0, clockRate: 8000, channels: 1 }],
          encodings: [{ ssrc }],
        },
      }),
    );
    transports.push(transport);
    await ask(`add ${transport.tuple.localPort} ${ssrc}`);
  }
  // Each party hears the other.
  for (const [i, t] of transports.entries()) {
    allConsumers.push(
      await t.consume({ producerId: producers[1 - i].id, rtpCapabilities: router.rtpCapabilities }),
    );
  }
  allProducers.push(...producers);
  const recorder = await Recorder.start(router, `${dir}/call-${nextSsrc}.wav`);
  for (const [i, producer] of producers.entries()) {
    allConsumers.push(await recorder.consume(producer, i as 0 | 1, false, router.rtpCapabilities));
  }
  return recorder;
}

const stats = async () => JSON.parse(await ask("stats")) as { sent: number; got: number };
/** Packets the worker took in (producers) and sent out (consumers), from its own counters. */
async function workerCounts(): Promise<{ in: number; out: number }> {
  const count = async (x: types.Producer | types.Consumer, type: string) =>
    (await x.getStats()).filter((s) => s.type === type)
      .reduce((n, s) => n + ((s as { packetCount?: number }).packetCount ?? 0), 0);
  let inn = 0, out = 0;
  for (const p of allProducers) inn += await count(p, "inbound-rtp");
  for (const c of allConsumers) out += await count(c, "outbound-rtp");
  return { in: inn, out };
}
const recorders: Recorder[] = [];
const recordedPackets = async () =>
  (await Promise.all(recorders.map((r) => r.packets()))).reduce((a, b) => a + b, 0);
console.log(
  `media load: 1 worker (pid ${workerPid}), steps ${steps.join(", ")}, ${seconds} s each`,
);
console.log(
  "calls | consumers | worker CPU % | worker forwarded % | recorder process CPU % | recorded % | phones CPU % | heard by phones % | server loop lag p99 / max ms | load avg",
);
for (const target of steps) {
  while (recorders.length < target) recorders.push(await startCall());
  await sleep(1500); // the new calls' first packets
  const s0 = await stats();
  const k0 = await workerCounts();
  const rec0 = await recordedPackets();
  const [w0, p0, self0, t0] = [
    cpuSeconds(workerPid),
    cpuSeconds(phones.pid),
    process.cpuUsage(),
    performance.now(),
  ];
  const lags: number[] = [];
  let tick = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    lags.push(now - tick - 10);
    tick = now;
  }, 10);
  await sleep(seconds * 1000);
  clearInterval(probe);
  const lag = Float64Array.from(lags).sort();
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (a: number, b: number) => (((b - a) / elapsed) * 100).toFixed(0);
  const self = process.cpuUsage(self0);
  const s1 = await stats();
  const k1 = await workerCounts();
  // Every packet in goes out twice: to the other party and to the recorder.
  const forwarded = (100 * (k1.out - k0.out)) / (2 * (k1.in - k0.in));
  // What was sent in the window is what the parties should hear of each other, and what the
  // recorders should get (Deno may reorder UDP sends, so sequence gaps would overstate loss).
  const sent = s1.sent - s0.sent;
  const heard = (100 * (s1.got - s0.got)) / sent;
  const recorded = (100 * ((await recordedPackets()) - rec0)) / sent;
  const workerCpu = Number(cpu(w0, cpuSeconds(workerPid)));
  const phonesCpu = Number(cpu(p0, cpuSeconds(phones.pid)));
  console.log(
    [
      recorders.length,
      recorders.length * 4,
      workerCpu,
      forwarded.toFixed(2),
      (((self.user + self.system) / 1e6 / elapsed) * 100).toFixed(0),
      recorded.toFixed(1),
      phonesCpu,
      heard.toFixed(1),
      `${pct(lag, 0.99).toFixed(0)} / ${lag[lag.length - 1].toFixed(0)}`,
      loadAverage(),
    ].join(" | "),
  );
  // The system under test is the worker and the recorder; the phones are only the load.
  if (forwarded < 99 || recorded < 99 || workerCpu > 90 || phonesCpu > 85) {
    console.log(
      `stopped: ${
        workerCpu > 90
          ? "worker core saturated"
          : phonesCpu > 85
          ? "the load generator (phones) saturated its core: the figures above are the limit of this machine, not of the worker"
          : "packets lost"
      }`,
    );
    break;
  }
}
await ask("quit").catch(() => {});
await phones.status;
for (const r of recorders) await r.stop();
pool.close();
await Deno.remove(dir, { recursive: true });
