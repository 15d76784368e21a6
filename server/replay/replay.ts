/**
 * Replays a real call-centre log through the ACD's own decision code — the router
 * (`acd/routing.ts`), the seat state machine (`acd/seat_state.ts`) and the metrics projection
 * (`acd/queue_metrics.ts`) — in virtual time: a month runs in seconds. Pure: no clock, no I/O.
 *
 * The log gives arrivals, each caller's patience (a hang-up after waiting w seconds means the
 * caller would have left at w), each call's service time, and who worked when (first to last
 * service of the day). The replay then decides, as our ACD would, who answers what and when.
 */
import { type MetricsWindow, type QueueMetrics, queueMetrics } from "../acd/queue_metrics.ts";
import { route } from "../acd/routing.ts";
import { transitionSeat } from "../acd/seat_state.ts";
import type { CallFact, QueueConfig, Seat, WaitingCall } from "../acd/types.ts";
import type { AgentShift, BankCall } from "./bank_log.ts";

const QUEUE: QueueConfig = {
  code: "bank",
  skill: "bank",
  priority: 5,
  serviceLevelSeconds: 20,
  ringTimeoutSeconds: 20,
  overflowAfterSeconds: null,
  overflowQueue: null,
  maxWaitSeconds: null,
  maxWaitAction: "callback",
  wrapUpSeconds: 0, // the log has no after-call work
};
const QUEUES = new Map([["bank", QUEUE]]);

type Happening =
  | { at: number; kind: "login" | "logout"; agent: number }
  | { at: number; kind: "arrive" | "patience" | "finish"; call: number };

