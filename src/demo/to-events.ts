/**
 * Demo posts → canonical ChannelEvents (src/channels/port.ts), the way each channel's adapter would
 * have produced them: channel-shaped author ids and handles, reply/mention/repost/quote interactions,
 * conversation roots, private DMs and e-mail, the bank's own posts as outbound.
 *
 * Deterministic: the same posts, start time and variant always give the same ids and times.
 */
import type { CanonicalAuthor, CanonicalItem, ChannelEvent, InteractionType } from '../channels/port.js';
import { demoAuthors, demoFollows } from './dataset/index.js';
import type { DemoAuthor, DemoChannel, DemoPost } from './types.js';

export interface ConvertOptions {
  /** Replay start: a post's createdAt is start + its offset in minutes. */
  start: Date;
  /**
   * Appended to every native id and conversation key ('x-001' → 'x-001~l2'), so a second pass, a
   * backfill or a spike injection does not collide with the first. Empty or absent: ids as written.
   */
  variant?: string;
  /** Authors the posts refer to; defaults to the demo's. */
  authors?: readonly DemoAuthor[];
}

export interface ChannelBatch {
  /** The adapter type the events belong to ('x', 'meta', ...). */
  channel: DemoChannel;
  events: ChannelEvent[];
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;
/** Channels that say which language a post is in; the pipeline detects it for the others. */
const CHANNELS_WITH_LANG: ReadonlySet<DemoChannel> = new Set(['x', 'mastodon', 'bluesky']);

export function nativeIdOf(postId: string, variant?: string): string {
  return variant ? `${postId}~${variant}` : postId;
}

/** The author as the given channel would identify them (e-mail address, DID, account id). */
export function authorFor(author: DemoAuthor, channel: DemoChannel): CanonicalAuthor {
  const base = { displayName: author.displayName, followers: author.followers, verified: author.verified };
  switch (channel) {
    case 'email':
      return { nativeId: author.email, handle: author.email, displayName: author.displayName };
    case 'bluesky':
      return { ...base, nativeId: `did:plc:demo${author.id.replace(/[^a-z0-9]/gi, '').toLowerCase()}`, handle: `${author.handle.replace(/_/g, '-')}.bsky.social` };
    case 'mastodon':
      return { ...base, nativeId: `demo-mastodon-${author.id}`, handle: `${author.handle}@social.example` };
    case 'youtube':
      return { ...base, nativeId: `demo-youtube-${author.id}`, handle: `@${author.handle}` };
    default:
      return { ...base, nativeId: `demo-${channel}-${author.id}`, handle: author.handle };
  }
}

function lookup(authors: readonly DemoAuthor[]): (id: string) => DemoAuthor {
  const map = new Map(authors.map((a) => [a.id, a]));
  return (id) => {
    const a = map.get(id);
    if (!a) throw new Error(`demo post refers to unknown author "${id}"`);
    return a;
  };
}

/** Builds items for posts of one dataset, resolving parents, quotes and reposts within it. */
export function createItemBuilder(posts: readonly DemoPost[], authors: readonly DemoAuthor[] = demoAuthors): (post: DemoPost, createdAt: Date, variant?: string) => CanonicalItem {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const authorOf = lookup(authors);
  return (post, createdAt, variant) => {
    const me = authorOf(post.author);
    const author = authorFor(me, post.channel);
    const interactions: CanonicalItem['interactions'] = [];
    const targeted = new Set<string>([author.nativeId]);
    const push = (type: InteractionType, refId: string | undefined): void => {
      if (!refId) return;
      const ref = byId.get(refId);
      if (!ref) throw new Error(`demo post ${post.id} refers to unknown post ${refId}`);
      const target = authorFor(authorOf(ref.author), post.channel);
      if (target.nativeId === author.nativeId) return; // answering oneself is no edge
      targeted.add(target.nativeId);
      interactions.push({ type, target, targetItemNativeId: nativeIdOf(refId, variant) });
    };
    if (post.kind !== 'direct_message') push('reply', post.parent);
    push('quote', post.quoteOf);
    push('repost', post.repostOf);
    for (const id of post.mentions) {
      const target = authorFor(authorOf(id), post.channel);
      if (targeted.has(target.nativeId)) continue;
      targeted.add(target.nativeId);
      interactions.push({ type: 'mention', target });
    }
    const thread = post.thread ?? (post.kind === 'direct_message' ? undefined : post.id);
    const links = [...new Set(post.text.match(URL_RE) ?? [])];
    return {
      nativeId: nativeIdOf(post.id, variant),
      kind: post.kind,
      author,
      ...(post.parent ? { parentNativeId: nativeIdOf(post.parent, variant) } : {}),
      ...(thread ? { threadNativeId: nativeIdOf(thread, variant) } : {}),
      ...(post.title !== undefined ? { title: post.title } : {}),
      text: post.text,
      ...(CHANNELS_WITH_LANG.has(post.channel) ? { lang: post.lang } : {}),
      links,
      media: [],
      createdAt,
      ...(post.url ? { url: post.url } : {}),
      isPrivate: post.kind === 'direct_message' || post.kind === 'email',
      direction: me.org === 'bank' ? 'outbound' : 'inbound',
      interactions,
      raw: { demo: true, id: post.id, surface: post.surface, ...(variant ? { variant } : {}), ...(post.rating !== undefined ? { rating: post.rating } : {}) },
    };
  };
}

/** Upsert events in the order given, each at start + offset. */
export function toEvents(posts: readonly DemoPost[], options: ConvertOptions): ChannelEvent[] {
  const build = createItemBuilder(posts, options.authors);
  const t0 = options.start.getTime();
  return posts.map((p): ChannelEvent => ({ type: 'upsert', item: build(p, new Date(t0 + Math.round(p.at * 60_000)), options.variant) }));
}

/** The same events split by channel (first-seen channel order; order kept within each channel). */
export function toChannelBatches(posts: readonly DemoPost[], options: ConvertOptions): ChannelBatch[] {
  const events = toEvents(posts, options);
  return groupByChannel(posts.map((p, i) => ({ channel: p.channel, event: events[i]! })));
}

export function groupByChannel(list: ReadonlyArray<{ channel: DemoChannel; event: ChannelEvent }>): ChannelBatch[] {
  const out = new Map<DemoChannel, ChannelEvent[]>();
  for (const { channel, event } of list) {
    const bucket = out.get(channel);
    if (bucket) bucket.push(event);
    else out.set(channel, [event]);
  }
  return [...out].map(([channel, events]) => ({ channel, events }));
}

/** Follow edges as interaction events on one channel (X by default), all at `at`. */
export function followEvents(at: Date, channel: DemoChannel = 'x', follows = demoFollows, authors: readonly DemoAuthor[] = demoAuthors): ChannelEvent[] {
  const authorOf = lookup(authors);
  return follows.map(([from, to]) => ({
    type: 'interaction',
    interaction: { type: 'follow', source: authorFor(authorOf(from), channel), target: authorFor(authorOf(to), channel), at },
  }));
}
