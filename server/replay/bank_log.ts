/**
 * The "Anonymous Bank" call-centre log (Technion, August 1999; shared data/README.md) parsed into
 * calls to replay through the ACD, plus the log's own figures to compare the replay with. Pure: it
 * takes the CSV text and reads no files. docs/bank_log.md lists the data's quirks with counts; each
 * decision is commented where it is made. Every instant is ms since the epoch, clock times read as
 * UTC on the row's real date; `0:00:00` means "did not happen". waitS = q_time and serviceS =
 * ser_time (Technion convention): ser_start is often 1–3 s before q_exit (separate clocks), so no
 * wait is derived from the gap.
 */
import { z } from "zod";
import { NATIONAL_SL_SECONDS, SHORT_ABANDON_MS } from "../acd/queue_metrics.ts";

export interface BankCall {
  /** "vru+line/call_id": call_id alone is not unique. */
  callId: string;
  /** Opaque; "0" = caller not identified. Personal data: never print it or put it in a reason. */
  customerId: string;
  priority: number;
  type: string;
  /** Real date of VRU entry, "1999-08-01". */
  day: string;
  /** ms since epoch (clock times read as UTC on the real 1999 date), like every instant here. */
  vruEntry: number;
  queuedAt: number | null;
  queueExit: number | null;
  waitS: number;
  outcome: "AGENT" | "HANG";
  serviceStart: number | null;
  serviceEnd: number | null;
  serviceS: number;
  server: string | null;
}

export interface ParsedBankLog {
  calls: BankCall[];
  skipped: { line: number; reason: string }[];
  phantoms: number;
}

export const BANK_LOG_HEADER = "vru+line,call_id,customer_id,priority,type,date,vru_entry," +
  "vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server";
const COLUMNS = BANK_LOG_HEADER.split(",");
const NONE = "0:00:00";
const DAY_MS = 86_400_000;

const text = (re: RegExp, what: string) =>
  z.string().regex(re, { error: (i) => `expected ${what}, got "${i.input}"` });
const clock = text(/^([01]?\d|2[0-3]):[0-5]\d:[0-5]\d$/, "a clock time H:MM:SS");
const seconds = text(/^\d{1,6}$/, "whole seconds").transform(Number);

const RowSchema = z.object({
  "vru+line": text(/^[A-Z0-9]+$/, "a VRU line code"),
  call_id: text(/^\d+$/, "a numeric call id"),
  // No value in this message: skip reasons get printed.
  customer_id: z.string().regex(/^\d+$/, { error: "expected digits (value withheld)" }),
  priority: text(/^\d$/, "a priority digit").transform(Number),
  type: text(/^[A-Z]{2}$/, "a two-letter service type"),
  date: text(/^(2010|1999)-\d\d-\d\d$/, "2010-MM-DD (read as 1999) or 1999-MM-DD"),
  vru_entry: clock,
  vru_exit: clock,
  vru_time: text(/^-?\d{1,6}$/, "whole seconds").transform(Number),
  q_start: clock,
  q_exit: clock,
  q_time: seconds,
  outcome: z.enum(["AGENT", "HANG", "PHANTOM"], { error: "expected AGENT, HANG or PHANTOM" }),
  ser_start: clock,
  ser_exit: clock,
  ser_time: seconds,
  server: text(/^[A-Z0-9_]+$/, "an agent name or NO_SERVER"),
});
type Row = z.output<typeof RowSchema>;

function clockS(hms: string): number {
  const [h, m, s] = hms.split(":").map(Number);
  return h * 3600 + m * 60 + s;
}

type Phase = { from: number; to: number } | null | string;

/**
 * A phase ends at start + duration, so one crossing midnight ends on the next day; the end's clock
 * time must agree. It starts at its clock time's occurrence nearest `ref` (the previous phase).
 * Null when the row says the phase did not happen; a string is the reason to skip the row.
 */
function phase(name: string, start: string, end: string, durationS: number, ref: number): Phase {
  if (start === NONE) {
    return end === NONE && durationS === 0 ? null : `${name}: end or duration without a start`;
  }
  const base = ref - (ref % DAY_MS) + clockS(start) * 1000;
  const from = [base - DAY_MS, base + DAY_MS]
    .reduce((best, t) => Math.abs(t - ref) < Math.abs(best - ref) ? t : best, base);
  const to = from + durationS * 1000;
  const endS = (((to % DAY_MS) + DAY_MS) % DAY_MS) / 1000;
  return clockS(end) === endS
    ? { from, to }
    : `${name}: ${durationS} s from ${start} is not ${end}`;
}

