import { useSignal } from "@preact/signals";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { WallHistory } from "../server/acd/wall_history.ts";
import { formatHm } from "./format.ts";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
);

const HISTORY_MS = 30_000;
const AXIS = { ticks: { color: "#9fb3c8", font: { size: 16 } }, grid: { color: "#23344a" } };

function LiveChart({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, config);
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    if (!chart.current) return;
    chart.current.data = config.data;
    chart.current.update("none");
  }, [config]);
  return <canvas ref={canvas} role="img" aria-label={label} />;
}

/**
 * The wall's two charts, re-read every 30 s: calls waiting and the 15-second answer rate over the
 * last two hours; arrivals per hour today against the same weekday last week. Lines are named in
 * the caption instead of a legend, and animation is off.
 */
export function WallCharts() {
  const history = useSignal<WallHistory | null>(null);
  useEffect(() => {
    const load = async () => {
      const res = await fetch("/api/acd/history").catch(() => null);
      if (res?.ok) history.value = await res.json();
    };
    void load();
    const timer = setInterval(load, HISTORY_MS);
    return () => clearInterval(timer);
  }, []);
  const h = history.value;
  if (!h) return <div class="wall-charts" />;
  const trend: ChartConfiguration = {
    type: "line",
    data: {
      labels: h.at.map((t) => formatHm(t)),
      datasets: [
        {
          label: "排队",
          data: h.waiting,
          borderColor: "#4fa3ff",
          yAxisID: "y",
          pointRadius: 0,
          borderWidth: 3,
        },
        {
          label: "15秒接通率",
          data: h.service_level_15s.map((x) => (x === null ? null : x * 100)),
          borderColor: "#3ccf7a",
          yAxisID: "y1",
          pointRadius: 0,
          borderWidth: 3,
          spanGaps: true,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: AXIS,
        y: { ...AXIS, beginAtZero: true },
        y1: { ...AXIS, position: "right", min: 0, max: 100 },
      },
    },
  };
  const hours = Array.from({ length: 24 }, (_, i) => `${i}时`);
  const arrivals: ChartConfiguration = {
    type: "bar",
    data: {
      labels: hours,
      datasets: [
        { label: "上周同日", data: h.arrivals_last_week, backgroundColor: "#5b6b7d" },
        { label: "今日", data: h.arrivals_today, backgroundColor: "#4fa3ff" },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: AXIS, y: { ...AXIS, beginAtZero: true } },
    },
  };
  return (
    <div class="wall-charts" data-testid="wall-charts">
      <figure class="panel">
        <figcaption>
          近2小时 <span class="key-blue">— 排队数</span>{" "}
          <span class="key-green">— 15秒接通率 %</span>
        </figcaption>
        <div class="wall-chart">
          <LiveChart config={trend} label="近两小时排队数与15秒接通率" />
        </div>
      </figure>
      <figure class="panel">
        <figcaption>
          每小时呼入 <span class="key-blue">■ 今日</span> <span class="key-grey">■ 上周同日</span>
        </figcaption>
        <div class="wall-chart">
          <LiveChart config={arrivals} label="今日与上周同日每小时呼入量" />
        </div>
      </figure>
    </div>
  );
}
