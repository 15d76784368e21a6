/** A Report's sections as HTML tables: rows, then the 小计 and 合计 rows in the table's foot. */
import { percent } from "../islands/format.ts";
import type { Cell, ColumnKind, ReportSection } from "../server/reports/report_model.ts";

const grouped = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });

/** A cell as shown: counts grouped, rates as percentages, changes signed, blanks as "—". */
export function formatCell(kind: ColumnKind, value: Cell): string {
  if (value === null || value === undefined || value === "") return kind === "text" ? "" : "—";
  if (typeof value === "string") return value;
  switch (kind) {
    case "int":
      return grouped.format(value);
    case "rate":
      return percent(value);
    case "seconds":
      return value.toFixed(1);
    case "delta":
      return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${(Math.abs(value) * 100).toFixed(1)}%`;
    default:
      return String(value);
  }
}

export function ReportTable({ section, index }: { section: ReportSection; index: number }) {
  const head = (label: string, kind: ColumnKind) => (kind === "seconds" ? `${label}（秒）` : label);
  return (
    <section class="report-section" data-testid={`report-section-${index}`}>
      <h3>{section.title}</h3>
      <table class="list report-table">
        <thead>
          <tr>
            {section.columns.map((c) => (
              <th key={c.key} class={c.kind === "text" ? undefined : "num"}>
                {head(c.label, c.kind)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {section.rows.length === 0 && (
            <tr>
              <td colSpan={section.columns.length} class="muted">本期没有数据</td>
            </tr>
          )}
          {section.rows.map((row, i) => (
            <tr key={i}>
              {section.columns.map((c) => (
                <td key={c.key} class={c.kind === "text" ? undefined : "num"}>
                  {formatCell(c.kind, row[c.key] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {section.totals && section.totals.length > 0 && (
          <tfoot>
            {section.totals.map((row, i) => (
              <tr key={i} class="report-total">
                {section.columns.map((c) => (
                  <td key={c.key} class={c.kind === "text" ? undefined : "num"}>
                    {formatCell(c.kind, row[c.key] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tfoot>
        )}
      </table>
    </section>
  );
}
