// The town's map from planmap-server's vector tiles, styled as the desktop program draws it:
// status colours (Okabe–Ito), done stretches on rivers, roads and water as the base map, labels.
// No glyphs URL: MapLibre then draws every label with the browser's own fonts, so nothing is
// fetched from outside.
import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { LayerInfo } from './api';

export const STATUS_COLOURS: Record<string, string> = {
  planned: '#999999',
  in_progress: '#E69F00',
  completed: '#009E73',
  accepted: '#0072B2',
};

export const STATUS_COLOUR: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  'in_progress',
  STATUS_COLOURS.in_progress,
  'completed',
  STATUS_COLOURS.completed,
  'accepted',
  STATUS_COLOURS.accepted,
  STATUS_COLOURS.planned,
];

// A done stretch is a tile feature of its own (part "done") beside its river (part "feature").
export const IS_STRETCH: ExpressionSpecification = ['==', ['get', 'part'], 'done'];

export interface TileJson {
  tiles: string[];
  minzoom?: number;
  maxzoom?: number;
  bounds?: [number, number, number, number];
  center?: [number, number, number];
  vector_layers?: Array<{ id: string }>;
}

export const SOURCE = 'town';

function has(id: string, ...words: string[]): boolean {
  return words.some((w) => id.includes(w));
}

// Adds query parameters to a tile URL template, keeping its {z}/{x}/{y} as they are (URL() would
// percent-encode the braces).
export function withQuery(url: string, query: Record<string, string | undefined>): string {
  const q = Object.entries(query)
    .filter(([, v]) => v)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
    .join('&');
  if (!q) return url;
  const [base, existing] = url.split('?');
  const kept = (existing ?? '')
    .split('&')
    .filter((kv) => kv && !(kv.split('=')[0] in query));
  return `${base}?${[...kept, q].join('&')}`;
}

export function townSource(tj: TileJson, asOf?: string): SourceSpecification {
  return {
    type: 'vector',
    tiles: tj.tiles.map((u) => withQuery(u, { as_of: asOf })),
    minzoom: tj.minzoom ?? 0,
    // Tiles past z16 add no detail the town's data has; MapLibre over-zooms them.
    maxzoom: Math.min(tj.maxzoom ?? 16, 16),
    bounds: tj.bounds,
    promoteId: 'id',
  };
}

function polygonLayers(l: LayerInfo): LayerSpecification[] {
  const base = { source: SOURCE, 'source-layer': l.id };
  let fill: string | ExpressionSpecification = '#EBEBE1';
  let outline: string | ExpressionSpecification = '#969696';
  let opacity = 0.9;
  if (has(l.id, 'boundary', 'town')) [fill, outline] = ['#FAF8F0', '#5A5A5A'];
  else if (has(l.id, 'water', 'lake', 'huangpu')) [fill, outline] = ['#BEDCF0', '#78AAD2'];
  else if (l.id === 'villages')
    fill = ['case', ['!=', ['feature-state', 'share'], null], villageShareColour(), '#ECF0E2'];
  else if (l.tracked) [fill, outline, opacity] = [STATUS_COLOUR, STATUS_COLOUR, 0.35];
  if (has(l.id, 'water', 'lake') && l.tracked)
    fill = ['case', ['==', ['get', 'status'], 'planned'], '#BEDCF0', STATUS_COLOUR];
  return [
    { id: `${l.id}-fill`, type: 'fill', ...base, paint: { 'fill-color': fill, 'fill-opacity': opacity } },
    {
      id: `${l.id}-line`,
      type: 'line',
      ...base,
      paint: { 'line-color': outline, 'line-width': has(l.id, 'boundary') ? 1.6 : 0.8 },
    },
  ];
}

// Village progress theme: the share of a chosen target done in each village (set as feature
// state from /api/v1/status?by=village), in five classes from red to green.
export const SHARE_CLASSES: Array<[number, string]> = [
  [0, '#D7301F'],
  [0.2, '#FC8D59'],
  [0.4, '#FDCC8A'],
  [0.6, '#C2E699'],
  [0.8, '#31A354'],
];

function villageShareColour(): ExpressionSpecification {
  const steps = SHARE_CLASSES.slice(1).flatMap(([at, c]) => [at, c]);
  return ['step', ['feature-state', 'share'], SHARE_CLASSES[0][1], ...steps] as ExpressionSpecification;
}

