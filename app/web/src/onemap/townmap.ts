// The map of the one-map view: the town from the server's tiles, a card on click, the village
// progress theme, tiles re-read when the as-of date changes or a live change arrives.
import * as maplibregl from 'maplibre-gl';
import type { LayerInfo, Village } from '../common/api';
import { h } from '../common/dom';
import { statusName } from '../common/i18n';
import { clickableLayers, geometryOf, SHARE_CLASSES, SOURCE, STATUS_COLOURS, townSource, townStyle, type TileJson } from '../common/mapstyle';

// Status colours, and the village classes while the village theme is on.
function legend(villages: boolean): HTMLElement {
  const row = (c: string, text: string) => h('div', {}, h('span', { style: `background:${c}` }), text);
  const shares = SHARE_CLASSES.map(([at, c], i) => row(c, `${at * 100}–${(SHARE_CLASSES[i + 1]?.[0] ?? 1) * 100}%`));
  return h('div', { class: 'legend' }, ...Object.entries(STATUS_COLOURS).map(([s, c]) => row(c, statusName(s))), ...(villages ? shares : []));
}

export interface TownMap {
  map: maplibregl.Map;
  setAsOf(asOf?: string): void;
  refresh(): void;
  setVillageShares(villages: Village[] | undefined, targetId: string | null): void;
  loaded: Promise<void>;
}

// Tiles carry ETags: asking with no-cache makes the browser revalidate (a 304 when unchanged), so a
// live change shows without a reload and an unchanged tile costs one round trip.
function transformRequest(url: string, type?: string): maplibregl.RequestParameters {
  return type === 'Tile' ? { url, cache: 'no-cache' } : { url };
}

export function createTownMap(
  container: HTMLElement,
  layers: LayerInfo[],
  tj: TileJson,
  onFeature: (layer: string, id: number) => void,
  asOf?: string,
): TownMap {
  const map = new maplibregl.Map({
    container,
    style: townStyle(layers, tj, asOf),
    bounds: tj.bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: false,
    transformRequest,
    maxPitch: 0,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  Object.assign(container, { planmapMap: map }); // for the browser tests, which click on features
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  let legendEl = legend(false);
  container.append(legendEl);
  // Under the village theme the other tracked areas keep only their outlines, so the classes read.
  const areas = layers.filter((l) => l.tracked && !/villages|water|lake/.test(l.id) && geometryOf(l) === 'polygon').map((l) => `${l.id}-fill`);
  const themed = (on: boolean) => {
    for (const id of areas) if (map.getLayer(id)) map.setPaintProperty(id, 'fill-opacity', on ? 0 : 0.35);
    const next = legend(on);
    legendEl.replaceWith(next);
    legendEl = next;
  };
  const clickable = clickableLayers(layers);
  map.on('click', (e) => {
    const hit = map.queryRenderedFeatures(e.point, { layers: clickable.filter((id) => map.getLayer(id)) })[0];
    if (!hit) return;
    const id = Number(hit.properties.id ?? hit.properties.feature ?? hit.id);
    if (Number.isFinite(id)) onFeature(hit.sourceLayer ?? '', id);
  });
  for (const id of clickable) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''));
  }
  let shares: Array<[number, number]> = [];
  const applyShares = () => {
    map.removeFeatureState({ source: SOURCE, sourceLayer: 'villages' });
    for (const [id, share] of shares) map.setFeatureState({ source: SOURCE, sourceLayer: 'villages', id }, { share });
  };
  map.on('sourcedata', (e) => {
    if (e.sourceId === SOURCE && e.isSourceLoaded && shares.length) applyShares();
  });
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  return {
    map,
    loaded,
    setAsOf(date) {
      const src = map.getSource(SOURCE) as maplibregl.VectorTileSource | undefined;
      src?.setTiles((townSource(tj, date) as { tiles: string[] }).tiles);
    },
    refresh() {
      map.refreshTiles(SOURCE);
    },
    setVillageShares(villages, targetId) {
      if (map.isStyleLoaded()) themed(targetId !== null);
      else map.once('load', () => themed(targetId !== null));
      shares = [];
      for (const v of villages ?? []) {
        const tgt = v.targets.find((x) => x.id === targetId);
        if (targetId && tgt && tgt.percent !== null && (tgt.features_total ?? 1) > 0)
          shares.push([v.id, tgt.percent / 100]);
      }
      if (map.isStyleLoaded()) applyShares();
    },
  };
}
