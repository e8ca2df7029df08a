// The field app's map: the town's tiles (cached by the service worker for offline use), the picked
// feature, the walk (kept fixes blue, dropped ones red) and the proposed stretches.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { LayerInfo } from '../common/api';
import { townLineLayers, townStyle, type TileJson } from '../common/mapstyle';
import type { LonLat } from './geo';

type FC = GeoJSON.FeatureCollection;
const empty = (): FC => ({ type: 'FeatureCollection', features: [] });

export interface FieldMap {
  map: maplibregl.Map;
  show(name: 'picked' | 'kept' | 'dropped' | 'stretch' | 'me', data: FC): void;
  onTap: ((p: LonLat) => void) | null;
}

function overlays(map: maplibregl.Map, layers: LayerInfo[]): void {
  for (const s of ['picked', 'stretch', 'kept', 'dropped', 'me']) map.addSource(s, { type: 'geojson', data: empty() });
  // The picked feature as a halo under the town's lines and points, which keep their status colours.
  const firstLine = townLineLayers(layers)[0];
  const under = firstLine ? `${firstLine.id}-line` : undefined;
  map.addLayer({ id: 'picked', type: 'line', source: 'picked', paint: { 'line-color': '#CC79A7', 'line-width': 12, 'line-opacity': 0.7 } }, under);
  map.addLayer({ id: 'picked-pt', type: 'circle', source: 'picked', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 12, 'circle-color': '#CC79A7', 'circle-opacity': 0.7 } }, under);
  map.addLayer({ id: 'stretch', type: 'line', source: 'stretch', paint: { 'line-color': '#009E73', 'line-width': 6 } });
  map.addLayer({ id: 'kept', type: 'circle', source: 'kept', paint: { 'circle-radius': 3, 'circle-color': '#0072B2' } });
  map.addLayer({
    id: 'dropped',
    type: 'symbol',
    source: 'dropped',
    layout: { 'text-field': '×', 'text-size': 18, 'text-allow-overlap': true },
    paint: { 'text-color': '#D55E00' },
  });
  map.addLayer({ id: 'me', type: 'circle', source: 'me', paint: { 'circle-radius': 7, 'circle-color': '#1f78ff', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
}

export function createFieldMap(container: HTMLElement, layers: LayerInfo[], tj: TileJson): FieldMap {
  // Inside the service worker's scope (/field), so the tiles it fetches come from the offline cache.
  maplibregl.setWorkerUrl('/field/maplibre-gl-worker.mjs');
  const map = new maplibregl.Map({
    container,
    style: townStyle(layers, tj),
    bounds: tj.bounds,
    attributionControl: false,
    maxPitch: 0,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  Object.assign(container, { planmapMap: map }); // for the browser tests, which tap on the river
  const pending = new Map<string, FC>();
  const fm: FieldMap = {
    map,
    onTap: null,
    show(name, data) {
      const src = map.getSource(name) as GeoJSONSource | undefined;
      if (src) src.setData(data);
      else pending.set(name, data);
    },
  };
  map.on('load', () => {
    overlays(map, layers);
    for (const [name, data] of pending) fm.show(name as never, data);
  });
  map.on('click', (e) => fm.onTap?.([e.lngLat.lng, e.lngLat.lat]));
  return fm;
}

export function points(list: LonLat[]): FC {
  return {
    type: 'FeatureCollection',
    features: list.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } })),
  };
}

export function lines(list: LonLat[][]): FC {
  return {
    type: 'FeatureCollection',
    features: list.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c } })),
  };
}
