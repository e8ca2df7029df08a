// The field app (/field): log in once, then work offline. "Near me" lists the tracked features
// around the phone; "Mark" records a status or a stretch with a photo; "Queue" shows what waits
// for the network and what the server refused, with its reason.
import { api, ApiError, layers as fetchLayers, savedSession, type LayerInfo, type Session } from '../common/api';
import { $, h, replace } from '../common/dom';
import { lang, pick, switchLang, t } from '../common/i18n';
import { askLogin } from '../common/login';
import type { TileJson } from '../common/mapstyle';
import { createFieldMap, points, type FieldMap } from './fieldmap';
import { distance, type LonLat } from './geo';
import type { Fix } from './gps';
import { renderMark, type MarkRequest } from './mark';
import { renderNear, type FieldFeature } from './near';
import { controlled, prefetchTiles } from './offline';
import * as queue from './queue';
import { renderBanner, renderQueue } from './queueview';
import { drain, onNeedLogin, onReachable, reachable, startSync } from './sync';

let session: Session | null = null;
let features: FieldFeature[] = [];
let fmap: FieldMap | null = null;
let position: Fix | null = null;
let positionDenied = false;
let walkListener: ((f: Fix) => void) | null = null;
let tab = 'near';
const lastMark = new Map<number, string>(); // feature → uuid of its last queued mark

async function currentSession(): Promise<Session> {
  try {
    const me = await api<{ user: string; role: string }>('/api/v1/session');
    session = { user: me.user, role: me.role };
    localStorage.setItem('planmap.session', JSON.stringify(session));
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return askLogin($('#login'), `PlanMap · ${t.field}`);
    const saved = savedSession(); // offline: the last signed-in user
    if (saved) return saved;
    throw err;
  }
}

function showTab(name: string): void {
  tab = name;
  for (const s of ['near', 'mark', 'queue']) $(`#tab-${s}`).hidden = s !== name;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  if (name === 'mark') fmap?.map.resize();
  void refreshQueue();
}

function tabs(): void {
  const b = (name: string, label: string) => h('button', { type: 'button', 'data-tab': name, onclick: () => showTab(name) }, label);
  replace($('#tabs'), b('near', t.nearMe), b('mark', t.mark), h('button', { type: 'button', 'data-tab': 'queue', onclick: () => showTab('queue') }, t.queue, h('span', { id: 'qcount' })));
}

async function refreshQueue(): Promise<void> {
  const items = await renderQueue($('#tab-queue'), () => void drain(true));
  const open = items.filter((i) => i.state === 'waiting' || i.state === 'sending').length;
  const badge = $('#qcount');
  badge.textContent = open ? String(open) : '';
  badge.className = open ? 'badge' : '';
  renderBanner($('#banner'), items, () => showTab('queue'));
}

// Offline when the browser says so or when the server could not be reached last time.
function netState(): void {
  const up = navigator.onLine && reachable();
  const el = $('#net');
  el.textContent = up ? t.online : t.offline;
  el.className = up ? 'netstate' : 'netstate offline';
}

async function loadFeatures(list: LayerInfo[]): Promise<void> {
  const tracked = list.filter((l) => l.tracked);
  const parts = await Promise.all(
    tracked.map(async (l) => {
      const fc = await api<GeoJSON.FeatureCollection>(`/api/v1/layers/${l.id}/features`).catch(() => null);
      return (fc?.features ?? []).map((f): FieldFeature => {
        const p = f.properties as Record<string, unknown>;
        return {
          id: Number(p.id ?? f.id),
          layer: l.id,
          layerName: pick(l as unknown as Record<string, unknown>, 'name'),
          name: String(p.name ?? ''),
          code: String(p.code ?? ''),
          status: String(p.status ?? 'planned'),
          length_m: p.length_m as number | undefined,
          done_m: p.done_m as number | undefined,
          geometry: f.geometry as FieldFeature['geometry'],
        };
      });
    }),
  );
  features = parts.flat();
}

let drawnAt: LonLat | null = null;

function drawNear(): void {
  drawnAt = position?.lonLat ?? null;
  renderNear($('#tab-near'), features, position, positionDenied, (f) => {
    showTab('mark');
    renderMark($('#markpanel'), { feature: f, fmap: fmap!, canMark: canMark(), subscribe: (l) => (walkListener = l), submit: (r) => submit(f, r) });
  });
}

