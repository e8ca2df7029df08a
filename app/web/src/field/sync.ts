// Sends the queue, oldest first: a mark as POST /api/v1/events with its client-made uuid (the
// server stores a uuid once, so a mark sent twice after a lost answer is still one event), then
// its photos. Runs when the app starts, when the network returns, every 15 s and on demand.
import * as queue from './queue';
import type { QueueItem } from './queue';

let running = false;
let needLogin: (() => void) | null = null;
let serverReached = true;
let reachListener: (() => void) | null = null;

export function reachable(): boolean {
  return serverReached;
}
export function onReachable(f: () => void): void {
  reachListener = f;
}
function reached(yes: boolean): void {
  if (yes === serverReached) return;
  serverReached = yes;
  reachListener?.();
}

export function onNeedLogin(f: () => void): void {
  needLogin = f;
}

// A refusal is final (the user must see it); anything else is tried again later.
function finalRefusal(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

async function errorText(res: Response): Promise<string> {
  try {
    const body = await res.json();
    if (typeof body?.error === 'string') return body.error;
  } catch {
    // not JSON
  }
  return `${res.status} ${res.statusText}`;
}

async function send(item: QueueItem): Promise<Response> {
  if (item.kind === 'mark')
    return fetch('/api/v1/events', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(item.mark),
    });
  return fetch(`/api/v1/events/${item.markUuid}/photos`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'image/jpeg', 'X-Photo-Id': item.id },
    body: item.photo,
  });
}

async function sendOne(item: QueueItem): Promise<'ok' | 'stop' | 'later'> {
  item.state = 'sending';
  item.tries += 1;
  await queue.put(item);
  let res: Response;
  try {
    res = await send(item);
    reached(true);
  } catch (err) {
    reached(false);
    item.state = 'waiting';
    item.error = String((err as Error).message ?? err);
    item.nextTry = Date.now() + Math.min(60_000, 2000 * 2 ** Math.min(item.tries, 5));
    await queue.put(item);
    return 'stop'; // the network is down: the rest would fail the same way
  }
  if (res.ok) {
    item.state = 'sent';
    item.error = undefined;
    item.result = await res.json().catch(() => null);
    item.photo = undefined; // the server has it; the phone's storage is not the archive
    await queue.put(item);
    return 'ok';
  }
  item.error = await errorText(res);
  item.state = finalRefusal(res.status) ? 'refused' : 'waiting';
  item.nextTry = Date.now() + Math.min(60_000, 2000 * 2 ** Math.min(item.tries, 5));
  await queue.put(item);
  if (res.status === 401) needLogin?.();
  return res.status === 401 ? 'stop' : 'later';
}

export async function drain(force = false): Promise<void> {
  if (running) return;
  running = true;
  try {
    const items = await queue.all();
    const state = new Map(items.map((i) => [i.id, i.state]));
    for (const item of items) {
      if (item.state !== 'waiting' && item.state !== 'sending') continue;
      if (!force && item.nextTry > Date.now()) continue;
      if (item.kind === 'photo' && state.get(item.markUuid!) !== 'sent') {
        if (state.get(item.markUuid!) === 'refused') await refuseOrphan(item);
        continue;
      }
      const r = await sendOne(item);
      state.set(item.id, item.state);
      if (r === 'stop') break;
    }
  } finally {
    running = false;
  }
}

async function refuseOrphan(item: QueueItem): Promise<void> {
  item.state = 'refused';
  item.error = 'mark refused';
  await queue.put(item);
}

export function startSync(): void {
  window.addEventListener('online', () => void drain(true));
  window.setInterval(() => void drain(), 15_000);
  void drain(true);
}
