/**
 * The generic signed webhook: any source that can POST JSON (KakaoTalk bot skills, Naver TalkTalk,
 * app-store review collectors, the bank's own apps) sends events in Sotong's schema, signed with
 * HMAC-SHA256 over "<timestamp>.<raw body>". Replies go back as signed POSTs to settings.replyUrl.
 * Schema and signing: docs/channels/webhook.md.
 */
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type HealthReport, type ReplyLimits, type ReplyRequest, type ReplyResult } from '../port.js';
import { eventsFromBody, inboundSchema } from './schema.js';
import { checkSignature, DEFAULT_TOLERANCE_SECONDS, signedHeaders } from './signing.js';
import { simulateWebhook } from './simulator.js';

export interface WebhookAdapterOptions {
  clock?: Clock;
}

const DEFAULT_MAX_REPLY_LENGTH = 4000;

const settingsSchema = {
  type: 'object',
  properties: {
    source: { type: 'string', description: 'What sends the events (kakaotalk, naver-talktalk, app-reviews, bank-app); informational' },
    replyUrl: { type: 'string', format: 'uri', description: 'Where replies are POSTed (signed); without it the account is inbound-only' },
    toleranceSeconds: { type: 'integer', minimum: 1, default: DEFAULT_TOLERANCE_SECONDS },
    maxReplyLength: { type: 'integer', minimum: 1, default: DEFAULT_MAX_REPLY_LENGTH },
    canReplyPublicly: { type: 'boolean', default: true },
    canReplyPrivately: { type: 'boolean', default: true },
    timeoutMs: { type: 'integer', minimum: 1, default: 10000 },
  },
  'x-inbound-schema': inboundSchema,
} as const;

const credentialsSchema = {
  type: 'object',
  required: ['signingSecret'],
  properties: {
    signingSecret: { type: 'string', minLength: 16, description: 'Shared secret for inbound signatures (and outbound, unless replySecret is set)' },
    previousSigningSecret: { type: 'string', description: 'Still accepted inbound while a new secret is rolled out' },
    replySecret: { type: 'string', description: 'Secret for signing replies, when the receiver uses its own' },
  },
} as const;

const num = (account: AccountContext, key: string, d: number): number => (typeof account.settings[key] === 'number' ? (account.settings[key] as number) : d);

