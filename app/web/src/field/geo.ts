// Distances and chainages on the phone, in metres. A local tangent plane on the WGS84 ellipsoid
// (meridional and prime-vertical radii at the point's latitude) is exact to well under a metre
// over a river's length. Chainages are scaled to the server's geodesic length of the river, so a
// stretch proposed here is in the store's own metres.
export type LonLat = [number, number];

const A = 6378137;
const E2 = 0.00669437999014;

function radii(latDeg: number): [number, number] {
  const s = Math.sin((latDeg * Math.PI) / 180);
  const w = Math.sqrt(1 - E2 * s * s);
  const n = A / w; // prime vertical
  const m = (A * (1 - E2)) / (w * w * w); // meridional
  return [n * Math.cos((latDeg * Math.PI) / 180), m];
}

// Metres east and north of `origin`.
export function toLocal(p: LonLat, origin: LonLat): [number, number] {
  const [kx, ky] = radii(origin[1]);
  return [(((p[0] - origin[0]) * Math.PI) / 180) * kx, (((p[1] - origin[1]) * Math.PI) / 180) * ky];
}

export function fromLocal(xy: [number, number], origin: LonLat): LonLat {
  const [kx, ky] = radii(origin[1]);
  return [origin[0] + ((xy[0] / kx) * 180) / Math.PI, origin[1] + ((xy[1] / ky) * 180) / Math.PI];
}

export function distance(a: LonLat, b: LonLat): number {
  const [x, y] = toLocal(b, a);
  return Math.hypot(x, y);
}

export function pathLength(line: LonLat[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += distance(line[i - 1], line[i]);
  return s;
}

export interface Projection {
  chainage: number; // metres along the line, unscaled
  offset: number; // metres from the line
  point: LonLat;
}

// The nearest point of `line` to `p`.
export function project(line: LonLat[], p: LonLat): Projection {
  let best: Projection = { chainage: 0, offset: Infinity, point: line[0] };
  let along = 0;
  for (let i = 1; i < line.length; i++) {
    const [bx, by] = toLocal(line[i], line[i - 1]);
    const [px, py] = toLocal(p, line[i - 1]);
    const len2 = bx * bx + by * by;
    const f = len2 > 0 ? Math.max(0, Math.min(1, (px * bx + py * by) / len2)) : 0;
    const off = Math.hypot(px - f * bx, py - f * by);
    const seg = Math.sqrt(len2);
    if (off < best.offset) best = { chainage: along + f * seg, offset: off, point: fromLocal([f * bx, f * by], line[i - 1]) };
    along += seg;
  }
  return best;
}

// The part of `line` from chainage `from` to `to` (unscaled metres), for drawing a stretch.
export function slice(line: LonLat[], from: number, to: number): LonLat[] {
  const out: LonLat[] = [];
  let along = 0;
  for (let i = 1; i < line.length; i++) {
    const seg = distance(line[i - 1], line[i]);
    const at = (c: number): LonLat => {
      const f = seg > 0 ? (c - along) / seg : 0;
      return [line[i - 1][0] + f * (line[i][0] - line[i - 1][0]), line[i - 1][1] + f * (line[i][1] - line[i - 1][1])];
    };
    if (along + seg >= from && along <= to) {
      if (out.length === 0) out.push(at(Math.max(from, along)));
      out.push(at(Math.min(to, along + seg)));
    }
    along += seg;
  }
  return out;
}

// A feature's geometry as lines (a point is a line of one vertex; a polygon its rings).
export function linesOf(geometry: { type: string; coordinates: unknown }): LonLat[][] {
  const c = geometry.coordinates as never;
  switch (geometry.type) {
    case 'Point':
      return [[c]];
    case 'MultiPoint':
    case 'LineString':
      return geometry.type === 'LineString' ? [c] : (c as LonLat[]).map((p) => [p]);
    case 'MultiLineString':
    case 'Polygon':
      return c;
    case 'MultiPolygon':
      return (c as LonLat[][][]).flat();
    default:
      return [];
  }
}

export function distanceToGeometry(geometry: { type: string; coordinates: unknown }, p: LonLat): number {
  let best = Infinity;
  for (const line of linesOf(geometry))
    best = Math.min(best, line.length === 1 ? distance(line[0], p) : project(line, p).offset);
  return best;
}
