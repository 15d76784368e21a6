import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AlarmRow } from "../server/acd/alarm_service.ts";
import { LEVEL_MARK } from "../server/acd/wall_levels.ts";
import { formatHms } from "./format.ts";
import { subscribe } from "./live_client.ts";

const RULES: Record<string, string> = {
  longest_wait_s: "最长等待",
  waiting: "排队数",
  service_level_15s: "15秒接通率（近15分）",
  abandon_rate: "放弃率（近15分）",
};
const show = (rule: string, v: number) =>
  rule === "service_level_15s" || rule === "abandon_rate"
    ? `${(v * 100).toFixed(1)}%`
    : String(Math.round(v));

/** Threshold breaches with time, rule, value and who acknowledged them; re-read on alarm events. */
export function AlarmList(
  { canAck, csrf, queueNames }: {
    canAck: boolean;
    csrf: string;
    queueNames: Record<string, string>;
  },
) {
  const alarms = useSignal<AlarmRow[]>([]);
  const load = async () => {
    const res = await fetch("/api/alarms").catch(() => null);
    if (res?.ok) alarms.value = (await res.json()).alarms;
  };
  useEffect(() => {
    void load();
    return subscribe(["alarm"], () => void load());
  }, []);
  const ack = async (id: number) => {
    await fetch(`/api/alarms/${id}/ack`, {
      method: "POST",
      headers: { "x-csrf-token": csrf, "content-type": "application/json" },
      body: "{}",
    });
    await load();
  };
  return (
    <section class="panel alarms" data-testid="alarms">
      <h2>告警（{alarms.value.filter((a) => !a.cleared_at).length} 条未恢复）</h2>
      {alarms.value.length === 0 ? <p class="muted">暂无告警</p> : (
        <table class="events">
          <tbody>
            {alarms.value.map((a) => (
              <tr
                key={a.id}
                data-alarm={a.id}
                class={a.cleared_at ? "cleared" : `level-${a.level}`}
              >
                <td class="num">{formatHms(a.raised_at)}</td>
                <td>{queueNames[a.subject] ?? (a.subject === "centre" ? "全中心" : a.subject)}</td>
                <td>{RULES[a.rule] ?? a.rule} {show(a.rule, a.value)}</td>
                <td>{a.cleared_at ? "已恢复" : LEVEL_MARK[a.level]}</td>
                <td>
                  {a.acked_by
                    ? `${a.acked_by} 已确认`
                    : canAck
                    ? (
                      <button type="button" class="btn secondary" onClick={() => ack(a.id)}>
                        确认
                      </button>
                    )
                    : "未确认"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
