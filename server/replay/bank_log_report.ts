/**
 * Prints the bank log's own figures per day as Markdown (the table in docs/bank_log.md), plus the
 * counts behind the quirks listed there:
 *
 *   npx -y deno@2.9.6 run --allow-read server/replay/bank_log_report.ts [path/to/log.csv]
 *
 * The only file I/O around the pure parser in bank_log.ts. Prints no customer ids.
 */
import {
  type BankCall,
  type DailyFigures,
  logDailyFigures,
  monthFigures,
  parseBankLog,
  type ParsedBankLog,
} from "./bank_log.ts";

export const DEFAULT_LOG = new URL(
  "../../../shared/data/bank_call_center_1999_08.csv",
  import.meta.url,
);
const T_SECONDS = 20; // the bank's own 80/20 target
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const pct = (x: number | null) => x === null ? "–" : `${(x * 100).toFixed(1)} %`;
const secs = (x: number | null) => x === null ? "–" : x.toFixed(0);

function weekday(day: string): string {
  return /^\d{4}-\d\d-\d\d$/.test(day) ? WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] : "";
}

function row(f: DailyFigures, atFifteen: DailyFigures, bold = false): string {
  const cells = [
    f.day,
    weekday(f.day),
    f.total,
    f.vru_only,
    f.offered,
    f.answered,
    f.served_no_queue,
    f.abandoned,
    f.short_abandoned,
    pct(f.service_level_t),
    pct(atFifteen.service_level_t),
    secs(f.asa_s),
    secs(f.aht_s),
    pct(f.abandon_rate),
    f.agents_on_duty,
  ].map(String);
  return `| ${(bold ? cells.map((c) => c === "" ? c : `**${c}**`) : cells).join(" | ")} |`;
}

/** The Markdown table: one row per day, then the month pooled. */
export function figuresTable(calls: readonly BankCall[]): string {
  const days = logDailyFigures(calls, T_SECONDS);
  const fifteen = logDailyFigures(calls, 15);
  const lines = [
    "| day | wd | calls | VRU only | offered | answered | no wait | abandoned | short ab. " +
    `| SL@${T_SECONDS}s | SL@15s | ASA s | AHT s | abandon rate | agents |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: " +
    "| ---: | ---: |",
    ...days.map((d, i) => row(d, fifteen[i])),
    row(monthFigures(calls, T_SECONDS), monthFigures(calls, 15), true),
  ];
  return lines.join("\n");
}

/** Counts of the data's oddities, from the parsed calls and (for the VRU stamps) the raw rows. */
export function quirkCounts(csv: string, log: ParsedBankLog): string[] {
  const { calls, skipped, phantoms } = log;
  const answered = calls.filter((c) => c.outcome === "AGENT");
  const nextDay = (t: number | null, day: string) =>
    t !== null && new Date(t).toISOString().slice(0, 10) > day;
  const rawIds = new Map<string, number>();
  for (const c of calls) {
    const id = c.callId.split("/")[1];
    rawIds.set(id, (rawIds.get(id) ?? 0) + 1);
  }
  const negativeVru = csv.split(/\r?\n/).filter((l) => l.split(",")[8]?.startsWith("-")).length;
  const longest = Math.max(...answered.map((c) => c.serviceS));
  const count = (pred: (c: BankCall) => boolean) => calls.filter(pred).length;
  return [
    `rows skipped: ${skipped.length}` +
    skipped.map((s) => ` (line ${s.line}: ${s.reason})`).join(""),
    `PHANTOM rows left out: ${phantoms}`,
    `calls kept: ${calls.length}`,
    `VRU-only hang-ups (HANG, no q_start): ${count((c) => c.queuedAt === null)}`,
    `served with no queue (AGENT, no q_start): ${
      count((c) => c.outcome === "AGENT" && c.waitS === 0)
    }`,
    `queued HANG with q_time 0: ${
      count((c) => c.outcome === "HANG" && c.queuedAt !== null && c.waitS === 0)
    }`,
    `answered without recorded service: ${
      count((c) => c.outcome === "AGENT" && c.serviceStart === null)
    }`,
    `answered with NO_SERVER: ${count((c) => c.outcome === "AGENT" && c.server === null)}`,
    `HANG with service times: ${count((c) => c.outcome === "HANG" && c.serviceStart !== null)}` +
    ` (of which with an agent's name: ${count((c) => c.outcome === "HANG" && c.server !== null)})`,
    `waits ending after midnight: ${count((c) => nextDay(c.queueExit, c.day))}`,
    `services ending after midnight: ${count((c) => nextDay(c.serviceEnd, c.day))}`,
    `rows with a negative vru_time (VRU exit before entry): ${negativeVru}`,
    `call_id values used by more than one call: ${
      [...rawIds.values()].filter((n) => n > 1).length
    }`,
    `calls with customer_id 0 (not identified): ${count((c) => c.customerId === "0")}`,
    `answered services over 2 h: ${count((c) => c.outcome === "AGENT" && c.serviceS > 7200)}` +
    ` (longest ${(longest / 3600).toFixed(1)} h)`,
  ];
}

if (import.meta.main) {
  const path = Deno.args[0] ?? DEFAULT_LOG;
  const csv = await Deno.readTextFile(path);
  const log = parseBankLog(csv);
  console.log(figuresTable(log.calls));
  const hours = monthFigures(log.calls).arrivals_per_hour;
  console.log(`\nOffered per clock hour, month: ${hours.map((n, h) => `${h}h ${n}`).join(", ")}\n`);
  for (const line of quirkCounts(csv, log)) console.log(`- ${line}`);
}
