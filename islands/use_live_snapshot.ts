import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AcdSnapshot } from "../server/acd/acd_snapshot.ts";
import { onReset, subscribe } from "./live_client.ts";

// A short coalescing window: a burst of events costs one read, and the screen is never more than
// a quarter second plus one read behind (the server caches the snapshot for 300 ms anyway).
const REFRESH_MS = 250;
const RETRY_MS = 1000;

/**
 * The ACD snapshot as a signal: re-read within a quarter second of call or seat events
 * on the page's shared stream (and at once after a reset), plus a one-second clock for the
 * numbers that keep counting between reads (waits, time in state).
 */
export function useLiveSnapshot(
  initial: AcdSnapshot,
): { snap: Signal<AcdSnapshot>; now: Signal<number>; refresh: () => Promise<void> } {
  const snap = useSignal(initial);
  const now = useSignal(Date.parse(initial.at));
  const refreshRef = useRef(async () => {});
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const refresh = async () => {
      timer = undefined;
      if (inFlight) return void (timer = setTimeout(refresh, REFRESH_MS));
      inFlight = true;
      let ok = false;
      try {
        const res = await fetch("/api/acd/snapshot", { headers: { accept: "application/json" } });
        if (res.ok) {
          snap.value = await res.json();
          ok = true;
        }
      } catch {
        // Network gone: the live badge says so; the retry below picks up when it is back.
      } finally {
        inFlight = false;
      }
      // A failed read must not leave old numbers under a "live" badge until the next event.
      if (!ok) timer ??= setTimeout(refresh, RETRY_MS);
    };
    refreshRef.current = refresh;
    const soon = () => timer ??= setTimeout(refresh, REFRESH_MS);
    const unsubscribe = subscribe(["call", "seat"], soon);
    const unReset = onReset(() => void refresh());
    const tick = setInterval(() => now.value = Date.now(), 1000);
    return () => {
      unsubscribe();
      unReset();
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, []);
  return { snap, now, refresh: () => refreshRef.current() };
}
