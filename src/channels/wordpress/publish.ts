/**
 * Publishing to a WordPress site: POST /wp/v2/posts (title, HTML content, status, a slug derived from the
 * idempotency key so a retry finds the post by GET /wp/v2/posts?slug=), a featured image uploaded through
 * POST /wp/v2/media with its alt text; edit with POST /wp/v2/posts/:id; delete moves the post to the trash
 * (DELETE without force, recoverable); engagement is the comment count (X-WP-Total), the only count
 * WordPress core keeps.
 */
import { createHash } from 'node:crypto';
import { ChannelError, type AccountContext, type PostEngagement, type PublishRequest, type PublishResult } from '../port.js';
import { readSettings, wp } from './client.js';

interface WpPost {
  id: number;
  link?: string;
  slug?: string;
  status?: string;
}

/** The slug a post is published under: stable per idempotency key, lower-case ASCII as WordPress keeps it. */
export function slugFor(idempotencyKey: string): string {
  return `s-${createHash('sha256').update(`sotong-publish\n${idempotencyKey}`).digest('hex').slice(0, 20)}`;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const textToHtml = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

const result = (p: WpPost): PublishResult => ({ nativeId: String(p.id), ...(p.link ? { url: p.link } : {}) });

export async function findWordPress(account: AccountContext, idempotencyKey: string): Promise<PublishResult | null> {
  const { body } = await wp<WpPost[]>(account, 'GET', '/posts', { query: { slug: slugFor(idempotencyKey), status: 'publish,draft,future,pending,private', context: 'edit', _fields: 'id,link,slug,status' } });
  if (!Array.isArray(body)) throw new ChannelError('malformed_payload', 'WordPress /posts did not return a list', false);
  const hit = body.find((p) => p.status !== 'trash');
  return hit ? result(hit) : null;
}

async function featuredImage(account: AccountContext, post: PublishRequest): Promise<number | undefined> {
  const image = post.media?.[0];
  if (!image) return undefined;
  let blob: Blob;
  try {
    const res = await fetch(image.url, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new ChannelError('invalid_request', `image answered ${res.status}`, false);
    blob = await res.blob();
  } catch (err) {
    if (err instanceof ChannelError) throw err;
    throw new ChannelError('unavailable', `image unreachable: ${(err as Error).message}`, true);
  }
  const type = image.mimeType ?? (blob.type || 'image/png');
  const { body } = await wp<{ id?: number }>(account, 'POST', '/media', { raw: { data: blob, type, filename: `image.${type.split('/')[1] ?? 'png'}` } });
  if (typeof body.id !== 'number') throw new ChannelError('malformed_payload', 'WordPress /media returned no id', false);
  await wp(account, 'POST', `/media/${body.id}`, { json: { alt_text: image.altText } });
  return body.id;
}

function fields(post: PublishRequest): Record<string, unknown> {
  if (post.text.trim() === '' && !post.html?.trim()) throw new ChannelError('invalid_request', 'empty post', false);
  const title = post.title?.trim() || [...post.text.split('\n')[0]!].slice(0, 80).join('');
  return { title, content: post.html?.trim() ? post.html : textToHtml(post.text), excerpt: post.html ? post.text.slice(0, 300) : '' };
}

export async function publishWordPress(account: AccountContext, post: PublishRequest): Promise<PublishResult> {
  const body = fields(post);
  const earlier = await findWordPress(account, post.idempotencyKey);
  if (earlier) return earlier;
  const featured = await featuredImage(account, post);
  const { body: created } = await wp<WpPost>(account, 'POST', '/posts', {
    json: { ...body, status: readSettings(account).postStatus, slug: slugFor(post.idempotencyKey), ...(featured ? { featured_media: featured } : {}) },
  });
  if (typeof created.id !== 'number') throw new ChannelError('malformed_payload', 'WordPress /posts returned no id', false);
  return result(created);
}

export async function editWordPress(account: AccountContext, id: string, post: PublishRequest): Promise<PublishResult> {
  if (!/^\d+$/.test(id)) throw new ChannelError('invalid_request', `not a WordPress post id: ${id}`, false);
  const featured = await featuredImage(account, post);
  const { body } = await wp<WpPost>(account, 'POST', `/posts/${id}`, { json: { ...fields(post), ...(featured ? { featured_media: featured } : {}) } });
  return result(body);
}

export async function deleteWordPress(account: AccountContext, id: string): Promise<void> {
  if (!/^\d+$/.test(id)) throw new ChannelError('invalid_request', `not a WordPress post id: ${id}`, false);
  try {
    await wp(account, 'DELETE', `/posts/${id}`);
  } catch (err) {
    // Already in the trash (410 rest_already_trashed maps to invalid_request) or gone: done.
    if (!(err instanceof ChannelError && (err.code === 'not_found' || /already_trashed/.test(err.message)))) throw err;
  }
}

export async function engagementWordPress(account: AccountContext, id: string): Promise<PostEngagement> {
  const { headers } = await wp<unknown[]>(account, 'GET', '/comments', { query: { post: id, per_page: '1', _fields: 'id' } });
  const total = Number(headers.get('x-wp-total'));
  return { replies: Number.isFinite(total) ? total : 0 };
}
