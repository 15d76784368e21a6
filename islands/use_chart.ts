import { Chart, type ChartConfiguration } from "chart.js";
import { useEffect, useRef } from "preact/hooks";

/**
 * A chart drawn into the returned canvas once the island is in the browser (the server renders
 * the canvas and its fallback only), and destroyed with it. Animation off: the page is printed.
 */
export function useChart(config: () => ChartConfiguration, deps: readonly unknown[] = []) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const made = config();
    const chart = new Chart(canvas.current!, {
      ...made,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...made.options },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, deps);
  return canvas;
}
