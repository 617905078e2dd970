/** app.bsky.feed.post records (from Jetstream or notifications) → canonical items and events. */
import type { CanonicalAuthor, CanonicalItem, ChannelEvent, MediaRef } from '../port.js';

interface StrongRef {
  uri: string;
  cid: string;
}

export interface PostRecord {
  $type?: string;
  text?: string;
  createdAt?: string;
  langs?: string[];
  reply?: { root: StrongRef; parent: StrongRef };
  facets?: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<{ $type?: string; did?: string; uri?: string; tag?: string }> }>;
  embed?: {
    $type?: string;
    images?: Array<{ image?: { ref?: { $link?: string }; mimeType?: string }; alt?: string }>;
    external?: { uri?: string };
    record?: StrongRef | { record?: StrongRef };
    media?: PostRecord['embed'];
  };
}

export interface ProfileView {
  did: string;
  handle?: string;
  displayName?: string;
  avatar?: string;
}

export interface NotificationView {
  uri: string;
  cid: string;
  author: ProfileView;
  reason: string;
  reasonSubject?: string;
  record: PostRecord & Record<string, unknown>;
  isRead?: boolean;
  indexedAt: string;
}

export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account';
  commit?: { rev?: string; operation: 'create' | 'update' | 'delete'; collection: string; rkey: string; record?: PostRecord; cid?: string };
}

export const POST = 'app.bsky.feed.post';

export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  return m ? { did: m[1]!, collection: m[2]!, rkey: m[3]! } : undefined;
}

export function postUrl(uri: string, handle?: string): string | undefined {
  const p = parseAtUri(uri);
  return p ? `https://bsky.app/profile/${handle ?? p.did}/post/${p.rkey}` : undefined;
}

export function toAuthor(p: ProfileView): CanonicalAuthor {
  return { nativeId: p.did, handle: p.handle, displayName: p.displayName || p.handle, avatarUrl: p.avatar, profileUrl: `https://bsky.app/profile/${p.handle ?? p.did}` };
}

function quotedRef(embed: PostRecord['embed']): StrongRef | undefined {
  if (!embed?.record) return undefined;
  const r = embed.record as StrongRef & { record?: StrongRef };
  return typeof r.uri === 'string' ? r : r.record;
}

function media(did: string, embed: PostRecord['embed']): MediaRef[] {
  const images = embed?.images ?? embed?.media?.images ?? [];
  return images.flatMap((img): MediaRef[] => {
    const cid = img.image?.ref?.$link;
    return cid ? [{ type: 'image', url: `https://cdn.bsky.app/img/feed_fullsize/plain/${did}/${cid}@jpeg`, mimeType: img.image?.mimeType }] : [];
  });
}

export function postToItem(uri: string, author: ProfileView, record: PostRecord, ownDid: string | undefined, raw: unknown, indexedAt?: string): CanonicalItem {
  const interactions: CanonicalItem['interactions'] = [];
  const quoted = quotedRef(record.embed);
  const parent = record.reply?.parent;
  if (parent) {
    const target = parseAtUri(parent.uri)?.did;
    if (target && target !== author.did) interactions.push({ type: 'reply', target: { nativeId: target }, targetItemNativeId: parent.uri });
  }
  if (quoted) {
    const target = parseAtUri(quoted.uri)?.did;
    if (target) interactions.push({ type: 'quote', target: { nativeId: target }, targetItemNativeId: quoted.uri });
  }
  const links = new Set<string>();
  for (const f of record.facets ?? []) {
    for (const feat of f.features) {
      if (feat.$type === 'app.bsky.richtext.facet#mention' && feat.did && feat.did !== author.did) interactions.push({ type: 'mention', target: { nativeId: feat.did } });
      if (feat.$type === 'app.bsky.richtext.facet#link' && feat.uri) links.add(feat.uri);
    }
  }
  const external = record.embed?.external?.uri ?? record.embed?.media?.external?.uri;
  if (external) links.add(external);
  const created = new Date(record.createdAt ?? indexedAt ?? 0);
  return {
    nativeId: uri,
    kind: parent ? 'reply' : quoted ? 'quote' : 'post',
    author: toAuthor(author),
    parentNativeId: parent?.uri ?? quoted?.uri,
    threadNativeId: record.reply?.root.uri ?? uri,
    text: record.text ?? '',
    lang: record.langs?.[0],
    links: [...links],
    media: media(author.did, record.embed),
    createdAt: Number.isNaN(created.getTime()) ? new Date(indexedAt ?? 0) : created,
    url: postUrl(uri, author.handle),
    isPrivate: false,
    direction: ownDid !== undefined && author.did === ownDid ? 'outbound' : 'inbound',
    interactions,
    raw,
  };
}

export function notificationToEvents(n: NotificationView, ownDid: string): ChannelEvent[] {
  const at = new Date(n.indexedAt);
  switch (n.reason) {
    case 'mention':
    case 'reply':
    case 'quote':
      return [{ type: 'upsert', item: postToItem(n.uri, n.author, n.record, ownDid, n, n.indexedAt) }];
    case 'repost':
      return [{ type: 'interaction', interaction: { type: 'repost', source: toAuthor(n.author), target: { nativeId: ownDid }, at } }];
    case 'follow':
      return [{ type: 'interaction', interaction: { type: 'follow', source: toAuthor(n.author), target: { nativeId: ownDid }, at } }];
    default:
      return [];
  }
}

/** Whether a post matches one of the keywords (case-insensitive substring; Korean needs no word boundaries). */
export function matchesKeywords(record: PostRecord, keywords: string[]): boolean {
  if (!keywords.length) return true;
  const text = (record.text ?? '').toLowerCase();
  return keywords.some((k) => text.includes(k.toLowerCase()));
}

export function jetstreamToEvents(ev: JetstreamEvent, keywords: string[], followsDids: boolean, ownDid: string | undefined): ChannelEvent[] {
  const c = ev.commit;
  if (ev.kind !== 'commit' || !c || c.collection !== POST) return [];
  const uri = `at://${ev.did}/${POST}/${c.rkey}`;
  if (c.operation === 'delete') return followsDids ? [{ type: 'delete', nativeId: uri, at: new Date(ev.time_us / 1000) }] : [];
  if (!c.record || !matchesKeywords(c.record, keywords)) return [];
  const item = postToItem(uri, { did: ev.did }, c.record, ownDid, ev);
  if (c.operation === 'update') item.editedAt = new Date(ev.time_us / 1000);
  return [{ type: 'upsert', item }];
}
