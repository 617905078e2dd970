/**
 * Publishing on a Facebook Page and its Instagram professional account through the Graph API.
 * Facebook: POST /{page-id}/feed (text, the first link becomes the preview) or /{page-id}/photos (an image
 * by URL with its alt text); edit with POST /{post-id} {message}; DELETE /{post-id}; engagement from the
 * post's shares, comments and reactions summaries.
 * Instagram: an image is required; POST /{ig-id}/media (image_url, caption, alt_text) makes a container
 * that POST /{ig-id}/media_publish publishes. The API edits no caption and deletes no post, so both are
 * refused as rule violations (declared incapacities). Neither surface has an idempotency key.
 */
import { ChannelError, type AccountContext, type PostEngagement, type PublishRequest, type PublishResult } from '../port.js';
import type { GraphClient } from './graph.js';
import { META_LIMITS, type MetaTarget } from './measure.js';

export interface MetaPublishDeps {
  graph(account: AccountContext): GraphClient;
  pageId(account: AccountContext): string;
}

const target = (t: string): MetaTarget => {
  if (t === 'facebook' || t === 'instagram') return t;
  throw new ChannelError('invalid_request', `Meta cannot publish to ${t} (facebook or instagram)`, false);
};

function check(post: PublishRequest, t: MetaTarget): void {
  if (post.text.trim() === '' && !post.media?.length) throw new ChannelError('invalid_request', 'empty post', false);
  const length = [...post.text].length;
  if (length > META_LIMITS[t]) throw new ChannelError('rule_violation', `${t === 'instagram' ? 'Instagram captions' : 'Facebook posts'} are limited to ${META_LIMITS[t]} characters (this one has ${length})`, false);
  if (t === 'instagram') {
    if (!post.media?.length) throw new ChannelError('rule_violation', 'an Instagram post needs an image', false);
    if (post.media.length > 1) throw new ChannelError('rule_violation', 'the adapter publishes one image per Instagram post (carousels not yet)', false);
    const tags = post.text.match(/#[^\s#]+/gu)?.length ?? 0;
    if (tags > 30) throw new ChannelError('rule_violation', `Instagram allows 30 hashtags (this caption has ${tags})`, false);
  }
}

const igId = (account: AccountContext): string => {
  const id = account.settings.instagramId;
  if (typeof id !== 'string' || id === '') throw new ChannelError('invalid_request', 'Meta account has no settings.instagramId', false);
  return id;
};

export async function publishMeta(deps: MetaPublishDeps, account: AccountContext, post: PublishRequest): Promise<PublishResult> {
  const t = target(post.target);
  check(post, t);
  const g = deps.graph(account);
  if (t === 'instagram') {
    const image = post.media![0]!;
    const container = await g.call<{ id?: string }>('POST', `${igId(account)}/media`, {}, { image_url: image.url, caption: post.text, alt_text: image.altText });
    if (!container.id) throw new ChannelError('malformed_payload', 'Instagram returned no container id', false);
    const media = await g.call<{ id?: string }>('POST', `${igId(account)}/media_publish`, {}, { creation_id: container.id });
    if (!media.id) throw new ChannelError('malformed_payload', 'Instagram media_publish returned no id', false);
    const link = await g.call<{ permalink?: string }>('GET', media.id, { fields: 'permalink' }).catch(() => ({ permalink: undefined }));
    return { nativeId: media.id, url: link.permalink };
  }
  const page = deps.pageId(account);
  const image = post.media?.[0];
  const res = image
    ? await g.call<{ id?: string; post_id?: string }>('POST', `${page}/photos`, {}, { url: image.url, message: post.text, alt_text_custom: image.altText, published: true })
    : await g.call<{ id?: string }>('POST', `${page}/feed`, {}, { message: post.text, ...(/https?:\/\/\S+/.exec(post.text) ? { link: /https?:\/\/\S+/.exec(post.text)![0] } : {}) });
  const id = (res as { post_id?: string }).post_id ?? res.id;
  if (!id) throw new ChannelError('malformed_payload', 'the Graph API returned no post id', false);
  return { nativeId: id, url: `https://www.facebook.com/${id}` };
}

export async function editMeta(deps: MetaPublishDeps, account: AccountContext, id: string, post: PublishRequest): Promise<PublishResult> {
  const t = target(post.target);
  if (t === 'instagram') throw new ChannelError('rule_violation', 'the Instagram API cannot edit a published caption', false);
  check(post, t);
  const res = await deps.graph(account).call<{ success?: boolean }>('POST', id, {}, { message: post.text });
  if (res.success !== true) throw new ChannelError('malformed_payload', 'the Graph API did not confirm the edit', false);
  return { nativeId: id, url: `https://www.facebook.com/${id}` };
}

export async function deleteMeta(deps: MetaPublishDeps, account: AccountContext, t: string, id: string): Promise<void> {
  if (target(t) === 'instagram') throw new ChannelError('rule_violation', 'the Instagram API cannot delete a published post', false);
  try {
    await deps.graph(account).call('DELETE', id);
  } catch (err) {
    if (!(err instanceof ChannelError && err.code === 'not_found')) throw err;
  }
}

export async function engagementMeta(deps: MetaPublishDeps, account: AccountContext, t: string, id: string): Promise<PostEngagement> {
  const g = deps.graph(account);
  if (target(t) === 'instagram') {
    const m = await g.call<{ like_count?: number; comments_count?: number }>('GET', id, { fields: 'like_count,comments_count' });
    return { likes: m.like_count, replies: m.comments_count };
  }
  const p = await g.call<{ shares?: { count?: number }; comments?: { summary?: { total_count?: number } }; reactions?: { summary?: { total_count?: number } } }>('GET', id, {
    fields: 'shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)',
  });
  return { shares: p.shares?.count ?? 0, replies: p.comments?.summary?.total_count, likes: p.reactions?.summary?.total_count };
}
