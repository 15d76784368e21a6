import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { SeatNow } from "../routes/case_intake_page.tsx";
import { api } from "./api.ts";
import CallChat from "./CallChat.tsx";
import { subscribe } from "./live_client.ts";
import { onSeatCall } from "./seat_call_event.ts";

export interface SeatChatProps {
  csrf: string;
  workNumber: string;
  seat: SeatNow | null;
}

/** Seat states in which the chat of the seat's call is shown (wrap-up: the call just ended). */
const SHOWN = new Set(["reserved", "on_call", "hold", "wrap_up"]);
const TALKING = new Set(["on_call", "hold"]);
/** A safety net beside the live "seat" events (which carry the seat's every change). */
const POLL_MS = 5000;

/**
 * The seat's 文字交流 panel: the chat of the web call on the seat. It follows the seat (live
 * events of this work number, the panel's announcement of a new call, a slow poll); the agent
 * reads from the ring on and replies once the call is answered.
 */
export default function SeatChat({ csrf, workNumber, seat: initial }: SeatChatProps) {
  const seat = useSignal(initial);
  const refresh = async () => {
    const r = await api<{ seat: SeatNow | null }>("GET", "/api/seat/current", csrf);
    if (r.ok) seat.value = r.data!.seat;
  };
  useEffect(() => {
    const timer = setInterval(refresh, POLL_MS);
    const unsubscribe = subscribe(["seat"], (events) => {
      if (events.some((e) => e.subject === workNumber)) void refresh();
    });
    const unannounce = onSeatCall(() => void refresh());
    return () => {
      clearInterval(timer);
      unsubscribe();
      unannounce();
    };
  }, []);

  // Web calls without a chat (the demo's simulated ones) show no panel: asked once per call.
  const noChat = useSignal<number[]>([]);
  const s = seat.value;
  const webCall = s?.call && s.call.channel === "web" && SHOWN.has(s.state) ? s.call.id : null;
  useEffect(() => {
    if (webCall === null) return;
    void api("GET", `/api/seat/chat?call=${webCall}&after=${Number.MAX_SAFE_INTEGER}`, csrf)
      .then((r) => {
        if (r.status === 404) noChat.value = [...noChat.value, webCall];
      });
  }, [webCall]);
  if (!s?.call || webCall === null || noChat.value.includes(webCall)) return null;
  const talking = TALKING.has(s.state);
  return (
    <CallChat
      key={s.call.id}
      who={{ side: "agent", callId: s.call.id, csrf }}
      canSend={talking}
      sendHint={s.state === "reserved" ? "接听后即可回复" : "通话已结束"}
      onCallEvent={() => void refresh()}
    />
  );
}
