import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.ts";

interface DialView {
  call_id: number;
  state: string;
  ringing: boolean;
  result: string | null;
  sip_status: number | null;
  number: string;
}

interface ConsultView {
  id: number;
  call_id: number;
  name: string;
  answered: boolean;
  conference: boolean;
  transferred: boolean;
  outcome: string | null;
  sip_status: number | null;
}

interface Contact {
  id: number;
  name: string;
  kind: string;
}

const RESULT: Record<string, string> = {
  busy: "对方忙线",
  no_answer: "无人接听",
  rejected: "号码无法接通",
  failed: "呼叫失败",
  cancelled: "已取消外呼",
  answered: "外呼通话已结束",
};

const CONSULT_END: Record<string, string> = {
  failed: "咨询未接通",
  cancelled: "已取消咨询，恢复与来电者通话",
  ended: "咨询对象已挂机，恢复与来电者通话",
  conference: "三方通话结束（咨询对象已挂机）",
  transferred: "已转出",
};

function dialText(d: DialView): string {
  if (d.state === "dialing") {
    return d.ringing ? `对方振铃中（回铃）：${d.number}` : `正在呼叫 ${d.number}……`;
  }
  if (d.state === "ended") {
    const why = RESULT[d.result ?? ""] ?? "外呼已结束";
    return d.sip_status && d.result !== "answered" && d.result !== "cancelled"
      ? `${why}（${d.number}，SIP ${d.sip_status}）`
      : `${why}（${d.number}）`;
  }
  return `外呼已接通：${d.number}`;
}

function consultText(c: ConsultView): string {
  if (c.outcome) {
    return `${c.name}：${CONSULT_END[c.outcome] ?? c.outcome}${
      c.outcome === "failed" && c.sip_status ? `（SIP ${c.sip_status}）` : ""
    }`;
  }
  if (c.transferred) return `已转出：来电者与${c.name}通话中`;
  if (c.conference) return `三方通话中：来电者、您与${c.name}`;
  return c.answered
    ? `咨询中：与${c.name}通话（来电者保持中，听等待音乐）`
    : `正在呼叫咨询对象 ${c.name}……（来电者保持中）`;
}

/**
 * 外呼回拨 (from ready or wrap-up: a number, or a case's citizen by case number — the number
 * stays on the server) and 咨询 / 三方通话 during a call (a department's duty phone, the leader
 * on duty, or a number): conference, transfer out, or cancel. The server has the last word.
 */
export function SeatDial({ csrf, state }: { csrf: string; state: string }) {
  const enabled = useSignal(false);
  const dial = useSignal<DialView | null>(null);
  const consult = useSignal<ConsultView | null>(null);
  const contacts = useSignal<Contact[]>([]);
  const number = useSignal("");
  const caseNumber = useSignal("");
  const target = useSignal("");
  const consultNumber = useSignal("");
  const error = useSignal("");
  const refresh = async () => {
    const r = await api<{ enabled: boolean; dial: DialView | null; consult: ConsultView | null }>(
      "GET",
      "/api/seat/calls",
      csrf,
    );
    if (!r.ok) return;
    enabled.value = r.data!.enabled;
    dial.value = r.data!.dial;
    consult.value = r.data!.consult;
  };
  useEffect(() => {
    void refresh();
    void api<{ contacts: Contact[] }>("GET", "/api/seat/consult-contacts", csrf).then((r) => {
      if (r.ok) contacts.value = r.data!.contacts;
    });
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, []);
  const post = async (url: string, body: unknown) => {
    const r = await api("POST", url, csrf, body);
    error.value = r.ok ? "" : r.error!;
    await refresh();
  };
  const canDial = enabled.value && (state === "ready" || state === "wrap_up");
  const onCall = state === "on_call" || state === "hold";
  const c = consult.value;
  const open = c && !c.outcome && !c.transferred;
  const inputValue = (e: Event) => (e.target as HTMLInputElement).value.trim();
  return (
    <div class="seat-dial" data-testid="seat-dial">
      {canDial && (
        <span>
          <input
            aria-label="外呼号码"
            placeholder="电话号码"
            size={14}
            value={number.value}
            onInput={(e) => (number.value = inputValue(e))}
          />
          <button
            type="button"
            class="btn secondary"
            disabled={!number.value}
            onClick={() => post("/api/seat/dial", { number: number.value })}
          >
            外呼
          </button>
          <input
            aria-label="回拨工单编号"
            placeholder="工单编号"
            size={10}
            value={caseNumber.value}
            onInput={(e) => (caseNumber.value = inputValue(e))}
          />
          <button
            type="button"
            class="btn secondary"
            disabled={!/^\d{8}$/.test(caseNumber.value)}
            onClick={() => post("/api/seat/dial", { case_number: caseNumber.value })}
          >
            回拨
          </button>
        </span>
      )}
      {dial.value && (
        <span
          data-testid="dial-status"
          data-state={dial.value.state}
          data-result={dial.value.result ?? ""}
          data-ringing={String(dial.value.ringing)}
        >
          {dialText(dial.value)}
        </span>
      )}
      {onCall && enabled.value && !open && (
        <span data-testid="consult-start">
          <select
            aria-label="咨询对象"
            value={target.value}
            onChange={(e) => (target.value = (e.target as HTMLSelectElement).value)}
          >
            <option value="">选择部门或值班领导</option>
            {contacts.value.map((k) => (
              <option key={k.id} value={String(k.id)}>
                {k.kind === "leader" ? "【值班领导】" : ""}
                {k.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="btn secondary"
            disabled={!target.value}
            onClick={() =>
              post("/api/seat/consult", { action: "start", contact_id: Number(target.value) })}
          >
            咨询
          </button>
          <input
            aria-label="咨询号码"
            placeholder="或输入外线号码"
            size={14}
            value={consultNumber.value}
            onInput={(e) => (consultNumber.value = inputValue(e))}
          />
          <button
            type="button"
            class="btn secondary"
            disabled={!consultNumber.value}
            onClick={() =>
              post("/api/seat/consult", { action: "start_number", number: consultNumber.value })}
          >
            咨询外线
          </button>
        </span>
      )}
      {c && (
        <span data-testid="consult-status" data-outcome={c.outcome ?? ""}>
          {consultText(c)}
        </span>
      )}
      {open && onCall && (
        <span data-testid="consult-actions">
          <button
            type="button"
            class="btn secondary"
            disabled={!c.answered || c.conference}
            onClick={() => post("/api/seat/consult", { action: "conference" })}
          >
            三方通话
          </button>
          <button
            type="button"
            class="btn secondary"
            disabled={!c.answered}
            onClick={() => post("/api/seat/consult", { action: "transfer" })}
          >
            转出
          </button>
          <button
            type="button"
            class="btn secondary"
            onClick={() => post("/api/seat/consult", { action: "cancel" })}
          >
            取消咨询
          </button>
        </span>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </div>
  );
}
