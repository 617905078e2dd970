/** Client for the archive API (compliance): eDiscovery search and views, holds, retention, exports. */
import { query, request, ws } from '../../api.js';

export const VERSION_KINDS = ['received', 'sent', 'edited', 'deleted', 'moved_private', 'redacted'] as const;

export interface ArchivedVersion {
  seq: number;
  occurredAt: string;
  recordedAt: string;
  kind: string;
  channel: string;
  direction: string;
  isPrivate: boolean;
  author: { id: string | null; label: string | null };
  conversationId: string | null;
  nativeId: string | null;
  labels: string[];
  attachments: number;
  text: string;
}
export interface VersionDetail {
  entry: { seq: number; kind: string; channel: string; authorLabel: string | null; occurredAt: string; attachments: Array<{ type: string; url: string }> };
  hash: string;
  original: { title: string | null; text: string };
}
export interface Hold {
  id: string;
  name: string;
  reason: string;
  personId: string | null;
  personLabel: string | null;
  channel: string | null;
  conversationId: string | null;
  from: string | null;
  to: string | null;
  createdAt: string;
  releasedAt: string | null;
}
export interface Retention {
  channel: string;
  days: number;
  updatedAt: string;
}
export interface ArchiveExport {
  id: string;
  status: 'running' | 'done' | 'failed';
  filters: { from: string | null; to: string | null; personId: string | null };
  createdAt: string;
  finishedAt: string | null;
  versions: number | null;
  bytes: number | null;
  head: { seq: number; hash: string } | null;
  error: string | null;
}
export interface SearchQuery {
  words?: string;
  channel?: string;
  kind?: string;
  from?: string;
  to?: string;
  labels?: string;
  personId?: string;
  before?: number;
}

const base = (w: string) => `${ws(w)}/archive`;

export const archiveApi = {
  search: (w: string, q: SearchQuery) => request<{ versions: ArchivedVersion[]; nextBefore: number | null }>('GET', `${base(w)}/versions${query({ ...q, limit: 50 })}`),
  view: (w: string, seq: number) => request<VersionDetail>('GET', `${base(w)}/versions/${seq}`),
  holds: (w: string) => request<{ holds: Hold[] }>('GET', `${base(w)}/holds`),
  createHold: (w: string, body: { name: string; reason?: string; personId?: string; channel?: string; from?: string; to?: string }) => request<Hold>('POST', `${base(w)}/holds`, body),
  releaseHold: (w: string, id: string) => request<Hold>('POST', `${base(w)}/holds/${encodeURIComponent(id)}/release`),
  retention: (w: string) => request<{ retention: Retention[] }>('GET', `${base(w)}/retention`),
  setRetention: (w: string, channel: string, days: number | null) => request<{ retention: Retention[] }>('PUT', `${base(w)}/retention`, { channel, days }),
  exports: (w: string) => request<{ exports: ArchiveExport[] }>('GET', `${base(w)}/exports`),
  createExport: (w: string, body: { from?: string; to?: string }) => request<ArchiveExport>('POST', `${base(w)}/exports`, body),
  channels: (w: string) => request<{ channels: Array<{ type: string; displayName: string }> }>('GET', `${ws(w)}/channels`),
  downloadUrl: (w: string, id: string) => `/api/v1${base(w)}/exports/${encodeURIComponent(id)}/download`,
};
