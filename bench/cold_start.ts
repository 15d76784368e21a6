/**
 * Cold start of the start command on the embedded database (deps cached): spawns
 * `npx -y deno@2.9.6 task start` in its own process group with a temporary DATA_DIR and measures,
 * from the spawn, (a) the first HTTP response of any status on /healthz, (b) the first 200 from
 * /healthz, (c) the first 200 from GET / as a browser asks for it (accept: text/html, redirects
 * followed: signed out, that is the sign-in page). A FRESH data dir (database created, migrated, demo
 * city seeded) and the SAME dir started again (EXISTING), `--runs=3` (or BENCH_RUNS) times each.
 *
 *   deno run -A bench/cold_start.ts [--runs=3]
 */
import { freePort, loadAverage, option, procStat, sleep } from "./common.ts";

const ROOT = new URL("../", import.meta.url);
const DENO = ["npx", "-y", "deno@2.9.6"];
const RUNS = Number(option("runs", "3"));
const LIMIT_MS = 15_000;
const POLL_MS = 10;

interface Run {
  mode: "fresh" | "existing";
  run: number;
  listening_ms: number | null;
  first_response_ms: number | null;
  healthz_200_ms: number | null;
  page_200_ms: number | null;
  /** Where GET / ended up (fetch follows redirects, e.g. to the sign-in page). */
  page_url?: string;
  ready_log_ms: number | null;
  error?: string;
}

/** Live (non-zombie) processes whose process group is `pgid`. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const f = procStat(e.name);
    if (f && f[0] !== "Z" && Number(f[2]) === pgid) pids.push(Number(e.name));
  }
  return pids;
}

/** SIGTERM to the whole process group, SIGKILL after 5 s; returns when no member is left. */
async function killGroup(pgid: number): Promise<void> {
  const signal = (s: Deno.Signal) => {
    try {
      Deno.kill(-pgid, s);
    } catch { /* no member left */ }
  };
  signal("SIGTERM");
  for (let waited = 0; groupMembers(pgid).length > 0; waited += 50) {
    if (waited === 5000) signal("SIGKILL");
    if (waited > 10_000) throw new Error(`process group ${pgid} survives SIGKILL`);
    await sleep(50);
  }
}

async function startOnce(mode: Run["mode"], n: number, dataDir: string): Promise<Run> {
  const port = freePort();
  const env = Deno.env.toObject();
  delete env.DATABASE_URL;
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DEMO_TRAFFIC: "off",
    NO_COLOR: "1",
  });
  const result: Run = {
    mode,
    run: n,
    listening_ms: null,
    first_response_ms: null,
    healthz_200_ms: null,
    page_200_ms: null,
    ready_log_ms: null,
  };
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  // setsid: the child (npx → deno task → deno run → deno bundle) gets its own process group.
  const child = current = new Deno.Command("setsid", {
    args: [...DENO, "task", "start"],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output: string[] = [];
  const read = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      output.push(chunk);
      if (result.listening_ms === null && chunk.includes("listening on")) {
        result.listening_ms = since();
      }
      if (result.ready_log_ms === null && chunk.includes("ready: database")) {
        result.ready_log_ms = since();
      }
    }
  };
  const readers = [read(child.stdout), read(child.stderr)];
  let exited = false;
  child.status.then(() => exited = true);
  const base = `http://127.0.0.1:${port}`;
  const poll = async (path: string, onStatus: (status: number, url: string) => boolean) => {
    while (!exited && performance.now() - t0 < LIMIT_MS) {
      try {
        const res = await fetch(base + path, {
          headers: { accept: "text/html" }, // as a browser: a page redirects to sign-in
          signal: AbortSignal.timeout(5000),
        });
        await res.body?.cancel();
        if (onStatus(res.status, res.url)) return;
      } catch { /* not listening yet */ }
      await sleep(POLL_MS);
    }
    throw new Error(exited ? "the start command exited" : `no answer on ${path} in time`);
  };
  try {
    await Promise.all([
      poll("/healthz", (status) => {
        result.first_response_ms ??= since();
        if (status === 200) result.healthz_200_ms = since();
        return status === 200;
      }),
      poll("/", (status, url) => {
        if (status === 200) {
          [result.page_200_ms, result.page_url] = [since(), new URL(url).pathname];
        }
        return status === 200;
      }),
    ]);
  } catch (error) {
    result.error = (error as Error).message;
    console.log(output.join("").split("\n").slice(-15).join("\n"));
  } finally {
    await killGroup(child.pid);
    await child.status;
    await Promise.allSettled(readers);
  }
  const stillListening = await Deno.connect({ hostname: "127.0.0.1", port }).then(
    (c) => (c.close(), true),
    () => false,
  );
  if (stillListening) throw new Error(`something still listens on port ${port}`);
  return result;
}

