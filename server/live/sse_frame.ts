import type { StoredEvent } from "../../db/events.ts";

const encoder = new TextEncoder();

/** The wire form of an event: `id:` is the event id, so the browser's Last-Event-ID replays. */
export interface WireEvent {
  id: number;
  topic: string;
  type: string;
  subject: string | null;
  data: Record<string, unknown>;
  at: string;
}

export function toWire(event: StoredEvent): WireEvent {
  return {
    id: event.id,
    topic: event.topic,
    type: event.type,
    subject: event.subject,
    data: event.data,
    at: new Date(event.created_at).toISOString(),
  };
}

export function encodeEvent(event: StoredEvent): Uint8Array {
  return encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify(toWire(event))}\n\n`);
}

/** A named control message (heartbeat, reset); carries no id so it never moves Last-Event-ID. */
export function encodeControl(name: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function encodeRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}
