import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.ts";

interface View {
  id: number;
  call_id: number;
  agent: string;
  to_agent: string;
  name: string;
  answered: boolean;
  conference: boolean;
  outcome: string | null;
  caller?: string | null;
}

const OUT_END: Record<string, string> = {
  declined: "拒绝了咨询，已恢复与来电者通话",
  no_answer: "未接听（超时），已恢复与来电者通话",
  cancelled: "已取消咨询，恢复与来电者通话",
  ended: "已退出咨询，恢复与来电者通话",
  conference: "已退出三方通话",
  transferred: "来电已转给该坐席",
};

function outText(c: View): string {
  const who = `坐席 ${c.to_agent}（${c.name}）`;
  if (c.outcome) return `${who}${OUT_END[c.outcome] ?? c.outcome}`;
  if (c.conference) return `三方通话中：来电者、您与${who}`;
  return c.answered
    ? `内部咨询中：与${who}通话（来电者保持中，听等待音乐）`
    : `正在呼叫${who}……（来电者保持中）`;
}

function inText(c: View): string {
  if (c.conference) return `三方通话中：来电者、坐席 ${c.agent} 与您`;
  if (c.answered) return `内部咨询中：与坐席 ${c.agent} 通话（来电者听不到）`;
  return `咨询来电：坐席 ${c.agent} 就来电 #${c.call_id}（${c.caller ?? "号码未知"}）咨询您`;
}

/**
 * 内部咨询 on the seat: on a call, consult a colleague's seat by work number, then 三方通话,
 * 转接 or 取消; a consulted seat answers, declines or leaves. The server has the last word.
 */
export function SeatConsult({ csrf, state }: { csrf: string; state: string }) {
  const out = useSignal<View | null>(null);
  const incoming = useSignal<View | null>(null);
  const to = useSignal("");
  const error = useSignal("");
  const refresh = async () => {
    const r = await api<{ out: View | null; in: View | null }>(
      "GET",
      "/api/seat/seat-consult",
      csrf,
    );
    if (!r.ok) return;
    out.value = r.data!.out;
    incoming.value = r.data!.in;
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, []);
  const post = async (body: Record<string, unknown>) => {
    const r = await api("POST", "/api/seat/seat-consult", csrf, body);
    error.value = r.ok ? "" : r.error!;
    await refresh();
  };
  const o = out.value;
  const open = o && !o.outcome;
  const i = incoming.value;
  const btn = (label: string, body: Record<string, unknown>, disabled = false) => (
    <button
      type="button"
      class="btn secondary"
      disabled={disabled}
      onClick={() => post(body)}
    >
      {label}
    </button>
  );
  return (
    <div class="seat-consult" data-testid="seat-consult">
      {state === "on_call" && !open && !i && (
        <span data-testid="seat-consult-start">
          <input
            aria-label="咨询坐席工号"
            placeholder="同事工号"
            size={8}
            value={to.value}
            onInput={(e) => (to.value = (e.target as HTMLInputElement).value.trim())}
          />
          {btn("咨询坐席", { action: "start", to: to.value }, !to.value)}
        </span>
      )}
      {o && (
        <span data-testid="seat-consult-out" data-outcome={o.outcome ?? ""}>
          {outText(o)}
        </span>
      )}
      {open && (
        <span data-testid="seat-consult-out-actions">
          {btn("三方通话", { action: "conference" }, !o.answered || o.conference)}
          {btn("转接给该坐席", { action: "transfer" }, !o.answered)}
          {btn("取消咨询", { action: "cancel" })}
        </span>
      )}
      {i && (
        <span
          class="seat-consult-in"
          data-testid="seat-consult-in"
          data-answered={String(i.answered)}
        >
          <strong>{inText(i)}</strong> {!i.answered && btn("接听咨询", { action: "answer" })}
          {!i.answered && btn("拒绝", { action: "decline" })}
          {i.answered && btn("退出咨询", { action: "leave" })}
        </span>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </div>
  );
}
