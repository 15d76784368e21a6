/** Where the mediasoup worker binary is, and what to tell a person when it is not there. */
export const MEDIASOUP_VERSION = "3.27.1";

export const BUILD_COMMAND = "npx -y deno@2.9.6 task media:build";

/** The cache telephony/build_worker.sh writes to (outside the clone, so a fresh clone reuses it). */
export function cachedWorkerBin(env: (name: string) => string | undefined = Deno.env.get): string {
  const base = env("HOTLINE_CACHE_DIR") ??
    `${env("XDG_CACHE_HOME") ?? `${env("HOME") ?? "/root"}/.cache`}/hotline`;
  return `${base}/mediasoup-worker-${MEDIASOUP_VERSION}/mediasoup-worker`;
}

/** The configured worker (MEDIASOUP_WORKER_BIN) or the cached one. */
export function workerBin(configured?: string): string {
  return configured ?? cachedWorkerBin();
}

export function workerExists(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0o755) & 0o111) !== 0;
  } catch {
    return false;
  }
}

export function missingWorkerMessage(path: string): string {
  return `mediasoup-worker ${MEDIASOUP_VERSION} is not built (looked for ${path}): ` +
    `run \`${BUILD_COMMAND}\` (bash telephony/build_worker.sh; as root it installs the Debian ` +
    `build packages itself), or set MEDIASOUP_WORKER_BIN`;
}
