// planmap-server's API (JSON over HTTP, a session cookie). Every figure shown comes from here.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Session {
  user: string;
  role: string;
}

export interface Target {
  id: string;
  group: string;
  name_zh: string;
  name_en: string;
  kind: string;
  comparator: string;
  goal: number;
  value: number | null;
  unit: string;
  unit_en: string;
  percent: number | null;
  met: boolean;
  layer?: string;
  features_done?: number;
  features_total?: number;
  state?: string; // done, on_track, behind, will_miss, missed (the server's schedule)
  expected?: number; // the value the schedule asks for at the as-of date
  lead_units?: string[] | string;
  lead?: string[] | string | null;
  support?: string[];
  compare?: { value: number | null; percent: number | null };
  [key: string]: unknown;
}

export interface Village {
  id: number;
  name: string;
  targets: Target[];
}

export interface Status {
  title_zh: string;
  title_en: string;
  doc_number?: string;
  synthetic?: boolean;
  as_of: string | null;
  compare?: string | null;
  targets: Target[];
  villages?: Village[];
}

export interface LayerInfo {
  id: string;
  name_zh?: string;
  name_en?: string;
  geometry?: string;
  tracked?: boolean;
  sort_order?: number;
  count?: number;
}

export interface HistoryEvent {
  uuid: string;
  kind: string;
  status: string;
  date: string;
  user: string;
  note?: string;
  from_m?: number | null;
  to_m?: number | null;
  attachments?: Array<{ url?: string; thumbnail?: string; thumbnail_url?: string; name?: string } | string>;
  photos?: Array<{ url?: string; thumbnail?: string; thumbnail_url?: string } | string>;
}

export interface FeatureInfo {
  id: number;
  code?: string;
  name?: string;
  layer: string;
  status: string;
  length_m?: number;
  area_m2?: number;
  done_m?: number;
  [key: string]: unknown;
}

async function errorOf(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(res.status, message);
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function postJson<T>(path: string, body: unknown, method = 'POST'): Promise<T> {
  return api<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const SESSION_KEY = 'planmap.session';

export function savedSession(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export async function login(user: string, password: string): Promise<Session> {
  const body = await postJson<Record<string, unknown>>('/api/v1/session', { user, password });
  const u = (body.user ?? {}) as Record<string, unknown>;
  const session: Session = {
    user: String(typeof body.user === 'string' ? body.user : (u.name ?? user)),
    role: String(body.role ?? u.role ?? ''),
  };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export async function logout(): Promise<void> {
  localStorage.removeItem(SESSION_KEY);
  await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
}

export function statusQuery(asOf?: string, compare?: string, by?: string): string {
  const q = new URLSearchParams();
  if (asOf) q.set('as_of', asOf);
  if (by) q.set('by', by);
  if (compare) q.set('compare', compare);
  const s = q.toString();
  return '/api/v1/status' + (s ? '?' + s : '');
}

export async function layers(): Promise<LayerInfo[]> {
  const body = await api<LayerInfo[] | { layers: LayerInfo[] }>('/api/v1/layers');
  return Array.isArray(body) ? body : body.layers;
}

// A photo reference as the API gives it: a URL string or an object with one.
export function photoUrls(p: unknown): { full: string; thumb: string } | null {
  if (typeof p === 'string') return { full: p, thumb: p };
  if (p && typeof p === 'object') {
    const o = p as Record<string, string>;
    const full = o.url ?? o.href;
    if (!full) return null;
    return { full, thumb: o.thumbnail_url ?? o.thumbnail ?? o.thumb ?? full };
  }
  return null;
}
