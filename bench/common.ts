/** Helpers shared by the benchmarks: options, a free port, Linux /proc readers (CLK_TCK 100). */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `--name=value`, else the env BENCH_NAME, else `fallback`. */
export function option(name: string, fallback: string): string {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ??
    Deno.env.get(`BENCH_${name.toUpperCase()}`) ?? fallback;
}

/** Polls `check` every 50 ms until it holds; throws after `limitMs`. */
export async function waitFor(
  what: string,
  limitMs: number,
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The p-quantile (0..1) of an ascending array. */
export const pct = (sorted: Float64Array, p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

/** The fields of /proc/<pid>/stat after the command name: [0] state, [2] pgrp, [11] utime. */
export function procStat(pid: number | string): string[] | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // gone
  }
}

/** utime + stime of a process in seconds, or NaN. */
export function cpuSeconds(pid: number | "self"): number {
  const f = procStat(pid);
  return f ? (Number(f[11]) + Number(f[12])) / 100 : NaN;
}

/** Machine-wide [busy, total] jiffies since boot. */
export function machineJiffies(): [number, number] {
  const f = Deno.readTextFileSync("/proc/stat").split("\n")[0].trim().split(/\s+/).slice(1, 9)
    .map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return [total - f[3] - f[4], total];
}

/** The 1, 5 and 15 minute load averages, as text. */
export function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}
