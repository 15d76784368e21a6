import type { AcdSnapshot } from "../server/acd/acd_snapshot.ts";
import { percent } from "./format.ts";
import { mmss } from "./seat_ageing.ts";

/** The queues at a glance: waiting, longest wait (still counting), today's figures. */
export function QueueTable(
  { queues, now, at }: { queues: AcdSnapshot["queues"]; now: number; at: string },
) {
  return (
    <table class="events desk-queues" data-testid="desk-queues">
      <thead>
        <tr>
          <th>队列</th>
          <th>排队</th>
          <th>最长等待</th>
          <th>呼入</th>
          <th>接通</th>
          <th>放弃</th>
          <th>15秒接通率</th>
          <th>近15分</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.id} data-queue={q.id}>
            <td>{q.name}</td>
            <td class="num">{q.waiting}</td>
            <td class="num">
              {q.waiting > 0 ? mmss(q.longest_wait_s + (now - Date.parse(at)) / 1000) : "—"}
            </td>
            <td class="num">{q.offered}</td>
            <td class="num">{q.answered}</td>
            <td class="num">{q.abandoned + q.short_abandoned}</td>
            <td class="num">{percent(q.service_level_15s)}</td>
            <td class="num">{percent(q.last15m.service_level_15s)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
