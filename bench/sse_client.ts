/**
 * A cheap SSE client for benchmarks: records (event id, receive time) pairs, parsing bytes and
 * only the `id:` and `event:` lines. A data line right after an id line is JSON.parsed and
 * checked for the first `checkFirst` events (or all of them with `checkFirst: Infinity`).
 *
 * transport "fetch" reads the body of a fetch() response; "tcp" speaks HTTP/1.1 over a raw
 * socket (chunk-size lines of the chunked encoding are simply lines the parser ignores), which
 * costs the receiving process less per message.
 */
export type Transport = "fetch" | "tcp";

const now = () => performance.timeOrigin + performance.now();
const decoder = new TextDecoder();

export class SseClient {
  ids = new Float64Array(1024);
  /** Epoch ms (performance.timeOrigin + performance.now()) when the chunk was read. */
  times = new Float64Array(1024);
  n = 0;
  last = 0;
  ready = false;
  badData = 0;
  error?: string;
  #afterId = false;
  #stopped = false;
  #abort = new AbortController();
  #reader?: ReadableStreamDefaultReader<Uint8Array>;
  #conn?: Deno.Conn;

  constructor(readonly checkFirst = 20) {}

  /** Reads `url` until stopped; failures end up in `error`. */
  async run(
    url: string,
    transport: Transport = "fetch",
    headers: Record<string, string> = {},
  ): Promise<void> {
    try {
      if (transport === "tcp") await this.#tcp(new URL(url), headers);
      else await this.#fetch(url, headers);
    } catch (error) {
      if (!this.#stopped) this.error = String(error);
    }
  }

  async #fetch(url: string, headers: Record<string, string>): Promise<void> {
    const res = await fetch(url, { headers, signal: this.#abort.signal });
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    const reader = this.#reader = res.body!.getReader();
    let rest: Uint8Array | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      rest = this.#chunk(value, rest);
    }
  }

  async #tcp(url: URL, headers: Record<string, string>): Promise<void> {
    const conn = this.#conn = await Deno.connect({
      hostname: url.hostname,
      port: Number(url.port),
    });
    const request = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") +
      "Accept: text/event-stream\r\n\r\n";
    await conn.write(new TextEncoder().encode(request));
    const buf = new Uint8Array(64 * 1024);
    let rest: Uint8Array | undefined;
    let first = true;
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) throw new Error("connection closed");
      if (first && !decoder.decode(buf.subarray(0, 16)).startsWith("HTTP/1.1 200")) {
        throw new Error(`bad response: ${decoder.decode(buf.subarray(0, 40))}`);
      }
      first = false;
      rest = this.#chunk(buf.subarray(0, n), rest);
    }
  }

  /** Parses the complete lines of `rest + value`; returns the incomplete tail (a copy). */
  #chunk(value: Uint8Array, rest: Uint8Array | undefined): Uint8Array | undefined {
    const at = now();
    let buf = value;
    if (rest) {
      buf = new Uint8Array(rest.length + value.length);
      buf.set(rest);
      buf.set(value, rest.length);
    }
    let start = 0;
    for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
      this.#line(buf, start, end, at);
      start = end + 1;
    }
    return start < buf.length ? buf.slice(start) : undefined;
  }

  #line(b: Uint8Array, s: number, e: number, at: number): void {
    const afterId = this.#afterId;
    this.#afterId = false;
    if (b[s] === 105 && b[s + 1] === 100 && b[s + 2] === 58) { // "id:"
      let id = 0;
      for (let i = s + 4; i < e; i++) id = id * 10 + b[i] - 48;
      if (this.n === this.ids.length) this.#grow();
      this.ids[this.n] = id;
      this.times[this.n++] = at;
      this.last = Math.max(this.last, id);
      this.#afterId = true;
    } else if (afterId && this.n <= this.checkFirst) { // its "data:" line
      const d = JSON.parse(decoder.decode(b.subarray(s + 6, e)));
      const fields = ["id", "topic", "type", "subject", "data", "at"].every((f) => f in d);
      if (!fields || d.id !== this.ids[this.n - 1] || typeof d.data?.sent !== "number") {
        this.badData++;
      }
    } else if (b[s] === 101 && e - s === 12 && b[s + 7] === 114 && b[s + 11] === 121) {
      this.ready = true; // "event: ready"
    }
  }

  #grow(): void {
    const ids = new Float64Array(this.ids.length * 2), times = new Float64Array(ids.length);
    ids.set(this.ids);
    times.set(this.times);
    [this.ids, this.times] = [ids, times];
  }

  stop(): void {
    this.#stopped = true;
    this.#abort.abort();
    this.#reader?.cancel().catch(() => {});
    try {
      this.#conn?.close();
    } catch { /* already closed */ }
  }
}
