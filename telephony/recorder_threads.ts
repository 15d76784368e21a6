/**
 * The recorder threads: Web Workers running recorder_thread.ts, where the recordings' RTP is
 * received and written. With it on the server's own event loop, the UDP intake of a few hundred
 * recorded calls (≈ 100 packets a second each) competed with HTTP, the live spine and mediasoup's
 * control channel (docs/performance.md). A recording stays on the thread it opened on; threads
 * start with the first recording and end when they hold none, so an idle process (or a finished
 * test) keeps no thread alive.
 */
import type { RecorderReply, RecorderRequest } from "./recorder_protocol.ts";

type Ask = RecorderRequest extends infer R ? R extends unknown ? Omit<R, "req" | "id"> : never
  : never;

class RecorderThread {
  readonly #worker = new Worker(new URL("./recorder_thread.ts", import.meta.url), {
    type: "module",
  });
  readonly #pending = new Map<number, (reply: RecorderReply) => void>();
  #req = 0;
  /** Recordings open on this thread. */
  open = 0;
  #ended = false;

  constructor() {
    this.#worker.onmessage = (e: MessageEvent<RecorderReply>) => {
      this.#pending.get(e.data.req)?.(e.data);
      this.#pending.delete(e.data.req);
    };
    this.#worker.onerror = (e) => {
      e.preventDefault();
      // Its recordings are lost (their files keep what was written; repairWav fixes the header);
      // the next recording starts a new thread.
      this.#ended = true;
      const error = { req: -1, error: `recorder thread failed: ${e.message}` };
      for (const resolve of this.#pending.values()) resolve(error);
      this.#pending.clear();
    };
  }

  async ask(id: number, message: Ask): Promise<RecorderReply> {
    if (this.#ended) throw new Error(`recorder thread ended: no recording ${id}`);
    const req = ++this.#req;
    const reply = await new Promise<RecorderReply>((resolve) => {
      this.#pending.set(req, resolve);
      this.#worker.postMessage({ ...message, req, id } as RecorderRequest);
    });
    if (reply.error) throw new Error(reply.error);
    return reply;
  }

  get ended(): boolean {
    return this.#ended;
  }

  terminate() {
    this.#ended = true;
    this.#worker.terminate();
  }
}

/** How many threads share the recordings: half the cores (the workers and the server need the rest). */
const THREADS = Math.max(1, Math.floor((navigator.hardwareConcurrency ?? 2) / 2));

const threads: (RecorderThread | undefined)[] = new Array(THREADS).fill(undefined);
let nextId = 0;

/** A recording's handle on its thread. */
export class ThreadRecording {
  private constructor(
    readonly id: number,
    private readonly slot: number,
    private readonly thread: RecorderThread,
  ) {}

  /** Opens a WAV file at `path` on the least busy thread; resolves to its loopback port. */
  static async open(path: string, startedAt: number) {
    let slot = 0;
    for (let i = 1; i < THREADS; i++) {
      if ((threads[i]?.open ?? 0) < (threads[slot]?.open ?? 0)) slot = i;
    }
    if (threads[slot]?.ended) threads[slot] = undefined;
    const thread = threads[slot] ??= new RecorderThread();
    const recording = new ThreadRecording(++nextId, slot, thread);
    thread.open++;
    try {
      const { port } = await thread.ask(recording.id, { op: "open", path, startedAt });
      return { recording, port: port! };
    } catch (error) {
      recording.#release();
      throw error;
    }
  }

  async channel(ssrc: number, channel: 0 | 1): Promise<void> {
    await this.thread.ask(this.id, { op: "channel", ssrc, channel });
  }

  async packets(): Promise<number> {
    return (await this.thread.ask(this.id, { op: "count" })).packets ?? 0;
  }

  async stop(): Promise<NonNullable<RecorderReply["result"]>> {
    try {
      return (await this.thread.ask(this.id, { op: "stop" })).result!;
    } finally {
      this.#release();
    }
  }

  #release() {
    if (--this.thread.open > 0) return;
    this.thread.terminate();
    if (threads[this.slot] === this.thread) threads[this.slot] = undefined;
  }
}
