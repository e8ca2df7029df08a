// The town's tiles for offline use: every tile from z11 to z16 (the source's deepest; MapLibre over-zooms past it) over the user's area (2 km around
// the phone, or the town when the position is not known yet), fetched once through the service
// worker, which keeps them. Bounded: at most 600 tiles.
import { withQuery, type TileJson } from '../common/mapstyle';
import type { LonLat } from './geo';

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

export function tileUrls(tj: TileJson, box: [number, number, number, number], zooms: number[], limit: number): string[] {
  const urls: string[] = [];
  for (const z of zooms) {
    const [x0, y0] = tileOf(box[0], box[3], z);
    const [x1, y1] = tileOf(box[2], box[1], z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        if (urls.length >= limit) return urls;
        urls.push(tj.tiles[0].replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
      }
  }
  return urls;
}

// Resolves once the service worker controls this page (the first visit is not controlled until
// it claims the page), so that what the page fetches from now on is kept.
export async function controlled(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) return true;
  await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  return true;
}

export async function prefetchTiles(tj: TileJson, where: () => LonLat | null): Promise<number> {
  if (!(await controlled())) return 0;
  for (let i = 0; i < 50 && !where(); i++) await new Promise((r) => setTimeout(r, 100)); // the first fix
  const at = where();
  const d = 0.02; // about 2 km
  const box: [number, number, number, number] = at ? [at[0] - d, at[1] - d, at[0] + d, at[1] + d] : tj.bounds!;
  const urls = tileUrls(tj, box, [11, 12, 13, 14, 15, 16], 600).map((u) => withQuery(u, {}));
  let done = 0;
  for (let i = 0; i < urls.length; i += 6)
    await Promise.all(urls.slice(i, i + 6).map((u) => fetch(u).then(() => done++, () => undefined)));
  return done;
}
