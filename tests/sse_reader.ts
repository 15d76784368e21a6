/** Reads an SSE response message by message (test helper). */
export interface SseMessage {
  id?: number;
  event: string;
  data: string;
}

export class SseReader {
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #queue: SseMessage[] = [];

  constructor(response: Response) {
    if (!response.body) throw new Error("response has no body");
    this.#reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next message, or an error after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        this.#reader.read(),
        new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), left)),
      ]).finally(() => clearTimeout(timer));
      if (chunk === "timeout") continue;
      if (chunk.done) throw new Error("SSE stream ended");
      this.#buffer += chunk.value;
      let end: number;
      while ((end = this.#buffer.indexOf("\n\n")) >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const message: SseMessage = { event: "message", data: "" };
        let hasData = false;
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          const value = rest.join(":").replace(/^ /, "");
          if (field === "id") message.id = Number(value);
          else if (field === "event") message.event = value;
          else if (field === "data") {
            message.data += (hasData ? "\n" : "") + value;
            hasData = true;
          }
        }
        if (hasData) this.#queue.push(message);
      }
    }
    return this.#queue.shift()!;
  }

  /** Event messages (ignoring heartbeats and other control messages) until `count` arrived. */
  async events(
    count: number,
    timeoutMs = 5000,
  ): Promise<{ id: number; topic: string; type: string }[]> {
    const out: { id: number; topic: string; type: string }[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count) {
      const m = await this.next(Math.max(1, deadline - Date.now()));
      if (m.event === "message") out.push(JSON.parse(m.data));
    }
    return out;
  }

  /** The next control message named `event`; data events passed on the way stay unread. */
  async until(event: string, timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    const held: SseMessage[] = [];
    try {
      for (;;) {
        const m = await this.next(Math.max(1, deadline - Date.now()));
        if (m.event === event) return m;
        if (m.event === "message") held.push(m);
      }
    } finally {
      this.#queue.unshift(...held);
    }
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
