/**
 * `deno task replay`: replays the August 1999 bank log through the ACD's decision code and prints,
 * per day, our figures next to the log's own (docs/replay.md holds a run's output).
 */
import {
  agentShifts,
  type DailyFigures,
  logDailyFigures,
  monthFigures,
  parseBankLog,
} from "./bank_log.ts";
import { agentPresence, dayWindow, replay, replayFigures } from "./replay.ts";

const DEFAULT = new URL("../../../shared/data/bank_call_center_1999_08.csv", import.meta.url);
const T = 20;

const pct = (x: number | null) => (x === null ? "—" : (x * 100).toFixed(1));
const sec = (x: number | null) => (x === null ? "—" : x.toFixed(1));

if (import.meta.main) {
  const started = performance.now();
  const parsed = parseBankLog(
    await Deno.readTextFile(Deno.args.find((a) => !a.startsWith("--")) ?? DEFAULT),
  );
  const parsedAt = performance.now();
  // --gap=N: an agent idle longer than N s between two services was away (break, other work);
  // --gap=all: present from the first to the last service of the day.
  const gapArg = Deno.args.find((a) => a.startsWith("--gap="))?.slice(6) ?? "300";
  const shifts = gapArg === "all"
    ? agentShifts(parsed.calls)
    : agentPresence(parsed.calls, Number(gapArg));
  const { facts, decisions } = replay(parsed.calls, shifts);
  const replayedAt = performance.now();
  console.log(
    `| day | offered | SL@${T}s log | SL@${T}s replay | SL@15s log | SL@15s replay | ASA log | ASA replay | AHT log | AHT replay | abandon % log | abandon % replay |`,
  );
  console.log(
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const row = (label: string, log: DailyFigures, window: { from: number; to: number }) => {
    const ours = replayFigures(facts, window, T);
    const ours15 = replayFigures(facts, window, 15);
    console.log(
      `| ${label} | ${log.offered} | ${pct(log.service_level_t)} | ${pct(ours.service_level_t)} | ${
        pct(log.service_level_15s)
      } | ${pct(ours15.service_level_t)} | ${sec(log.asa_s)} | ${sec(ours.asa_s)} | ${
        sec(log.aht_s)
      } | ${sec(ours.aht_s)} | ${pct(log.abandon_rate)} | ${pct(ours.abandon_rate)} |`,
    );
    return ours.offered;
  };
  const sums = { log: 0, ours: 0, n: 0 };
  for (const log of logDailyFigures(parsed.calls, T)) {
    sums.log += log.offered;
    sums.ours += row(log.day, log, dayWindow(log.day));
    sums.n++;
  }
  row("**month**", monthFigures(parsed.calls, T), {
    from: Date.parse("1999-08-01T00:00:00Z"),
    to: Date.parse("1999-09-02T00:00:00Z"),
  });
  console.error(
    `${parsed.calls.length} calls parsed in ${Math.round(parsedAt - started)} ms; replayed in ${
      Math.round(replayedAt - parsedAt)
    } ms ` +
      `(${decisions} routing decisions); offered log ${sums.log}, replay ${sums.ours}; ${sums.n} days`,
  );
}
