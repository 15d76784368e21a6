import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { addEvents, type MinuteBucket } from "../server/live/event_rate.ts";
import { eventSummary, topicLabel, typeLabel } from "./event_labels.ts";
import { formatHms } from "./format.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import { subscribe, type WireEvent } from "./live_client.ts";
import { EventRateChart } from "./EventRateChart.tsx";

export interface OpsOverviewProps {
  window: MinuteBucket[];
  recent: WireEvent[];
}

const KEEP = 50;

/** The operations overview: events per minute and the last 50 events, live from the spine. */
export default function OpsOverview(props: OpsOverviewProps) {
  const window = useSignal(props.window);
  const recent = useSignal(props.recent.slice(-KEEP).reverse());
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    root.current?.setAttribute("data-hydrated", "true");
    const tick = setInterval(() => window.value = addEvents(window.value, [], Date.now()), 10_000);
    const unsubscribe = subscribe(null, (events) => {
      window.value = addEvents(window.value, events.map((e) => Date.parse(e.at)), Date.now());
      recent.value = [...events].reverse().concat(recent.value).slice(0, KEEP);
    });
    return () => {
      clearInterval(tick);
      unsubscribe();
    };
  }, []);

  const total = window.value.reduce((n, b) => n + b.n, 0);
  return (
    <section class="ops-overview" ref={root}>
      <header class="ops-header">
        <h1>运行总览</h1>
        <LiveBadge />
      </header>
      <div class="ops-grid">
        <figure class="panel">
          <figcaption>每分钟事件数（近 {window.value.length} 分钟，共 {total} 条）</figcaption>
          <EventRateChart window={window.value} />
        </figure>
        <div class="panel">
          <h2>最近 {KEEP} 条事件</h2>
          <table class="events" data-testid="recent-events">
            <thead>
              <tr>
                <th>编号</th>
                <th>时间</th>
                <th>类别</th>
                <th>事件</th>
                <th>对象</th>
                <th>内容</th>
              </tr>
            </thead>
            <tbody>
              {recent.value.map((e) => (
                <tr key={e.id} data-event-id={e.id}>
                  <td class="num">{e.id}</td>
                  <td class="num">{formatHms(e.at)}</td>
                  <td>{topicLabel(e.topic)}</td>
                  <td>{typeLabel(e.type)}</td>
                  <td class="num">{e.subject ?? ""}</td>
                  <td>{eventSummary(e.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
