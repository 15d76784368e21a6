import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { SeatNow } from "../routes/case_intake_page.tsx";
import { api } from "./api.ts";
import { formatHms } from "./format.ts";
import { announceSeatCall } from "./seat_call_event.ts";
import { SeatConsult } from "./SeatConsult.tsx";
import { SeatDial } from "./SeatDial.tsx";
import { SeatTransfer } from "./SeatTransfer.tsx";
import { WrapCountdown } from "./WrapCountdown.tsx";

const STATE_NAMES: Record<string, string> = {
  logged_out: "未签入",
  ready: "空闲",
  reserved: "振铃",
  on_call: "通话中",
  hold: "保持",
  wrap_up: "话后整理",
  not_ready: "示忙",
  lagged: "连接异常",
};

/** What the agent can do in each state: the server's seat state machine has the last word. */
const ACTIONS: Record<string, [string, string, Record<string, string>?][]> = {
  logged_out: [["login", "签入"]],
  ready: [["not_ready", "示忙", { reason: "break" }], ["logout", "签出"]],
  not_ready: [["ready", "示闲"], ["logout", "签出"]],
  reserved: [["answer", "接听"]],
  on_call: [["hold", "保持"], ["hang_up", "挂断"]],
  hold: [["unhold", "恢复通话"]],
  // 整理完毕 and 延长 are beside the countdown.
  wrap_up: [["not_ready", "示忙", { reason: "break" }]],
  lagged: [["ready", "示闲"]],
};

/** The agent's own seat: state, the call on it, and the buttons of the ACD. */
export default function SeatPanel(
  { csrf, seat: initial, queues }: {
    csrf: string;
    seat: SeatNow | null;
    /** Where a call can be transferred to (the active queues). */
    queues: { code: string; name: string }[];
  },
) {
  const seat = useSignal(initial);
  const announced = useRef(initial?.consult_from ? null : initial?.call?.id ?? null);
  const reading = useSignal(0);
  const error = useSignal("");
  const refresh = async () => {
    const r = await api<{ seat: SeatNow | null }>("GET", "/api/seat/current", csrf);
    if (!r.ok) return;
    // A new call on the seat: the case form beside the panel links it (no reload: the headset
    // stays joined).
    const next = r.data!.seat;
    // A consulted seat's call is not its own until transferred to it (内部咨询).
    if (next?.call && !next.consult_from && next.call.id !== announced.current) {
      announced.current = next.call.id;
      const { id, channel, queue_name, caller } = next.call;
      announceSeatCall({ id, channel, queue_name, caller });
    }
    seat.value = next;
    reading.value++;
  };
  useEffect(() => {
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, []);
  if (!seat.value) return <p class="muted">本工号没有坐席（请联系管理员配置坐席）。</p>;
  const s = seat.value;
  const act = async (action: string, extra: Record<string, unknown> = {}) => {
    const r = await api("POST", "/api/seat", csrf, { action, ...extra });
    error.value = r.ok ? "" : r.error!;
    await refresh();
  };
  return (
    <section class="card seat-panel" data-testid="seat-panel">
      <strong data-testid="seat-state">{STATE_NAMES[s.state] ?? s.state}</strong>{" "}
      <span class="muted">自 {formatHms(s.since)}</span>
      {s.call && (
        <span>
          · {s.call.channel === "web" ? "网络来电" : "来电"} {s.call.caller ?? "号码未知"}（{s.call
            .queue_name ?? ""}）
        </span>
      )}
      <span class="spacer" />
      {(s.consult_from ? [] : ACTIONS[s.state] ?? []).map(([action, label, extra]) => (
        <button
          key={action}
          type="button"
          class="btn secondary"
          onClick={() => act(action, extra)}
        >
          {label}
        </button>
      ))}
      {(s.state === "on_call" || s.state === "hold") && !s.consult_from && (
        <SeatTransfer queues={queues} act={act} />
      )}
      {!s.consult_from && <SeatDial csrf={csrf} state={s.state} />}
      <SeatConsult csrf={csrf} state={s.consult_from ? "consulted" : s.state} />
      {s.state === "wrap_up" && s.wrap_left_ms !== null && (
        <WrapCountdown
          leftMs={s.wrap_left_ms}
          reading={reading.value}
          act={act}
          expired={() => setTimeout(refresh, 700)}
        />
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </section>
  );
}
