/**
 * One mediasoup worker per core. Each call gets its own router on the least-loaded worker (see
 * docs/media.md: a call's parties and its recorder share one router; a dead worker loses only its
 * own calls). A worker that dies is replaced; the owner hears of it to fail that worker's calls.
 */
import * as mediasoup from "mediasoup";
import type { types } from "mediasoup";

export interface PoolOptions {
  size: number;
  workerBin: string;
  /**
   * Called when a worker died. Its routers are closed by then (mediasoup closes them before it
   * says "died"): each router's appData.workerPid tells which calls were on it.
   */
  onDied: (error: Error, pid: number) => void;
  log?: (line: string) => void;
}

export const ROUTER_CODECS: types.RouterRtpCodecCapability[] = [
  // G.711 only: phone trunks speak it, browsers speak it, and the recorder writes it without a
  // decoder. Narrow-band audio is what a telephone hotline has anyway.
  { kind: "audio", mimeType: "audio/PCMU", clockRate: 8000, channels: 1, preferredPayloadType: 0 },
];

interface Slot {
  worker: types.Worker;
  routers: Set<types.Router>;
}

export class WorkerPool {
  readonly #slots: Slot[] = [];
  #closed = false;
  /** Workers started after a death: the replacement of a replacement counts too. */
  replacements = 0;

  private constructor(private readonly o: PoolOptions) {}

  static async start(o: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(o);
    try {
      await Promise.all(Array.from({ length: o.size }, () => pool.#spawn()));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#slots.filter((s) => !s.worker.died && !s.worker.closed).length;
  }

  get pids(): number[] {
    return this.#slots.map((s) => s.worker.pid);
  }

  async #spawn(): Promise<void> {
    const worker = await mediasoup.createWorker({
      workerBin: this.o.workerBin,
      logLevel: "warn",
    });
    const slot: Slot = { worker, routers: new Set() };
    worker.on("died", (error) => {
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      slot.routers.clear();
      this.o.log?.(`媒体 mediasoup worker ${worker.pid} died (${error.message}); replacing it`);
      try {
        this.o.onDied(error, worker.pid);
      } finally {
        if (!this.#closed) {
          this.replacements++;
          this.#spawn().catch((e) =>
            this.o.log?.(`媒体 replacement worker failed to start: ${(e as Error).message}`)
          );
        }
      }
    });
    if (this.#closed) {
      worker.close();
      return;
    }
    this.#slots.push(slot);
  }

  /** A router for one call on the worker with the fewest routers. */
  async createRouter(appData: Record<string, unknown> = {}): Promise<types.Router> {
    const slot = this.#slots.filter((s) => !s.worker.died)
      .sort((a, b) => a.routers.size - b.routers.size)[0];
    if (!slot) throw new Error("no live mediasoup worker");
    const router = await slot.worker.createRouter({
      mediaCodecs: ROUTER_CODECS,
      appData: { ...appData, workerPid: slot.worker.pid },
    });
    slot.routers.add(router);
    router.observer.once("close", () => slot.routers.delete(router));
    return router;
  }

  /** Which worker a router is on (tests kill it). */
  workerOf(router: types.Router): types.Worker | undefined {
    return this.#slots.find((s) => s.routers.has(router))?.worker;
  }

  load(): { pid: number; routers: number }[] {
    return this.#slots.map((s) => ({ pid: s.worker.pid, routers: s.routers.size }));
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#slots) s.worker.close();
    this.#slots.length = 0;
  }
}
