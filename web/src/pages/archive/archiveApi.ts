/** Client for the archive API (compliance): eDiscovery search and views, holds, retention, exports. */
import type { ExportView, HoldView, RetentionView, VersionDetail, VersionKind, VersionSummary } from '../../../../src/contracts/archive.js';
import type { ChannelTypeView } from '../../../../src/contracts/channels.js';
import type { CustomerView } from '../../../../src/contracts/customers.js';
import { query, request, ws } from '../../api.js';

export const VERSION_KINDS = ['received', 'sent', 'edited', 'deleted', 'moved_private', 'redacted'] as const satisfies readonly VersionKind[];

export type {
  ExportView as ArchiveExport,
  HoldView as Hold,
  RetentionView as Retention,
  VersionDetail,
  VersionSummary as ArchivedVersion,
} from '../../../../src/contracts/archive.js';

export interface SearchQuery {
  words?: string;
  channel?: string;
  kind?: string;
  from?: string;
  to?: string;
  labels?: string;
  personId?: string;
  customerId?: string;
  before?: number;
}

const base = (w: string) => `${ws(w)}/archive`;

export const archiveApi = {
  search: (w: string, q: SearchQuery) => request<{ versions: VersionSummary[]; nextBefore: number | null }>('GET', `${base(w)}/versions${query({ ...q, limit: 50 })}`),
  view: (w: string, seq: number) => request<VersionDetail>('GET', `${base(w)}/versions/${seq}`),
  holds: (w: string) => request<{ holds: HoldView[] }>('GET', `${base(w)}/holds`),
  createHold: (w: string, body: { name: string; reason?: string; personId?: string; channel?: string; from?: string; to?: string }) => request<HoldView>('POST', `${base(w)}/holds`, body),
  releaseHold: (w: string, id: string) => request<HoldView>('POST', `${base(w)}/holds/${encodeURIComponent(id)}/release`),
  retention: (w: string) => request<{ retention: RetentionView[] }>('GET', `${base(w)}/retention`),
  setRetention: (w: string, channel: string, days: number | null) => request<{ retention: RetentionView[] }>('PUT', `${base(w)}/retention`, { channel, days }),
  exports: (w: string) => request<{ exports: ExportView[] }>('GET', `${base(w)}/exports`),
  /** A customer by the bank's customer number (null when there is none). */
  customerByNumber: (w: string, externalId: string) => request<{ customers: CustomerView[] }>('GET', `${ws(w)}/customers${query({ externalId, limit: 1 })}`).then((r) => r.customers.find((c) => c.externalId === externalId) ?? null),
  createExport: (w: string, body: { from?: string; to?: string; customerId?: string }) => request<ExportView>('POST', `${base(w)}/exports`, body),
  channels: (w: string) => request<{ channels: ChannelTypeView[] }>('GET', `${ws(w)}/channels`),
  downloadUrl: (w: string, id: string) => `/api/v1${base(w)}/exports/${encodeURIComponent(id)}/download`,
};
