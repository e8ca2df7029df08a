// A walk along a river for the field app's test: fixes every `step` metres from chainage 0 to
// `toFraction` of the river, each off the line by up to ±5 m (a fixed pseudo-random sequence),
// with a few 80 m jumps (good accuracy: dropped for speed) and a few poor fixes (50 m: dropped for
// accuracy) mixed in.
const R = 6378137;

function offset([lon, lat], east, north) {
  const dLat = (north / R) * (180 / Math.PI);
  const dLon = (east / (R * Math.cos((lat * Math.PI) / 180))) * (180 / Math.PI);
  return [lon + dLon, lat + dLat];
}

function metres(a, b) {
  const x = ((b[0] - a[0]) * Math.PI * R * Math.cos((a[1] * Math.PI) / 180)) / 180;
  const y = ((b[1] - a[1]) * Math.PI * R) / 180;
  return Math.hypot(x, y);
}

export function along(line, c) {
  let s = 0;
  for (let i = 1; i < line.length; i++) {
    const d = metres(line[i - 1], line[i]);
    if (s + d >= c || i === line.length - 1) {
      const f = d > 0 ? Math.min(1, (c - s) / d) : 0;
      const p = [line[i - 1][0] + f * (line[i][0] - line[i - 1][0]), line[i - 1][1] + f * (line[i][1] - line[i - 1][1])];
      const ex = ((line[i][0] - line[i - 1][0]) * Math.PI * R * Math.cos((p[1] * Math.PI) / 180)) / 180;
      const ny = ((line[i][1] - line[i - 1][1]) * Math.PI * R) / 180;
      return { p, dir: [ex / (d || 1), ny / (d || 1)] }; // unit vector east, north
    }
    s += d;
  }
  return { p: line[line.length - 1], dir: [1, 0] };
}

export function lengthOf(line) {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += metres(line[i - 1], line[i]);
  return s;
}

export function walk(line, toFraction = 0.8, step = 10) {
  const total = lengthOf(line) * toFraction;
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const fixes = [];
  for (let c = 0, i = 0; c <= total + 1e-6; c += step, i++) {
    const { p, dir } = along(line, Math.min(c, total));
    // perpendicular noise in metres, east/north of the direction's normal
    const n = rand() * 5;
    const q = offset(p, -dir[1] * n, dir[0] * n);
    fixes.push({ lon: q[0], lat: q[1], accuracy: 6 });
    if (i % 9 === 4) {
      const j = offset(q, -dir[1] * 80, dir[0] * 80);
      fixes.push({ lon: j[0], lat: j[1], accuracy: 5, jump: true });
    }
    if (i % 11 === 6) fixes.push({ lon: q[0], lat: q[1], accuracy: 50, poor: true });
  }
  return { fixes, to_m: total };
}
