// Makes caucasus.geojson from the world-atlas package's Natural Earth TopoJSON (README.md beside this file says how).
// Reads: node extract.mjs PATH/TO/countries-10m.json > caucasus.geojson
// No dependency: the TopoJSON arcs are decoded here, each ring is clipped to the extract's box, and the
// coordinates are written with four decimals (the source is quantized to 0.0036° by 0.0017°, so nothing is lost).
import { readFileSync } from "node:fs";

// ISO 3166-1 numeric codes, as world-atlas names its countries.
const countries = { "051": "Armenia", "031": "Azerbaijan", "268": "Georgia", "364": "Iran", "792": "Turkey", "643": "Russia" };
// West, south, east, north, in degrees: the South Caucasus and the edges of its neighbours.
const box = [39, 36.5, 51, 44.5];

const topology = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [sx, sy] = topology.transform.scale;
const [tx, ty] = topology.transform.translate;
const arcs = topology.arcs.map(arc => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
});
const arc = i => (i < 0 ? arcs[~i].slice().reverse() : arcs[i]);
const ring = indexes => indexes.flatMap((i, n) => (n === 0 ? arc(i) : arc(i).slice(1)));

// Sutherland–Hodgman against each side of the box in turn.
function clip(points) {
  const sides = [
    [p => p[0] >= box[0], (a, b) => cut(a, b, 0, box[0])],
    [p => p[0] <= box[2], (a, b) => cut(a, b, 0, box[2])],
    [p => p[1] >= box[1], (a, b) => cut(a, b, 1, box[1])],
    [p => p[1] <= box[3], (a, b) => cut(a, b, 1, box[3])],
  ];
  let out = points;
  for (const [inside, cross] of sides) {
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const a = input[(k + input.length - 1) % input.length], b = input[k];
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) {
        out.push(cross(a, b));
      }
    }
    if (out.length === 0) return [];
  }
  return out;
}
function cut(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  p[axis] = value;
  return p;
}
const round = v => Math.round(v * 1e4) / 1e4;
function tidy(points) {
  const out = [];
  for (const [x, y] of points) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < 3) return null;
  out.push(out[0]);
  return out;
}

const features = [];
for (const g of topology.objects.countries.geometries) {
  if (!(g.id in countries)) continue;
  const polygons = g.type === "Polygon" ? [g.arcs] : g.arcs;
  const kept = polygons
    .map(rings => rings.map(r => tidy(clip(ring(r)))))
    .filter(rings => rings[0] !== null)
    .map(rings => rings.filter(r => r !== null));
  if (kept.length === 0) continue;
  features.push({
    type: "Feature",
    id: g.id,
    properties: { name: countries[g.id] },
    geometry: { type: "MultiPolygon", coordinates: kept },
  });
}
features.sort((a, b) => a.id.localeCompare(b.id));
const lines = features.map(f => JSON.stringify(f));
process.stdout.write(`{"type":"FeatureCollection","bbox":${JSON.stringify(box)},"features":[\n${lines.join(",\n")}\n]}\n`);
