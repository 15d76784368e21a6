import type { LiveHub } from "../live/hub.ts";
import type { AcdService } from "./acd_service.ts";

/** Events after which a routing decision may find something new to assign. */
const ROUTE_AFTER = new Set([
  "call.offered",
  "call.requeued",
  "call.overflowed",
  "call.transferred",
  "seat.ready",
  "seat.skills",
]);

/**
 * Drives the ACD in each process: routes when a call or a seat becomes available (seen on the
 * live spine, whichever process wrote it) and applies the clock's timers. It keeps no state of
 * its own — the tables are the truth — so after a crash a restarted engine simply carries on.
 */
export class AcdEngine {
  #routing?: Promise<void>;
  #again = false;
  #timer?: ReturnType<typeof setInterval>;
  #unsubscribe?: () => void;
  #ticking = false;

  constructor(
    private readonly acd: AcdService,
    private readonly hub: LiveHub,
    private readonly tickMs = 500,
  ) {}

  start(): void {
    this.#unsubscribe = this.hub.subscribe((events) => {
      if (events.some((e) => ROUTE_AFTER.has(e.event.type))) void this.routeSoon();
    });
    this.#timer = setInterval(() => void this.#tick(), this.tickMs);
    void this.routeSoon();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    await this.#routing;
  }

  /** Coalesces bursts: at most one decision runs, and one more follows if asked meanwhile. */
  routeSoon(): Promise<void> {
    if (this.#routing) {
      this.#again = true;
      return this.#routing;
    }
    this.#routing = (async () => {
      do {
        this.#again = false;
        try {
          await this.acd.route();
        } catch (error) {
          console.error("ACD routing failed:", (error as Error).message);
        }
      } while (this.#again);
    })().finally(() => this.#routing = undefined);
    return this.#routing;
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const done = await this.acd.tick();
      if (done.length > 0) await this.routeSoon();
    } catch (error) {
      console.error("ACD timers failed:", (error as Error).message);
    } finally {
      this.#ticking = false;
    }
  }
}
