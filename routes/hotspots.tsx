import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import { formatDateTime } from "../islands/format.ts";
import HotspotMap from "../islands/HotspotMap.tsx";
import HotspotTrend from "../islands/HotspotTrend.tsx";
import KeywordBars from "../islands/KeywordBars.tsx";
import PrintButton from "../islands/PrintButton.tsx";
import Sparkline from "../islands/Sparkline.tsx";
import { chinaDay } from "../server/cases/working_days.ts";
import type { AppError } from "../server/errors.ts";
import { parseOrThrow } from "../server/errors.ts";
import { buildHotspots, type HotspotResult } from "../server/hotspots/hotspot_engine.ts";
import { HotspotQuery } from "../server/hotspots/hotspot_query.ts";
import { addDays, daysIn } from "../server/hotspots/hotspot_windows.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import type { DayRange } from "../server/reports/report_model.ts";
import { badInput, filled, InputError } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";
import { CasesTable, ClusterList, Delta, RepeatTable, TopTable } from "./hotspots_tables.tsx";

const RISING_KINDS = { category: "分类", district: "区域", keyword: "关键词" } as const;

/** The quick choices of the period picker, as of today (China time). */
export function presets(today: string): { label: string; range: DayRange }[] {
  const [y, m] = today.split("-").map(Number);
  const month = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, "0")}-01`;
  const lastMonthStart = m === 1 ? month(y - 1, 12) : month(y, m - 1);
  const quarterStart = month(y, m - ((m - 1) % 3));
  return [
    { label: "今日", range: { from: today, to: today } },
    { label: "近7天", range: { from: addDays(today, -6), to: today } },
    { label: "本月", range: { from: month(y, m), to: today } },
    { label: "上月", range: { from: lastMonthStart, to: addDays(month(y, m), -1) } },
    { label: "本季度", range: { from: quarterStart, to: today } },
    { label: "本年", range: { from: `${y}-01-01`, to: today } },
    { label: "上一年", range: { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` } },
  ];
}

function Headline({ h }: { h: HotspotResult }) {
  const top = h.top_categories.find((c) => c.code !== null);
  const district = h.top_districts.find((d) => d.code !== null);
  return (
    <section class="hs-tiles" data-testid="hotspot-headline">
      <div class="hs-tile">
        <span class="hs-tile-label">受理总量</span>
        <a class="hs-tile-value" href={`/cases?from=${h.range.from}&to=${h.range.to}`}>
          {h.total.value}
        </a>
        <span>
          环比 <Delta x={h.total.mom} />（上期 {h.total.previous}） · 同比 <Delta x={h.total.yoy} />
          （去年同期 {h.total.last_year}）
        </span>
      </div>
      <div class="hs-tile">
        <span class="hs-tile-label">日均</span>
        <span class="hs-tile-value">{((h.total.value ?? 0) / daysIn(h.range)).toFixed(1)}</span>
        <span>{daysIn(h.range)} 天</span>
      </div>
      <div class="hs-tile">
        <span class="hs-tile-label">最多的分类</span>
        <span class="hs-tile-value small">{top?.name ?? "—"}</span>
        <span>{top ? `${top.count} 件，占 ${((top.share ?? 0) * 100).toFixed(1)}%` : ""}</span>
      </div>
      <div class="hs-tile">
        <span class="hs-tile-label">最多的区域</span>
        <span class="hs-tile-value small">{district?.name ?? "—"}</span>
        <span>{district ? `${district.count} 件` : ""}</span>
      </div>
      <div class="hs-tile">
        <span class="hs-tile-label">上升话题</span>
        <span class="hs-tile-value">{h.rising.length}</span>
        <span>
          {h.rising_windows.current.from.slice(5)} 至 {h.rising_windows.current.to.slice(5)}
        </span>
      </div>
    </section>
  );
}

