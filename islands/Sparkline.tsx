import {
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from "chart.js";
import { useChart } from "./use_chart.ts";

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement);

/** A tiny line of a topic's windows, the last one (the current window) marked. */
export default function Sparkline({ series, label }: { series: number[]; label: string }) {
  const canvas = useChart(() => ({
    type: "line",
    data: {
      labels: series.map((_, i) => String(i)),
      datasets: [{
        data: series,
        borderColor: "#c0392b",
        borderWidth: 1.5,
        pointRadius: series.map((_, i) => (i === series.length - 1 ? 2.5 : 0)),
        pointBackgroundColor: "#c0392b",
      }],
    },
    options: {
      responsive: false,
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
    },
  }), [series]);
  return (
    <canvas ref={canvas} width={120} height={28} class="hs-spark" role="img" aria-label={label}>
      {series.join(", ")}
    </canvas>
  );
}
