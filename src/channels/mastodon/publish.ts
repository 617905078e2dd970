/**
 * Publishing on Mastodon: POST /api/v1/statuses with an Idempotency-Key (the server answers a repeat of
 * the key with the status it made the first time), images uploaded first through POST /api/v2/media
 * with their alt text as `description`, edits with PUT /api/v1/statuses/:id, deletes with DELETE, and
 * engagement from the status' replies_count, reblogs_count and favourites_count.
 */
import { ChannelError, type AccountContext, type PostEngagement, type PublishRequest, type PublishResult } from '../port.js';
import { api, readSettings } from './client.js';
import type { MStatus } from './mapping.js';
import { measure } from './measure.js';

const MAX_MEDIA = 4;
const MAX_ALT = 1500;

/** Fetches an image (http(s) or a data: URL) so it can be uploaded. */
async function loadImage(url: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new ChannelError('unavailable', `image ${url.slice(0, 60)} unreachable: ${(err as Error).message}`, true);
  }
  if (!res.ok) throw new ChannelError('invalid_request', `image ${url.slice(0, 60)} answered ${res.status}`, false);
  return res.blob();
}

function check(account: AccountContext, post: PublishRequest): void {
  const s = readSettings(account);
  if (post.text.trim() === '') throw new ChannelError('invalid_request', 'empty post', false);
  const m = measure(post.text, s.maxCharacters);
  if (m.length > s.maxCharacters) throw new ChannelError('rule_violation', `Mastodon posts are limited to ${s.maxCharacters} characters (this one has ${m.length})`, false);
  const media = post.media ?? [];
  if (media.length > MAX_MEDIA) throw new ChannelError('rule_violation', `Mastodon takes at most ${MAX_MEDIA} images`, false);
  for (const m of media) if ([...m.altText].length > MAX_ALT) throw new ChannelError('rule_violation', `alt text is limited to ${MAX_ALT} characters`, false);
}

async function uploadMedia(account: AccountContext, post: PublishRequest): Promise<string[]> {
  const ids: string[] = [];
  for (const m of post.media ?? []) {
    const form = new FormData();
    const blob = await loadImage(m.url);
    form.append('file', blob, `image.${(m.mimeType ?? blob.type).split('/')[1] ?? 'png'}`);
    form.append('description', m.altText);
    const res = await api<{ id?: string }>(account, 'POST', '/api/v2/media', { form, signal: AbortSignal.timeout(60_000) });
    if (!res.body?.id) throw new ChannelError('malformed_payload', 'POST /api/v2/media returned no id', false);
    ids.push(res.body.id);
  }
  return ids;
}

const resultOf = (st: MStatus | undefined, what: string): PublishResult => {
  if (!st?.id) throw new ChannelError('malformed_payload', `${what} returned no id`, false);
  return { nativeId: st.id, url: st.url ?? st.uri ?? undefined };
};

export async function publishStatus(account: AccountContext, post: PublishRequest): Promise<PublishResult> {
  check(account, post);
  const mediaIds = await uploadMedia(account, post);
  const res = await api<MStatus>(account, 'POST', '/api/v1/statuses', {
    json: { status: post.text, visibility: 'public', ...(mediaIds.length ? { media_ids: mediaIds } : {}), ...(/[\uac00-\ud7a3]/.test(post.text) ? { language: 'ko' } : {}) },
    headers: { 'idempotency-key': post.idempotencyKey },
    signal: AbortSignal.timeout(30_000),
  });
  return resultOf(res.body, 'POST /api/v1/statuses');
}

export async function editStatus(account: AccountContext, id: string, post: PublishRequest): Promise<PublishResult> {
  check(account, post);
  const mediaIds = await uploadMedia(account, post);
  const res = await api<MStatus>(account, 'PUT', `/api/v1/statuses/${encodeURIComponent(id)}`, {
    json: { status: post.text, ...(mediaIds.length ? { media_ids: mediaIds } : {}) },
    signal: AbortSignal.timeout(30_000),
  });
  return resultOf(res.body, 'PUT /api/v1/statuses/:id');
}

export async function deleteStatus(account: AccountContext, id: string): Promise<void> {
  try {
    await api<MStatus>(account, 'DELETE', `/api/v1/statuses/${encodeURIComponent(id)}`, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    // Deleting what is already gone is done.
    if (!(err instanceof ChannelError && err.code === 'not_found')) throw err;
  }
}

export async function statusEngagement(account: AccountContext, id: string): Promise<PostEngagement> {
  const res = await api<MStatus & { replies_count?: number; reblogs_count?: number; favourites_count?: number }>(account, 'GET', `/api/v1/statuses/${encodeURIComponent(id)}`, { signal: AbortSignal.timeout(30_000) });
  const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return { replies: n(res.body.replies_count), shares: n(res.body.reblogs_count), likes: n(res.body.favourites_count) };
}
