import type { AcdService } from "../acd/acd_service.ts";
import type { SeatActions } from "../acd/seat_actions.ts";
import type { LiveHub } from "../live/hub.ts";
import { demoCallerNumber, exponential, hourlyRate, logNormal, pickQueue } from "./demo_model.ts";

export interface DemoTrafficOptions {
  acd: AcdService;
  seats: SeatActions;
  hub: LiveHub;
  agents: readonly string[];
  /** Calls per hour at the busiest hour of the day; the daily curve scales it. */
  peakPerHour?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * Simulated citizens and simulated agents, through the same services a real call and a real
 * seat use. The agents react to their own seat's events on the live spine, as a seat client
 * would; nothing reads the simulator's bookkeeping (which agent is on break).
 */
export class DemoTraffic {
  #o: Required<DemoTrafficOptions>;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #running = false;
  #unsubscribe?: () => void;
  #mine: Set<string>;

  constructor(options: DemoTrafficOptions) {
    this.#o = { peakPerHour: 1200, random: Math.random, now: Date.now, ...options };
    this.#mine = new Set(options.agents);
  }

  async start(): Promise<void> {
    this.#running = true;
    this.#unsubscribe = this.#o.hub.subscribe((events) => {
      for (const e of events) {
        if (e.topic === "seat" && this.#mine.has(e.event.subject ?? "")) {
          this.#onSeat(e.event.subject!, e.event.data);
        }
      }
    });
    // Most of the shift signs in at once; a few stay signed out.
    for (const agent of this.#o.agents) {
      if (this.#o.random() < 0.85) await this.#act(agent, { type: "login" }).catch(() => {});
    }
    this.#scheduleArrival();
  }

  stop(): void {
    this.#running = false;
    this.#unsubscribe?.();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #later(seconds: number, fn: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#running) fn().catch(() => {/* the world moved on: answered elsewhere, hung up */});
    }, seconds * 1000);
    this.#timers.add(timer);
  }

  #act(agent: string, action: Parameters<SeatActions["agent"]>[2]) {
    return this.#o.seats.agent(null, agent, action);
  }

  #scheduleArrival(): void {
    const { random, now, peakPerHour } = this.#o;
    // The curve's night is too quiet for a demo someone watches at 3 a.m.: never below 30 % of peak.
    const perSecond = Math.max(hourlyRate(now(), peakPerHour), 0.3 * peakPerHour) / 3600;
    this.#later(exponential(1 / perSecond, random), async () => {
      this.#scheduleArrival();
      const call = await this.#o.acd.offer({
        channel: random() < 0.92 ? "phone" : "web",
        callerNumber: demoCallerNumber(random),
        queue: pickQueue(random),
        priority: random() < 0.1 ? 3 : 0, // elderly callers and repeat callers go first
      });
      // The caller's patience: hangs up if nobody has answered by then (the service refuses
      // the abandon of a call already answered, which is then simply not one).
      this.#later(3 + exponential(90, random), () => this.#o.acd.abandon(call.id));
    });
  }

  #onSeat(agent: string, data: Record<string, unknown>): void {
    const { random } = this.#o;
    switch (data.state) {
      case "reserved":
        // Most agents pick up within seconds; now and then one misses the ring.
        if (random() < 0.97) {
          this.#later(1 + random() * 4, () => this.#act(agent, { type: "answer" }));
        }
        break;
      case "on_call":
        if (data.action === "answer") {
          this.#later(logNormal(75, 0.6, random), () => this.#act(agent, { type: "hang_up" }));
        }
        break;
      case "ready":
        if (data.action === "wrap_done" && random() < 0.06) {
          this.#later(
            random() * 3,
            () =>
              this.#act(agent, { type: "not_ready", reason: random() < 0.7 ? "break" : "meeting" }),
          );
        }
        break;
      case "not_ready":
        this.#later(
          data.reason === "ring_no_answer" ? 8 : 60 + random() * 180,
          () => this.#act(agent, { type: "ready" }),
        );
        break;
    }
  }
}
