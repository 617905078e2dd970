/** Client for the listening side of the API: channel types, connected accounts, items, dead letters, imports. */
import type { ItemView } from '../../src/modules/items/items.present.js';
import { query, request, upload, ws } from './api.js';

/** A JSON Schema as the server sends it for channel settings and credentials (only what the form reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  [key: string]: unknown;
}

export interface ChannelType {
  type: string;
  name: string;
  settingsSchema: JsonSchema;
  credentialsSchema: JsonSchema;
  webhook: boolean;
  poll: boolean;
  stream: boolean;
}

export type AccountStatus = 'active' | 'paused' | 'error' | 'disconnected';

export interface AccountHealth {
  status?: 'ok' | 'degraded' | 'down';
  message?: string;
  lastEventAt?: string;
  lagMs?: number;
  rateLimit?: { limit?: number; remaining?: number; resetAt?: string };
  tokenExpiresAt?: string;
  lastError?: string;
  checkedAt?: string;
}

export interface ChannelAccount {
  id: string;
  type: string;
  channel: string;
  name: string;
  settings: Record<string, unknown>;
  status: AccountStatus;
  webhookPath: string;
  pollIntervalMs: number;
  health: AccountHealth | null;
  createdAt: string;
}

export interface NewAccount {
  type: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  pollIntervalMs?: number;
}

export { ITEM_KINDS, type ItemKind } from '../../src/channels/port.js';

/** An item as the API shows it: the server's view (type only; analysis is read defensively, see listening/analysis.ts). */
export type Item = ItemView;

export interface ItemFilter {
  channel?: string;
  kind?: string;
  lang?: string;
  accountId?: string;
  q?: string;
  before?: string;
  limit?: number;
}

export interface ItemPage {
  items: Item[];
  nextBefore: string | null;
}

/** One message of GET /items/live (`event: item`). */
export interface ItemChange {
  change: 'created' | 'updated' | 'deleted';
  item: Item;
}

export interface DeadLetter {
  id: string;
  accountId: string;
  receivedAt: string;
  source: string;
  attempts: number;
  error: string | null;
  preview: string;
}

export type ImportFormat = 'csv' | 'jsonl';

export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  failed: number;
  errors: { line: number; message: string }[];
  createdAt: string;
  finishedAt: string | null;
  /** Not in the contract, but shown when the server sends them. */
  name?: string;
  channel?: string;
  format?: string;
}

const id = encodeURIComponent;
export const IMPORT_CONTENT_TYPE: Record<ImportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };

export const listeningApi = {
  channels: (w: string) => request<{ channels: ChannelType[] }>('GET', `${ws(w)}/channels`),

  accounts: (w: string) => request<{ accounts: ChannelAccount[] }>('GET', `${ws(w)}/accounts`),
  account: (w: string, accountId: string) => request<{ account: ChannelAccount }>('GET', `${ws(w)}/accounts/${id(accountId)}`),
  connect: (w: string, input: NewAccount) => request<{ account: ChannelAccount }>('POST', `${ws(w)}/accounts`, input),
  pause: (w: string, accountId: string) => request<{ account: ChannelAccount }>('POST', `${ws(w)}/accounts/${id(accountId)}/pause`),
  resume: (w: string, accountId: string) => request<{ account: ChannelAccount }>('POST', `${ws(w)}/accounts/${id(accountId)}/resume`),
  disconnect: (w: string, accountId: string) => request<void>('DELETE', `${ws(w)}/accounts/${id(accountId)}`),

  items: (w: string, f: ItemFilter) => request<ItemPage>('GET', `${ws(w)}/items${query({ channel: f.channel, kind: f.kind, lang: f.lang, accountId: f.accountId, q: f.q, before: f.before, limit: f.limit })}`),
  /** The URL of the live stream, for EventSource (same origin: the session cookie goes along). */
  liveUrl: (w: string) => `/api/v1${ws(w)}/items/live`,

  deadLetters: (w: string) => request<{ deadLetters: DeadLetter[] }>('GET', `${ws(w)}/dead-letters`),
  retryDeadLetter: (w: string, eventId: string) => request<unknown>('POST', `${ws(w)}/dead-letters/${id(eventId)}/retry`),

  startImport: (w: string, input: { channel: string; format: ImportFormat; name: string; file: Blob }) =>
    upload<{ import: ImportJob }>('POST', `${ws(w)}/imports${query({ channel: input.channel, format: input.format, name: input.name })}`, input.file, IMPORT_CONTENT_TYPE[input.format]),
  imports: (w: string) => request<{ imports: ImportJob[] }>('GET', `${ws(w)}/imports`),
  importJob: (w: string, importId: string) => request<{ import: ImportJob }>('GET', `${ws(w)}/imports/${id(importId)}`),
};
