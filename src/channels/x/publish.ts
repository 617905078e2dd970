/**
 * Publishing on X (API v2): images through POST /2/media/upload (multipart, media_category tweet_image)
 * with alt text through POST /2/media/metadata, then POST /2/tweets with media.media_ids; deletes with
 * DELETE /2/tweets/:id; engagement from public_metrics. X has no idempotency key and refuses a post
 * whose text repeats a recent one ("duplicate content"): a retried publish that meets that refusal looks
 * the post up among the account's latest posts and answers with it. Editing is not offered: the API
 * edits only for some paid accounts and only within an hour, so the adapter declares it cannot.
 */
import { ChannelError, type AccountContext, type PostEngagement, type PublishRequest, type PublishResult } from '../port.js';
import type { XClient } from './client.js';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './text.js';

const MAX_IMAGES = 4;
const MAX_ALT = 1000;

export interface XPublishDeps {
  client(account: AccountContext): XClient;
  userToken(account: AccountContext): string;
}

const permalink = (account: AccountContext, id: string): string => `https://x.com/${typeof account.settings.handle === 'string' ? account.settings.handle : 'i/web'}/status/${id}`;
const withoutUrls = (text: string): string =>
  text
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();

async function uploadImages(deps: XPublishDeps, account: AccountContext, post: PublishRequest): Promise<string[]> {
  const ids: string[] = [];
  for (const m of post.media ?? []) {
    let blob: Blob;
    try {
      const res = await fetch(m.url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new ChannelError('invalid_request', `image answered ${res.status}`, false);
      blob = await res.blob();
    } catch (err) {
      if (err instanceof ChannelError) throw err;
      throw new ChannelError('unavailable', `image unreachable: ${(err as Error).message}`, true);
    }
    const form = new FormData();
    form.append('media', blob, 'image');
    form.append('media_category', 'tweet_image');
    if (m.mimeType) form.append('media_type', m.mimeType);
    const c = deps.client(account);
    const token = deps.userToken(account);
    const { body } = await c.request<{ data?: { id?: string } }>({ method: 'POST', path: '/2/media/upload', form, token });
    const id = body.data?.id;
    if (!id) throw new ChannelError('malformed_payload', 'X media upload returned no id', false);
    await c.request({ method: 'POST', path: '/2/media/metadata', body: { id, metadata: { alt_text: { text: m.altText } } }, token });
    ids.push(id);
  }
  return ids;
}

/** The account's own recent post with this text (X shortens links, so they are left out of the comparison). */
async function recentWithText(deps: XPublishDeps, account: AccountContext, text: string): Promise<PublishResult | undefined> {
  const userId = typeof account.settings.userId === 'string' ? account.settings.userId : undefined;
  if (!userId) return undefined;
  const { body } = await deps.client(account).request<{ data?: Array<{ id: string; text: string }> }>({
    method: 'GET',
    path: `/2/users/${encodeURIComponent(userId)}/tweets`,
    query: { max_results: 20, exclude: 'replies,retweets' },
    token: deps.userToken(account),
  });
  const want = withoutUrls(text);
  const hit = body.data?.find((t) => withoutUrls(t.text) === want);
  return hit ? { nativeId: hit.id, url: permalink(account, hit.id) } : undefined;
}

export async function publishX(deps: XPublishDeps, account: AccountContext, post: PublishRequest): Promise<PublishResult> {
  if (post.text.trim() === '') throw new ChannelError('invalid_request', 'empty post', false);
  const weight = xWeightedLength(post.text);
  if (weight > X_MAX_WEIGHTED_LENGTH) throw new ChannelError('rule_violation', `X posts are limited to ${X_MAX_WEIGHTED_LENGTH} weighted characters (this one weighs ${weight})`, false);
  if ((post.media?.length ?? 0) > MAX_IMAGES) throw new ChannelError('rule_violation', `X takes at most ${MAX_IMAGES} images`, false);
  for (const m of post.media ?? []) if ([...m.altText].length > MAX_ALT) throw new ChannelError('rule_violation', `X alt text is limited to ${MAX_ALT} characters`, false);
  const mediaIds = await uploadImages(deps, account, post);
  try {
    const { body } = await deps.client(account).request<{ data?: { id?: string } }>({
      method: 'POST',
      path: '/2/tweets',
      body: { text: post.text, ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}) },
      token: deps.userToken(account),
    });
    const id = body.data?.id;
    if (!id) throw new ChannelError('unavailable', 'X did not return the post id', true);
    return { nativeId: id, url: permalink(account, id) };
  } catch (err) {
    if (err instanceof ChannelError && err.code === 'rule_violation' && /duplicate/i.test(err.message)) {
      const earlier = await recentWithText(deps, account, post.text);
      if (earlier) return earlier;
    }
    throw err;
  }
}

export async function deleteX(deps: XPublishDeps, account: AccountContext, id: string): Promise<void> {
  try {
    await deps.client(account).request({ method: 'DELETE', path: `/2/tweets/${encodeURIComponent(id)}`, token: deps.userToken(account) });
  } catch (err) {
    if (!(err instanceof ChannelError && err.code === 'not_found')) throw err;
  }
}

export async function engagementX(deps: XPublishDeps, account: AccountContext, id: string): Promise<PostEngagement> {
  const { body } = await deps.client(account).request<{ data?: { public_metrics?: Record<string, unknown> } }>({
    method: 'GET',
    path: `/2/tweets/${encodeURIComponent(id)}`,
    query: { 'tweet.fields': 'public_metrics' },
    token: deps.userToken(account),
  });
  const m = body.data?.public_metrics;
  if (!m) throw new ChannelError('not_found', `X post ${id} has no public metrics`, false);
  const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const shares = n(m.retweet_count) === undefined && n(m.quote_count) === undefined ? undefined : (n(m.retweet_count) ?? 0) + (n(m.quote_count) ?? 0);
  return { replies: n(m.reply_count), shares, likes: n(m.like_count), views: n(m.impression_count) };
}
