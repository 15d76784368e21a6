import { formatHms } from "./format.ts";
import { lastMessageAt, liveState } from "./live_client.ts";

const LABELS = {
  connecting: "连接中",
  live: "实时",
  reconnecting: "重新连接中",
  stale: "数据已停止更新",
};

/** Freshness always visible: live, reconnecting, or stale since the last message. */
export function LiveBadge() {
  const state = liveState.value;
  const since = lastMessageAt.value;
  const text = state === "stale" || state === "reconnecting"
    ? `${LABELS[state]}${since ? `（最后更新 ${formatHms(since)}）` : ""}`
    : LABELS[state];
  return (
    <span class={`live-badge live-${state}`} data-live-state={state} role="status">
      <span class="dot" aria-hidden="true">{state === "live" ? "●" : "○"}</span> {text}
    </span>
  );
}
