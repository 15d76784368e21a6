/**
 * The writer half of bench/spine_latency.ts, run as a Worker so that its commit timestamps are
 * not delayed by the main thread parsing SSE streams. Writes `count` events on a fixed schedule
 * (event i due at start + i / rate), each in its own committed transaction, with up to
 * `inflight` transactions open at once; records per event id the time its commit resolved.
 */
import { appendEvents } from "../db/events.ts";
import { openPostgres } from "../db/postgres_adapter.ts";

export interface WriterRequest {
  url: string;
  rate: number;
  count: number;
  inflight: number;
}

export interface WriterResult {
  ids: Float64Array;
  /** Epoch ms (performance.timeOrigin + performance.now()) when the transaction resolved. */
  commits: Float64Array;
  /** Epoch ms when the transaction was started. */
  issued: Float64Array;
  written: number;
  errors: string[];
  startedAt: number;
  endedAt: number;
  /** How far behind its schedule the writer started an event, worst case (ms). */
  maxLagMs: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write({ url, rate, count, inflight }: WriterRequest): Promise<WriterResult> {
  const db = openPostgres(url, { max: inflight + 1, applicationName: "bench-writer" });
  const ids = new Float64Array(count);
  const commits = new Float64Array(count);
  const issued = new Float64Array(count);
  const errors: string[] = [];
  let written = 0;
  let open = 0;
  let wake: (() => void) | undefined;
  let maxLagMs = 0;

  const one = async (i: number) => {
    issued[i] = now();
    try {
      const [row] = await db.transaction((tx) =>
        appendEvents(tx, [{ topic: "bench", type: "bench.tick", data: { sent: issued[i], i } }])
      );
      commits[i] = now();
      ids[i] = row.id;
      written++;
    } catch (error) {
      if (errors.length < 10) errors.push(String(error));
    } finally {
      open--;
      wake?.();
    }
  };

  await db.query("select 1"); // connect before the clock starts
  const interval = 1000 / rate;
  const start = now() + 50;
  const running: Promise<void>[] = [];
  for (let i = 0; i < count;) {
    const wait = start + i * interval - now();
    if (wait > 1) await sleep(wait - 0.5);
    else if (open >= inflight) await new Promise<void>((r) => wake = r);
    else {
      maxLagMs = Math.max(maxLagMs, -wait);
      open++;
      running.push(one(i++));
    }
  }
  await Promise.all(running);
  const endedAt = now();
  await db.close();
  return { ids, commits, issued, written, errors, startedAt: start, endedAt, maxLagMs };
}

const scope = self as unknown as {
  onmessage: (e: MessageEvent<WriterRequest>) => void;
  postMessage(message: unknown, transfer: Transferable[]): void;
};
scope.onmessage = async (e) => {
  const result = await write(e.data);
  scope.postMessage(result, [result.ids.buffer, result.commits.buffer, result.issued.buffer]);
};
