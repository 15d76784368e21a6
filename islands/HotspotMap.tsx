import { CategoryScale, Chart, Tooltip } from "chart.js";
import { ChoroplethController, ColorScale, GeoFeature, ProjectionScale } from "chartjs-chart-geo";
import { DEMO_CITY_GEO } from "./demo_city_geo.ts";
import { useChart } from "./use_chart.ts";

Chart.register(
  ChoroplethController,
  GeoFeature,
  ColorScale,
  ProjectionScale,
  CategoryScale,
  Tooltip,
);

export interface MapDistrict {
  code: string;
  name: string;
  count: number;
}

/**
 * 区域分布: the demo city's districts shaded by their cases in the range. Districts not on the
 * map (imported data's places) are in the table beside it, not here.
 */
export default function HotspotMap({ districts }: { districts: MapDistrict[] }) {
  const counts = new Map(districts.map((d) => [d.code, d.count]));
  const canvas = useChart(() => ({
    type: "choropleth",
    data: {
      labels: DEMO_CITY_GEO.features.map((f) => f.properties.name),
      datasets: [{
        label: "受理件数",
        outline: DEMO_CITY_GEO.features,
        data: DEMO_CITY_GEO.features.map((f) => ({ feature: f, value: counts.get(f.id) ?? 0 })),
        borderColor: "#4a5a6c",
        borderWidth: 1,
      }],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: {
        projection: { axis: "x", projection: "mercator" },
        color: { axis: "x", quantize: 6, legend: { position: "bottom-right", align: "right" } },
      },
    },
    // deno-lint-ignore no-explicit-any
  } as any), [districts]);
  return (
    <div class="hs-map" data-testid="hotspot-map">
      <canvas ref={canvas} role="img" aria-label="示范市各区受理件数地图">
        <table>
          <tbody>
            {DEMO_CITY_GEO.features.map((f) => (
              <tr key={f.id}>
                <th>{f.properties.name}</th>
                <td>{counts.get(f.id) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </canvas>
    </div>
  );
}
