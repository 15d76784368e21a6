import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { MinuteBucket } from "../server/live/event_rate.ts";
import { formatHm } from "./format.ts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const label = (t: number) => formatHm(t);

/** Bar chart of events per minute; the numbers are also in the canvas's fallback table. */
export function EventRateChart({ window }: { window: MinuteBucket[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: "bar",
      data: { labels: [], datasets: [{ label: "事件数", data: [], backgroundColor: "#4fa3ff" }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { color: "#9fb3c8", maxTicksLimit: 10 }, grid: { display: false } },
          y: {
            beginAtZero: true,
            ticks: { color: "#9fb3c8", precision: 0 },
            grid: { color: "#23344a" },
          },
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = window.map((b) => label(b.t));
    c.data.datasets[0].data = window.map((b) => b.n);
    c.update("none");
  }, [window]);

  return (
    <div class="chart-box">
      <canvas ref={canvas} role="img" aria-label="每分钟事件数">
        <table>
          <tbody>
            {window.map((b) => (
              <tr key={b.t}>
                <th>{label(b.t)}</th>
                <td>{b.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </canvas>
    </div>
  );
}
