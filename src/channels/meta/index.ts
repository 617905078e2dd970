/**
 * Meta adapter: Facebook Page comments and posts, Messenger, Instagram comments and Instagram messages,
 * all through one app webhook and the Graph API with a Page access token (settings.graphBaseUrl points
 * it elsewhere; tests use a local server).
 *
 * Replies: public comment reply POST /{comment-id}/comments (Instagram: POST /{ig-comment-id}/replies);
 * private reply to a comment POST /{PAGE_ID}/messages with recipient.comment_id; message answer
 * POST /{PAGE_ID}/messages with recipient.id and messaging_type RESPONSE, inside the 24-hour window.
 */
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type HealthReport, type ReplyLimits, type ReplyRequest, type ReplyResult } from '../port.js';
import { DEFAULT_GRAPH_BASE_URL, GraphClient } from './graph.js';
import { parseMetaWebhook, verifyMetaWebhook } from './webhook.js';
import { simulateMeta } from './simulator.js';
import { META_TARGETS, measure } from './measure.js';
import { deleteMeta, editMeta, engagementMeta, publishMeta, type MetaPublishDeps } from './publish.js';

export interface MetaAdapterOptions {
  clock?: Clock;
}

type Target = ReplyRequest['inReplyTo'];

const HOUR = 3_600_000;
const LIMITS = {
  facebookComment: { maxLength: 8000, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true, privateWindowHours: 24 * 7 },
  instagramComment: { maxLength: 2200, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true, privateWindowHours: 24 * 7 },
  messenger: { maxLength: 2000, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 },
  instagramMessage: { maxLength: 1000, lengthUnit: 'bytes', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 },
} as const satisfies Record<string, ReplyLimits>;

const settingsSchema = {
  type: 'object',
  required: ['pageId'],
  properties: {
    pageId: { type: 'string', description: 'The Facebook Page id (Messenger and private replies are sent as this Page)' },
    instagramId: { type: 'string', description: 'The Instagram professional account id linked to the Page' },
    graphBaseUrl: { type: 'string', format: 'uri', default: DEFAULT_GRAPH_BASE_URL },
    timeoutMs: { type: 'integer', minimum: 1, default: 15000 },
  },
} as const;

const credentialsSchema = {
  type: 'object',
  required: ['pageAccessToken', 'appSecret', 'verifyToken'],
  properties: {
    pageAccessToken: { type: 'string', description: 'Page access token (pages_messaging, pages_manage_engagement, instagram_manage_comments, instagram_manage_messages)' },
    appSecret: { type: 'string', description: 'App secret: X-Hub-Signature-256 and appsecret_proof' },
    verifyToken: { type: 'string', description: 'The verify token entered in the webhook subscription' },
  },
} as const;

const isInstagram = (t: Target | undefined): boolean => !!t?.threadNativeId?.startsWith('instagram:');
const isMessage = (t: Target | undefined): boolean => !!t && (t.kind === 'direct_message' || t.isPrivate);

function limitsFor(t: Target | undefined, privately: boolean): ReplyLimits {
  const ig = isInstagram(t);
  if (isMessage(t) || privately) return ig ? LIMITS.instagramMessage : LIMITS.messenger;
  return ig ? LIMITS.instagramComment : LIMITS.facebookComment;
}

function lengthOf(text: string, unit: ReplyLimits['lengthUnit']): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
}

