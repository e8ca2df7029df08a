// The offline queue: marks and photos wait in IndexedDB until the server has taken them. A record
// leaves the "waiting" state only for "sent" (the server stored it) or "refused" (the server said
// no, with its reason, shown to the user); a network failure or a server error leaves it waiting.

export type ItemState = 'waiting' | 'sending' | 'sent' | 'refused';

export interface MarkBody {
  uuid: string;
  feature: number;
  status: string;
  kind?: string;
  date: string;
  note?: string;
  from_m?: number;
  to_m?: number;
}

export interface QueueItem {
  id: string; // the mark's uuid, or the photo's own id
  seq: number;
  kind: 'mark' | 'photo';
  label: string; // what the user sees: feature name, status, stretch
  mark?: MarkBody;
  markUuid?: string; // a photo's mark
  photo?: Blob;
  state: ItemState;
  error?: string;
  tries: number;
  nextTry: number; // ms since the epoch
  result?: unknown; // the server's answer (the stored event, a photo's distance warning)
}

const DB = 'planmap-field';
const STORE = 'queue';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
function db(): Promise<IDBDatabase> {
  dbPromise ??= open();
  return dbPromise;
}

async function run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export async function all(): Promise<QueueItem[]> {
  const items = await run<QueueItem[]>('readonly', (s) => s.getAll() as IDBRequest<QueueItem[]>);
  return items.sort((a, b) => a.seq - b.seq);
}

export async function put(item: QueueItem): Promise<void> {
  await run('readwrite', (s) => s.put(item));
  notify();
}

export async function remove(id: string): Promise<void> {
  await run('readwrite', (s) => s.delete(id));
  notify();
}

export async function enqueue(item: Omit<QueueItem, 'seq' | 'state' | 'tries' | 'nextTry'>): Promise<QueueItem> {
  const full: QueueItem = { ...item, seq: Date.now() + Math.random(), state: 'waiting', tries: 0, nextTry: 0 };
  await put(full);
  return full;
}

const listeners = new Set<() => void>();
export function onChange(f: () => void): void {
  listeners.add(f);
}
function notify(): void {
  for (const f of listeners) f();
}
