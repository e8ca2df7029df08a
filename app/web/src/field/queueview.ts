// The visible queue: every mark and photo with its state, the server's reason for a refusal, and
// a banner on every tab while a refusal is not yet acknowledged.
import { h, num, replace } from '../common/dom';
import { t } from '../common/i18n';
import * as queue from './queue';
import type { QueueItem } from './queue';

const STATE_TEXT = (i: QueueItem): string =>
  i.state === 'sent'
    ? t.stateSent
    : i.state === 'refused'
      ? t.stateRefused
      : i.state === 'sending'
        ? t.stateSending
        : i.error
          ? t.stateRetry
          : t.stateWaiting;

// A photo's warnings from the server (taken far from the feature, no position, …).
function warningOf(i: QueueItem): string | null {
  const w = (i.result as Record<string, unknown> | null | undefined)?.warnings;
  if (Array.isArray(w) && w.length) return w.map(String).join('; ');
  return typeof w === 'string' && w ? w : null;
}

function row(i: QueueItem): HTMLElement {
  return h(
    'li',
    { class: i.state, 'data-id': i.id, 'data-state': i.state },
    h('div', {}, h('b', {}, i.kind === 'photo' ? `${t.photo} · ${i.label}` : i.label)),
    h('div', { class: 'state' }, STATE_TEXT(i), i.tries > 1 ? ` (${i.tries})` : ''),
    i.error && i.state !== 'sent' ? h('div', { class: i.state === 'refused' ? 'reason' : 'track-stats' }, i.error) : null,
    warningOf(i) ? h('div', { class: 'warn' }, warningOf(i)) : null,
    i.state === 'refused' ? h('button', { type: 'button', onclick: () => void queue.remove(i.id) }, t.dismiss) : null,
  );
}

export async function renderQueue(root: HTMLElement, retry: () => void): Promise<QueueItem[]> {
  const items = await queue.all();
  replace(
    root,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: retry }, t.retryNow),
      h('span', { class: 'track-stats', id: 'tiles-saved' }, `${t.tilesSaved}: ${localStorage.getItem('planmap.tiles') ?? 0}`),
    ),
    items.length ? h('ul', { class: 'queue' }, ...[...items].reverse().map(row)) : h('p', { class: 'empty' }, t.queueEmpty),
  );
  return items;
}

export function renderBanner(root: HTMLElement, items: QueueItem[], show: () => void): void {
  const refused = items.filter((i) => i.state === 'refused');
  if (!refused.length) {
    root.replaceChildren();
    return;
  }
  replace(
    root,
    h(
      'div',
      { class: 'banner', role: 'alert', onclick: show },
      h('b', {}, t.refusedBanner),
      h('ul', {}, ...refused.map((i) => h('li', {}, `${i.label}: `, h('span', { class: 'reason' }, i.error ?? '')))),
    ),
  );
}
