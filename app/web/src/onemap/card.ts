// A feature's card: status, length and done length, its history with photos.
import { api, photoUrls, type FeatureInfo, type HistoryEvent, type Target } from '../common/api';
import { h, num, replace } from '../common/dom';
import { pick, statusName, t, unitOf } from '../common/i18n';
import { STATUS_COLOURS } from '../common/mapstyle';

interface History {
  feature?: FeatureInfo;
  events: HistoryEvent[];
}

function photosOf(e: HistoryEvent): HTMLElement[] {
  return [...(e.photos ?? []), ...(e.attachments ?? [])]
    .map(photoUrls)
    .filter((p): p is { full: string; thumb: string } => p !== null)
    .map((p) => h('a', { href: p.full, target: '_blank', rel: 'noopener' }, h('img', { src: p.thumb, alt: t.photo, loading: 'lazy' })));
}

function eventRow(e: HistoryEvent): HTMLElement {
  const stretch = e.from_m !== null && e.from_m !== undefined ? ` ${num(e.from_m, 0)}–${num(e.to_m, 0)} m` : '';
  return h(
    'li',
    {},
    h('span', { class: 'date' }, e.date),
    ' ',
    h('span', { class: 'pill', style: `background:${STATUS_COLOURS[e.status] ?? '#999'}` }, statusName(e.status)),
    stretch,
    ` · ${e.user}`,
    e.note ? h('div', { class: 'note' }, e.note) : null,
    h('div', { class: 'photos' }, ...photosOf(e)),
  );
}

export async function showCard(root: HTMLElement, id: number, layerName: (id: string) => string, asOf?: string): Promise<void> {
  root.hidden = false;
  replace(root, h('p', {}, t.loading));
  const q = asOf ? `?as_of=${asOf}` : '';
  try {
    const [f, hist] = await Promise.all([
      api<FeatureInfo | { feature: FeatureInfo }>(`/api/v1/features/${id}${q}`),
      api<History>(`/api/v1/features/${id}/history`),
    ]);
    const feature: FeatureInfo = 'feature' in f && f.feature ? (f.feature as FeatureInfo) : (f as FeatureInfo);
    const rows: Array<[string, string]> = [[t.layers, layerName(feature.layer)]];
    if (feature.length_m !== undefined) rows.push([t.length, `${num(feature.length_m, 0)} m`]);
    if (feature.done_m !== undefined) rows.push([t.doneLength, `${num(feature.done_m, 0)} m`]);
    if (feature.area_m2 !== undefined) rows.push([t.area, `${num(feature.area_m2, 0)} m²`]);
    replace(
      root,
      h('button', { class: 'close', 'aria-label': t.close, onclick: () => (root.hidden = true) }, '×'),
      h('h2', {}, feature.name ?? `#${id}`, feature.code ? h('small', {}, ` ${feature.code}`) : null),
      h('p', {}, h('span', { class: 'pill', style: `background:${STATUS_COLOURS[feature.status] ?? '#999'}` }, statusName(feature.status))),
      h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('h3', {}, t.history),
      hist.events.length ? h('ol', { class: 'history' }, ...[...hist.events].reverse().map(eventRow)) : h('p', {}, t.noHistory),
    );
  } catch (err) {
    replace(root, h('button', { class: 'close', onclick: () => (root.hidden = true) }, '×'), h('p', { class: 'error' }, String((err as Error).message)));
  }
}

// A target's card from the grid: its figures as the status gives them.
export function showTarget(root: HTMLElement, x: Target): void {
  root.hidden = false;
  const rows: Array<[string, string]> = [
    [t.goal, `${x.comparator} ${num(x.goal)} ${unitOf(x)}`],
    [t.value, `${num(x.value)} ${unitOf(x)}`],
    [t.percent, `${num(x.percent, 1)}%`],
  ];
  if (x.features_total !== undefined) rows.push([t.layers, `${x.features_done} / ${x.features_total}`]);
  replace(
    root,
    h('button', { class: 'close', 'aria-label': t.close, onclick: () => (root.hidden = true) }, '×'),
    h('h2', {}, pick(x, 'name')),
    h('p', {}, x.met ? t.met : t.notMet),
    h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
  );
}
