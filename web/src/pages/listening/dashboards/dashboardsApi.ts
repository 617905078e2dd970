/** Client for monitoring queries, dashboards, shared links, crisis alerts and search (docs/listening.md). */
import { ApiError, query, request, ws } from '../../../api.js';
import type {
  AlertSettings,
  AlertView,
  BackfillView,
  CreatedShare,
  CrisisView,
  DashboardView,
  DrillPage,
  QueryKind,
  QueryListEntry,
  QuerySetView,
  QueryView,
  SearchResult,
  Sentiment,
  Sensitivity,
  SharedDashboard,
  ShareView,
} from '../../../../../src/contracts/listening.js';

export type {
  AlertSettings,
  AlertView as Alert,
  BackfillView as Backfill,
  Counts,
  CrisisView as Crisis,
  DashboardView as Dashboard,
  DrillItem,
  QueryKind,
  QuerySetView as QuerySet,
  Sentiment,
} from '../../../../../src/contracts/listening.js';
/** A monitoring query; in the list (GET /queries) with its mentions over the dashboard's default period. */
export type MonitoringQuery = QueryView & Partial<Pick<QueryListEntry, 'mentions'>>;
/** A shared link; the token and its URL come only in the answer that created it. */
export type Share = ShareView & Partial<Pick<CreatedShare, 'token' | 'url'>>;

export const QUERY_KINDS = ['brand', 'product', 'competitor', 'topic'] as const satisfies readonly QueryKind[];
export const SENSITIVITIES = ['low', 'medium', 'high'] as const satisfies readonly Sensitivity[];
export const INTENTS = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] as const;
export const CHARTS = ['volume', 'sentiment', 'channels', 'share_of_voice', 'keywords', 'word_cloud', 'top_posts', 'top_authors'] as const;
export type Chart = (typeof CHARTS)[number];

export interface QueryInput {
  name: string;
  expression: string;
  kind: QueryKind;
  setId: string | null;
  enabled: boolean;
  alert: AlertSettings;
  backfillDays?: number;
}
/** The parser's complaint about an expression (400 `listening.invalid_query`). */
export interface QueryProblem {
  message: string;
  code?: string;
  position?: number;
  length?: number;
  caret?: string;
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
export interface SearchFilter {
  q?: string;
  channel?: string;
  lang?: string;
  sentiment?: string;
  intent?: string;
  queryId?: string;
  /** Posts by social identities linked to customers of this segment. */
  segmentId?: string;
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
  queries: (w: string) => request<{ queries: QueryListEntry[] }>('GET', `${L(w)}/queries`),
  createQuery: (w: string, input: QueryInput) => request<{ query: QueryView; backfill: BackfillView | null }>('POST', `${L(w)}/queries`, input),
  updateQuery: (w: string, queryId: string, patch: Partial<QueryInput>) => request<{ query: QueryView; backfill: BackfillView | null }>('PATCH', `${L(w)}/queries/${id(queryId)}`, patch),
  deleteQuery: (w: string, queryId: string) => request<void>('DELETE', `${L(w)}/queries/${id(queryId)}`),
  validate: (w: string, expression: string) => request<{ valid: true; canonical: string }>('POST', `${L(w)}/queries/validate`, { expression }),
  backfill: (w: string, queryId: string) => request<{ backfill: BackfillView }>('POST', `${L(w)}/queries/${id(queryId)}/backfill`, {}),
  backfills: (w: string, queryId: string) => request<{ backfills: BackfillView[] }>('GET', `${L(w)}/queries/${id(queryId)}/backfills`),
  backfillJob: (w: string, backfillId: string) => request<{ backfill: BackfillView }>('GET', `${L(w)}/backfills/${id(backfillId)}`),
  sets: (w: string) => request<{ sets: QuerySetView[] }>('GET', `${L(w)}/sets`),

  dashboard: (w: string, t: Target, p: Period) => request<DashboardView>('GET', `${base(w, t)}/dashboard${query({ ...p })}`),
  drill: (w: string, t: Target, p: Period, d: Drill, cursor?: string) => request<DrillPage>('GET', `${base(w, t)}/items${query({ ...p, ...d, complaint: d.complaint ? 'true' : undefined, cursor, limit: 50 })}`),
  /** Same-origin link to a chart's CSV (the session cookie goes along with a plain download). */
  exportUrl: (w: string, t: Target, chart: Chart, p: Period) => `/api/v1${base(w, t)}/export${query({ chart, ...p })}`,

  createShare: (w: string, t: Target, input: { expiresInHours?: number; label?: string }) => request<{ share: CreatedShare }>('POST', `${base(w, t)}/shares`, input),
  shares: (w: string) => request<{ shares: ShareView[] }>('GET', `${L(w)}/shares`),
  revokeShare: (w: string, shareId: string) => request<void>('DELETE', `${L(w)}/shares/${id(shareId)}`),
  shared: (token: string, p: Period) => request<SharedDashboard>('GET', `/shared/${id(token)}${query({ ...p })}`),
  sharedExportUrl: (token: string, chart: Chart, p: Period) => `/api/v1/shared/${id(token)}/export${query({ chart, ...p })}`,

  alerts: (w: string, f: { status?: string; pinned?: boolean; limit?: number } = {}) =>
    request<{ alerts: AlertView[] }>('GET', `${L(w)}/alerts${query({ status: f.status, pinned: f.pinned === undefined ? undefined : String(f.pinned), limit: f.limit })}`),
  updateAlert: (w: string, alertId: string, patch: { status?: AlertView['status']; pinned?: boolean }) => request<{ alert: AlertView }>('PATCH', `${L(w)}/alerts/${id(alertId)}`, patch),
  alertsLiveUrl: (w: string) => `/api/v1${L(w)}/alerts/live`,
  crisis: (w: string) => request<{ crisis: CrisisView }>('GET', `${L(w)}/crisis`),
  setCrisis: (w: string, input: { active: boolean; reason?: string; alertId?: string }) => request<{ crisis: CrisisView }>('POST', `${L(w)}/crisis`, input),

  search: (w: string, f: SearchFilter) => request<SearchResult>('GET', `${L(w)}/search${query({ ...f })}`),
  searchCsvUrl: (w: string, f: SearchFilter) => `/api/v1${L(w)}/search/export${query({ ...f, cursor: undefined, limit: undefined })}`,
};
