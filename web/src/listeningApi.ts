/** Client for the listening side of the API: channel types, connected accounts, items, dead letters, imports. */
import type { AccountView, ChannelTypeView, DeadLetterView } from '../../src/contracts/channels.js';
import type { ImportFormat, ImportView } from '../../src/contracts/imports.js';
import type { ItemPage } from '../../src/contracts/items.js';
import { query, request, upload, ws } from './api.js';

export type {
  AccountHealth,
  AccountStatus,
  AccountView as ChannelAccount,
  ChannelTypeView as ChannelType,
  DeadLetterView as DeadLetter,
  JsonSchema,
} from '../../src/contracts/channels.js';
export type { ImportFormat, ImportView as ImportJob } from '../../src/contracts/imports.js';
export type { ItemChange, ItemPage, ItemView as Item } from '../../src/contracts/items.js';

export interface NewAccount {
  type: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  pollIntervalMs?: number;
}

export { ITEM_KINDS, type ItemKind } from '../../src/channels/port.js';

export interface ItemFilter {
  channel?: string;
  kind?: string;
  lang?: string;
  accountId?: string;
  q?: string;
  before?: string;
  limit?: number;
}

const id = encodeURIComponent;
export const IMPORT_CONTENT_TYPE: Record<ImportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };

export const listeningApi = {
  channels: (w: string) => request<{ channels: ChannelTypeView[] }>('GET', `${ws(w)}/channels`),

  accounts: (w: string) => request<{ accounts: AccountView[] }>('GET', `${ws(w)}/accounts`),
  account: (w: string, accountId: string) => request<{ account: AccountView }>('GET', `${ws(w)}/accounts/${id(accountId)}`),
  connect: (w: string, input: NewAccount) => request<{ account: AccountView }>('POST', `${ws(w)}/accounts`, input),
  pause: (w: string, accountId: string) => request<{ account: AccountView }>('POST', `${ws(w)}/accounts/${id(accountId)}/pause`),
  resume: (w: string, accountId: string) => request<{ account: AccountView }>('POST', `${ws(w)}/accounts/${id(accountId)}/resume`),
  disconnect: (w: string, accountId: string) => request<void>('DELETE', `${ws(w)}/accounts/${id(accountId)}`),

  items: (w: string, f: ItemFilter) => request<ItemPage>('GET', `${ws(w)}/items${query({ channel: f.channel, kind: f.kind, lang: f.lang, accountId: f.accountId, q: f.q, before: f.before, limit: f.limit })}`),
  /** The URL of the live stream, for EventSource (same origin: the session cookie goes along). */
  liveUrl: (w: string) => `/api/v1${ws(w)}/items/live`,

  deadLetters: (w: string) => request<{ deadLetters: DeadLetterView[] }>('GET', `${ws(w)}/dead-letters`),
  retryDeadLetter: (w: string, eventId: string) => request<unknown>('POST', `${ws(w)}/dead-letters/${id(eventId)}/retry`),

  startImport: (w: string, input: { channel: string; format: ImportFormat; name: string; file: Blob }) =>
    upload<{ import: ImportView }>('POST', `${ws(w)}/imports${query({ channel: input.channel, format: input.format, name: input.name })}`, input.file, IMPORT_CONTENT_TYPE[input.format]),
  imports: (w: string) => request<{ imports: ImportView[] }>('GET', `${ws(w)}/imports`),
  importJob: (w: string, importId: string) => request<{ import: ImportView }>('GET', `${ws(w)}/imports/${id(importId)}`),
};