function lineLayers(l: LayerInfo): LayerSpecification[] {
  const base = { source: SOURCE, 'source-layer': l.id };
  if (has(l.id, 'road'))
    return [{ id: `${l.id}-line`, type: 'line', ...base, paint: { 'line-color': '#C8AA78', 'line-width': 1.8 } }];
  const width: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 11, 1.5, 16, 4];
  const doneWidth: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 11, 3, 16, 8];
  const colour: string | ExpressionSpecification = l.tracked ? STATUS_COLOUR : '#78AAD2';
  return [
    {
      id: `${l.id}-line`,
      type: 'line',
      ...base,
      filter: ['!', IS_STRETCH],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colour, 'line-width': width },
    },
    {
      id: `${l.id}-done`,
      type: 'line',
      ...base,
      filter: IS_STRETCH,
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': STATUS_COLOURS.completed, 'line-width': doneWidth, 'line-opacity': 0.85 },
    },
  ];
}

function pointLayers(l: LayerInfo): LayerSpecification[] {
  return [
    {
      id: `${l.id}-point`,
      type: 'circle',
      source: SOURCE,
      'source-layer': l.id,
      paint: {
        'circle-color': l.tracked ? STATUS_COLOUR : '#FFFFFF',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 3, 16, 7],
        'circle-stroke-color': '#282828',
        'circle-stroke-width': 1,
      },
    },
  ];
}

function labelLayers(all: LayerInfo[]): LayerSpecification[] {
  const text = { 'text-color': '#333333', 'text-halo-color': '#FFFFFF', 'text-halo-width': 1.5 };
  const out: LayerSpecification[] = [];
  if (all.some((l) => l.id === 'villages'))
    out.push({
      id: 'villages-label',
      type: 'symbol',
      source: SOURCE,
      'source-layer': 'villages',
      minzoom: 12,
      layout: { 'text-field': ['get', 'name'], 'text-size': 13 },
      paint: { ...text, 'text-color': '#5A5A5A' },
    });
  for (const l of all.filter((x) => x.tracked && geometryOf(x) === 'line'))
    out.push({
      id: `${l.id}-label`,
      type: 'symbol',
      source: SOURCE,
      'source-layer': l.id,
      minzoom: 14,
      filter: ['!', IS_STRETCH],
      layout: { 'text-field': ['get', 'name'], 'text-size': 12, 'symbol-placement': 'line' },
      paint: { ...text, 'text-color': '#1F4E79' },
    });
  return out;
}

export function geometryOf(l: LayerInfo): 'polygon' | 'line' | 'point' {
  const g = (l.geometry ?? '').toLowerCase();
  if (g.includes('polygon')) return 'polygon';
  if (g.includes('line')) return 'line';
  return 'point';
}

function ofGeometry(all: LayerInfo[], g: string): LayerInfo[] {
  return [...all].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)).filter((l) => geometryOf(l) === g);
}

// The line layers in drawing order (the first is where an overlay goes under the lines).
export function townLineLayers(all: LayerInfo[]): LayerInfo[] {
  return ofGeometry(all, 'line');
}

// Every layer in the plan's order (sort_order), polygons under lines under points, labels on top.
export function townLayers(all: LayerInfo[]): LayerSpecification[] {
  const by = (g: string) => ofGeometry(all, g);
  return [
    ...by('polygon').flatMap(polygonLayers),
    ...by('line').flatMap(lineLayers),
    ...by('point').flatMap(pointLayers),
    ...labelLayers(all),
  ];
}

export function townStyle(all: LayerInfo[], tj: TileJson, asOf?: string): StyleSpecification {
  return {
    version: 8,
    sources: { [SOURCE]: townSource(tj, asOf) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#F4F1EA' } },
      ...townLayers(all),
    ],
  };
}

// The layer ids a click may identify: every tracked layer's own features.
export function clickableLayers(all: LayerInfo[]): string[] {
  return all
    .filter((l) => l.tracked)
    .flatMap((l) => {
      const g = geometryOf(l);
      return g === 'polygon' ? [`${l.id}-fill`] : g === 'line' ? [`${l.id}-line`, `${l.id}-done`] : [`${l.id}-point`];
    });
}