export function createMetaAdapter(options: MetaAdapterOptions = {}): ChannelAdapter {
  const clock = options.clock ?? systemClock;

  const graph = (account: AccountContext): GraphClient => {
    const token = account.credentials.pageAccessToken;
    if (!token) throw new ChannelError('auth_failed', 'Meta account has no credentials.pageAccessToken', false);
    const base = typeof account.settings.graphBaseUrl === 'string' ? account.settings.graphBaseUrl : DEFAULT_GRAPH_BASE_URL;
    const timeout = typeof account.settings.timeoutMs === 'number' ? account.settings.timeoutMs : 15_000;
    return new GraphClient(base, token, account.credentials.appSecret, timeout);
  };

  const pageId = (account: AccountContext): string => {
    const id = account.settings.pageId;
    if (typeof id !== 'string' || id === '') throw new ChannelError('invalid_request', 'Meta account has no settings.pageId', false);
    return id;
  };

  function checkWindow(t: Target, hours: number, what: string): void {
    const age = clock.now().getTime() - t.createdAt.getTime();
    if (age > hours * HOUR) throw new ChannelError('rule_violation', `${what} is only allowed within ${hours} hours (this item is ${Math.floor(age / HOUR)} hours old)`, false);
  }

  async function sendMessage(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
    const t = reply.inReplyTo;
    checkWindow(t, 24, 'answering a message');
    const thread = t.threadNativeId?.match(/^(?:messenger|instagram:dm):(.+)$/)?.[1];
    const recipient = thread ?? t.author.nativeId;
    const res = await graph(account).call<{ message_id?: string }>('POST', `${pageId(account)}/messages`, {}, { recipient: { id: recipient }, messaging_type: 'RESPONSE', message: { text: reply.text } });
    if (!res.message_id) throw new ChannelError('unavailable', 'the Send API did not return a message_id', true);
    return { nativeId: res.message_id };
  }

  async function sendPrivateReply(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
    checkWindow(reply.inReplyTo, 24 * 7, 'a private reply to a comment');
    const res = await graph(account).call<{ message_id?: string }>('POST', `${pageId(account)}/messages`, {}, { recipient: { comment_id: reply.inReplyTo.nativeId }, message: { text: reply.text } });
    if (!res.message_id) throw new ChannelError('unavailable', 'the private reply did not return a message_id', true);
    return { nativeId: res.message_id };
  }

  async function sendComment(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
    const id = encodeURIComponent(reply.inReplyTo.nativeId);
    const res = isInstagram(reply.inReplyTo) ? await graph(account).call<{ id?: string }>('POST', `${id}/replies`, { message: reply.text }) : await graph(account).call<{ id?: string }>('POST', `${id}/comments`, {}, { message: reply.text });
    if (!res.id) throw new ChannelError('unavailable', 'the Graph API did not return the comment id', true);
    return { nativeId: res.id };
  }

  const deps: MetaPublishDeps = { graph, pageId };

  return {
    type: 'meta',
    publishTargets: META_TARGETS,
    measure: (text: string, target?: string) => measure(text, target),
    publish: (account, post) => publishMeta(deps, account, post),
    // No findPublished: the Graph API has no idempotency key. Instagram refuses edit and delete (rule_violation).
    editPublished: (account, id, post) => editMeta(deps, account, id, post),
    deletePublished: (account, target, id) => deleteMeta(deps, account, target, id),
    engagement: (account, target, id) => engagementMeta(deps, account, target, id),
    displayName: 'Facebook, Instagram & Messenger',
    simulate: simulateMeta,
    settingsSchema,
    credentialsSchema,

    limits(_account, inReplyTo) {
      return limitsFor(inReplyTo, false);
    },

    verify: verifyMetaWebhook,
    parse: parseMetaWebhook,

    async sendReply(account, reply) {
      if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
      const privately = reply.private || isMessage(reply.inReplyTo);
      const limits = limitsFor(reply.inReplyTo, privately);
      const length = lengthOf(reply.text, limits.lengthUnit);
      if (length > limits.maxLength) throw new ChannelError('rule_violation', `reply is ${length} ${limits.lengthUnit}; the limit here is ${limits.maxLength}`, false);
      if (isMessage(reply.inReplyTo)) return sendMessage(account, reply);
      return privately ? sendPrivateReply(account, reply) : sendComment(account, reply);
    },

    async health(account): Promise<HealthReport> {
      try {
        const page = await graph(account).call<{ id?: string; name?: string }>('GET', pageId(account), { fields: 'id,name' });
        if (page.id !== pageId(account)) return { status: 'degraded', message: `the token answers for ${page.id ?? 'no page'}, not Page ${pageId(account)}` };
        return { status: 'ok', message: page.name };
      } catch (err) {
        if (!(err instanceof ChannelError)) throw err;
        return { status: err.code === 'rate_limited' ? 'degraded' : 'down', message: err.message };
      }
    },
  };
}

export const adapter: ChannelAdapter = createMetaAdapter();
