// "Near me": the tracked features around the phone, nearest first, with their distance.
import { h, num, replace } from '../common/dom';
import { statusName, t } from '../common/i18n';
import { STATUS_COLOURS } from '../common/mapstyle';
import { distanceToGeometry, type LonLat } from './geo';

export interface FieldFeature {
  id: number;
  layer: string;
  layerName: string;
  name: string;
  code: string;
  status: string;
  length_m?: number;
  done_m?: number;
  geometry: { type: string; coordinates: unknown };
}

export function nearest(features: FieldFeature[], at: LonLat, count = 30): Array<[FieldFeature, number]> {
  return features
    .map((f): [FieldFeature, number] => [f, distanceToGeometry(f.geometry, at)])
    .sort((a, b) => a[1] - b[1])
    .slice(0, count);
}

function distanceText(m: number): string {
  return m < 1000 ? `${num(m, 0)} m` : `${num(m / 1000, 1)} km`;
}

export function renderNear(
  root: HTMLElement,
  features: FieldFeature[],
  at: { lonLat: LonLat; accuracy: number } | null,
  denied: boolean,
  onPick: (f: FieldFeature) => void,
): void {
  if (!at) {
    replace(root, h('p', { class: 'empty' }, denied ? t.positionDenied : t.noPosition));
    return;
  }
  replace(
    root,
    h('p', { class: 'track-stats' }, `${t.accuracy} ±${num(at.accuracy, 0)} m · ${at.lonLat[1].toFixed(5)}, ${at.lonLat[0].toFixed(5)}`),
    h(
      'ul',
      { class: 'near' },
      ...nearest(features, at.lonLat).map(([f, d]) =>
        h(
          'li',
          { 'data-feature': f.id },
          h(
            'div',
            { class: 'name' },
            h('b', {}, f.name || f.code || `#${f.id}`),
            h('div', { class: 'track-stats' }, `${f.layerName} · `, h('span', { style: `color:${STATUS_COLOURS[f.status]}` }, statusName(f.status))),
          ),
          h('span', { class: 'dist' }, distanceText(d)),
          h('button', { type: 'button', class: 'primary', onclick: () => onPick(f) }, t.pick),
        ),
      ),
    ),
  );
}
