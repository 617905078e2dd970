import type { ItemKind } from '../../channels/port.js';

export interface ItemsTables {
  authors: {
    id: string;
    workspace_id: string;
    channel: string;
    native_id: string;
    handle: string | null;
    display_name: string | null;
    followers: number | null;
    verified: boolean | null;
    profile_url: string | null;
    avatar_url: string | null;
    influence: number | null;
    first_seen_at: Date;
    last_seen_at: Date;
  };
  items: {
    id: string;
    workspace_id: string;
    account_id: string;
    channel: string;
    native_id: string;
    kind: ItemKind;
    author_id: string;
    parent_native_id: string | null;
    thread_native_id: string | null;
    title: string | null;
    text: string;
    lang: string | null;
    links: string[];
    media: unknown[];
    url: string | null;
    is_private: boolean;
    direction: 'inbound' | 'outbound';
    created_at: Date;
    received_at: Date;
    edited_at: Date | null;
    deleted_at: Date | null;
    version: number;
    analysis: unknown;
    raw: unknown;
    original_text_enc: string | null;
  };
  interactions: {
    id: string;
    workspace_id: string;
    type: 'reply' | 'mention' | 'repost' | 'quote' | 'follow';
    source_author_id: string;
    target_author_id: string;
    item_id: string | null;
    at: Date;
  };
}

/**
 * An item's columns without the archived payload, the encrypted original and the search document:
 * what consumers that read items in bulk (grouping, routing) need. `select *` carried those wide
 * columns into every batch.
 */
export const ITEM_FIELDS = [
  'id',
  'workspace_id',
  'account_id',
  'channel',
  'native_id',
  'kind',
  'author_id',
  'parent_native_id',
  'thread_native_id',
  'title',
  'text',
  'lang',
  'links',
  'media',
  'url',
  'is_private',
  'direction',
  'created_at',
  'received_at',
  'edited_at',
  'deleted_at',
  'version',
  'analysis',
] as const;
export type ItemFields = Pick<ItemsTables['items'], (typeof ITEM_FIELDS)[number]>;
