/**
 * X (Twitter) API v2 adapter: filtered stream, mentions and DM polling, webhooks (CRC + signature,
 * Account Activity payloads), replies as posts or DMs. A thin fetch client; settings.apiBaseUrl points
 * it elsewhere (tests use a local server).
 */
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type HealthReport, type RateLimitState, type ReplyLimits, type ReplyRequest, type ReplyResult } from '../port.js';
import { XClient } from './client.js';
import { pollX } from './poll.js';
import { runStream } from './stream.js';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './text.js';
import { parseXWebhook, verifyXWebhook } from './webhook.js';
import { simulateX } from './simulator.js';
import { measure } from './measure.js';
import { deleteX, engagementX, publishX, type XPublishDeps } from './publish.js';

export const DEFAULT_X_API_BASE_URL = 'https://api.x.com';
const DM_MAX_LENGTH = 10_000;

export interface XAdapterOptions {
  clock?: Clock;
}

const settingsSchema = {
  type: 'object',
  required: ['userId'],
  properties: {
    userId: { type: 'string', description: "The bank account's X user id (mentions, DMs, outbound detection)" },
    handle: { type: 'string', description: 'The bank account handle, for reply permalinks' },
    apiBaseUrl: { type: 'string', format: 'uri', default: DEFAULT_X_API_BASE_URL },
    streamRules: { type: 'array', items: { type: 'object', required: ['value'], properties: { value: { type: 'string' }, tag: { type: 'string' } } } },
    directMessages: { type: 'boolean', default: true, description: 'Poll DM events too (needs a user token with dm.read)' },
    maxResults: { type: 'integer', minimum: 5, maximum: 100, default: 100 },
    maxDmPages: { type: 'integer', minimum: 1, default: 5 },
    backfillMinutes: { type: 'integer', minimum: 0, maximum: 5, default: 0, description: 'Ask the stream to replay this many minutes after a reconnect (Pro/Enterprise)' },
    reconnectBaseMs: { type: 'integer', minimum: 1, default: 1000 },
    reconnectMaxMs: { type: 'integer', minimum: 1, default: 320000 },
    stallTimeoutMs: { type: 'integer', minimum: 1, default: 30000, description: 'Reconnect when the stream sends nothing (not even a keep-alive) for this long' },
    timeoutMs: { type: 'integer', minimum: 1, default: 15000 },
  },
} as const;

const credentialsSchema = {
  type: 'object',
  properties: {
    bearerToken: { type: 'string', description: 'App-only bearer token (filtered stream and its rules)' },
    userAccessToken: { type: 'string', description: 'OAuth 2.0 user-context token (tweet.write, dm.read, dm.write, users.read)' },
    consumerSecret: { type: 'string', description: 'API key secret: webhook CRC and x-twitter-webhooks-signature' },
  },
} as const;

function isDmTarget(target: ReplyRequest['inReplyTo'] | undefined): boolean {
  return !!target && (target.isPrivate || target.kind === 'direct_message');
}

