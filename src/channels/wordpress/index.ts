/**
 * WordPress channel: the bank's own WordPress blog through the REST API with an application password.
 * Publishes long-form posts (see publish.ts), polls comments on the site (`fetch`) and answers them
 * (POST /wp/v2/comments with post and parent).
 */
import { ChannelError, type AccountContext, type CanonicalItem, type ChannelAdapter, type FetchResult, type HealthReport, type ReplyLimits, type ReplyResult } from '../port.js';
import { readSettings, wp } from './client.js';
import { measure } from './measure.js';
import { deleteWordPress, editWordPress, engagementWordPress, findWordPress, publishWordPress } from './publish.js';
import { simulateWordPress } from './simulator.js';

const COMMENT_MAX = 65_525;

interface WpComment {
  id: number;
  post: number;
  parent: number;
  author: number;
  author_name?: string;
  author_url?: string;
  date_gmt?: string;
  content?: { rendered?: string };
  link?: string;
}

const decode = (html: string): string =>
  html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();

function commentToItem(c: WpComment, ownUserId: number | undefined): CanonicalItem {
  const text = decode(c.content?.rendered ?? '');
  return {
    nativeId: String(c.id),
    kind: c.parent ? 'reply' : 'comment',
    author: { nativeId: c.author ? `user:${c.author}` : `guest:${c.author_name ?? 'anonymous'}`, displayName: c.author_name, ...(c.author_url ? { profileUrl: c.author_url } : {}) },
    parentNativeId: c.parent ? String(c.parent) : `post:${c.post}`,
    threadNativeId: `post:${c.post}`,
    text,
    links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
    media: [],
    createdAt: new Date(c.date_gmt ? `${c.date_gmt}Z` : 0),
    ...(c.link ? { url: c.link } : {}),
    isPrivate: false,
    direction: ownUserId !== undefined && c.author === ownUserId ? 'outbound' : 'inbound',
    interactions: [],
    raw: c,
  };
}

async function me(account: AccountContext): Promise<{ id: number; name?: string }> {
  return (await wp<{ id: number; name?: string }>(account, 'GET', '/users/me', { query: { context: 'edit', _fields: 'id,name' } })).body;
}

export const adapter: ChannelAdapter = {
  type: 'wordpress',
  displayName: 'WordPress',
  publishTargets: ['wordpress'],
  measure: (text: string) => measure(text),
  publish: publishWordPress,
  findPublished: (account, _target, key) => findWordPress(account, key),
  editPublished: editWordPress,
  deletePublished: (account, _target, id) => deleteWordPress(account, id),
  engagement: (account, _target, id) => engagementWordPress(account, id),
  simulate: simulateWordPress,
  settingsSchema: {
    type: 'object',
    required: ['siteUrl', 'username'],
    properties: {
      siteUrl: { type: 'string', format: 'uri', description: 'The site address, e.g. https://blog.bank.example (the REST API at /wp-json/wp/v2)' },
      username: { type: 'string', description: 'The WordPress user the application password belongs to (an Author or Editor)' },
      postStatus: { enum: ['publish', 'draft'], default: 'publish', description: 'Publish at once, or leave drafts for the site editors' },
      timeoutMs: { type: 'integer', minimum: 1, default: 20000 },
    },
  },
  credentialsSchema: { type: 'object', required: ['applicationPassword'], properties: { applicationPassword: { type: 'string', description: 'Users → Profile → Application Passwords' } } },

  limits(): ReplyLimits {
    return { maxLength: COMMENT_MAX, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false };
  },

  async fetch(account, cursor): Promise<FetchResult> {
    const since = cursor && /^\d+$/.test(cursor) ? Number(cursor) : undefined;
    const own = await me(account);
    const fresh: WpComment[] = [];
    for (let page = 1; page <= 10; page++) {
      const { body, headers } = await wp<WpComment[]>(account, 'GET', '/comments', { query: { per_page: '100', page: String(page), orderby: 'id', order: 'desc' } });
      if (!Array.isArray(body)) throw new ChannelError('malformed_payload', 'WordPress /comments did not return a list', false);
      const newer = body.filter((c) => since === undefined || c.id > since);
      fresh.push(...newer);
      const pages = Number(headers.get('x-wp-totalpages') ?? 1);
      if (since === undefined || newer.length < body.length || page >= pages) break;
    }
    fresh.sort((a, b) => a.id - b.id);
    const top = fresh.at(-1)?.id ?? since;
    return { events: fresh.map((c) => ({ type: 'upsert', item: commentToItem(c, own.id) })), cursor: top === undefined ? '0' : String(top) };
  },

  async sendReply(account, reply): Promise<ReplyResult> {
    if (reply.private) throw new ChannelError('rule_violation', 'WordPress comments cannot be answered privately', false);
    if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
    if ([...reply.text].length > COMMENT_MAX) throw new ChannelError('rule_violation', `WordPress comments are limited to ${COMMENT_MAX} characters`, false);
    const post = /^post:(\d+)$/.exec(reply.inReplyTo.threadNativeId ?? '')?.[1];
    if (!post) throw new ChannelError('invalid_request', 'the comment answered names no WordPress post', false);
    const parent = /^\d+$/.test(reply.inReplyTo.nativeId) ? Number(reply.inReplyTo.nativeId) : 0;
    const { body } = await wp<WpComment>(account, 'POST', '/comments', { json: { post: Number(post), parent, content: reply.text } });
    if (typeof body.id !== 'number') throw new ChannelError('malformed_payload', 'WordPress /comments returned no id', false);
    return { nativeId: String(body.id), ...(body.link ? { url: body.link } : {}) };
  },

  async health(account): Promise<HealthReport> {
    try {
      readSettings(account);
      const user = await me(account);
      return { status: 'ok', message: `signed in as ${user.name ?? user.id}` };
    } catch (err) {
      const e = err instanceof ChannelError ? err : new ChannelError('unavailable', String(err), true);
      return { status: e.code === 'rate_limited' ? 'degraded' : 'down', message: e.message };
    }
  },
};
