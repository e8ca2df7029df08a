// KPI tiles per group, the targets by state, the lagging list with lead units. Every figure is
// read from /api/v1/status (and the lead units from /api/v1/plan); nothing is recomputed here.
import type { Status, Target } from '../common/api';
import { h, num, replace } from '../common/dom';
import { pick, t, unitOf } from '../common/i18n';

export type State = 'done' | 'on_track' | 'behind' | 'will_miss' | 'missed' | 'no_data' | 'not_met';

// The server's schedule state where it gives one; otherwise only what the status says: met or not.
export function stateOf(target: Target): State {
  if (target.state) return target.state as State;
  if (target.met) return 'done';
  return target.value === null ? 'no_data' : 'not_met';
}

export function stateLabel(s: State): string {
  const names: Record<State, string> = {
    done: t.done,
    on_track: t.onTrack,
    behind: t.behind,
    will_miss: t.willMiss,
    missed: t.missed,
    no_data: t.noData,
    not_met: t.notMet,
  };
  return names[s] ?? s;
}

function figure(target: Target): string {
  return `${num(target.value)} / ${num(target.goal)} ${unitOf(target)}`;
}

// Headline tiles: the physical targets with a layer (river km, forest mu, …), then each group.
export function renderKpis(root: HTMLElement, status: Status, then: Status | null): void {
  const groups = [...new Set(status.targets.map((x) => x.group))];
  const headline = status.targets.filter((x) => x.kind === 'length' || x.kind === 'area');
  const thenOf = (id: string) => then?.targets.find((x) => x.id === id);
  const head = h(
    'div',
    { class: 'kpis-head' },
    ...headline.map((x) =>
      h(
        'div',
        { class: 'kpi headline', 'data-target': x.id, 'data-value': String(x.value) },
        h('div', { class: 'kpi-name' }, pick(x, 'name')),
        h('div', { class: 'kpi-value' }, h('span', { class: 'value' }, num(x.value)), ` / ${num(x.goal)} ${unitOf(x)}`),
        bar(x.percent),
        h('div', { class: 'kpi-sub' }, `${num(x.percent, 1)}%`, compareNote(thenOf(x.id))),
      ),
    ),
  );
  const byGroup = h(
    'div',
    { class: 'kpis-groups' },
    ...groups.map((g) => {
      const of = status.targets.filter((x) => x.group === g);
      const met = of.filter((x) => x.met).length;
      return h(
        'div',
        { class: 'kpi', 'data-group': g },
        h('div', { class: 'kpi-name' }, t.groups[g] ?? g),
        h('div', { class: 'kpi-value' }, h('span', { class: 'value' }, met), ` / ${of.length}`),
        h('div', { class: 'kpi-sub' }, `${t.met} · ${of.length} ${t.targets}`),
      );
    }),
  );
  replace(root, head, byGroup);
}

function compareNote(then: Target | undefined): HTMLElement | null {
  if (!then) return null;
  return h('span', { class: 'then' }, ` (${t.compare}: ${num(then.percent, 1)}%)`);
}

function bar(percent: number | null): HTMLElement {
  const w = Math.max(0, Math.min(100, percent ?? 0));
  return h('div', { class: 'bar' }, h('div', { style: `width:${w}%` }));
}

const STATE_ORDER: State[] = ['missed', 'will_miss', 'behind', 'not_met', 'on_track', 'no_data', 'done'];

export function renderGrid(root: HTMLElement, status: Status, onPick: (x: Target) => void): void {
  const present = STATE_ORDER.filter((s) => status.targets.some((x) => stateOf(x) === s));
  replace(
    root,
    h('h2', {}, t.targetsByState, h('span', { class: 'count' }, ` ${status.targets.length}`)),
    ...present.map((s) => {
      const of = status.targets.filter((x) => stateOf(x) === s);
      return h(
        'div',
        { class: `state-row state-${s}` },
        h('div', { class: 'state-name' }, `${stateLabel(s)} ${of.length}`),
        h(
          'div',
          { class: 'cells' },
          ...of.map((x) =>
            h(
              'button',
              { class: 'cell', title: `${pick(x, 'name')}\n${figure(x)}`, 'data-target': x.id, onclick: () => onPick(x) },
              h('span', { class: 'cell-name' }, pick(x, 'name')),
              h('span', { class: 'cell-pct' }, `${num(x.percent, 0)}%`),
            ),
          ),
        ),
      );
    }),
  );
}

function leadOf(x: Target, plan: Map<string, Record<string, unknown>>): string {
  const p = plan.get(x.id) ?? {};
  const raw = x.lead_units ?? x.lead ?? p.lead_units ?? p.lead ?? p.lead_unit;
  if (Array.isArray(raw)) return raw.map(String).join('、');
  return raw ? String(raw) : '';
}

// The worst first: by the server's state (missed, will miss, behind), then the lowest percent done.
export function lagging(status: Status): Target[] {
  const bad = STATE_ORDER.slice(0, 4);
  return status.targets
    .filter((x) => bad.includes(stateOf(x)))
    .sort((a, b) => bad.indexOf(stateOf(a)) - bad.indexOf(stateOf(b)) || (a.percent ?? 0) - (b.percent ?? 0))
    .slice(0, 10);
}

export function renderLagging(root: HTMLElement, status: Status, plan: Map<string, Record<string, unknown>>): void {
  const list = lagging(status);
  replace(
    root,
    h('h2', {}, t.lagging),
    list.length === 0
      ? h('p', { class: 'empty' }, t.noLagging)
      : h(
          'ol',
          { class: 'lagging' },
          ...list.map((x) =>
            h(
              'li',
              { 'data-target': x.id },
              h('div', { class: 'lag-name' }, pick(x, 'name')),
              h('div', { class: 'lag-figure' }, figure(x), h('b', {}, ` ${num(x.percent, 1)}%`), h('span', { class: 'lag-state' }, ` · ${stateLabel(stateOf(x))}`)),
              bar(x.percent),
              leadOf(x, plan) ? h('div', { class: 'lag-lead' }, `${t.leadUnits}: ${leadOf(x, plan)}`) : null,
            ),
          ),
        ),
  );
}
