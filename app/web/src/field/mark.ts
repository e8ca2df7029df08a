// Marking one feature: forward-only status buttons (a correction backwards needs a reason), and on
// a river a stretch by walking it, by tapping its start and end on the map, or by typed chainages;
// a photo goes with the mark. Everything is queued first and sent by the queue.
import { h, num, replace, todayIso } from '../common/dom';
import { statusName, t } from '../common/i18n';
import type { FieldMap } from './fieldmap';
import { lines, points } from './fieldmap';
import { linesOf, pathLength, project, slice, type LonLat } from './geo';
import { matchTrack, TrackFilter, type Fix, type Stretch } from './gps';
import type { FieldFeature } from './near';

const ORDER = ['planned', 'in_progress', 'completed', 'accepted'];

export interface MarkRequest {
  status: string;
  kind?: 'correction'; // a status backwards, with the reason as its note
  date: string;
  note: string;
  stretches: Stretch[];
  photo: File | null;
  original: boolean;
}

export interface MarkContext {
  feature: FieldFeature;
  fmap: FieldMap;
  canMark: boolean;
  subscribe(f: ((fix: Fix) => void) | null): void;
  submit(req: MarkRequest): Promise<void>;
}

function riverLine(f: FieldFeature): LonLat[] {
  return linesOf(f.geometry).sort((a, b) => b.length - a.length)[0] ?? [];
}

interface Form {
  date: HTMLInputElement;
  note: HTMLInputElement;
  photo: HTMLInputElement;
  original: HTMLInputElement;
}

function commonFields(): [Form, HTMLElement] {
  const form: Form = {
    date: h('input', { type: 'date', value: todayIso(), max: todayIso(), name: 'date' }),
    note: h('input', { type: 'text', name: 'note', placeholder: t.note }),
    photo: h('input', { type: 'file', accept: 'image/jpeg,image/*', capture: 'environment', name: 'photo' }),
    original: h('input', { type: 'checkbox', name: 'original' }),
  };
  const el = h(
    'div',
    { class: 'panel' },
    h('label', { class: 'row' }, t.date, form.date),
    h('label', { class: 'row' }, t.note, form.note),
    h('label', { class: 'row' }, t.photo, form.photo),
    h('label', { class: 'row' }, form.original, t.originalSize),
  );
  return [form, el];
}

function request(form: Form, status: string, stretches: Stretch[], note = form.note.value): MarkRequest {
  return {
    status,
    date: form.date.value || todayIso(),
    note,
    stretches,
    photo: form.photo.files?.[0] ?? null,
    original: form.original.checked,
  };
}

function statusPanel(ctx: MarkContext, form: Form): HTMLElement {
  const at = ORDER.indexOf(ctx.feature.status);
  const reason = h('input', { type: 'text', name: 'reason', placeholder: t.reason });
  const correction = h('input', { type: 'checkbox', name: 'correction' });
  const buttons = h('div', { class: 'statusbuttons' });
  const draw = () => {
    const allowed = ORDER.filter((_, i) => (correction.checked ? i < at : i > at));
    replace(
      buttons,
      ...allowed.map((s) =>
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            'data-status': s,
            disabled: !ctx.canMark,
            onclick: () => {
              if (correction.checked && !reason.value.trim()) return reason.focus();
              if (!correction.checked) return void ctx.submit(request(form, s, []));
              void ctx.submit({ ...request(form, s, [], reason.value.trim()), kind: 'correction' });
            },
          },
          statusName(s),
        ),
      ),
    );
  };
  correction.addEventListener('change', draw);
  draw();
  return h('div', { class: 'panel' }, h('b', {}, t.setStatus), buttons, h('label', { class: 'row' }, correction, t.correction), reason);
}

function stretchList(root: HTMLElement, ctx: MarkContext, form: Form, line: LonLat[], stretches: Stretch[]): void {
  const total = ctx.feature.length_m ?? 0;
  const scale = total > 0 ? total / Math.max(1e-9, pathLength(line)) : 1;
  ctx.fmap.show('stretch', lines(stretches.map((s) => slice(line, s.from_m / scale, s.to_m / scale))));
  replace(
    root,
    stretches.length === 0
      ? h('p', { class: 'warn' }, t.noStretch)
      : h(
          'div',
          { class: 'panel', id: 'proposal' },
          h('b', {}, t.proposed),
          ...stretches.map((s) => h('div', { class: 'stretch' }, `${num(s.from_m, 1)} – ${num(s.to_m, 1)} m`)),
          h('button', { type: 'button', class: 'primary', id: 'submit-stretch', disabled: !ctx.canMark, onclick: () => void ctx.submit(request(form, 'completed', stretches)) }, t.submit),
        ),
  );
}

