/**
 * The seat panel and the case form are two islands on /seat: when a call comes onto the seat
 * (it rings, is answered), the panel tells the form on the page, so the form links that call
 * and takes its channel without reloading the page (a reload would re-join the call's audio).
 */
export interface SeatCall {
  id: number;
  /** "phone" or "web" (the citizen calling from /call). */
  channel: string;
  queue_name: string | null;
  caller: string | null;
}

const EVENT = "hotline:seat-call";

export function announceSeatCall(call: SeatCall): void {
  globalThis.dispatchEvent(new CustomEvent<SeatCall>(EVENT, { detail: call }));
}

/** Calls `fn` with each call announced; returns the unsubscribe. */
export function onSeatCall(fn: (call: SeatCall) => void): () => void {
  const listener = (e: Event) => fn((e as CustomEvent<SeatCall>).detail);
  globalThis.addEventListener(EVENT, listener);
  return () => globalThis.removeEventListener(EVENT, listener);
}
