import { formatDateTime } from "../islands/format.ts";
import type { CaseBrief, ClusterView, RepeatView } from "../server/hotspots/hotspot_cases.ts";
import type { TopItem } from "../server/hotspots/hotspot_engine.ts";
import type { DayRange } from "../server/reports/report_model.ts";

/** A change as "+12.5%" or "−3.0%"; "—" when there is nothing to compare with. */
export function Delta({ x }: { x: number | null }) {
  if (x === null) return <span class="muted">—</span>;
  const text = `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`;
  return <span class={x > 0 ? "hs-up" : x < 0 ? "hs-down" : undefined}>{text}</span>;
}

const share = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

/** A top list; each count opens the cases behind it. */
export function TopTable(
  { title, what, items, testid }: { title: string; what: string; items: TopItem[]; testid: string },
) {
  return (
    <section class="hs-panel" data-testid={testid}>
      <h2>{title}</h2>
      {items.length === 0 ? <p class="muted">本期没有工单。</p> : (
        <table class="list">
          <thead>
            <tr>
              <th>{what}</th>
              <th class="num">件数</th>
              <th class="num">占比</th>
              <th class="num">上期</th>
              <th class="num">环比</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.code ?? "none"}>
                <td>{i.name}</td>
                <td class="num">{i.href ? <a href={i.href}>{i.count}</a> : i.count}</td>
                <td class="num">{share(i.share)}</td>
                <td class="num">{i.previous}</td>
                <td class="num">
                  <Delta x={i.change} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const Case = ({ n }: { n: string }) => <a href={`/cases/${n}`}>{n}</a>;

export function ClusterList(
  { c }: { c: { window: DayRange; scanned: number; items: ClusterView[] } },
) {
  return (
    <section class="hs-panel wide" data-testid="hotspot-clusters">
      <h2>疑似重复诉求（并单候选）</h2>
      <p class="muted">
        {c.window.from} 至 {c.window.to} 最新的 {c.scanned}{" "}
        件中，同一区域、3 天之内、文字（二字组）相似度不低于 0.5 的工单。
      </p>
      {c.items.length === 0 ? <p class="muted">没有发现。</p> : (
        <ol class="hs-clusters">
          {c.items.map((g, i) => (
            <li key={i}>
              <strong>{g.size} 件</strong>（{g.district_name ?? "未填区域"}，相似度 ≥{" "}
              {g.min_similarity}）
              <ul>
                {g.cases.map((x) => (
                  <li key={x.case_number}>
                    <Case n={x.case_number} /> {formatDateTime(x.created_at)} {x.summary}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function RepeatTable(
  { title, what, window, rows }: {
    title: string;
    what: string;
    window: DayRange;
    rows: RepeatView[];
  },
) {
  return (
    <section
      class="hs-panel"
      data-testid={`hotspot-repeat-${what === "地址" ? "addresses" : "callers"}`}
    >
      <h2>{title}</h2>
      <p class="muted">{window.from} 至 {window.to}，3 件及以上。</p>
      {rows.length === 0 ? <p class="muted">没有。</p> : (
        <table class="list">
          <thead>
            <tr>
              <th>{what}</th>
              <th class="num">件数</th>
              <th>最近工单</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                <td class="num">{r.count}</td>
                <td>
                  {r.case_numbers.map((n, i) => (
                    <>
                      {i > 0 && " "}
                      <Case key={n} n={n} />
                    </>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CasesTable({ title, rows }: { title: string; rows: CaseBrief[] }) {
  return (
    <section class="hs-panel wide" data-testid="hotspot-examples">
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="muted">没有。</p> : (
        <table class="list">
          <thead>
            <tr>
              <th>工单编号</th>
              <th>登记时间</th>
              <th>分类</th>
              <th>区域</th>
              <th>摘要</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={x.case_number}>
                <td>
                  <Case n={x.case_number} />
                </td>
                <td>{formatDateTime(x.created_at)}</td>
                <td>{x.category_name ?? "—"}</td>
                <td>{x.district_name ?? "—"}</td>
                <td>{x.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