const median = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length === 0
    ? null
    : v.length % 2
    ? v[v.length >> 1]
    : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const cell = (x: number | null) => (x === null ? "—" : `${x} ms`).padStart(10);

const loadavg_before = loadAverage();
const dirs: string[] = [];
let current: Deno.ChildProcess | undefined;
const onSignal = async () => { // interrupted: leave no server and no data dir behind
  if (current) await killGroup(current.pid);
  for (const dir of dirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
  Deno.exit(130);
};
for (const sig of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(sig, onSignal);
const warm = performance.now();
const cached = await new Deno.Command(DENO[0], {
  args: [...DENO.slice(1), "cache", "server/main.ts", "islands/client.ts"],
  cwd: ROOT,
  stdout: "null",
  stderr: "inherit",
}).output();
console.log(
  `deps cached (deno cache: ${cached.success ? "ok" : "FAILED"}, ` +
    `${
      Math.round(performance.now() - warm)
    } ms); ${RUNS} runs per mode, polling every ${POLL_MS} ms; load average ${loadavg_before}`,
);
console.log(
  "mode      run  'listening'  1st response  /healthz 200      GET / 200   'ready' log  (GET / → page)",
);
const runs: Run[] = [];
for (let n = 1; n <= RUNS; n++) {
  const dir = await Deno.makeTempDir({ prefix: "hotline-cold-" });
  dirs.push(dir);
  try {
    for (const mode of ["fresh", "existing"] as const) {
      const r = await startOnce(mode, n, dir);
      runs.push(r);
      console.log(
        `${mode.padEnd(9)} ${String(n).padStart(3)} ${cell(r.listening_ms)}    ${
          cell(r.first_response_ms)
        }    ${cell(r.healthz_200_ms)}     ${cell(r.page_200_ms)}   ${cell(r.ready_log_ms)}  ${
          r.page_url ?? ""
        }${r.error ? `  ERROR: ${r.error}` : ""}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const summary: Record<string, unknown> = { bench: "cold_start", runs: RUNS, loadavg_before };
for (const mode of ["fresh", "existing"] as const) {
  const of = runs.filter((r) => r.mode === mode);
  const med = {
    first_response_ms: median(of.map((r) => r.first_response_ms)),
    healthz_200_ms: median(of.map((r) => r.healthz_200_ms)),
    page_200_ms: median(of.map((r) => r.page_200_ms)),
  };
  const met = med.first_response_ms !== null && med.first_response_ms < 3000;
  console.log(
    `median ${mode.padEnd(8)}: first response ${cell(med.first_response_ms)}, /healthz 200 ${
      cell(med.healthz_200_ms)
    }, GET / 200 ${cell(med.page_200_ms)}  → target < 3 s to first response ${
      met ? "MET" : "NOT MET"
    }`,
  );
  summary[mode] = { ...med, errors: of.filter((r) => r.error).length };
}
console.log(JSON.stringify(summary));
if (runs.some((r) => r.error)) Deno.exitCode = 1;
for (const sig of ["SIGINT", "SIGTERM"] as const) Deno.removeSignalListener(sig, onSignal);
