/**
 * Publishing on Bluesky: an app.bsky.feed.post record created with com.atproto.repo.createRecord under a
 * record key derived from the idempotency key (a TID computed from its hash), so a retry finds the post
 * (com.atproto.repo.getRecord) instead of making a second one. Links, mentions and hashtags become facets
 * indexed by UTF-8 byte offsets; images are uploaded with com.atproto.repo.uploadBlob and embedded with
 * their alt text (app.bsky.embed.images). Deletes with deleteRecord; engagement from app.bsky.feed.getPosts.
 * Bluesky offers no edit of a post (the app shows none), so the adapter declares it cannot edit.
 */
import { createHash } from 'node:crypto';
import { ChannelError, type AccountContext, type PostEngagement, type PublishRequest, type PublishResult } from '../port.js';
import { readSettings, type SessionStore } from './client.js';
import { detectFacets } from './facets.js';
import { parseAtUri, POST, postUrl } from './mapping.js';
import { BLUESKY_MAX_GRAPHEMES, graphemeCount } from './measure.js';

const MAX_IMAGES = 4;
const MAX_IMAGE_BYTES = 1_000_000;
const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/** A valid TID (13 base32-sortable characters, top bit clear) derived from the idempotency key alone. */
export function rkeyFor(idempotencyKey: string): string {
  const h = createHash('sha256').update(`sotong-publish\n${idempotencyKey}`).digest();
  let n = h.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(n & 31n)]! + out;
    n >>= 5n;
  }
  return out;
}

type Store = SessionStore;

async function getRecord(sessions: Store, account: AccountContext, rkey: string): Promise<PublishResult | null> {
  const s = readSettings(account);
  const session = await sessions.get(account, s);
  try {
    const { data } = await sessions.call<{ uri?: string }>(account, s, 'GET', 'com.atproto.repo.getRecord', { params: { repo: session.did, collection: POST, rkey } });
    if (!data.uri) return null;
    return { nativeId: data.uri, url: postUrl(data.uri, session.handle) };
  } catch (err) {
    if (err instanceof ChannelError && err.code === 'not_found') return null;
    throw err;
  }
}

async function images(sessions: Store, account: AccountContext, post: PublishRequest): Promise<unknown | undefined> {
  const media = post.media ?? [];
  if (!media.length) return undefined;
  const s = readSettings(account);
  const out: Array<{ image: unknown; alt: string }> = [];
  for (const m of media) {
    let blob: Blob;
    try {
      const res = await fetch(m.url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new ChannelError('invalid_request', `image answered ${res.status}`, false);
      blob = await res.blob();
    } catch (err) {
      if (err instanceof ChannelError) throw err;
      throw new ChannelError('unavailable', `image unreachable: ${(err as Error).message}`, true);
    }
    if (blob.size > MAX_IMAGE_BYTES) throw new ChannelError('rule_violation', `Bluesky images are limited to ${MAX_IMAGE_BYTES} bytes`, false);
    const { data } = await sessions.call<{ blob?: unknown }>(account, s, 'POST', 'com.atproto.repo.uploadBlob', { raw: { data: blob, type: m.mimeType ?? (blob.type || 'image/png') } });
    if (!data.blob) throw new ChannelError('malformed_payload', 'uploadBlob returned no blob', false);
    out.push({ image: data.blob, alt: m.altText });
  }
  return { $type: 'app.bsky.embed.images', images: out };
}

export async function publishBluesky(sessions: Store, account: AccountContext, post: PublishRequest, now: () => Date): Promise<PublishResult> {
  if (post.text.trim() === '') throw new ChannelError('invalid_request', 'empty post', false);
  const length = graphemeCount(post.text);
  if (length > BLUESKY_MAX_GRAPHEMES) throw new ChannelError('rule_violation', `Bluesky posts are limited to ${BLUESKY_MAX_GRAPHEMES} graphemes (this one has ${length})`, false);
  if ((post.media?.length ?? 0) > MAX_IMAGES) throw new ChannelError('rule_violation', `Bluesky takes at most ${MAX_IMAGES} images`, false);
  const rkey = rkeyFor(post.idempotencyKey);
  const earlier = await getRecord(sessions, account, rkey);
  if (earlier) return earlier;
  const s = readSettings(account);
  const session = await sessions.get(account, s);
  const facets = await detectFacets(post.text, async (handle) => {
    try {
      return (await sessions.call<{ did?: string }>(account, s, 'GET', 'com.atproto.identity.resolveHandle', { params: { handle } })).data.did;
    } catch (err) {
      if (err instanceof ChannelError && (err.code === 'not_found' || err.code === 'invalid_request')) return undefined;
      throw err;
    }
  });
  const embed = await images(sessions, account, post);
  const record = {
    $type: POST,
    text: post.text,
    createdAt: now().toISOString(),
    ...(/[\uac00-\ud7a3]/.test(post.text) ? { langs: ['ko'] } : {}),
    ...(facets.length ? { facets } : {}),
    ...(embed ? { embed } : {}),
  };
  try {
    const { data } = await sessions.call<{ uri?: string }>(account, s, 'POST', 'com.atproto.repo.createRecord', { body: { repo: session.did, collection: POST, rkey, record } });
    if (!data.uri) throw new ChannelError('malformed_payload', 'createRecord returned no uri', false);
    return { nativeId: data.uri, url: postUrl(data.uri, session.handle) };
  } catch (err) {
    // Two publishers raced on one key: the record exists now, and it is this post.
    if (err instanceof ChannelError && err.code === 'invalid_request') {
      const made = await getRecord(sessions, account, rkey);
      if (made) return made;
    }
    throw err;
  }
}

export const findBluesky = (sessions: Store, account: AccountContext, idempotencyKey: string): Promise<PublishResult | null> => getRecord(sessions, account, rkeyFor(idempotencyKey));

export async function deleteBluesky(sessions: Store, account: AccountContext, uri: string): Promise<void> {
  const p = parseAtUri(uri);
  if (!p || p.collection !== POST) throw new ChannelError('invalid_request', `not a Bluesky post: ${uri}`, false);
  const s = readSettings(account);
  await sessions.call(account, s, 'POST', 'com.atproto.repo.deleteRecord', { body: { repo: p.did, collection: POST, rkey: p.rkey } });
}

export async function engagementBluesky(sessions: Store, account: AccountContext, uri: string): Promise<PostEngagement> {
  const s = readSettings(account);
  const { data } = await sessions.call<{ posts?: Array<{ uri: string; replyCount?: number; repostCount?: number; likeCount?: number; quoteCount?: number }> }>(account, s, 'GET', 'app.bsky.feed.getPosts', { params: { uris: [uri] } });
  const p = data.posts?.find((x) => x.uri === uri);
  if (!p) throw new ChannelError('not_found', `Bluesky post ${uri} not found`, false);
  return { replies: p.replyCount, shares: p.repostCount === undefined && p.quoteCount === undefined ? undefined : (p.repostCount ?? 0) + (p.quoteCount ?? 0), likes: p.likeCount };
}
