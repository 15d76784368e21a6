import type { CallService } from "../calls/call_service.ts";

export interface DemoTrafficOptions {
  calls: CallService;
  queues: readonly string[];
  agents: readonly string[];
  /** Mean seconds between arrivals. */
  meanArrivalSeconds?: number;
  random?: () => number;
}

/** An exponential gap with the given mean: arrivals of a Poisson process. */
export function exponential(mean: number, random: () => number): number {
  return -Math.log(1 - random()) * mean;
}

/** A plausible mainland mobile number (demo only; never a real subscriber's by design). */
export function demoCallerNumber(random: () => number): string {
  const prefix = ["138", "139", "150", "186", "177", "199"][Math.floor(random() * 6)];
  return prefix + String(Math.floor(random() * 1e8)).padStart(8, "0");
}

/**
 * Simulated citizens calling and simulated agents answering, through the same CallService a real
 * call uses, so the dashboards are alive on a fresh start. It keeps only its own bookkeeping of
 * which simulated agents are busy; nothing reads it.
 */
export class DemoTraffic {
  #o: Required<DemoTrafficOptions>;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #busy = new Set<string>();
  #running = false;

  constructor(options: DemoTrafficOptions) {
    this.#o = { meanArrivalSeconds: 2, random: Math.random, ...options };
  }

  start(): void {
    this.#running = true;
    this.#scheduleArrival();
  }

  stop(): void {
    this.#running = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #later(seconds: number, fn: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#running) fn().catch((e) => console.error("demo traffic:", e.message ?? e));
    }, seconds * 1000);
    this.#timers.add(timer);
  }

  #scheduleArrival(): void {
    const { random, meanArrivalSeconds } = this.#o;
    this.#later(exponential(meanArrivalSeconds, random), async () => {
      this.#scheduleArrival();
      await this.#arrive();
    });
  }

  async #arrive(): Promise<void> {
    const { calls, queues, random } = this.#o;
    const queue = queues[Math.floor(random() * queues.length)];
    const call = await calls.offer({
      channel: random() < 0.9 ? "phone" : "web",
      callerNumber: demoCallerNumber(random),
      queue,
    });
    const patience = 5 + exponential(40, random);
    const wait = exponential(10, random);
    if (wait > patience) {
      this.#later(patience, () => calls.end(call.id, "abandoned"));
      return;
    }
    this.#later(wait, async () => {
      const free = this.#o.agents.filter((a) => !this.#busy.has(a));
      if (free.length === 0) return calls.end(call.id, "abandoned");
      const agent = free[Math.floor(random() * free.length)];
      this.#busy.add(agent);
      try {
        await calls.answer(call.id, agent);
      } catch (error) {
        this.#busy.delete(agent);
        throw error;
      }
      this.#later(20 + exponential(120, random), async () => {
        this.#busy.delete(agent);
        await calls.end(call.id, "completed");
      });
    });
  }
}
