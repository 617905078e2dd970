/** Mastodon entities (Status, Account, Notification) → canonical items and events. */
import { convert } from 'html-to-text';
import type { CanonicalAuthor, CanonicalItem, ChannelEvent, MediaRef } from '../port.js';

export interface MAccount {
  id: string;
  username: string;
  acct: string;
  display_name?: string;
  url?: string;
  avatar?: string;
  followers_count?: number;
  bot?: boolean;
}

export interface MStatus {
  id: string;
  uri?: string;
  url?: string | null;
  created_at: string;
  edited_at?: string | null;
  account: MAccount;
  content: string;
  spoiler_text?: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  language?: string | null;
  in_reply_to_id?: string | null;
  in_reply_to_account_id?: string | null;
  reblog?: MStatus | null;
  quote?: { state?: string; quoted_status?: MStatus | null } | null;
  mentions?: Array<{ id: string; username: string; acct: string; url?: string }>;
  tags?: Array<{ name: string }>;
  media_attachments?: Array<{ type: string; url: string | null; remote_url?: string | null }>;
  card?: { url?: string } | null;
}

export interface MNotification {
  id: string;
  type: string;
  created_at: string;
  account: MAccount;
  status?: MStatus | null;
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'p', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
      { selector: 'img', format: 'skip' },
    ],
  })
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** Hrefs of the content's anchors that are neither mentions nor hashtags, plus the preview card. */
export function contentLinks(status: MStatus): string[] {
  const links = new Set<string>();
  for (const m of status.content.matchAll(/<a\s([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    if (/class="[^"]*\b(mention|hashtag)\b/.test(attrs) || /rel="[^"]*\btag\b/.test(attrs)) continue;
    const href = /href="([^"]+)"/.exec(attrs)?.[1];
    if (href) links.add(href.replace(/&amp;/g, '&'));
  }
  if (status.card?.url) links.add(status.card.url);
  return [...links];
}

export function toAuthor(a: MAccount): CanonicalAuthor {
  return {
    nativeId: a.id,
    handle: a.acct,
    displayName: a.display_name || a.username,
    followers: a.followers_count,
    profileUrl: a.url,
    avatarUrl: a.avatar,
  };
}

function media(status: MStatus): MediaRef[] {
  return (status.media_attachments ?? []).flatMap((m): MediaRef[] => {
    const url = m.url ?? m.remote_url;
    if (!url) return [];
    const type = m.type === 'image' ? 'image' : m.type === 'video' || m.type === 'gifv' ? 'video' : m.type === 'audio' ? 'audio' : 'file';
    return [{ type, url }];
  });
}

export function statusToItem(status: MStatus, ownAccountId: string | undefined): CanonicalItem {
  const shown = status.reblog ?? status;
  const author = toAuthor(status.account);
  const interactions: CanonicalItem['interactions'] = [];
  const quoted = status.quote?.quoted_status ?? undefined;
  let kind: CanonicalItem['kind'] = 'post';
  let parentNativeId: string | undefined;
  if (status.reblog) {
    kind = 'repost';
    parentNativeId = status.reblog.id;
    interactions.push({ type: 'repost', target: toAuthor(status.reblog.account), targetItemNativeId: status.reblog.id });
  } else if (status.visibility === 'direct') {
    kind = 'direct_message';
    parentNativeId = status.in_reply_to_id ?? undefined;
  } else if (status.in_reply_to_id) {
    kind = 'reply';
    parentNativeId = status.in_reply_to_id;
  } else if (quoted) {
    kind = 'quote';
    parentNativeId = quoted.id;
    interactions.push({ type: 'quote', target: toAuthor(quoted.account), targetItemNativeId: quoted.id });
  }
  if (status.in_reply_to_id && status.in_reply_to_account_id && status.in_reply_to_account_id !== status.account.id) {
    const m = status.mentions?.find((x) => x.id === status.in_reply_to_account_id);
    interactions.push({ type: 'reply', target: { nativeId: status.in_reply_to_account_id, handle: m?.acct, profileUrl: m?.url }, targetItemNativeId: status.in_reply_to_id });
  }
  for (const m of status.mentions ?? []) {
    if (m.id !== status.account.id) interactions.push({ type: 'mention', target: { nativeId: m.id, handle: m.acct, profileUrl: m.url } });
  }
  const body = htmlToText(shown.content ?? '');
  const text = shown.spoiler_text ? `${shown.spoiler_text}\n\n${body}` : body;
  return {
    nativeId: status.id,
    kind,
    author,
    parentNativeId,
    threadNativeId: status.in_reply_to_id || status.reblog ? undefined : status.id,
    text,
    lang: shown.language ?? undefined,
    links: contentLinks(shown),
    media: media(shown),
    createdAt: new Date(status.created_at),
    editedAt: status.edited_at ? new Date(status.edited_at) : undefined,
    url: status.url ?? status.uri ?? undefined,
    isPrivate: status.visibility === 'direct',
    direction: ownAccountId !== undefined && status.account.id === ownAccountId ? 'outbound' : 'inbound',
    interactions,
    raw: status,
  };
}

/** Whether a status from the user stream concerns the bank: its own, or mentioning it. */
export function concernsOwner(status: MStatus, ownAccountId: string | undefined): boolean {
  if (ownAccountId === undefined) return false;
  return status.account.id === ownAccountId || (status.mentions ?? []).some((m) => m.id === ownAccountId);
}

export const NOTIFICATION_TYPES = ['mention', 'status', 'quote', 'update', 'reblog', 'follow'];

export function notificationToEvents(n: MNotification, ownAccountId: string | undefined): ChannelEvent[] {
  const at = new Date(n.created_at);
  switch (n.type) {
    case 'mention':
    case 'status':
    case 'quote':
    case 'update':
      return n.status ? [{ type: 'upsert', item: statusToItem(n.status, ownAccountId) }] : [];
    case 'reblog':
      if (!n.status) return [];
      return [{ type: 'interaction', interaction: { type: 'repost', source: toAuthor(n.account), target: toAuthor(n.status.account), at } }];
    case 'follow':
      return ownAccountId ? [{ type: 'interaction', interaction: { type: 'follow', source: toAuthor(n.account), target: { nativeId: ownAccountId }, at } }] : [];
    default:
      return [];
  }
}

/** Mastodon's own length rule: every URL counts 23 characters, a remote mention only its local part. */
export function mastodonLength(text: string): number {
  const replaced = text.replace(/https?:\/\/\S+/g, 'x'.repeat(23)).replace(/(^|[^\w])@(\w+)@[\w.-]+\w/g, '$1@$2');
  return [...replaced].length;
}