function walkPanel(ctx: MarkContext, form: Form, line: LonLat[], out: HTMLElement): HTMLElement {
  const acc = h('input', { type: 'number', name: 'accuracy', value: 20, min: 1 });
  const speed = h('input', { type: 'number', name: 'speed', value: 15, min: 1 });
  const stats = h('div', { class: 'track-stats', id: 'track-stats' });
  const button = h('button', { type: 'button', class: 'primary', id: 'walk' }, t.start);
  let filter: TrackFilter | null = null;
  const showStats = (f: TrackFilter) => {
    const byAcc = f.dropped.filter((d) => d.reason === 'accuracy').length;
    stats.textContent = `${t.kept} ${f.kept.length} · ${t.dropped} ${f.dropped.length} (${t.droppedAccuracy} ${byAcc}, ${t.droppedSpeed} ${f.dropped.length - byAcc})`;
    stats.dataset.kept = String(f.kept.length);
    stats.dataset.dropped = String(f.dropped.length);
    ctx.fmap.show('kept', points(f.kept.map((k) => k.lonLat)));
    ctx.fmap.show('dropped', points(f.dropped.map((k) => k.lonLat)));
  };
  button.addEventListener('click', () => {
    if (!filter) {
      filter = new TrackFilter(Number(acc.value) || 20, Number(speed.value) || 15);
      const f = filter;
      ctx.subscribe((fix) => {
        f.add(fix);
        showStats(f);
      });
      button.textContent = t.stop;
      showStats(f);
      return;
    }
    ctx.subscribe(null);
    button.textContent = t.start;
    stretchList(out, ctx, form, line, matchTrack(line, ctx.feature.length_m ?? 0, filter.kept));
    filter = null;
  });
  return h(
    'div',
    { class: 'panel' },
    h('b', {}, t.walk),
    h('div', { class: 'row' }, h('label', {}, t.threshold, ' ', acc), h('label', {}, 'm/s ', speed)),
    h('div', { class: 'row' }, button),
    stats,
  );
}

function tapAndTypePanel(ctx: MarkContext, form: Form, line: LonLat[], out: HTMLElement): HTMLElement {
  const total = ctx.feature.length_m ?? 0;
  const scale = total / Math.max(1e-9, pathLength(line));
  const from = h('input', { type: 'number', name: 'from', min: 0, max: total, step: 'any' });
  const to = h('input', { type: 'number', name: 'to', min: 0, max: total, step: 'any' });
  let taps: number[] = [];
  ctx.fmap.onTap = (p) => {
    const c = Math.round(project(line, p).chainage * scale * 10) / 10;
    taps = taps.length >= 2 ? [c] : [...taps, c];
    ctx.fmap.show('kept', points(taps.map((x) => slice(line, x / scale, x / scale)[0]).filter(Boolean)));
    if (taps.length === 2) {
      from.value = String(Math.min(...taps));
      to.value = String(Math.max(...taps));
      propose();
    }
  };
  const propose = () => {
    const a = Number(from.value);
    const b = Number(to.value);
    if (!(from.value && to.value && b - a >= 0.001 && a >= 0 && b <= total + 0.001)) return void (out.textContent = t.badChainage);
    stretchList(out, ctx, form, line, [{ from_m: a, to_m: b }]);
  };
  return h(
    'div',
    { class: 'panel' },
    h('b', {}, t.tapStartEnd),
    h('b', {}, t.chainages),
    h('div', { class: 'row' }, h('label', {}, t.from, ' ', from), h('label', {}, t.to, ' ', to), h('button', { type: 'button', id: 'propose', onclick: propose }, '→')),
  );
}

export function renderMark(root: HTMLElement, ctx: MarkContext): void {
  const f = ctx.feature;
  const [form, fields] = commonFields();
  const isLine = f.geometry.type.includes('LineString');
  const out = h('div', { id: 'stretches' });
  const line = isLine ? riverLine(f) : [];
  ctx.fmap.show('picked', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: f.geometry as GeoJSON.Geometry }] });
  ctx.fmap.show('stretch', lines([]));
  ctx.fmap.show('kept', points([]));
  ctx.fmap.show('dropped', points([]));
  ctx.fmap.onTap = null;
  const [w, s, n, e] = bboxOf(linesOf(f.geometry).flat());
  ctx.fmap.map.fitBounds([w, s, n, e], { padding: 40, maxZoom: 17, duration: 0 });
  replace(
    root,
    h(
      'div',
      { class: 'panel', id: 'picked', 'data-feature': f.id },
      h('b', {}, f.name || f.code, ' '),
      h('span', { class: 'track-stats' }, `${f.layerName} · ${statusName(f.status)}`),
      isLine ? h('div', { class: 'track-stats' }, `${num(f.done_m ?? 0, 0)} / ${num(f.length_m ?? 0, 0)} m`) : null,
    ),
    ctx.canMark ? null : h('p', { class: 'banner', id: 'cannot-mark' }, t.leaderCannotMark),
    statusPanel(ctx, form),
    isLine ? walkPanel(ctx, form, line, out) : null,
    isLine ? tapAndTypePanel(ctx, form, line, out) : null,
    isLine ? out : null,
    fields,
  );
}

function bboxOf(pts: LonLat[]): [number, number, number, number] {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
