/** Client for the inbox reports (docs/inbox.md, Reports): the figures as JSON and the CSV download links. */
import { request, ws } from '../../../api.js';

export interface Durations {
  count: number;
  wall: { medianMs: number | null; p90Ms: number | null };
  business: { medianMs: number | null; p90Ms: number | null };
}
export type SlaKind = 'first_response' | 'next_response' | 'resolution';
export const BUCKETS = ['lt1h', 'h1to4', 'h4to24', 'd1to3', 'gt3d'] as const;
export type Bucket = (typeof BUCKETS)[number];
export interface InboxReport {
  from: string;
  to: string;
  teamId: string | null;
  firstResponse: Durations;
  resolution: Durations;
  sla: Array<{ kind: SlaKind; met: number; breached: number; attainment: number | null }>;
  backlog: Array<{ teamId: string | null; teamName: string | null; total: number; buckets: Record<Bucket, number> }>;
  agents: Array<{ userId: string; name: string | null; open: number; resolved: number; firstResponseMedianMs: number | null }>;
}
export type CsvKind = 'summary' | 'sla' | 'backlog' | 'agents';
export const CSV_KINDS: CsvKind[] = ['summary', 'sla', 'backlog', 'agents'];
export interface ReportQuery {
  from?: string;
  to?: string;
  teamId?: string;
}

function qs(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const reportsApi = {
  report: (w: string, q: ReportQuery) => request<InboxReport>('GET', `${ws(w)}/inbox/reports${qs({ ...q })}`),
  /** Same origin, so the session cookie goes along with a plain link. */
  csvUrl: (w: string, kind: CsvKind, q: ReportQuery) => `/api/v1${ws(w)}/inbox/reports.csv${qs({ kind, ...q })}`,
};
