import { useSignal } from "@preact/signals";

interface Props {
  queues: { code: string; name: string }[];
  act: (action: string, extra?: Record<string, unknown>) => Promise<void>;
}

/** 转接: the call on the seat to a queue (whoever is free there) or to a named seat (工号). */
export function SeatTransfer({ queues, act }: Props) {
  const queue = useSignal(queues[0]?.code ?? "");
  const to = useSignal("");
  return (
    <div class="seat-transfer" data-testid="seat-transfer">
      <span>转接</span>
      <select
        aria-label="转接队列"
        value={queue.value}
        onChange={(e) => (queue.value = (e.target as HTMLSelectElement).value)}
      >
        {queues.map((q) => <option key={q.code} value={q.code}>{q.name}</option>)}
      </select>
      <button
        type="button"
        class="btn secondary"
        disabled={!queue.value}
        onClick={() => act("transfer", { queue: queue.value })}
      >
        转队列
      </button>
      <input
        id="transfer-to"
        aria-label="转接坐席工号"
        placeholder="坐席工号"
        size={8}
        value={to.value}
        onInput={(e) => (to.value = (e.target as HTMLInputElement).value.trim())}
      />
      <button
        type="button"
        class="btn secondary"
        disabled={!to.value}
        onClick={() => act("transfer_seat", { to: to.value })}
      >
        转坐席
      </button>
    </div>
  );
}
