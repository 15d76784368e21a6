/**
 * The page's one live connection: a single EventSource shared by every island, with its
 * freshness as signals. Events are handed to subscribers once per animation frame, batched, so
 * a burst of thousands per second costs one render per frame.
 */
import { signal } from "@preact/signals";
import type { WireEvent } from "../server/live/sse_frame.ts";

export type { WireEvent };

export type LiveState = "connecting" | "live" | "reconnecting" | "stale";

export const liveState = signal<LiveState>("connecting");
/** When the last message (event or heartbeat) arrived: what "stale since" refers to. */
export const lastMessageAt = signal<number | null>(null);
export const lastEventId = signal(0);

type Handler = (events: readonly WireEvent[]) => void;
const handlers = new Set<{ topics: Set<string> | null; fn: Handler }>();
const resetHandlers = new Set<() => void>();

let source: EventSource | null = null;
let topics = "";
let pending: WireEvent[] = [];
let frameRequested = false;
let staleTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let heartbeatMs = 5000;

export function subscribe(topicList: readonly string[] | null, fn: Handler): () => void {
  const entry = { topics: topicList ? new Set(topicList) : null, fn };
  handlers.add(entry);
  return () => handlers.delete(entry);
}

/** Called when the server says this page is too far behind: reload a snapshot. */
export function onReset(fn: () => void): () => void {
  resetHandlers.add(fn);
  return () => resetHandlers.delete(fn);
}

function flush() {
  frameRequested = false;
  const batch = pending;
  pending = [];
  for (const h of handlers) {
    const mine = h.topics ? batch.filter((e) => h.topics!.has(e.topic)) : batch;
    if (mine.length > 0) h.fn(mine);
  }
}

function touched() {
  lastMessageAt.value = Date.now();
  if (liveState.value !== "live") liveState.value = "live";
  clearTimeout(staleTimer);
  // Two missed heartbeats and a bit: the numbers on screen can no longer be trusted.
  staleTimer = setTimeout(() => {
    liveState.value = "stale";
    reconnect();
  }, heartbeatMs * 2.5);
}

function open() {
  const params = new URLSearchParams();
  if (topics) params.set("topics", topics);
  if (lastEventId.value > 0) params.set("last_event_id", String(lastEventId.value));
  source = new EventSource(`/api/events?${params}`);
  source.onmessage = (m) => {
    const event = JSON.parse(m.data) as WireEvent;
    lastEventId.value = event.id;
    pending.push(event);
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(flush);
    }
    touched();
  };
  source.addEventListener("heartbeat", () => touched());
  source.addEventListener("ready", () => touched());
  source.addEventListener("reset", (m) => {
    const { latest_id } = JSON.parse((m as MessageEvent).data);
    lastEventId.value = latest_id;
    if (resetHandlers.size === 0) location.reload();
    for (const fn of resetHandlers) fn();
  });
  source.onerror = () => {
    if (liveState.value === "live") liveState.value = "reconnecting";
    // The browser retries by itself unless the server answered with an error (CLOSED).
    if (source?.readyState === EventSource.CLOSED) reconnect();
  };
}

function reconnect() {
  source?.close();
  source = null;
  if (liveState.value === "live") liveState.value = "reconnecting";
  clearTimeout(retryTimer);
  retryTimer = setTimeout(open, 1000);
}

/** Opens the page's connection once; the page's body says which topics and where to resume. */
export function startLive(options: { topics: string; lastEventId: number; heartbeatMs?: number }) {
  if (source) return;
  topics = options.topics;
  heartbeatMs = options.heartbeatMs ?? heartbeatMs;
  if (lastEventId.value === 0) lastEventId.value = options.lastEventId;
  open();
}
