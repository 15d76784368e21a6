import type { AuditRow } from "../server/audit/audit_search.ts";
import { formatDateTime } from "../islands/format.ts";

/** The audit trail of one object, shown on its admin page (the list · edit · audit pattern). */
export function ObjectHistory({ rows }: { rows: AuditRow[] }) {
  return (
    <section class="card">
      <h2>操作记录</h2>
      {rows.length === 0
        ? <p class="muted">暂无记录</p>
        : (
          <table class="list" data-testid="object-history">
            <thead>
              <tr>
                <th>时间</th>
                <th>操作人</th>
                <th>操作</th>
                <th>变更前</th>
                <th>变更后</th>
                <th>来源</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <td>{formatDateTime(r.at)}</td>
                  <td>{r.actor}</td>
                  <td>{r.action}</td>
                  <td>
                    <code>{r.before ? JSON.stringify(r.before) : ""}</code>
                  </td>
                  <td>
                    <code>{r.after ? JSON.stringify(r.after) : ""}</code>
                  </td>
                  <td>{r.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}
