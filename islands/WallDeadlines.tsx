import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { DepartmentDeadlines } from "../server/cases/case_deadlines.ts";
import { subscribe } from "./live_client.ts";

/** Rows a wall can show without scrolling. */
const ROWS = 10;

/**
 * The departments view of the wall: open cases per lead department with the yellow and red
 * counts, worst first, following the `cases.deadlines` events of the spine.
 */
export function WallDeadlines({ initial }: { initial: DepartmentDeadlines[] }) {
  const rows = useSignal(initial);
  useEffect(() =>
    subscribe(["cases"], (events) => {
      const last = events.findLast((e) => e.type === "cases.deadlines");
      if (last) rows.value = last.data.departments as DepartmentDeadlines[];
    }), []);
  return (
    <table class="wall-queues" data-testid="wall-deadlines">
      <thead>
        <tr>
          <th>承办单位</th>
          <th>在办工单</th>
          <th>▲ 即将到期</th>
          <th>■ 已超期</th>
        </tr>
      </thead>
      <tbody>
        {rows.value.length === 0 && (
          <tr>
            <td colSpan={4}>暂无在办工单</td>
          </tr>
        )}
        {rows.value.slice(0, ROWS).map((d) => (
          <tr key={d.department_id} data-department={d.department_id}>
            <td>{d.department_name}</td>
            <td class="num">{d.open}</td>
            <td class={`num ${d.warning > 0 ? "level-warn" : ""}`}>{d.warning}</td>
            <td class={`num ${d.overdue > 0 ? "level-bad" : ""}`} data-testid="overdue">
              {d.overdue}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
