/**
 * When the keyword job runs: at start, every minute, and at once when an import's event comes
 * over the live spine. One run at a time per process; processes give way to each other inside
 * the job (keyword_job.ts).
 */
import type { Database } from "../../db/port.ts";
import type { LiveHub } from "../live/hub.ts";
import { runKeywordJob } from "./keyword_job.ts";

export const KEYWORD_JOB_EVERY_MS = 60_000;

export function startKeywordJob(
  db: Database,
  hub: LiveHub,
  log: (line: string) => void,
  everyMs = KEYWORD_JOB_EVERY_MS,
): () => void {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const started = performance.now();
    running = runKeywordJob(db)
      .then((r) => {
        if (r.cases >= 1000 || !r.caught_up) {
          const s = ((performance.now() - started) / 1000).toFixed(1);
          log(
            `热点关键词 hotspot keywords: ${r.cases} cases in ${s} s${
              r.caught_up ? "" : ", more to come"
            }`,
          );
        }
        if (!r.caught_up) again = true;
      })
      .catch((e) => console.error("hotspot keywords:", e.message))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          setTimeout(run, 0);
        }
      });
  };
  const timer = setInterval(run, everyMs);
  const unsubscribe = hub.subscribe((events) => {
    if (events.some((e) => e.event.type === "cases.imported")) run();
  });
  run();
  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  };
}
