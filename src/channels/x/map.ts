/** Mapping of X API v2 posts and DM events (and their v1.1 webhook forms) to canonical items. */
import { ChannelError, type CanonicalAuthor, type CanonicalItem, type InteractionType, type ItemKind, type MediaRef } from '../port.js';

export interface V2User {
  id: string;
  username?: string;
  name?: string;
  verified?: boolean;
  profile_image_url?: string;
  public_metrics?: { followers_count?: number };
}

export interface V2Tweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  lang?: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  entities?: {
    mentions?: Array<{ username: string; id?: string }>;
    urls?: Array<{ url?: string; expanded_url?: string; unwound_url?: string; media_key?: string }>;
  };
  attachments?: { media_keys?: string[] };
  edit_history_tweet_ids?: string[];
  note_tweet?: { text?: string };
}

export interface V2Media {
  media_key: string;
  type: string;
  url?: string;
  preview_image_url?: string;
}

export interface V2Includes {
  users?: V2User[];
  tweets?: V2Tweet[];
  media?: V2Media[];
}

export interface V2DmEvent {
  id: string;
  event_type: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
  participant_ids?: string[];
  attachments?: { media_keys?: string[] };
}

/** The fields and expansions every post request asks for, so mapping has what it needs. */
export const TWEET_QUERY = {
  'tweet.fields': 'id,text,author_id,created_at,conversation_id,in_reply_to_user_id,lang,referenced_tweets,entities,attachments,edit_history_tweet_ids,note_tweet',
  expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id,attachments.media_keys',
  'user.fields': 'id,name,username,verified,profile_image_url,public_metrics',
  'media.fields': 'media_key,type,url,preview_image_url',
} as const;

const TWITTER_EPOCH = 1288834974657n;

/** The creation time encoded in a snowflake id (used when created_at was not delivered). */
export function snowflakeDate(id: string): Date | undefined {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  return new Date(Number((BigInt(id) >> 22n) + TWITTER_EPOCH));
}

/** Numeric comparison of snowflake ids (they are too large for Number). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function dateOf(iso: string | undefined, id: string): Date {
  const d = iso ? new Date(iso) : snowflakeDate(id);
  if (!d || Number.isNaN(d.getTime())) throw new ChannelError('malformed_payload', `X item ${id} has no usable creation time`, false);
  return d;
}

export function userToAuthor(id: string, users: V2User[] | undefined): CanonicalAuthor {
  const u = users?.find((x) => x.id === id);
  if (!u) return { nativeId: id };
  return {
    nativeId: u.id,
    handle: u.username,
    displayName: u.name,
    followers: u.public_metrics?.followers_count,
    verified: u.verified,
    profileUrl: u.username ? `https://x.com/${u.username}` : undefined,
    avatarUrl: u.profile_image_url,
  };
}

function mediaOf(keys: string[] | undefined, media: V2Media[] | undefined): MediaRef[] {
  const out: MediaRef[] = [];
  for (const key of keys ?? []) {
    const m = media?.find((x) => x.media_key === key);
    const url = m?.url ?? m?.preview_image_url;
    if (m && url) out.push({ type: m.type === 'photo' ? 'image' : 'video', url });
  }
  return out;
}

function assertTweet(t: unknown): asserts t is V2Tweet & { author_id: string } {
  const v = t as Partial<V2Tweet> | null;
  if (!v || typeof v.id !== 'string' || typeof v.text !== 'string' || typeof v.author_id !== 'string') {
    throw new ChannelError('malformed_payload', 'X post without id, text or author_id', false);
  }
}

/** A v2 post with its `includes`; `ownUserId` marks the bank's own posts as outbound. */
export function tweetToItem(tweet: unknown, includes: V2Includes | undefined, ownUserId: string | undefined): CanonicalItem {
  assertTweet(tweet);
  const t = tweet;
  const users = includes?.users;
  const author = userToAuthor(t.author_id, users);
  const refs = t.referenced_tweets ?? [];
  const ref = (type: string) => refs.find((r) => r.type === type);
  const kind: ItemKind = ref('retweeted') ? 'repost' : ref('quoted') ? 'quote' : ref('replied_to') ? 'reply' : 'post';

  const interactions: CanonicalItem['interactions'] = [];
  const refAuthor = (refId: string, fallbackUserId?: string): CanonicalAuthor | undefined => {
    const authorId = includes?.tweets?.find((x) => x.id === refId)?.author_id ?? fallbackUserId;
    return authorId ? userToAuthor(authorId, users) : undefined;
  };
  const push = (type: InteractionType, refId: string | undefined, fallbackUserId?: string): void => {
    if (!refId) return;
    const target = refAuthor(refId, fallbackUserId);
    if (target) interactions.push({ type, target, targetItemNativeId: refId });
  };
  push('reply', ref('replied_to')?.id, t.in_reply_to_user_id);
  push('quote', ref('quoted')?.id);
  push('repost', ref('retweeted')?.id);
  const already = new Set(interactions.map((i) => i.target.nativeId));
  for (const m of t.entities?.mentions ?? []) {
    const target = m.id ? userToAuthor(m.id, users) : { nativeId: m.username, handle: m.username };
    if (already.has(target.nativeId) || target.nativeId === author.nativeId) continue;
    already.add(target.nativeId);
    interactions.push({ type: 'mention', target });
  }

  const links = (t.entities?.urls ?? [])
    .filter((u) => !u.media_key)
    .map((u) => u.unwound_url ?? u.expanded_url ?? u.url)
    .filter((u): u is string => !!u);
  const handle = author.handle;
  return {
    nativeId: t.id,
    kind,
    author,
    parentNativeId: ref('replied_to')?.id,
    threadNativeId: t.conversation_id,
    text: t.note_tweet?.text ?? t.text,
    lang: t.lang && t.lang !== 'und' && t.lang !== 'zxx' ? t.lang : undefined,
    links: [...new Set(links)],
    media: mediaOf(t.attachments?.media_keys, includes?.media),
    createdAt: dateOf(t.created_at, t.id),
    url: `https://x.com/${handle ?? 'i/web'}/status/${t.id}`,
    isPrivate: false,
    direction: ownUserId !== undefined && t.author_id === ownUserId ? 'outbound' : 'inbound',
    interactions,
    raw: tweet,
  };
}

/** A v2 DM event (MessageCreate); other event types return undefined. */
export function dmEventToItem(e: V2DmEvent, includes: V2Includes | undefined, ownUserId: string | undefined): CanonicalItem | undefined {
  if (e.event_type !== 'MessageCreate') return undefined;
  if (typeof e.id !== 'string' || typeof e.sender_id !== 'string') throw new ChannelError('malformed_payload', 'X DM event without id or sender_id', false);
  return {
    nativeId: e.id,
    kind: 'direct_message',
    author: userToAuthor(e.sender_id, includes?.users),
    threadNativeId: e.dm_conversation_id,
    text: e.text ?? '',
    links: [],
    media: mediaOf(e.attachments?.media_keys, includes?.media),
    createdAt: dateOf(e.created_at, e.id),
    isPrivate: true,
    direction: ownUserId !== undefined && e.sender_id === ownUserId ? 'outbound' : 'inbound',
    interactions: [],
    raw: e,
  };
}

/** The 1:1 conversation id X uses: both user ids in numeric order joined by '-'. */
export function conversationId(a: string, b: string): string {
  return [a, b].sort((x, y) => (/^\d+$/.test(x) && /^\d+$/.test(y) ? compareIds(x, y) : x.localeCompare(y))).join('-');
}
