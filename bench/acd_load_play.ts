/**
 * The two sides the ACD load bench plays: callers arriving on a fixed schedule (AcdService.offer)
 * and agents reacting to their seats' events on the stream (SeatActions answer / hang_up).
 */
import type { AcdService } from "../server/acd/acd_service.ts";
import type { SeatActions } from "../server/acd/seat_actions.ts";
import { AppError } from "../server/errors.ts";
import { type AcdWireEvent, epochNow } from "./acd_sse.ts";
import { sleep, waitFor } from "./common.ts";

/** Per call, epoch ms: offer committed (promise resolved), first ringing and answered frame read. */
export interface CallTimes {
  committed?: number;
  ring?: number;
  answered?: number;
}

export class Play {
  readonly calls = new Map<number, CallTimes>();
  readonly types: Record<string, number> = {};
  readonly actionErrors: Record<string, number> = {};
  /** Per frame: read time − the row's created_at (ms precision). */
  readonly delivery: number[] = [];
  ended = 0;
  #playing = true;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  /** `audited`: act as the agent (an audit record per action, as POST /api/seat does). */
  constructor(
    private readonly seats: SeatActions,
    private readonly talkSeconds: [number, number],
    private readonly audited = false,
  ) {}

  of(id: number): CallTimes {
    return this.calls.get(id) ?? this.calls.set(id, {}).get(id)!;
  }

  #act(workNumber: string, type: "answer" | "hang_up") {
    if (!this.#playing) return;
    const who = this.audited
      ? { actor: workNumber, role: "agent", ip: "127.0.0.1", userAgent: "bench/acd_load" }
      : null;
    this.seats.agent(who, workNumber, { type }).catch((e) => {
      const k = `${type}: ${e instanceof AppError ? e.code : String(e).slice(0, 80)}`;
      this.actionErrors[k] = (this.actionErrors[k] ?? 0) + 1;
    });
  }

  /** The agents: answer what rings at once, hang up after the talk time. */
  onEvent = (e: AcdWireEvent, at: number): void => {
    this.types[e.type] = (this.types[e.type] ?? 0) + 1;
    this.delivery.push(at - Date.parse(e.at));
    if (e.type === "seat.reserved") this.#act(e.subject!, "answer");
    else if (e.type === "seat.on_call" && e.data.action === "answer" && this.#playing) {
      const [min, max] = this.talkSeconds;
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#act(e.subject!, "hang_up");
      }, (min + Math.random() * (max - min)) * 1000);
      this.#timers.add(timer);
    } else if (e.type === "call.ringing") this.of(Number(e.subject)).ring ??= at;
    else if (e.type === "call.answered") this.of(Number(e.subject)).answered ??= at;
    else if (e.type === "call.ended") this.ended++;
  };

  stop(): void {
    this.#playing = false;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /**
   * The callers: call i is issued at start + i/rate (queues in turn from `queues`), at most
   * `inflight` offers at once; a late offer is issued as soon as a slot frees.
   */
  async arrivals(acd: AcdService, o: {
    rate: number;
    total: number;
    inflight: number;
    queues: readonly string[];
  }) {
    const offerMs: number[] = [], issueLag: number[] = [];
    let inflight = 0, errors = 0, committed = 0, lastCommit = 0;
    const slots: (() => void)[] = [];
    const start = epochNow() + 100;
    for (let i = 0; i < o.total && this.#playing; i++) {
      const due = start + (i * 1000) / o.rate;
      if (due > epochNow()) await sleep(due - epochNow());
      while (inflight >= o.inflight) await new Promise<void>((r) => slots.push(r));
      const issued = epochNow();
      issueLag.push(issued - due);
      inflight++;
      const callerNumber = `139${String(i).padStart(8, "0")}`;
      acd.offer({ channel: "phone", callerNumber, queue: o.queues[i % o.queues.length] })
        .then(({ id }) => {
          lastCommit = this.of(id).committed = epochNow();
          offerMs.push(lastCommit - issued);
          committed++;
        }, () => errors++)
        .finally(() => (inflight--, slots.shift()?.()));
    }
    await waitFor("the last offers", 60_000, () => inflight === 0);
    return { start, end: epochNow(), offerMs, issueLag, errors, committed, lastCommit };
  }
}
