// The village ranking: one target's percent done per village, from /api/v1/status?by=village.
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Status } from '../common/api';
import { h, num, replace } from '../common/dom';
import { pick, t } from '../common/i18n';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

let chart: echarts.ECharts | null = null;

// Targets that have features in villages, to choose the ranking (and the map theme) by.
export function rankableTargets(status: Status): Array<{ id: string; name: string }> {
  const v = status.villages?.[0];
  if (!v) return [];
  return status.targets
    .filter((x) => x.layer && status.villages!.some((vv) => (vv.targets.find((y) => y.id === x.id)?.features_total ?? 0) > 0))
    .map((x) => ({ id: x.id, name: pick(x, 'name') }));
}

export function renderRanking(
  root: HTMLElement,
  status: Status,
  targetId: string,
  onTarget: (id: string) => void,
  big: boolean,
): void {
  const rows = (status.villages ?? [])
    .map((v) => ({ name: v.name, t: v.targets.find((x) => x.id === targetId) }))
    .filter((r) => r.t && (r.t.features_total ?? 0) > 0)
    .sort((a, b) => (a.t!.percent ?? 0) - (b.t!.percent ?? 0));
  const select = h(
    'select',
    { 'aria-label': t.rankingBy, onchange: (e: Event) => onTarget((e.target as HTMLSelectElement).value) },
    ...rankableTargets(status).map((x) => h('option', { value: x.id, selected: x.id === targetId }, x.name)),
  );
  const box = h('div', { class: 'chart', style: `height:${Math.max(160, rows.length * (big ? 34 : 22) + 40)}px` });
  chart?.dispose();
  // On the big screen nobody picks: the target's name stands where the choice would be.
  const by = big ? (rankableTargets(status).find((x) => x.id === targetId)?.name ?? '') : select;
  replace(root, h('h2', {}, t.ranking, ' ', h('span', { class: 'by' }, t.rankingBy, ' ', by)), box);
  chart = echarts.init(box, undefined, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: big ? 160 : 96, right: 48, top: 8, bottom: 8 },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${num(Number(v), 1)}%` },
    xAxis: { type: 'value', max: 100, show: false },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { fontSize: big ? 20 : 12 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.t!.percent),
        itemStyle: { color: '#009E73' },
        label: { show: true, position: 'right', fontSize: big ? 18 : 11, formatter: (p: { value: unknown }) => `${num(Number(p.value), 0)}%` },
      },
    ],
  });
}

export function resizeRanking(): void {
  chart?.resize();
}
