/** Client for monitoring queries, dashboards, shared links, crisis alerts and search (docs/listening.md). */
import { ApiError, query, request, ws } from '../../../api.js';
import type { Item } from '../../../listeningApi.js';

export type Sentiment = 'negative' | 'neutral' | 'positive' | 'unknown';
export const QUERY_KINDS = ['brand', 'product', 'competitor', 'topic'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export const INTENTS = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;
export const CHARTS = ['volume', 'sentiment', 'channels', 'share_of_voice', 'keywords', 'word_cloud', 'top_posts', 'top_authors'] as const;
export type Chart = (typeof CHARTS)[number];

export interface AlertSettings {
  enabled: boolean;
  sensitivity: (typeof SENSITIVITIES)[number];
  minVolume: number;
  cooldownMinutes: number;
  channelIds: string[];
}
export interface MonitoringQuery {
  id: string;
  name: string;
  expression: string;
  canonical: string;
  kind: QueryKind;
  setId: string | null;
  enabled: boolean;
  alert: AlertSettings;
  revision: number;
  historyFrom: string;
  createdAt: string;
  updatedAt: string;
  /** In the list: mentions over the dashboard's default period (the number the dashboard opens with). */
  mentions?: { from: string; to: string; count: number };
}
export interface QueryInput {
  name: string;
  expression: string;
  kind: QueryKind;
  setId: string | null;
  enabled: boolean;
  alert: AlertSettings;
  backfillDays?: number;
}
export interface Backfill {
  id: string;
  queryId: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  from: string;
  to: string;
  total: number | null;
  processed: number;
  matched: number;
  progress: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
export interface QuerySet {
  id: string;
  queries: { id: string; name: string; kind: string }[];
}
/** The parser's complaint about an expression (400 `listening.invalid_query`). */
export interface QueryProblem {
  message: string;
  code?: string;
  position?: number;
  length?: number;
  caret?: string;
}

export interface Counts {
  count: number;
  negative: number;
  neutral: number;
  positive: number;
  unknown: number;
}
export interface Dashboard {
  target: { type: 'query' | 'set'; id: string; name: string; queries: { id: string; name: string; kind: string }[] };
  period: { from: string; to: string; bucket: 'hour' | 'day'; timezone: string };
  totals: Counts & { complaints: number; reach: number; change: { previous: number; percent: number | null; direction: 'up' | 'down' | 'flat' | 'new' } };
  volume: (Counts & { key: string; start: string; complaints: number })[];
  sentiment: { sentiment: Sentiment; count: number; percent: number }[];
  channels: (Counts & { channel: string; percent: number })[];
  shareOfVoice: {
    setId: string;
    entries: { queryId: string | null; name: string; count: number; percent: number; own: boolean }[];
    series: { key: string; start: string; counts: Record<string, number> }[];
  } | null;
  keywords: { term: string; count: number; background: number; z: number }[];
  wordCloud: { term: string; count: number }[];
  topPosts: { item: Item; reach: number; followers: number; reposts: number }[];
  topAuthors: { author: { id: string; handle: string | null; name: string | null; channel: string; followers: number | null }; count: number; negative: number }[];
}
export interface Period {
  from?: string;
  to?: string;
  bucket?: 'hour' | 'day';
}
export interface Drill {
  at?: string;
  channel?: string;
  sentiment?: Sentiment;
  complaint?: boolean;
  keyword?: string;
  authorId?: string;
  queryId?: string;
}
export type DrillItem = Item & { reach: number };
export interface Share {
  id: string;
  targetType: 'query' | 'set';
  targetId: string;
  label: string | null;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  token?: string;
  url?: string;
}
export interface Alert {
  id: string;
  queryId: string;
  queryName: string;
  kind: 'negative' | 'complaint';
  hourStart: string;
  observed: number;
  expected: number | null;
  ratio: number | null;
  score: number | null;
  severity: 'warning' | 'high' | 'critical';
  /** English, for logs; people read `code` + `reasonParams` through the dictionaries. */
  reason: string;
  code?: string;
  reasonParams?: { hourStart?: string; observed?: number; expected?: number | null; ratio?: number | null; z?: number | null; by?: string | null; hours?: number; limit?: number };
  topItems: { id: string; text: string; channel: string; author: string | null; reach: number }[];
  topKeywords: { term: string; count: number }[];
  status: 'open' | 'acknowledged' | 'resolved';
  pinned: boolean;
  notified: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface Crisis {
  active: boolean;
  since: string | null;
  reason: string | null;
  alertId: string | null;
}
export interface SearchFilter {
  q?: string;
  channel?: string;
  lang?: string;
  sentiment?: string;
  intent?: string;
  queryId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** A dashboard target: one query or one share-of-voice set. */
export interface Target {
  type: 'query' | 'set';
  id: string;
}

const id = encodeURIComponent;
const L = (w: string) => `${ws(w)}/listening`;
const base = (w: string, t: Target) => `${L(w)}/${t.type === 'query' ? 'queries' : 'sets'}/${id(t.id)}`;

/** The parser's problem when `err` is a 400 `listening.invalid_query`, else undefined. */
export function queryProblem(err: unknown): QueryProblem | undefined {
  if (!(err instanceof ApiError) || err.code !== 'listening.invalid_query') return undefined;
  const q = (err.detail?.query ?? {}) as Record<string, unknown>;
  return {
    message: err.message,
    code: typeof q.code === 'string' ? q.code : undefined,
    position: typeof q.position === 'number' ? q.position : undefined,
    length: typeof q.length === 'number' ? q.length : undefined,
    caret: typeof q.caret === 'string' ? q.caret : undefined,
  };
}

export const dashboardsApi = {
  queries: (w: string) => request<{ queries: MonitoringQuery[] }>('GET', `${L(w)}/queries`),
  createQuery: (w: string, input: QueryInput) => request<{ query: MonitoringQuery; backfill: Backfill | null }>('POST', `${L(w)}/queries`, input),
  updateQuery: (w: string, queryId: string, patch: Partial<QueryInput>) => request<{ query: MonitoringQuery; backfill: Backfill | null }>('PATCH', `${L(w)}/queries/${id(queryId)}`, patch),
  deleteQuery: (w: string, queryId: string) => request<void>('DELETE', `${L(w)}/queries/${id(queryId)}`),
  validate: (w: string, expression: string) => request<{ valid: true; canonical: string }>('POST', `${L(w)}/queries/validate`, { expression }),
  backfill: (w: string, queryId: string) => request<{ backfill: Backfill }>('POST', `${L(w)}/queries/${id(queryId)}/backfill`, {}),
  backfills: (w: string, queryId: string) => request<{ backfills: Backfill[] }>('GET', `${L(w)}/queries/${id(queryId)}/backfills`),
  backfillJob: (w: string, backfillId: string) => request<{ backfill: Backfill }>('GET', `${L(w)}/backfills/${id(backfillId)}`),
  sets: (w: string) => request<{ sets: QuerySet[] }>('GET', `${L(w)}/sets`),

  dashboard: (w: string, t: Target, p: Period) => request<Dashboard>('GET', `${base(w, t)}/dashboard${query({ ...p })}`),
  drill: (w: string, t: Target, p: Period, d: Drill, cursor?: string) =>
    request<{ items: DrillItem[]; nextCursor: string | null }>('GET', `${base(w, t)}/items${query({ ...p, ...d, complaint: d.complaint ? 'true' : undefined, cursor, limit: 50 })}`),
  /** Same-origin link to a chart's CSV (the session cookie goes along with a plain download). */
  exportUrl: (w: string, t: Target, chart: Chart, p: Period) => `/api/v1${base(w, t)}/export${query({ chart, ...p })}`,

  createShare: (w: string, t: Target, input: { expiresInHours?: number; label?: string }) => request<{ share: Share }>('POST', `${base(w, t)}/shares`, input),
  shares: (w: string) => request<{ shares: Share[] }>('GET', `${L(w)}/shares`),
  revokeShare: (w: string, shareId: string) => request<void>('DELETE', `${L(w)}/shares/${id(shareId)}`),
  shared: (token: string, p: Period) => request<{ share: { targetType: string; label: string | null; expiresAt: string }; dashboard: Dashboard }>('GET', `/shared/${id(token)}${query({ ...p })}`),
  sharedExportUrl: (token: string, chart: Chart, p: Period) => `/api/v1/shared/${id(token)}/export${query({ chart, ...p })}`,

  alerts: (w: string, f: { status?: string; pinned?: boolean; limit?: number } = {}) =>
    request<{ alerts: Alert[] }>('GET', `${L(w)}/alerts${query({ status: f.status, pinned: f.pinned === undefined ? undefined : String(f.pinned), limit: f.limit })}`),
  updateAlert: (w: string, alertId: string, patch: { status?: Alert['status']; pinned?: boolean }) => request<{ alert: Alert }>('PATCH', `${L(w)}/alerts/${id(alertId)}`, patch),
  alertsLiveUrl: (w: string) => `/api/v1${L(w)}/alerts/live`,
  crisis: (w: string) => request<{ crisis: Crisis }>('GET', `${L(w)}/crisis`),
  setCrisis: (w: string, input: { active: boolean; reason?: string; alertId?: string }) => request<{ crisis: Crisis }>('POST', `${L(w)}/crisis`, input),

  search: (w: string, f: SearchFilter) => request<{ items: Item[]; nextCursor: string | null; total: number | null; totalCapped: boolean; terms: string[] }>('GET', `${L(w)}/search${query({ ...f })}`),
};
