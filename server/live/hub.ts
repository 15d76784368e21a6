import {
  EVENTS_CHANNEL,
  latestEventId,
  readEventsAfter,
  type StoredEvent,
} from "../../db/events.ts";
import type { Database, Listener, ListenerStatus } from "../../db/port.ts";
import { encodeEvent } from "./sse_frame.ts";

/** An event as published in memory: the row plus its SSE frame, encoded once for all clients. */
export interface LiveEvent {
  readonly id: number;
  readonly topic: string;
  readonly frame: Uint8Array;
  readonly event: StoredEvent;
}

export type LiveSubscriber = (events: readonly LiveEvent[]) => void;

export interface HubOptions {
  /** Safety net for lost NOTIFYs (they are lost on crash and coalesced): poll this often. */
  pollMs?: number;
  batchSize?: number;
}

export function toLiveEvent(event: StoredEvent): LiveEvent {
  return { id: event.id, topic: event.topic, frame: encodeEvent(event), event };
}

/**
 * The process's one reader of the events table. NOTIFY only says "something new": the hub then
 * reads everything after the last id it published, in id order, and fans it out in memory.
 */
export class LiveHub {
  #db: Database;
  #subscribers = new Set<LiveSubscriber>();
  #closers = new Set<() => void>();
  #lastId = 0;
  #listener?: Listener;
  #pumping?: Promise<void>;
  #again = false;
  #timer?: ReturnType<typeof setInterval>;
  #pollMs: number;
  #batchSize: number;
  #lastReadAt = 0;
  #lastError?: string;

  constructor(db: Database, options: HubOptions = {}) {
    this.#db = db;
    this.#pollMs = options.pollMs ?? 2000;
    this.#batchSize = options.batchSize ?? 1000;
  }

  /** The newest event id published to subscribers. */
  get lastId(): number {
    return this.#lastId;
  }

  get status(): { listener: ListenerStatus; lastId: number; lastReadAt: number; error?: string } {
    return {
      listener: this.#listener?.status ?? "connecting",
      lastId: this.#lastId,
      lastReadAt: this.#lastReadAt,
      error: this.#lastError,
    };
  }

  /** Starts after the newest existing event: history is served from the table, not from here. */
  async start(): Promise<void> {
    this.#lastId = await latestEventId(this.#db);
    this.#lastReadAt = Date.now();
    this.#listener = await this.#db.listen(EVENTS_CHANNEL, {
      onNotify: () => this.poke(),
      onListening: () => this.poke(),
      onDown: (error) => {
        this.#lastError = String(error);
      },
    });
    this.#timer = setInterval(() => this.poke(), this.#pollMs);
  }

  /** Stops reading and ends every subscription (open event streams close, so a shutdown can finish). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    for (const close of [...this.#closers]) close();
    await this.#listener?.close();
    await this.#pumping;
    this.#subscribers.clear();
  }

  /** `onClose` runs when the hub stops: the subscriber's stream should end then. */
  subscribe(subscriber: LiveSubscriber, onClose?: () => void): () => void {
    this.#subscribers.add(subscriber);
    if (onClose) this.#closers.add(onClose);
    return () => {
      this.#subscribers.delete(subscriber);
      if (onClose) this.#closers.delete(onClose);
    };
  }

  /** Reads and publishes whatever is new; concurrent calls coalesce into one more read. */
  poke(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return this.#pumping;
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
    });
    return this.#pumping;
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      let rows: StoredEvent[];
      try {
        do {
          rows = await readEventsAfter(this.#db, this.#lastId, { limit: this.#batchSize });
          if (rows.length > 0) this.#publish(rows.map(toLiveEvent));
        } while (rows.length === this.#batchSize);
        this.#lastReadAt = Date.now();
        this.#lastError = undefined;
      } catch (error) {
        // The next NOTIFY, re-LISTEN or poll retries from the same id: nothing is skipped.
        this.#lastError = String(error);
        return;
      }
    } while (this.#again);
  }

  #publish(events: LiveEvent[]): void {
    this.#lastId = events.at(-1)!.id;
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(events);
      } catch (error) {
        console.error("live subscriber failed", error);
      }
    }
  }
}
