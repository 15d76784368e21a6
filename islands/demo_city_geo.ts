/**
 * The demo city's eight districts as GeoJSON, drawn by hand: the city is invented
 * (server/seed/demo_city.ts), so are these shapes — adjacent polygons in a plausible layout
 * (江北区 and 北山区 across the river in the north, 临港新区 on the coast), with made-up
 * coordinates. Feature ids are the district codes. Rings run clockwise, as d3-geo wants them.
 */

export interface DistrictFeature {
  type: "Feature";
  id: string;
  properties: { name: string };
  geometry: { type: "Polygon"; coordinates: number[][][] };
}

const feature = (id: string, name: string, ring: number[][]): DistrictFeature => ({
  type: "Feature",
  id,
  properties: { name },
  geometry: { type: "Polygon", coordinates: [ring] },
});

export const DEMO_CITY_GEO: { type: "FeatureCollection"; features: DistrictFeature[] } = {
  type: "FeatureCollection",
  features: [
    feature("390101", "东城区", [
      [118.764, 31.2555],
      [118.816, 31.245],
      [118.904, 31.259],
      [118.896, 31.1295],
      [118.804, 31.119],
      [118.768, 31.133],
      [118.764, 31.2555],
    ]),
    feature("390102", "西城区", [
      [118.6, 31.252],
      [118.692, 31.238],
      [118.764, 31.2555],
      [118.768, 31.133],
      [118.684, 31.1155],
      [118.6, 31.126],
      [118.6, 31.252],
    ]),
    feature("390103", "南湖区", [
      [118.6, 31.126],
      [118.684, 31.1155],
      [118.768, 31.133],
      [118.804, 31.119],
      [118.8, 30.9895],
      [118.6, 31.0],
      [118.6, 31.126],
    ]),
    feature("390104", "北山区", [
      [118.808, 31.3675],
      [119.0, 31.35],
      [119.0, 31.2485],
      [118.904, 31.259],
      [118.816, 31.245],
      [118.808, 31.3675],
    ]),
    feature("390105", "高新区", [[118.904, 31.259], [119.0, 31.2485], [119.0, 31.1225], [
      118.896,
      31.1295,
    ], [118.904, 31.259]]),
    feature("390106", "经开区", [
      [118.804, 31.119],
      [118.896, 31.1295],
      [119.0, 31.1225],
      [119.0, 31.0],
      [118.8, 30.9895],
      [118.804, 31.119],
    ]),
    feature("390107", "江北区", [
      [118.6, 31.357],
      [118.808, 31.3675],
      [118.816, 31.245],
      [118.764, 31.2555],
      [118.692, 31.238],
      [118.6, 31.252],
      [118.6, 31.357],
    ]),
    feature("390108", "临港新区", [
      [119.0, 31.2485],
      [119.112, 31.2905],
      [119.136, 31.161],
      [119.104, 31.014],
      [119.0, 31.0],
      [119.0, 31.1225],
      [119.0, 31.2485],
    ]),
  ],
};