function replyUrl(account: AccountContext): string | undefined {
  const url = account.settings.replyUrl;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

function retryAfterMs(header: string | null, now: Date): number {
  if (header && /^\d+$/.test(header.trim())) return Math.max(1000, Number(header) * 1000);
  const at = header ? Date.parse(header) : NaN;
  return Number.isNaN(at) ? 60_000 : Math.max(1000, at - now.getTime());
}

export function createWebhookAdapter(options: WebhookAdapterOptions = {}): ChannelAdapter {
  const clock = options.clock ?? systemClock;

  /** A signed POST to the reply URL; returns the parsed JSON answer (or undefined for an empty body). */
  async function post(account: AccountContext, url: string, payload: unknown, idempotencyKey?: string): Promise<{ status: number; body: unknown }> {
    const secret = account.credentials.replySecret ?? account.credentials.signingSecret;
    if (!secret) throw new ChannelError('auth_failed', 'webhook account has no signingSecret (or replySecret) to sign replies with', false);
    const raw = JSON.stringify(payload);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...signedHeaders(secret, raw, clock.now()),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: raw,
        signal: AbortSignal.timeout(num(account, 'timeoutMs', 10_000)),
      });
    } catch (err) {
      throw new ChannelError('unavailable', `reply endpoint unreachable: ${(err as Error).message}`, true);
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const detail = `reply endpoint answered ${res.status} ${text.slice(0, 200)}`.trim();
    if (res.ok || res.status === 409) return { status: res.status, body };
    if (res.status === 429) throw new ChannelError('rate_limited', detail, true, retryAfterMs(res.headers.get('retry-after'), clock.now()));
    if (res.status === 401 || res.status === 403) throw new ChannelError('auth_failed', detail, false);
    if (res.status === 404 || res.status === 410) throw new ChannelError('not_found', detail, false);
    if (res.status === 408 || res.status >= 500) throw new ChannelError('unavailable', detail, true);
    throw new ChannelError('invalid_request', detail, false);
  }

  function limits(account: AccountContext, inReplyTo: ReplyRequest['inReplyTo'] | undefined): ReplyLimits {
    const canReply = replyUrl(account) !== undefined;
    const isPrivate = !!inReplyTo?.isPrivate;
    return {
      maxLength: num(account, 'maxReplyLength', DEFAULT_MAX_REPLY_LENGTH),
      lengthUnit: 'chars',
      canReplyPublicly: canReply && !isPrivate && account.settings.canReplyPublicly !== false,
      canReplyPrivately: canReply && account.settings.canReplyPrivately !== false,
    };
  }

  return {
    type: 'webhook',
    displayName: 'Signed webhook (KakaoTalk, Naver TalkTalk, app reviews, own apps)',
    simulate: simulateWebhook,
    settingsSchema,
    credentialsSchema,
    limits,

    verify(req, account) {
      if (req.method.toUpperCase() !== 'POST') return { kind: 'reject', reason: `method ${req.method} not accepted; events are POSTed` };
      const secrets = [account.credentials.signingSecret, account.credentials.previousSigningSecret].filter((s): s is string => !!s);
      const check = checkSignature(req.headers, req.rawBody, secrets, clock.now(), num(account, 'toleranceSeconds', DEFAULT_TOLERANCE_SECONDS));
      return check.ok ? { kind: 'accept' } : { kind: 'reject', reason: check.reason };
    },

    parse(req) {
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        throw new ChannelError('malformed_payload', 'webhook body is not JSON', false);
      }
      return eventsFromBody(body, clock.now());
    },

    async sendReply(account, reply): Promise<ReplyResult> {
      const url = replyUrl(account);
      if (!url) throw new ChannelError('invalid_request', 'this webhook account has no settings.replyUrl: it cannot reply', false);
      const l = limits(account, reply.inReplyTo);
      if (!(reply.private || reply.inReplyTo.isPrivate ? l.canReplyPrivately : l.canReplyPublicly)) throw new ChannelError('rule_violation', `this source does not take ${reply.private ? 'private' : 'public'} replies`, false);
      if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
      const length = [...reply.text].length;
      if (length > l.maxLength) throw new ChannelError('rule_violation', `reply is ${length} characters; the limit is ${l.maxLength}`, false);
      const t = reply.inReplyTo;
      const { body } = await post(
        account,
        url,
        {
          id: reply.idempotencyKey,
          type: 'reply',
          inReplyTo: { id: t.nativeId, type: t.kind, threadId: t.threadNativeId, authorId: t.author.nativeId },
          text: reply.text,
          private: reply.private || t.isPrivate,
          createdAt: clock.now().toISOString(),
        },
        reply.idempotencyKey,
      );
      const answer = (body && typeof body === 'object' ? body : {}) as { id?: unknown; url?: unknown };
      return { nativeId: typeof answer.id === 'string' && answer.id !== '' ? answer.id : reply.idempotencyKey, url: typeof answer.url === 'string' ? answer.url : undefined };
    },

    async health(account): Promise<HealthReport> {
      if (!account.credentials.signingSecret) return { status: 'down', message: 'no signingSecret configured' };
      const url = replyUrl(account);
      if (!url) return { status: 'ok', message: 'inbound only (no replyUrl)' };
      try {
        await post(account, url, { type: 'ping', createdAt: clock.now().toISOString() });
        return { status: 'ok' };
      } catch (err) {
        if (!(err instanceof ChannelError)) throw err;
        return { status: err.code === 'rate_limited' ? 'degraded' : 'down', message: err.message };
      }
    },
  };
}

export const adapter: ChannelAdapter = createWebhookAdapter();
export { signedHeaders } from './signing.js';