/** A binary heap of happenings by time (then insertion order, so equal times stay stable). */
class Agenda {
  #heap: { key: number; seq: number; h: Happening }[] = [];
  #seq = 0;
  get size() {
    return this.#heap.length;
  }
  push(h: Happening) {
    const heap = this.#heap;
    heap.push({ key: h.at, seq: this.#seq++, h });
    for (let i = heap.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.#less(i, p)) [heap[i], heap[p]] = [heap[p], heap[i]], i = p;
      else break;
    }
  }
  peekAt(): number {
    return this.#heap[0].key;
  }
  pop(): Happening {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(l, m)) m = l;
        if (r < heap.length && this.#less(r, m)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top.h;
  }
  #less(a: number, b: number) {
    const x = this.#heap[a], y = this.#heap[b];
    return x.key < y.key || (x.key === y.key && x.seq < y.seq);
  }
}

export interface ReplayOutput {
  facts: CallFact[];
  /** Routing decisions taken (one per distinct instant something happened). */
  decisions: number;
}

/**
 * When each agent was at the phones: their services, joined across idle gaps of at most
 * `maxGapSeconds` (a longer gap is a break or other work). With an infinite gap this is
 * `agentShifts()`: first to last service of the day.
 */
export function agentPresence(
  calls: readonly BankCall[],
  maxGapSeconds: number,
): Map<string, Map<string, AgentShift>> {
  const out = new Map<string, Map<string, AgentShift>>();
  const served = calls.filter((c) =>
    c.server !== null && c.serviceStart !== null && c.serviceEnd !== null
  )
    .sort((a, b) => a.serviceStart! - b.serviceStart!);
  const open = new Map<string, AgentShift & { key: string }>();
  let n = 0;
  const close = (name: string) => {
    const s = open.get(name);
    if (!s) return;
    if (!out.has(s.key)) out.set(s.key, new Map());
    out.get(s.key)!.set(`${name}#${n++}`, { from: s.from, to: s.to, calls: s.calls });
    open.delete(name);
  };
  for (const c of served) {
    const name = c.server!;
    const cur = open.get(name);
    if (cur && c.serviceStart! - cur.to <= maxGapSeconds * 1000) {
      cur.to = Math.max(cur.to, c.serviceEnd!);
      cur.calls++;
    } else {
      close(name);
      open.set(name, { key: c.day, from: c.serviceStart!, to: c.serviceEnd!, calls: 1 });
    }
  }
  for (const name of [...open.keys()]) close(name);
  return out;
}

/** Runs the month. `shifts` says who was present when (`agentShifts()` or `agentPresence()`). */
export function replay(
  calls: readonly BankCall[],
  shifts: Map<string, Map<string, AgentShift>>,
): ReplayOutput {
  const offered = calls.filter((c) => c.queuedAt !== null);
  const agentIds = new Map<string, number>();
  const seats: Seat[] = [];
  const agenda = new Agenda();
  for (const day of shifts.values()) {
    for (const [key, shift] of day) {
      const name = key.split("#")[0];
      if (!agentIds.has(name)) {
        agentIds.set(name, seats.length);
        seats.push({
          agentId: seats.length,
          workNumber: name,
          state: "logged_out",
          reason: null,
          since: 0,
          readySince: null,
          callId: null,
          direction: null,
          wrapUntil: null,
          skills: [{ skill: "bank", level: 1 }],
        });
      }
      agenda.push({ at: shift.from, kind: "login", agent: agentIds.get(name)! });
      agenda.push({ at: shift.to, kind: "logout", agent: agentIds.get(name)! });
    }
  }
  // A caller we answer who in reality hung up (or whose service was not recorded) talks as long
  // as that day's average served call.
  const dayMean = new Map<string, number>();
  for (
    const [day, list] of Map.groupBy(
      offered.filter((c) => c.outcome === "AGENT" && c.serviceStart !== null),
      (c) => c.day,
    )
  ) {
    dayMean.set(day, list.reduce((s, c) => s + c.serviceS, 0) / list.length);
  }
  const facts: CallFact[] = offered.map((c, i) => ({
    id: i,
    queue: "bank",
    queuedAt: c.queuedAt!,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    holdMs: 0,
    wrapMs: 0,
    agentId: null,
  }));
  const waiting = new Map<number, WaitingCall>();
  const leaving = new Set<number>(); // agents whose shift ended while on a call
  offered.forEach((c, i) => {
    agenda.push({ at: c.queuedAt!, kind: "arrive", call: i });
    if (c.outcome === "HANG") {
      agenda.push({ at: c.queuedAt! + c.waitS * 1000, kind: "patience", call: i });
    }
  });

  let decisions = 0;
  while (agenda.size > 0) {
    const now = agenda.peekAt();
    while (agenda.size > 0 && agenda.peekAt() === now) {
      const h = agenda.pop();
      if (h.kind === "login") {
        leaving.delete(h.agent);
        const s = seats[h.agent];
        if (s.state === "logged_out") seats[h.agent] = transitionSeat(s, { type: "login" }, now);
      } else if (h.kind === "logout") {
        const s = seats[h.agent];
        if (s.state === "ready") seats[h.agent] = transitionSeat(s, { type: "logout" }, now);
        else if (s.state !== "logged_out") leaving.add(h.agent);
      } else if (h.kind === "arrive") {
        const c = offered[h.call];
        waiting.set(h.call, {
          id: h.call,
          queue: "bank",
          priority: c.priority,
          enqueuedAt: now,
          queueEnteredAt: now,
          queuedAt: now,
          state: "queued",
          seatAgentId: null,
          ringStartedAt: null,
        });
      } else if (h.kind === "patience") {
        if (waiting.delete(h.call)) {
          Object.assign(facts[h.call], { endedAt: now, endReason: "abandoned" });
        }
      } else if (h.kind === "finish") {
        const fact = facts[h.call];
        Object.assign(fact, { endedAt: now, endReason: "completed" });
        let s = transitionSeat(seats[fact.agentId!], { type: "hang_up", wrapUpSeconds: 0 }, now);
        s = transitionSeat(s, { type: "wrap_done" }, now);
        if (leaving.delete(s.agentId)) s = transitionSeat(s, { type: "logout" }, now);
        seats[s.agentId] = s;
      }
    }
    if (waiting.size === 0) continue;
    decisions++;
    for (const a of route([...waiting.values()], seats, QUEUES)) {
      waiting.delete(a.callId);
      const c = offered[a.callId];
      seats[a.agentId] = transitionSeat(
        transitionSeat(seats[a.agentId], { type: "reserve", callId: a.callId }, now),
        { type: "answer" },
        now,
      );
      Object.assign(facts[a.callId], { answeredAt: now, agentId: a.agentId });
      const talkS = c.outcome === "AGENT" && c.serviceStart !== null
        ? c.serviceS
        : dayMean.get(c.day) ?? 180;
      agenda.push({ at: now + talkS * 1000, kind: "finish", call: a.callId });
    }
  }
  return { facts, decisions };
}

/** The replay's figures for calls that entered the queue in `window`, as the ACD computes them. */
export function replayFigures(
  facts: readonly CallFact[],
  window: MetricsWindow,
  tSeconds: number,
): QueueMetrics {
  const end = facts.reduce((m, f) => Math.max(m, f.endedAt ?? f.queuedAt), window.to);
  return queueMetrics(facts, window, end, tSeconds);
}

/** One UTC day (the log's clock times are read as UTC). */
export function dayWindow(day: string): MetricsWindow {
  const from = Date.parse(`${day}T00:00:00Z`);
  return { from, to: from + 86_400_000 };
}
