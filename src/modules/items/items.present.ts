import type { ItemView } from '../../contracts/items.js';
import { safeUrl } from '../../platform/safe-url.js';

/** Items as the API shows them (GET /items, search, drill-downs): the columns to read and the view. */
export type { ItemView };

export const ITEM_COLUMNS = [
  'i.id',
  'i.account_id',
  'i.channel',
  'i.native_id',
  'i.kind',
  'i.parent_native_id',
  'i.thread_native_id',
  'i.title',
  'i.text',
  'i.lang',
  'i.url',
  'i.is_private',
  'i.direction',
  'i.created_at',
  'i.received_at',
  'i.edited_at',
  'i.deleted_at',
  'i.analysis',
] as const;
export const AUTHOR_COLUMNS = ['a.id as author_id', 'a.handle', 'a.display_name', 'a.followers', 'a.verified', 'a.profile_url'] as const;

export interface ItemRowView {
  id: string;
  account_id: string;
  channel: string;
  native_id: string;
  kind: string;
  parent_native_id: string | null;
  thread_native_id: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  url: string | null;
  is_private: boolean;
  direction: string;
  created_at: Date;
  received_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  analysis: unknown;
  author_id: string;
  handle: string | null;
  display_name: string | null;
  followers: number | null;
  verified: boolean | null;
  profile_url: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentItem(r: ItemRowView): ItemView {
  return {
    id: r.id,
    accountId: r.account_id,
    channel: r.channel,
    nativeId: r.native_id,
    kind: r.kind,
    author: { id: r.author_id, handle: r.handle, name: r.display_name, followers: r.followers, verified: r.verified, profileUrl: safeUrl(r.profile_url) },
    parentNativeId: r.parent_native_id,
    threadNativeId: r.thread_native_id,
    title: r.title,
    text: r.text,
    lang: r.lang,
    url: safeUrl(r.url),
    isPrivate: r.is_private,
    direction: r.direction,
    createdAt: iso(r.created_at)!,
    receivedAt: iso(r.received_at)!,
    editedAt: iso(r.edited_at),
    deletedAt: iso(r.deleted_at),
    analysis: r.analysis,
  };
}
