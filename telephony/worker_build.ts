/**
 * Makes sure the worker binary exists before the pool starts: a missing one is built in the
 * background by telephony/build_worker.sh (status "building", progress in the log), unless
 * MEDIA_BUILD=off or MEDIASOUP_WORKER_BIN names a path of its own.
 */
import type { MediaConfig } from "../server/config.ts";
import type { MediaStatus } from "./media_layer.ts";
import { missingWorkerMessage, workerBin, workerExists } from "./worker_bin.ts";

const SCRIPT = new URL("./build_worker.sh", import.meta.url).pathname;

export async function ensureWorker(
  config: MediaConfig,
  setStatus: (s: MediaStatus) => void,
  log: (line: string) => void = () => {},
): Promise<string> {
  const bin = workerBin(config.workerBin);
  if (workerExists(bin)) return bin;
  if (config.workerBin) {
    throw new Error(`MEDIASOUP_WORKER_BIN=${config.workerBin} is not an executable file`);
  }
  if (!config.build) throw new Error(missingWorkerMessage(bin));
  setStatus({
    status: "building",
    reason: "building mediasoup-worker (about 5 minutes)",
    workers: 0,
  });
  log(`媒体层 building mediasoup-worker in the background (bash telephony/build_worker.sh)`);
  const child = new Deno.Command("bash", {
    args: [SCRIPT],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let last = "";
  const lines = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      const chunk = decoder.decode(bytes, { stream: true });
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        last = line;
        log(line);
        const progress = / (\d+) %$/.exec(line);
        if (progress) {
          setStatus({
            status: "building",
            reason: `building mediasoup-worker: ${progress[1]} %`,
            workers: 0,
          });
        }
      }
    }
  };
  const [status] = await Promise.all([child.status, lines(child.stdout), lines(child.stderr)]);
  if (!status.success || !workerExists(bin)) {
    throw new Error(`building the worker failed: ${last} — ${missingWorkerMessage(bin)}`);
  }
  return bin;
}