function build(row: Row): { call: BankCall | null } | { reason: string } {
  const [year, month, date] = row.date.split("-").map(Number);
  const dayMs = Date.UTC(year === 2010 ? 1999 : year, month - 1, date); // the spreadsheet's 2010
  if (new Date(dayMs).getUTCDate() !== date) return { reason: `date: no such day ${row.date}` };
  if (row.outcome === "PHANTOM") return { call: null }; // not a real call: only counted
  // Noon as the reference keeps every clock time of the VRU entry on the row's date.
  const vru = phase("vru", row.vru_entry, row.vru_exit, row.vru_time, dayMs + DAY_MS / 2);
  if (vru === null) return { reason: "vru_entry: every call enters the VRU" };
  if (typeof vru === "string") return { reason: vru };
  const queue = phase("queue", row.q_start, row.q_exit, row.q_time, vru.to);
  if (typeof queue === "string") return { reason: queue };
  // Served without q_start: put straight through to an idle agent, so offered with wait 0. A HANG
  // without q_start hung up in the VRU and was never offered (queuedAt null).
  const direct = queue === null && row.outcome === "AGENT";
  const queueExit = queue?.to ?? (direct ? vru.to : null);
  const service = phase("service", row.ser_start, row.ser_exit, row.ser_time, queueExit ?? vru.to);
  if (typeof service === "string") return { reason: service };
  return {
    call: {
      callId: `${row["vru+line"]}/${row.call_id}`,
      customerId: row.customer_id,
      priority: row.priority,
      type: row.type,
      day: new Date(dayMs).toISOString().slice(0, 10),
      // A negative vru_time stamps the exit before the entry while queue and service agree with
      // the exit: the entry stamp is the odd one out, so the call enters at the exit.
      vruEntry: Math.min(vru.from, vru.to),
      queuedAt: queue?.from ?? (direct ? vru.to : null),
      queueExit,
      waitS: row.q_time,
      // The outcome decides, even for a HANG with service times (hung up on connection).
      outcome: row.outcome,
      // Null for an AGENT without ser_start: answered, but its service was not recorded.
      serviceStart: service?.from ?? null,
      serviceEnd: service?.to ?? null,
      serviceS: row.ser_time,
      server: row.server === "NO_SERVER" ? null : row.server, // some AGENT rows have no name
    },
  };
}

/** Throws only when line 1 is not the expected header; any bad row is skipped with its reason. */
export function parseBankLog(csv: string): ParsedBankLog {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== BANK_LOG_HEADER) {
    throw new Error(`not the bank call-centre log: line 1 should be "${BANK_LOG_HEADER}"`);
  }
  const out: ParsedBankLog = { calls: [], skipped: [], phantoms: 0 };
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].trim().split(",");
    if (fields.length === 1 && fields[0] === "") continue; // the final newline, blank lines
    const skip = (reason: string) => out.skipped.push({ line: i + 1, reason });
    if (fields.length !== COLUMNS.length) {
      skip(`expected ${COLUMNS.length} fields, got ${fields.length}`);
      continue;
    }
    const parsed = RowSchema.safeParse(Object.fromEntries(COLUMNS.map((c, k) => [c, fields[k]])));
    if (!parsed.success) {
      skip(parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "));
      continue;
    }
    const built = build(parsed.data);
    if ("reason" in built) skip(built.reason);
    else if (built.call === null) out.phantoms++;
    else out.calls.push(built.call);
  }
  // The file sorts times as text ("10:…" before "9:…"); the replay needs entry order. Stable.
  out.calls.sort((a, b) => a.vruEntry - b.vruEntry);
  return out;
}

/**
 * The log's own figures, with the ACD's definitions and field names (server/acd/queue_metrics.ts):
 * - offered = calls that entered the queue (queuedAt not null), those put straight through to an
 *   idle agent included; VRU-only hang-ups (vru_only) are not offered.
 * - answered = AGENT among them; abandoned = HANG with wait ≥ 5 s; short_abandoned = HANG with
 *   wait < 5 s: every offered call is exactly one of the three.
 * - service_level_t = answered with wait ≤ T ÷ (offered − short_abandoned); service_level_15s the
 *   same at 15 s (the national T). Null when the denominator is 0.
 * - asa_s = mean wait of answered. aht_s = mean ser_time of answered calls with a recorded service;
 *   the log has no wrap-up, so it is talk time only (replay with wrap-up 0 to compare).
 * - abandon_rate = (abandoned + short_abandoned) ÷ offered.
 * - agents_on_duty = distinct servers named; served_no_queue = answered with q_time 0;
 *   arrivals_per_hour = offered by clock hour of queuedAt; total = every non-phantom call.
 */
