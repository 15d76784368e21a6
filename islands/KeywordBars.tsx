import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useChart } from "./use_chart.ts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface KeywordBar {
  text: string;
  n: number;
  href: string;
}

/** The top keywords as bars; a click on a bar opens the cases that mention it. */
export default function KeywordBars({ keywords }: { keywords: KeywordBar[] }) {
  const top = keywords.slice(0, 20);
  const canvas = useChart(() => ({
    type: "bar",
    data: {
      labels: top.map((k) => k.text),
      datasets: [{ label: "涉及件数", data: top.map((k) => k.n), backgroundColor: "#e08a2c" }],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } },
      onClick: (_e, elements) => {
        const hit = elements[0];
        if (hit) location.href = top[hit.index].href;
      },
    },
  }), [keywords]);
  return (
    <div
      class="hs-keywords"
      data-testid="hotspot-keywords"
      style={`height:${40 + top.length * 22}px`}
    >
      <canvas ref={canvas} role="img" aria-label="关键词涉及件数">
        <ul>
          {top.map((k) => <li key={k.text}>{k.text} {k.n}</li>)}
        </ul>
      </canvas>
    </div>
  );
}
