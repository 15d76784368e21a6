import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AcdSnapshot } from "../server/acd/acd_snapshot.ts";
import {
  level,
  LEVEL_MARK,
  type Threshold,
  type ThresholdName,
} from "../server/acd/wall_levels.ts";
import { formatHms, percent } from "./format.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import { WallCharts } from "./WallCharts.tsx";
import { WallDeadlines } from "./WallDeadlines.tsx";
import type { DepartmentDeadlines } from "../server/cases/case_deadlines.ts";
import { useLiveSnapshot } from "./use_live_snapshot.ts";

export interface WallScreenProps {
  snapshot: AcdSnapshot;
  /** The admin-set alarm thresholds: the wall's colours and the desk's alarms agree. */
  thresholds: Record<ThresholdName, Threshold>;
  layout: { queues: string[]; views: ("queues" | "seats" | "cases")[]; rotate?: number };
  /** Open cases per department, for the cases view. */
  deadlines: DepartmentDeadlines[];
}

const SEAT_COLUMNS: [string, string][] = [
  ["ready", "空闲"],
  ["reserved", "振铃"],
  ["on_call", "通话"],
  ["hold", "保持"],
  ["wrap_up", "话后"],
  ["not_ready", "示忙"],
];

const secs = (x: number | null) => (x === null ? "—" : `${Math.round(x)}″`);

function Tile(
  { label, value, name, raw, testid, thresholds }: {
    label: string;
    value: string;
    name?: ThresholdName;
    raw?: number | null;
    testid: string;
    thresholds: Record<ThresholdName, Threshold>;
  },
) {
  const l = name ? level(raw ?? null, thresholds[name]) : "ok";
  return (
    <div class={`tile level-${l}`} data-testid={testid} data-level={l}>
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      <div class="tile-mark">{LEVEL_MARK[l]}</div>
    </div>
  );
}

/**
 * The supervisors' wall: big numbers from the ACD snapshot, refreshed at most once a second while
 * call and seat events arrive on the shared stream; the longest wait keeps counting in between.
 */
export default function WallScreen(props: WallScreenProps) {
  const { snap, now } = useLiveSnapshot(props.snapshot);
  const root = useRef<HTMLElement>(null);
  const view = useSignal(0);
  useEffect(() => {
    root.current?.setAttribute("data-hydrated", "true");
    const { rotate, views } = props.layout;
    if (!rotate || views.length < 2) return;
    const timer = setInterval(() => view.value = (view.value + 1) % views.length, rotate * 1000);
    return () => clearInterval(timer);
  }, []);
  const current = props.layout.views[view.value] ?? "queues";

  const s = snap.value;
  const c = s.centre;
  const aged = (waiting: number, longest: number) =>
    waiting > 0 ? longest + Math.max(0, now.value - Date.parse(s.at)) / 1000 : 0;
  const longest = aged(c.waiting, c.longest_wait_s);
  return (
    <section class="wall" ref={root} data-view={current}>
      <header class="wall-header">
        <h1>12345 热线 · 实时话务</h1>
        <span class="wall-clock">{formatHms(now.value)}</span>
        <LiveBadge />
      </header>
      <div class="tiles">
        <Tile
          thresholds={props.thresholds}
          label="排队等待"
          value={String(c.waiting)}
          name="waiting"
          raw={c.waiting}
          testid="tile-waiting"
        />
        <Tile
          thresholds={props.thresholds}
          label="最长等待"
          value={secs(longest)}
          name="longest_wait_s"
          raw={longest}
          testid="tile-longest"
        />
        <Tile
          thresholds={props.thresholds}
          label="15秒接通率·今日"
          value={percent(c.service_level_15s)}
          name="service_level_15s"
          raw={c.service_level_15s}
          testid="tile-sl-today"
        />
        <Tile
          thresholds={props.thresholds}
          label="15秒接通率·近15分"
          value={percent(c.last15m.service_level_15s)}
          name="service_level_15s"
          raw={c.last15m.service_level_15s}
          testid="tile-sl-15m"
        />
        <Tile
          thresholds={props.thresholds}
          label="放弃率·今日"
          value={percent(c.abandon_rate)}
          name="abandon_rate"
          raw={c.abandon_rate}
          testid="tile-abandon"
        />
        <Tile
          thresholds={props.thresholds}
          label="今日呼入 / 接通"
          value={`${c.offered} / ${c.answered}`}
          testid="tile-offered"
        />
        <Tile
          thresholds={props.thresholds}
          label="在岗 / 需求坐席"
          value={`${c.staffing.staffed} / ${c.staffing.needed ?? "—"}`}
          testid="tile-staffing"
        />
        <Tile
          thresholds={props.thresholds}
          label="空闲·通话·话后·示忙·签出"
          value={`${c.seats.ready}·${
            c.seats.on_call + c.seats.hold + c.seats.reserved
          }·${c.seats.wrap_up}·${c.seats.not_ready}·${c.seats.logged_out}`}
          testid="tile-seats"
        />
      </div>
      {current === "seats"
        ? <SeatsView seats={s.seats} />
        : current === "cases"
        ? <WallDeadlines initial={props.deadlines} />
        : (
          <table class="wall-queues" data-testid="wall-queues">
            <thead>
              <tr>
                <th>队列</th>
                <th>排队</th>
                <th>最长等待</th>
                <th>呼入</th>
                <th>接通</th>
                <th>放弃</th>
                <th>15秒接通率</th>
                <th>平均应答</th>
                <th>平均处理</th>
              </tr>
            </thead>
            <tbody>
              {s.queues.filter((q) =>
                props.layout.queues.length === 0 || props.layout.queues.includes(q.id)
              ).map((q) => {
                const wait = aged(q.waiting, q.longest_wait_s);
                const lw = level(wait, props.thresholds.longest_wait_s);
                const ls = level(q.service_level_15s, props.thresholds.service_level_15s);
                return (
                  <tr key={q.id} data-queue={q.id}>
                    <td>{q.name}</td>
                    <td class="num">{q.waiting}</td>
                    <td class={`num level-${lw}`}>{secs(wait)} {LEVEL_MARK[lw]}</td>
                    <td class="num">{q.offered}</td>
                    <td class="num">{q.answered}</td>
                    <td class="num">{q.abandoned + q.short_abandoned}</td>
                    <td class={`num level-${ls}`}>
                      {percent(q.service_level_15s)} {LEVEL_MARK[ls]}
                    </td>
                    <td class="num">{secs(q.asa_s)}</td>
                    <td class="num">{secs(q.aht_s)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      <WallCharts />
    </section>
  );
}

/** The seats view of a rotating wall: per team, how many seats are in each state. */
function SeatsView({ seats }: { seats: AcdSnapshot["seats"] }) {
  const teams = Map.groupBy(
    seats.filter((x) => x.state !== "logged_out"),
    (x) => x.group_name || x.group,
  );
  return (
    <table class="wall-queues" data-testid="wall-seats">
      <thead>
        <tr>
          <th>班组</th>
          {SEAT_COLUMNS.map(([k, label]) => <th key={k}>{label}</th>)}
        </tr>
      </thead>
      <tbody>
        {[...teams].map(([team, list]) => (
          <tr key={team}>
            <td>{team}</td>
            {SEAT_COLUMNS.map(([k]) => (
              <td key={k} class="num">{list.filter((x) => x.state === k).length}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
