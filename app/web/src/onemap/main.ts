// The one-map view (/): the town's map, KPI tiles, targets by state, the lagging list and the
// village ranking as of a date, a compare date, live changes and a big-screen mode
// (?big=1[&rotate=SECONDS]) for a meeting-room display.
import { api, ApiError, layers as fetchLayers, logout, savedSession, statusQuery, type Status, type Target } from '../common/api';
import { $, h, replace, todayIso } from '../common/dom';
import { askLogin } from '../common/login';
import { lang, pick, switchLang, t } from '../common/i18n';
import type { TileJson } from '../common/mapstyle';
import { showCard, showTarget } from './card';
import { renderGrid, renderKpis, renderLagging } from './dashboard';
import { followLive } from './live';
import { rankableTargets, renderRanking, resizeRanking } from './ranking';
import { createTownMap, type TownMap } from './townmap';

const params = new URLSearchParams(location.search);
const big = params.has('big');
const state = {
  asOf: params.get('as_of') ?? '',
  compare: params.get('compare') ?? '',
  rankBy: params.get('rank') ?? 'river_remediation',
  theme: params.get('theme') ?? 'status',
};
let status: Status | null = null;
let planTargets = new Map<string, Record<string, unknown>>();
let town: TownMap | null = null;

async function withLogin<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    await askLogin($('#login'), `PlanMap · ${t.onemap}`);
    return load();
  }
}

function header(title: string, synthetic: boolean): void {
  const asOf = h('input', { type: 'date', value: state.asOf, 'aria-label': t.asOf, max: todayIso() });
  const compare = h('input', { type: 'date', value: state.compare, 'aria-label': t.compare, max: todayIso() });
  asOf.addEventListener('change', () => setDates(asOf.value, state.compare));
  compare.addEventListener('change', () => setDates(state.asOf, compare.value));
  const theme = h(
    'select',
    { 'aria-label': t.theme, name: 'theme' },
    h('option', { value: 'status', selected: state.theme === 'status' }, t.themeStatus),
    h('option', { value: 'villages', selected: state.theme === 'villages' }, t.themeVillages),
  );
  theme.addEventListener('change', () => {
    state.theme = theme.value;
    town?.setVillageShares(status?.villages, state.theme === 'villages' ? state.rankBy : null);
  });
  const session = savedSession();
  replace(
    $('#bar'),
    h('h1', { id: 'title' }, title, synthetic ? h('span', { class: 'synthetic' }, t.synthetic) : null),
    h('span', { id: 'live', class: 'live' }),
    h(
      'div',
      { class: 'controls' },
      h('label', {}, t.asOf, asOf),
      h('label', {}, t.compare, compare),
      h('label', {}, t.theme, theme),
      h('a', { class: 'button', href: `?big=1&lang=${lang}` }, t.bigScreen),
      h('a', { class: 'button', href: '/field' }, t.field),
      h('button', { type: 'button', onclick: switchLang }, t.language),
      session ? h('button', { type: 'button', onclick: () => logout().then(() => location.reload()) }, `${t.logout} ${session.user}`) : null,
    ),
    big ? h('span', { id: 'clock' }) : null,
  );
}

async function loadStatus(): Promise<void> {
  // The compare date's figures are a second status as of that date (the server's compare= rides on
  // planmap-cli status, which has no --compare yet).
  const [now, then] = await Promise.all([
    api<Status>(statusQuery(state.asOf || undefined, undefined, 'village')),
    state.compare ? api<Status>(statusQuery(state.compare)) : Promise.resolve(null),
  ]);
  status = now;
  renderKpis($('#kpis'), now, then);
  renderLagging($('#lagging-box'), now, planTargets);
  renderGrid($('#grid'), now, (x: Target) => showTarget($('#card'), x));
  renderRankingBox();
  town?.setVillageShares(now.villages, state.theme === 'villages' ? state.rankBy : null);
}

function renderRankingBox(): void {
  if (!status) return;
  if (!rankableTargets(status).some((x) => x.id === state.rankBy)) state.rankBy = rankableTargets(status)[0]?.id ?? '';
  renderRanking($('#ranking'), status, state.rankBy, (id) => {
    state.rankBy = id;
    renderRankingBox();
    town?.setVillageShares(status?.villages, state.theme === 'villages' ? id : null);
  }, big);
}

async function setDates(asOf: string, compare: string): Promise<void> {
  state.asOf = asOf;
  state.compare = compare;
  const url = new URL(location.href);
  for (const [k, v] of [['as_of', asOf], ['compare', compare]]) v ? url.searchParams.set(k, v) : url.searchParams.delete(k);
  history.replaceState(null, '', url);
  town?.setAsOf(asOf || undefined);
  await loadStatus();
}

function startBigScreen(): void {
  document.body.classList.add('big', 'view-overview');
  const seconds = Math.max(5, Number(params.get('rotate') ?? 30));
  const clock = () => {
    const el = document.getElementById('clock');
    if (el) el.textContent = new Date().toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  };
  clock();
  window.setInterval(clock, 10_000);
  window.setInterval(() => {
    const lagging = document.body.classList.toggle('view-lagging');
    document.body.classList.toggle('view-overview', !lagging);
    town?.map.resize();
    resizeRanking();
  }, seconds * 1000);
}

async function start(): Promise<void> {
  if (big) startBigScreen();
  const plan = await withLogin(() => api<{ targets?: Array<Record<string, unknown>> }>('/api/v1/plan'));
  planTargets = new Map((plan.targets ?? []).map((x) => [String(x.id), x]));
  const [layerList, tj, first] = await Promise.all([
    fetchLayers(),
    api<TileJson>('/tiles/all.json'),
    api<Status>(statusQuery(state.asOf || undefined, undefined, 'village')),
  ]);
  header(pick(first as unknown as Record<string, unknown>, 'title'), first.synthetic === true);
  document.title = `${pick(first as unknown as Record<string, unknown>, 'title')} · PlanMap`;
  const layerName = (id: string) => {
    const l = layerList.find((x) => x.id === id);
    return l ? pick(l as unknown as Record<string, unknown>, 'name') : id;
  };
  const onFeature = (_layer: string, id: number) => showCard($('#card'), id, layerName, state.asOf || undefined);
  town = createTownMap($('#map'), layerList, tj, onFeature, state.asOf || undefined);
  await loadStatus();
  // Once now, and once more a little later: while the server re-reads its figures after a change,
  // a request that arrives meanwhile is answered with those of before.
  let again: number | undefined;
  followLive($('#live'), () => {
    town?.refresh();
    void loadStatus();
    window.clearTimeout(again);
    again = window.setTimeout(() => {
      town?.refresh();
      void loadStatus();
    }, 1500);
  });
  window.addEventListener('resize', resizeRanking);
  await town.loaded;
  document.body.dataset.ready = '1';
}

start().catch((err) => {
  document.body.dataset.error = String(err?.message ?? err);
  replace($('#panel'), h('p', { class: 'error' }, String(err?.message ?? err)));
});