export function createXAdapter(options: XAdapterOptions = {}): ChannelAdapter {
  const clock = options.clock ?? systemClock;
  const rateLimits = new Map<string, Map<string, RateLimitState>>();

  const client = (account: AccountContext): XClient => {
    let buckets = rateLimits.get(account.id);
    if (!buckets) rateLimits.set(account.id, (buckets = new Map()));
    const base = typeof account.settings.apiBaseUrl === 'string' ? account.settings.apiBaseUrl : DEFAULT_X_API_BASE_URL;
    const timeout = typeof account.settings.timeoutMs === 'number' ? account.settings.timeoutMs : 15_000;
    return new XClient(base, clock, buckets, timeout);
  };

  const userToken = (account: AccountContext): string => {
    const token = account.credentials.userAccessToken;
    if (!token) throw new ChannelError('auth_failed', 'replying on X needs credentials.userAccessToken (OAuth 2.0 user context)', false);
    return token;
  };

  async function sendDm(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
    if ([...reply.text].length > DM_MAX_LENGTH) throw new ChannelError('rule_violation', `X DMs are limited to ${DM_MAX_LENGTH} characters`, false);
    const own = typeof account.settings.userId === 'string' ? account.settings.userId : undefined;
    const target = reply.inReplyTo;
    const conversation = target.threadNativeId && /^\d+-\d+$/.test(target.threadNativeId) ? target.threadNativeId : undefined;
    const fromThread = conversation?.split('-').find((id) => id !== own);
    const participant = fromThread ?? (target.author.nativeId !== own ? target.author.nativeId : undefined);
    if (!participant) throw new ChannelError('invalid_request', 'cannot tell whom to send the X DM to', false);
    const { body } = await client(account).request<{ data?: { dm_event_id?: string; dm_conversation_id?: string } }>({
      method: 'POST',
      path: `/2/dm_conversations/with/${encodeURIComponent(participant)}/messages`,
      body: { text: reply.text },
      token: userToken(account),
    });
    const id = body.data?.dm_event_id;
    if (!id) throw new ChannelError('unavailable', 'X did not return the DM event id', true);
    return { nativeId: id };
  }

  async function sendPost(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
    const weight = xWeightedLength(reply.text);
    if (weight > X_MAX_WEIGHTED_LENGTH) throw new ChannelError('rule_violation', `X posts are limited to ${X_MAX_WEIGHTED_LENGTH} weighted characters (this one weighs ${weight})`, false);
    const { body } = await client(account).request<{ data?: { id?: string } }>({
      method: 'POST',
      path: '/2/tweets',
      body: { text: reply.text, reply: { in_reply_to_tweet_id: reply.inReplyTo.nativeId } },
      token: userToken(account),
    });
    const id = body.data?.id;
    if (!id) throw new ChannelError('unavailable', 'X did not return the post id', true);
    const handle = typeof account.settings.handle === 'string' ? account.settings.handle : 'i/web';
    return { nativeId: id, url: `https://x.com/${handle}/status/${id}` };
  }

  const deps: XPublishDeps = { client, userToken };

  return {
    type: 'x',
    publishTargets: ['x'],
    measure: (text: string) => measure(text),
    publish: (account, post) => publishX(deps, account, post),
    // No editPublished: X edits only for some paid accounts, within an hour; no findPublished: X has no idempotency key.
    deletePublished: (account, _target, id) => deleteX(deps, account, id),
    engagement: (account, _target, id) => engagementX(deps, account, id),
    displayName: 'X (Twitter)',
    simulate: simulateX,
    settingsSchema,
    credentialsSchema,

    limits(_account, inReplyTo): ReplyLimits {
      if (isDmTarget(inReplyTo)) return { maxLength: DM_MAX_LENGTH, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true };
      return { maxLength: X_MAX_WEIGHTED_LENGTH, lengthUnit: 'x-weighted', canReplyPublicly: true, canReplyPrivately: true, measureTarget: 'x' };
    },

    verify: verifyXWebhook,
    parse: parseXWebhook,

    fetch(account, cursor, signal) {
      return pollX(client(account), account, cursor, signal);
    },

    stream(account, cursor, onEvents, signal) {
      return runStream(client(account), account, cursor, onEvents, signal);
    },

    async sendReply(account, reply) {
      if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
      return reply.private || isDmTarget(reply.inReplyTo) ? sendDm(account, reply) : sendPost(account, reply);
    },

    async health(account): Promise<HealthReport> {
      const c = client(account);
      const user = account.credentials.userAccessToken;
      const app = account.credentials.bearerToken;
      if (!user && !app) return { status: 'down', message: 'no X credentials (userAccessToken or bearerToken)' };
      try {
        const { rateLimit } = user ? await c.request({ method: 'GET', path: '/2/users/me', token: user }) : await c.request({ method: 'GET', path: '/2/tweets/search/stream/rules', token: app! });
        if (rateLimit?.remaining === 0) return { status: 'degraded', message: 'rate limit window exhausted', rateLimit };
        return { status: 'ok', rateLimit };
      } catch (err) {
        if (!(err instanceof ChannelError)) throw err;
        return { status: err.code === 'rate_limited' ? 'degraded' : 'down', message: err.message };
      }
    },
  };
}

export const adapter: ChannelAdapter = createXAdapter();
export { xWeightedLength } from './text.js';
