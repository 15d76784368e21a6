import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useChart } from "./use_chart.ts";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

const GRAIN = { day: "按日", week: "按周", month: "按月" } as const;
const AXIS = { ticks: { color: "#445" }, grid: { color: "#e3e7ec" } };

export interface TrendProps {
  grain: "day" | "week" | "month";
  points: { bucket: string; count: number }[];
  hours: number[];
}

/** The range's cases over time, and by hour of the day. */
export default function HotspotTrend({ grain, points, hours }: TrendProps) {
  const trend = useChart(() => ({
    type: "line",
    data: {
      labels: points.map((p) => (grain === "month" ? p.bucket.slice(0, 7) : p.bucket.slice(5))),
      datasets: [{
        label: "受理件数",
        data: points.map((p) => p.count),
        borderColor: "#1f6fd1",
        pointRadius: 2,
        borderWidth: 2,
      }],
    },
    options: { scales: { x: AXIS, y: { ...AXIS, beginAtZero: true } } },
  }), [points]);
  const byHour = useChart(() => ({
    type: "bar",
    data: {
      labels: hours.map((_, h) => `${h}时`),
      datasets: [{ label: "受理件数", data: hours, backgroundColor: "#6ea8e8" }],
    },
    options: { scales: { x: AXIS, y: { ...AXIS, beginAtZero: true } } },
  }), [hours]);
  return (
    <div class="hs-trend" data-testid="hotspot-trend">
      <figure>
        <figcaption>受理趋势（{GRAIN[grain]}）</figcaption>
        <div class="hs-chart">
          <canvas ref={trend} role="img" aria-label={`受理趋势${GRAIN[grain]}`} />
        </div>
      </figure>
      <figure>
        <figcaption>时段分布（北京时间）</figcaption>
        <div class="hs-chart">
          <canvas ref={byHour} role="img" aria-label="按小时受理件数" />
        </div>
      </figure>
    </div>
  );
}
