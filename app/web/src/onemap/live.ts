// Live changes from /api/v1/live (Server-Sent Events): each one re-reads the figures and the tiles,
// several arriving together once.
import { h } from '../common/dom';
import { t } from '../common/i18n';

export function followLive(indicator: HTMLElement, onChange: (data: unknown) => void): EventSource {
  const source = new EventSource('/api/v1/live', { withCredentials: true });
  let timer: number | undefined;
  let last: unknown = null;
  const changed = (e: MessageEvent) => {
    try {
      last = JSON.parse(e.data);
    } catch {
      last = e.data;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(() => onChange(last), 150);
  };
  source.onmessage = changed;
  for (const type of ['event', 'change', 'mark', 'edit', 'measurement']) source.addEventListener(type, changed);
  source.onopen = () => {
    indicator.className = 'live on';
    indicator.replaceChildren(h('span', { class: 'dot' }), t.live);
    indicator.title = '';
  };
  source.onerror = () => {
    indicator.className = 'live off';
    indicator.title = t.liveOff;
  };
  return source;
}
