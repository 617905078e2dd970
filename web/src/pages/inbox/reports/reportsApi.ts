/** Client for the inbox reports (docs/inbox.md, Reports): the figures as JSON and the CSV download links. */
import type { Durations, InboxReport } from '../../../../../src/contracts/inbox.js';
import { request, ws } from '../../../api.js';

export type { Durations, InboxReport };
export type SlaKind = InboxReport['sla'][number]['kind'];
export const BUCKETS = ['lt1h', 'h1to4', 'h4to24', 'd1to3', 'gt3d'] as const satisfies ReadonlyArray<keyof InboxReport['backlog'][number]['buckets']>;
export type Bucket = (typeof BUCKETS)[number];
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