function Rising({ h }: { h: HotspotResult }) {
  const w = h.rising_windows;
  return (
    <section class="hs-panel wide" data-testid="hotspot-rising">
      <h2>上升话题</h2>
      <p class="muted">
        本期 {w.current.from} 至 {w.current.to}，与此前 {w.baseline.length}{" "}
        个同样长度、同样星期几的时段 （每隔 {w.step}{" "}
        天）相比：本期件数不少于 5 件、为基线均值的 1.5 倍以上，且按泊松分布
        （基线波动大时按负二项分布）计算的 p 值小于 0.01 ÷ 候选数。
      </p>
      {h.rising.length === 0 ? <p class="muted">本期没有显著上升的话题。</p> : (
        <table class="list">
          <thead>
            <tr>
              <th>类别</th>
              <th>名称</th>
              <th class="num">本期</th>
              <th class="num">基线均值</th>
              <th class="num">倍数</th>
              <th class="num">p 值</th>
              <th>走势</th>
            </tr>
          </thead>
          <tbody>
            {h.rising.map((r) => (
              <tr key={`${r.kind}:${r.key}`}>
                <td>{RISING_KINDS[r.kind]}</td>
                <td>{r.name}</td>
                <td class="num">
                  <a href={r.href}>{r.current}</a>
                </td>
                <td class="num">{r.expected.toFixed(1)}</td>
                <td class="num">{r.ratio.toFixed(1)}</td>
                <td class="num">{r.p.toExponential(1)}</td>
                <td>
                  <Island
                    name="Sparkline"
                    component={Sparkline}
                    props={{ series: r.series, label: `${r.name}：${r.series.join("、")}` }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function HotspotBody({ h }: { h: HotspotResult }) {
  return (
    <>
      <Headline h={h} />
      <div class="hs-grid">
        <section class="hs-panel">
          <h2>区域分布</h2>
          <Island
            name="HotspotMap"
            component={HotspotMap}
            props={{
              districts: h.top_districts.filter((d) => d.code).map((d) => ({
                code: d.code!,
                name: d.name,
                count: d.count,
              })),
            }}
          />
          <p class="muted">
            地图为示范市（虚构）的八个区；导入的巴尔的摩 311
            和留言板数据的区域不在此图上，见右侧热点区域表。
          </p>
        </section>
        <TopTable title="热点区域" what="区域" items={h.top_districts} testid="hotspot-districts" />
        {h.categories.map((c) => (
          <TopTable
            key={c.level}
            title={`热点分类（${["一", "二", "三"][c.level - 1]}级）`}
            what="分类"
            items={c.items}
            testid={`hotspot-categories-${c.level}`}
          />
        ))}
        <section class="hs-panel wide">
          <h2>趋势</h2>
          <Island
            name="HotspotTrend"
            component={HotspotTrend}
            props={{ grain: h.trend.grain, points: h.trend.points, hours: h.hours }}
          />
        </section>
        <Rising h={h} />
        <section class="hs-panel">
          <h2>关键词</h2>
          {h.keywords.length === 0
            ? <p class="muted">本期没有关键词（或关键词统计尚未完成）。</p>
            : (
              <Island
                name="KeywordBars"
                component={KeywordBars}
                props={{ keywords: h.keywords.map(({ text, n, href }) => ({ text, n, href })) }}
              />
            )}
        </section>
        <TopTable title="受理渠道" what="渠道" items={h.channels} testid="hotspot-channels" />
        <TopTable title="诉求类型" what="类型" items={h.types} testid="hotspot-types" />
        <ClusterList c={h.clusters} />
        <RepeatTable
          title="重复地址"
          what="地址"
          window={h.repeats.window}
          rows={h.repeats.addresses}
        />
        <RepeatTable
          title="重复来电"
          what="来电人"
          window={h.repeats.window}
          rows={h.repeats.callers}
        />
        <CasesTable title="典型工单" rows={h.examples} />
      </div>
    </>
  );
}

/** 热点分析: the leaders' hotspot report of a period (docs/hotspots.md). */
export function hotspotPageRoutes({ db, pii }: { db: Database; pii: PiiCipher }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/hotspots", guard("hotspots.view"), async (c) => {
    const actor = c.get("actor")!;
    const today = chinaDay(Date.now());
    const asked = filled(c.req.query());
    const query = { from: asked.from ?? `${today.slice(0, 8)}01`, to: asked.to ?? today };
    let h: HotspotResult | null = null;
    let error: AppError | null = null;
    try {
      h = await buildHotspots(db, parseOrThrow(HotspotQuery, query, "hotspot range"), { pii });
    } catch (e) {
      error = badInput(e);
    }
    return c.html(
      renderPage(
        { title: "热点分析", actor, bodyClass: "hotspots-page" },
        <main class="page wide hotspots">
          <link rel="stylesheet" href="/static/hotspots.css" />
          <header class="hs-head">
            <h1>热点分析</h1>
            <span class="muted">
              统计期 {query.from} 至 {query.to}
              {h && ` · 生成于 ${formatDateTime(h.generated_at)}`}
            </span>
            <Island name="PrintButton" component={PrintButton} props={{}} />
          </header>
          <form method="get" action="/hotspots" class="card hs-period no-print">
            <label>
              从 <input type="date" name="from" value={query.from} />
            </label>{" "}
            <label>
              到 <input type="date" name="to" value={query.to} />
            </label>{" "}
            <button class="btn" type="submit">查询</button> {presets(today).map((p) => (
              <a
                key={p.label}
                class="chip"
                href={`/hotspots?from=${p.range.from}&to=${p.range.to}`}
              >
                {p.label}
              </a>
            ))}
          </form>
          <InputError error={error} labels={{ from: "从", to: "到" }} />
          {h && <HotspotBody h={h} />}
        </main>,
      ),
      error ? 400 : 200,
    );
  });
  return app;
}
