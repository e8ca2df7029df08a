// A walk's positions, filtered as they arrive: a fix worse than the accuracy limit, or one that
// would mean moving faster than the speed limit since the last kept fix, is dropped (and kept
// aside to be shown as dropped). Stop then proposes the stretches of a river the kept fixes follow.
import { project, type LonLat } from './geo';
import { distance } from './geo';

export interface Fix {
  lonLat: LonLat;
  accuracy: number;
  time: number; // ms
}

export interface Dropped extends Fix {
  reason: 'accuracy' | 'speed';
}

export class TrackFilter {
  readonly kept: Fix[] = [];
  readonly dropped: Dropped[] = [];
  constructor(
    public accuracyLimit = 20,
    public speedLimit = 15, // m/s: faster than a bicycle on a river path
  ) {}

  add(fix: Fix): 'kept' | Dropped['reason'] {
    if (!(fix.accuracy <= this.accuracyLimit)) return this.drop(fix, 'accuracy');
    const last = this.kept[this.kept.length - 1];
    if (last) {
      const seconds = Math.max(fix.time - last.time, 1) / 1000;
      if (distance(last.lonLat, fix.lonLat) / seconds > this.speedLimit) return this.drop(fix, 'speed');
    }
    this.kept.push(fix);
    return 'kept';
  }

  private drop(fix: Fix, reason: Dropped['reason']): Dropped['reason'] {
    this.dropped.push({ ...fix, reason });
    return reason;
  }
}

export interface Stretch {
  from_m: number;
  to_m: number;
}

// The stretches of `line` (whose geodesic length the server gives as `lengthM`) that the fixes
// follow: fixes within `tolerance` metres of it, split where the walk left it for more than `gap`.
export function matchTrack(line: LonLat[], lengthM: number, fixes: Fix[], tolerance = 25, gap = 60): Stretch[] {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distance(line[i - 1], line[i]);
  const scale = total > 0 ? lengthM / total : 1;
  const along = fixes
    .map((f) => project(line, f.lonLat))
    .filter((p) => p.offset <= tolerance)
    .map((p) => p.chainage * scale)
    .sort((a, b) => a - b);
  const out: Stretch[] = [];
  for (const c of along) {
    const cur = out[out.length - 1];
    if (cur && c - cur.to_m <= gap) cur.to_m = c;
    else out.push({ from_m: c, to_m: c });
  }
  const mm = (v: number) => Math.round(Math.min(Math.max(v, 0), lengthM) * 1000) / 1000;
  return out.map((s) => ({ from_m: mm(s.from_m), to_m: mm(s.to_m) })).filter((s) => s.to_m - s.from_m >= 1);
}
