/**
 * An SSE reader for the ACD load bench: one fetch() stream of /api/events, every frame parsed in
 * full (the bench acts on `seat.reserved` and needs the call id, agent and type of every event).
 * Records each event id in arrival order, for the lost/duplicate check against the events table.
 */

export interface AcdWireEvent {
  id: number;
  topic: string;
  type: string;
  subject: string | null;
  data: Record<string, unknown>;
  /** created_at of the row (ms precision), as the server sends it. */
  at: string;
}

/** Epoch ms with sub-ms precision, comparable with Date.now() and the database's timestamps. */
export const epochNow = () => performance.timeOrigin + performance.now();

export class AcdSseReader {
  ids: number[] = [];
  ready = false;
  resets = 0;
  heartbeats = 0;
  error?: string;
  #stopped = false;
  #abort = new AbortController();

  constructor(readonly onEvent: (e: AcdWireEvent, receivedAt: number) => void) {}

  /** Reads until stopped; a failure ends up in `error`. */
  async run(url: string, headers: Record<string, string>): Promise<void> {
    try {
      const res = await fetch(url, {
        headers: { ...headers, accept: "text/event-stream" },
        signal: this.#abort.signal,
      });
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
      let buffer = "";
      let name = "";
      for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
        const at = epochNow();
        buffer += chunk;
        let start = 0;
        for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n", start)) {
          const line = buffer.slice(start, nl);
          start = nl + 1;
          if (line.startsWith("event: ")) name = line.slice(7);
          else if (line.startsWith("data: ")) {
            if (name === "") this.#event(JSON.parse(line.slice(6)), at);
            else if (name === "ready") this.ready = true;
            else if (name === "reset") this.resets++;
            else if (name === "heartbeat") this.heartbeats++;
          } else if (line === "") name = "";
        }
        buffer = buffer.slice(start);
      }
      throw new Error("stream ended");
    } catch (error) {
      if (!this.#stopped) this.error = String(error);
    }
  }

  #event(e: AcdWireEvent, at: number): void {
    this.ids.push(e.id);
    try {
      this.onEvent(e, at);
    } catch (error) {
      this.error ??= `event handler: ${error}`;
    }
  }

  /** Ids of `expected` (ascending) never received, received more than once, or out of order. */
  check(expected: readonly number[]): { lost: number; duplicates: number; outOfOrder: number } {
    const seen = new Map<number, number>();
    let outOfOrder = 0;
    this.ids.forEach((id, i) => {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (i > 0 && id < this.ids[i - 1]) outOfOrder++;
    });
    let duplicates = 0;
    for (const n of seen.values()) duplicates += n - 1;
    const lost = expected.filter((id) => !seen.has(id)).length;
    return { lost, duplicates, outOfOrder };
  }

  stop(): void {
    this.#stopped = true;
    this.#abort.abort();
  }
}