export interface DailyFigures {
  /** "1999-08-01"; from monthFigures the month, "1999-08" (or "first..last" across months). */
  day: string;
  total: number;
  vru_only: number;
  offered: number;
  answered: number;
  served_no_queue: number;
  abandoned: number;
  short_abandoned: number;
  t_seconds: number;
  service_level_t: number | null;
  service_level_15s: number | null;
  asa_s: number | null;
  aht_s: number | null;
  abandon_rate: number | null;
  agents_on_duty: number;
  arrivals_per_hour: number[];
}

const mean = (xs: number[]) => xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

function figures(day: string, calls: readonly BankCall[], tSeconds: number): DailyFigures {
  const offered = calls.filter((c) => c.queuedAt !== null);
  const answered = offered.filter((c) => c.outcome === "AGENT");
  const hangs = offered.length - answered.length;
  const short = offered.filter((c) => c.outcome === "HANG" && c.waitS * 1000 < SHORT_ABANDON_MS);
  const level = (t: number) => {
    const denominator = offered.length - short.length;
    return denominator === 0 ? null : answered.filter((c) => c.waitS <= t).length / denominator;
  };
  const perHour = new Array<number>(24).fill(0);
  for (const c of offered) perHour[new Date(c.queuedAt ?? 0).getUTCHours()]++;
  return {
    day,
    total: calls.length,
    vru_only: calls.length - offered.length,
    offered: offered.length,
    answered: answered.length,
    served_no_queue: answered.filter((c) => c.waitS === 0).length,
    abandoned: hangs - short.length,
    short_abandoned: short.length,
    t_seconds: tSeconds,
    service_level_t: level(tSeconds),
    service_level_15s: level(NATIONAL_SL_SECONDS),
    asa_s: mean(answered.map((c) => c.waitS)),
    aht_s: mean(answered.filter((c) => c.serviceStart !== null).map((c) => c.serviceS)),
    abandon_rate: offered.length === 0 ? null : hangs / offered.length,
    agents_on_duty: new Set(calls.flatMap((c) => c.server ?? [])).size,
    arrivals_per_hour: perHour,
  };
}

/** Calls grouped by day, days in date order. */
function byDay(calls: readonly BankCall[]): Map<string, BankCall[]> {
  return Map.groupBy([...calls].sort((a, b) => a.day.localeCompare(b.day)), (c) => c.day);
}

/** One row per day present, in date order (a call belongs to the day it entered the VRU). */
export function logDailyFigures(calls: readonly BankCall[], tSeconds = 20): DailyFigures[] {
  return [...byDay(calls)].map(([day, list]) => figures(day, list, tSeconds));
}

/** The same figures pooled over all calls (not an average of the days). */
export function monthFigures(calls: readonly BankCall[], tSeconds = 20): DailyFigures {
  const days = [...byDay(calls).keys()];
  const [first, last] = [days[0] ?? "", days.at(-1) ?? ""];
  const label = first.slice(0, 7) === last.slice(0, 7) ? first.slice(0, 7) : `${first}..${last}`;
  return figures(label, calls, tSeconds);
}

export interface AgentShift {
  from: number;
  to: number;
  calls: number;
}

/**
 * Each named server's presence per day (the VRU entry day of its calls) as first service start to
 * last service end, for the replay to log simulated agents in and out. A call without recorded
 * service marks the instant it left the queue. Split shifts are not detected: the span covers
 * the break between them.
 */
export function agentShifts(calls: readonly BankCall[]): Map<string, Map<string, AgentShift>> {
  const out = new Map<string, Map<string, AgentShift>>();
  for (const [day, list] of byDay(calls)) {
    const shifts = new Map<string, AgentShift>();
    for (const c of list) {
      if (c.server === null) continue;
      const from = c.serviceStart ?? c.queueExit ?? c.vruEntry;
      const to = c.serviceEnd ?? from;
      const s = shifts.get(c.server);
      if (!s) shifts.set(c.server, { from, to, calls: 1 });
      else [s.from, s.to, s.calls] = [Math.min(s.from, from), Math.max(s.to, to), s.calls + 1];
    }
    out.set(day, shifts);
  }
  return out;
}
