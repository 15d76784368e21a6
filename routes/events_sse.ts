import { Hono } from "hono";
import { z } from "zod";
import { latestEventId, readEventsAfter } from "../db/events.ts";
import type { Database } from "../db/port.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import type { LiveEvent, LiveHub } from "../server/live/hub.ts";
import { encodeControl, encodeEvent, encodeRetry } from "../server/live/sse_frame.ts";

/** More missed events than this and the client is told to reload a snapshot instead. */
export const REPLAY_LIMIT = 5000;
/** A client this many chunks behind is cut off; it reconnects and replays from the table. */
const MAX_QUEUED_CHUNKS = 2000;

const TOPIC = /^[a-z][a-z0-9_]{0,31}$/;
const EventId = z.string().regex(/^\d{1,15}$/, "must be a non-negative event id").transform(Number);

const QuerySchema = z.object({
  topics: z.string().optional().transform((s, ctx) => {
    if (s === undefined || s === "") return undefined;
    const topics = [...new Set(s.split(","))];
    const bad = topics.filter((t) => !TOPIC.test(t));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `unknown topic name(s): ${bad.join(", ")}` });
    }
    if (topics.length > 20) ctx.addIssue({ code: "custom", message: "at most 20 topics" });
    return topics;
  }),
  last_event_id: EventId.optional(),
}).strict();

export interface EventsRouteDeps {
  db: Database;
  hub: LiveHub;
  heartbeatMs: number;
}

export function eventsRoutes({ db, hub, heartbeatMs }: EventsRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", guard("events.stream"), (c) => {
    const query = parseOrThrow(QuerySchema, c.req.query(), "event stream query");
    const header = c.req.header("last-event-id");
    // The header wins: EventSource sends it on every reconnect with the newest id it saw.
    const lastEventId = header !== undefined && header !== ""
      ? parseOrThrow(EventId, header, "Last-Event-ID header")
      : query.last_event_id;
    const topics = query.topics ? new Set(query.topics) : undefined;
    const stream = openStream({ db, hub, heartbeatMs, topics, lastEventId });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  });
  return app;
}

interface StreamOptions extends EventsRouteDeps {
  topics?: Set<string>;
  lastEventId?: number;
}

function concat(frames: Uint8Array[]): Uint8Array {
  if (frames.length === 1) return frames[0];
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

function openStream(o: StreamOptions): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let cursor = o.lastEventId ?? o.hub.lastId;
      let replaying = true;
      let closed = false;
      const pending: LiveEvent[] = [];

      const send = (events: readonly LiveEvent[]) => {
        const frames: Uint8Array[] = [];
        for (const e of events) {
          if (e.id <= cursor) continue;
          cursor = e.id;
          if (!o.topics || o.topics.has(e.topic)) frames.push(e.frame);
        }
        if (frames.length === 0) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
        controller.enqueue(concat(frames));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch { /* already closed by the client */ }
      };
      const unsubscribe = o.hub.subscribe((events) => {
        if (replaying) pending.push(...events);
        else send(events);
      }, () => close());
      const heartbeat = setInterval(() => {
        controller.enqueue(encodeControl("heartbeat", {
          at: new Date().toISOString(),
          latest_id: o.hub.lastId,
          listener: o.hub.status.listener,
        }));
      }, o.heartbeatMs);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      stop = () => {
        closed = true;
        cleanup();
      };

      controller.enqueue(encodeRetry(1000));
      const upTo = o.hub.lastId;
      replay(o, cursor, upTo).then((result) => {
        if (closed) return;
        if (result === "reset") {
          controller.enqueue(encodeControl("reset", { reason: "too_far_behind", latest_id: upTo }));
          cursor = upTo;
        } else {
          for (const frame of result.frames) controller.enqueue(frame);
          cursor = Math.max(cursor, result.last);
        }
        replaying = false;
        send(pending.splice(0));
        controller.enqueue(encodeControl("ready", { latest_id: cursor }));
      }).catch((error) => {
        console.error("event replay failed", error);
        close();
      });
    },
    cancel() {
      stop();
    },
  });
}

/** Missed events from the table, or "reset" when there are too many (or the id is unknown). */
async function replay(
  o: StreamOptions,
  after: number,
  upTo: number,
): Promise<{ frames: Uint8Array[]; last: number } | "reset"> {
  if (after >= upTo) {
    // Another process may have published a little further already; an id beyond the table's
    // newest means the database was replaced, and the client's picture is void.
    return after === upTo || after <= await latestEventId(o.db)
      ? { frames: [], last: after }
      : "reset";
  }
  const rows = await readEventsAfter(o.db, after, {
    topics: o.topics ? [...o.topics] : undefined,
    limit: REPLAY_LIMIT + 1,
    upTo,
  });
  if (rows.length > REPLAY_LIMIT) return "reset";
  return { frames: rows.map(encodeEvent), last: upTo };
}
