// The field app's service worker: the app's own files from the cache (so it opens offline),
// the API's answers network-first with the last one kept for offline, tiles from the cache and
// refreshed behind. Marks and photos are not touched here: the page's queue sends them.
declare const self: ServiceWorkerGlobalScope;
export {};
declare const __SHELL__: string[];
declare const __VERSION__: string;

const SHELL = `planmap-shell-${__VERSION__}`;
const DATA = 'planmap-data';
const TILES = 'planmap-tiles';

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(__SHELL__))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('planmap-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(req: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    return res;
  } catch (err) {
    const hit = (await cache.match(req)) ?? (await caches.match(req, { ignoreSearch: req.mode === 'navigate' }));
    if (hit) return hit;
    throw err;
  }
}

async function cacheThenRefresh(req: Request): Promise<Response> {
  const cache = await caches.open(TILES);
  const hit = await cache.match(req, { ignoreVary: true });
  const fresh = fetch(req, { cache: 'no-cache' })
    .then(async (res) => {
      if (res.ok) await cache.put(req, res.clone());
      return res;
    })
    .catch(() => undefined);
  if (hit) return keptTile(hit);
  return (await fresh) ?? Response.error();
}

// A kept tile is good for a minute: MapLibre re-reads a tile when its Cache-Control runs out, and
// the server's few seconds would have it re-read (and, offline, lose) every tile all the time.
async function keptTile(res: Response): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.set('Cache-Control', 'max-age=60');
  headers.delete('Expires');
  return new Response(await res.arrayBuffer(), { status: res.status, statusText: res.statusText, headers });
}

async function shellFile(req: Request): Promise<Response> {
  const hit = await caches.match(req, { ignoreSearch: true });
  return hit ?? fetch(req);
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api/v1/live') return;
  if (req.mode === 'navigate') e.respondWith(networkFirst(req, SHELL));
  else if (url.pathname.startsWith('/tiles/') && url.pathname.endsWith('.mvt')) e.respondWith(cacheThenRefresh(req));
  else if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/tiles/')) e.respondWith(networkFirst(req, DATA));
  else e.respondWith(shellFile(req));
});