function canMark(): boolean {
  return session?.role !== 'leader';
}

function watchPosition(): void {
  if (!('geolocation' in navigator)) return;
  navigator.geolocation.watchPosition(
    (p) => {
      position = { lonLat: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy, time: p.timestamp };
      positionDenied = false;
      walkListener?.(position);
      fmap?.show('me', points([position.lonLat]));
      // The list stays put under the user's finger until the phone has moved 10 m.
      if (tab === 'near' && (!drawnAt || distance(drawnAt, position.lonLat) > 10)) drawNear();
    },
    () => {
      positionDenied = true;
      if (tab === 'near') drawNear();
    },
    { enableHighAccuracy: true, maximumAge: 0 },
  );
}

async function submit(f: FieldFeature, r: MarkRequest): Promise<void> {
  const { preparePhoto } = await import('./photo');
  const bodies = (r.stretches.length ? r.stretches : [null]).map((s) => ({
    uuid: crypto.randomUUID(),
    feature: f.id,
    status: r.status,
    ...(r.kind ? { kind: r.kind } : {}),
    date: r.date,
    ...(r.note ? { note: r.note } : {}),
    ...(s ? { from_m: s.from_m, to_m: s.to_m } : {}),
  }));
  for (const b of bodies) {
    const where = b.from_m !== undefined ? ` ${b.from_m.toFixed(1)}–${b.to_m!.toFixed(1)} m` : '';
    await queue.enqueue({ id: b.uuid, kind: 'mark', label: `${f.name || f.code} → ${t.status[b.status] ?? b.status}${where}`, mark: b });
    lastMark.set(f.id, b.uuid);
  }
  if (r.photo) {
    const photo = await preparePhoto(r.photo, r.original);
    await queue.enqueue({ id: crypto.randomUUID(), kind: 'photo', label: f.name || f.code, markUuid: bodies[0].uuid, photo });
  }
  toast(t.queued);
  void drain(true);
}

function toast(text: string): void {
  const el = h('div', { class: 'toast', role: 'status' }, text);
  document.body.append(el);
  window.setTimeout(() => el.remove(), 2500);
}

async function start(): Promise<void> {
  // Everything the app fetches, the map's tile worker included, goes through the service worker
  // once it controls the page: so wait for that (the first visit installs it) before fetching.
  if ('serviceWorker' in navigator) {
    const registered = await navigator.serviceWorker.register('/sw.js', { scope: '/field' }).catch(() => null);
    if (registered) await Promise.race([controlled(), new Promise((r) => setTimeout(r, 10_000))]);
  }
  tabs();
  netState();
  window.addEventListener('online', netState);
  window.addEventListener('offline', netState);
  onReachable(netState);
  queue.onChange(() => void refreshQueue());
  onNeedLogin(() => void askLogin($('#login'), `PlanMap · ${t.field}`).then(() => drain(true)));
  session = await currentSession();
  replace($('#who'), h('button', { type: 'button', onclick: switchLang }, t.language), ` ${session.user}`);
  document.title = `PlanMap · ${t.field}`;
  $('#ftitle').textContent = `PlanMap · ${t.field}`;
  const [list, tj] = await Promise.all([fetchLayers(), api<TileJson>('/tiles/all.json')]);
  replace($('#tab-mark'), h('div', { id: 'fmap' }), h('div', { id: 'markpanel' }, h('p', { class: 'empty' }, t.noneSelected)));
  fmap = createFieldMap($('#fmap'), list, tj);
  await loadFeatures(list);
  drawNear();
  watchPosition();
  startSync();
  showTab('near');
  document.body.dataset.ready = '1';
  if (navigator.onLine && tj.bounds) {
    const n = await prefetchTiles(tj, () => position?.lonLat ?? null);
    localStorage.setItem('planmap.tiles', String(n));
    document.body.dataset.tiles = String(n);
    void refreshQueue();
  }
  document.documentElement.lang = lang;
}

start().catch((err) => {
  document.body.dataset.error = String(err?.message ?? err);
  replace($('#tab-near'), h('p', { class: 'error' }, String(err?.message ?? err)));
});
