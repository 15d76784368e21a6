/**
 * One page's live view of one call's chat (server-sent events). The hub's "chat" events only say
 * "call N has something new": the stream then reads the table after the last message id it sent,
 * so a page that reconnects (EventSource sends Last-Event-ID = the last message id) catches up
 * from the table and nothing is lost or sent twice. The call's own events (answered, ended,
 * transferred) are passed on as `event: call` and re-check the reader's right to read.
 */
import type { LiveEvent, LiveHub } from "../live/hub.ts";
import type { CallChatStore } from "./chat_store.ts";

const encoder = new TextEncoder();
const HEARTBEAT_MS = 15_000;

export interface ChatStreamOptions {
  store: CallChatStore;
  hub: LiveHub;
  callId: number;
  /** The last message id the page has (Last-Event-ID or ?after=). */
  after: number;
  /**
   * Asked again at each event of the call: a reason ends the stream (the caller's call ended, the
   * agent's seat no longer has the call), null keeps it open.
   */
  recheck: () => Promise<string | null>;
  heartbeatMs?: number;
}

export function openChatStream(o: ChatStreamOptions): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let cursor = o.after;
      let open = true;
      let pumping: Promise<void> = Promise.resolve();
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (!open) return;
        open = false;
        cleanup();
        try {
          controller.close();
        } catch { /* the page went first */ }
      };
      // One read at a time, in order: a burst of events becomes reads that each start from the
      // cursor the previous one left.
      const pump = () => {
        pumping = pumping.then(async () => {
          if (!open) return;
          for (const m of await o.store.list(o.callId, cursor)) {
            cursor = m.id;
            send(`id: ${m.id}\ndata: ${JSON.stringify(m)}\n\n`);
          }
        }).catch((error) => {
          console.error(`chat stream of call ${o.callId}:`, error);
          close();
        });
        return pumping;
      };
      const subject = String(o.callId);
      const onEvents = (events: readonly LiveEvent[]) => {
        const mine = events.filter((e) => e.event.subject === subject);
        if (mine.some((e) => e.topic === "chat")) void pump();
        const calls = mine.filter((e) => e.topic === "call");
        if (calls.length === 0) return;
        // The call moved on: the page shows it (答复中、已结束), then the right to read is re-checked
        // after the messages before it are out.
        pumping = pumping.then(async () => {
          for (const e of calls) {
            send(`event: call\ndata: ${JSON.stringify({ type: e.event.type })}\n\n`);
          }
          const reason = await o.recheck().catch((e: Error) => e.message);
          if (reason) {
            send(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
            close();
          }
        });
      };
      const unsubscribe = o.hub.subscribe(onEvents, close);
      const beat = setInterval(() => send(": heartbeat\n\n"), o.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(beat);
      };
      // Subscribed first, then the backlog: a message committed in between is read by one of them.
      send("retry: 2000\n\n");
      void pump().then(() =>
        send(`event: ready\ndata: ${JSON.stringify({ last_id: cursor })}\n\n`)
      );
    },
    cancel() {
      cleanup();
    },
  });
}

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
