import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock/clock.js';
import { ChannelError, type CanonicalItem, type ChannelEvent, type ReplyRequest } from '../port.js';
import { asciiJson, inboundRequest } from '../testing/inbound.js';
import { adapter, createWebhookAdapter } from './index.js';
import { MAX_BATCH } from './schema.js';
import { signature, signedHeaders } from './signing.js';
import { fixtureText, SECRET, signedRequest, startReceiver, webhookAccount, type Receiver } from './testing/harness.js';

const clock = new ManualClock('2026-11-20T03:00:00Z');
const hook = createWebhookAdapter({ clock });
const account = webhookAccount(undefined);
const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const parseErr = (body: string): unknown => {
  try {
    hook.parse!(signedRequest(body, clock.now()), account);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('webhook signatures', () => {
  it('matches the documented test vector (openssl dgst -sha256 -hmac over "<timestamp>.<body>")', () => {
    const body = '{"id":"kakao:1","type":"direct_message","author":{"id":"u1"},"text":"안녕하세요","createdAt":"2026-11-20T03:00:00Z"}';
    expect(signature('whsec_example_secret_change_me', '1795143600', Buffer.from(body))).toBe('sha256=359bbc6fe2ba968040a91d741aabbda62c98e775bee67d97028ae7ff2b64730b');
  });

  it('signs the raw bytes: \\uXXXX-escaped bodies verify as sent, not as re-serialised', () => {
    const escaped = asciiJson(JSON.parse(fixtureText('batch-mixed.json')));
    expect(escaped).toContain('\\uc601\\uc5c5\\uc810');
    const req = signedRequest(escaped, clock.now());
    expect(hook.verify!(req, account)).toEqual({ kind: 'accept' });
    expect(hook.verify!({ ...req, rawBody: Buffer.from(JSON.stringify(JSON.parse(escaped))) }, account).kind).toBe('reject');
    expect(items(hook.parse!(req, account))[0]!.text).toBe('영업점 방문 예약은 어떻게 하나요? 🙋');
  });

  it('enforces the 5-minute tolerance in both directions (replay protection)', () => {
    const raw = fixtureText('kakao-single.json');
    const at = (offsetS: number) => signedRequest(raw, new Date(clock.now().getTime() + offsetS * 1000));
    expect(hook.verify!(at(-300), account).kind).toBe('accept');
    expect(hook.verify!(at(300), account).kind).toBe('accept');
    expect(hook.verify!(at(-301), account)).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/tolerance 300/) });
    expect(hook.verify!(at(301), account).kind).toBe('reject');
    expect(hook.verify!(at(-900), webhookAccount(undefined, { toleranceSeconds: 1000 })).kind).toBe('accept');
  });

  it('accepts the previous secret during rotation and any of several signatures; rejects the rest', () => {
    const raw = fixtureText('kakao-single.json');
    const rotating = { ...account, credentials: { signingSecret: 'new-secret-0123456789abcdef', previousSigningSecret: SECRET } };
    expect(hook.verify!(signedRequest(raw, clock.now()), rotating).kind).toBe('accept');
    const ts = String(clock.now().getTime() / 1000);
    const both = `${signature('unknown-secret', ts, raw)}, ${signature(SECRET, ts, raw)}`;
    expect(hook.verify!(inboundRequest({ body: raw, headers: { 'x-sotong-timestamp': ts, 'x-sotong-signature': both } }), account).kind).toBe('accept');
    const cases: Array<[string, Record<string, string | undefined>]> = [
      ['no timestamp', { 'x-sotong-signature': signature(SECRET, ts, raw) }],
      ['no signature', { 'x-sotong-timestamp': ts }],
      ['milliseconds', { 'x-sotong-timestamp': `${ts}000`, 'x-sotong-signature': signature(SECRET, `${ts}000`, raw) }],
      ['not a number', { 'x-sotong-timestamp': 'yesterday', 'x-sotong-signature': signature(SECRET, 'yesterday', raw) }],
      ['signature without timestamp', { 'x-sotong-timestamp': ts, 'x-sotong-signature': `sha256=${signature(SECRET, '', raw).slice(7)}` }],
    ];
    for (const [what, headers] of cases) expect(hook.verify!(inboundRequest({ body: raw, headers }), account).kind, what).toBe('reject');
    expect(hook.verify!({ ...signedRequest(raw, clock.now()), method: 'GET' }, account).kind).toBe('reject');
    expect(hook.verify!(signedRequest(raw, clock.now()), { ...account, credentials: {} }).kind).toBe('reject');
  });
});

describe('webhook schema', () => {
  it('parses a single event (KakaoTalk bridge): direct messages are private by default', () => {
    const [item] = items(hook.parse!(signedRequest(fixtureText('kakao-single.json'), clock.now()), account));
    expect(item).toMatchObject({
      nativeId: 'kakao:5f0c2a1b7e0d4c3a9b8e1f2d',
      kind: 'direct_message',
      isPrivate: true,
      direction: 'inbound',
      lang: 'ko',
      threadNativeId: 'kakao:Dc6bP2yZ0AbC',
      author: { nativeId: 'kakao:Dc6bP2yZ0AbC', displayName: '카카오 고객' },
    });
    expect(item!.createdAt.toISOString()).toBe('2026-11-20T03:01:05.000Z');
  });

  it('parses a batch: epoch-ms dates, reviews with titles, replies with interactions and media, deletes', () => {
    const events = hook.parse!(signedRequest(fixtureText('batch-mixed.json'), clock.now()), account);
    const [talk, review, reply] = items(events);
    expect(talk!.createdAt.getTime()).toBe(1795144200000);
    expect(review).toMatchObject({ kind: 'review', isPrivate: false, title: '업데이트 후 로그인 불가 ★☆☆☆☆', links: ['https://sotongbank.example/help/login'] });
    expect(reply).toMatchObject({ kind: 'reply', parentNativeId: 'app:community:c-770', threadNativeId: 'app:community:p-77', author: { handle: 'hana_k', followers: 12 } });
    expect(reply!.interactions.map((i) => [i.type, i.target.handle])).toEqual([
      ['reply', 'jinu'],
      ['mention', 'jinu'],
    ]);
    expect(reply!.media).toEqual([{ type: 'image', url: 'https://cdn.sotongbank.example/u/4521/screenshot.png', mimeType: 'image/png' }]);
    expect(reply!.editedAt?.toISOString()).toBe('2026-11-20T03:36:00.000Z');
    expect(events[3]).toEqual({ type: 'delete', nativeId: 'app:community:c-769', at: new Date('2026-11-20T03:40:00Z') });
  });

  it('throws malformed_payload for bodies outside the schema (one bad event fails the batch)', () => {
    const ok = { id: 'a', type: 'post', author: { id: 'u' }, text: 't', createdAt: '2026-11-20T00:00:00Z' };
    const broken: unknown[] = [
      'not json',
      [ok],
      { events: [] },
      { events: [ok, { ...ok, type: 'tweet' }] },
      { ...ok, id: '' },
      { ...ok, author: { name: 'no id' } },
      { ...ok, author: { id: 'u', followers: -1 } },
      { ...ok, text: 42 },
      { ...ok, createdAt: '20 Nov 2026' },
      { ...ok, createdAt: 'not a date' },
      { ...ok, private: 'yes' },
      { ...ok, media: [{ type: 'gif', url: 'x' }] },
      { ...ok, links: 'https://x' },
      { events: Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ ...ok, id: String(i) })) },
    ];
    for (const body of broken) {
      const err = parseErr(typeof body === 'string' ? body : JSON.stringify(body));
      expect(err, JSON.stringify(body).slice(0, 80)).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).code).toBe('malformed_payload');
    }
    expect(parseErr(JSON.stringify({ events: Array.from({ length: MAX_BATCH }, (_, i) => ({ ...ok, id: String(i) })) }))).toBeUndefined();
  });
});

describe('webhook replies', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  const target: ReplyRequest['inReplyTo'] = { nativeId: 'appstore:review:11223344556', kind: 'review', isPrivate: false, author: { nativeId: 'appstore:user:998877' }, createdAt: new Date() };
  const reply = (text = '불편을 드려 죄송합니다.'): ReplyRequest => ({ inReplyTo: target, text, private: false, idempotencyKey: 'reply-42' });

  it('POSTs a signed reply the receiver can verify, and returns the id it answers', async () => {
    const res = await adapter.sendReply(webhookAccount(receiver.replyUrl), reply());
    expect(res).toEqual({ nativeId: 'rcv-1', url: 'https://chat.example/messages/rcv-1' });
    const [sent] = receiver.replies();
    expect(sent!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sent!.body).toMatchObject({ id: 'reply-42', type: 'reply', inReplyTo: { id: 'appstore:review:11223344556', type: 'review', authorId: 'appstore:user:998877' }, text: '불편을 드려 죄송합니다.', private: false });
  });

  it('uses replySecret when set (the receiver then refuses: it only knows the shared secret)', async () => {
    const account = { ...webhookAccount(receiver.replyUrl), credentials: { signingSecret: SECRET, replySecret: 'receiver-specific-secret' } };
    await expect(adapter.sendReply(account, reply())).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
  });

  it('maps receiver answers: 429 + Retry-After, 409 (already sent) as success, 400 invalid, 503 retryable', async () => {
    const account = webhookAccount(receiver.replyUrl);
    receiver.answerNext(429, { 'retry-after': '30' });
    await expect(adapter.sendReply(account, reply())).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 30_000 });
    receiver.answerNext(409, {}, { id: 'rcv-earlier' });
    expect(await adapter.sendReply(account, reply())).toEqual({ nativeId: 'rcv-earlier', url: undefined });
    receiver.answerNext(400, {}, { error: 'unknown conversation' });
    await expect(adapter.sendReply(account, reply())).rejects.toMatchObject({ code: 'invalid_request', retryable: false });
    receiver.answerNext(503);
    await expect(adapter.sendReply(account, reply())).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    receiver.answerNext(202, {}, {});
    expect((await adapter.sendReply(account, reply())).nativeId, 'no id in the answer: the idempotency key').toBe('reply-42');
  });

  it('without replyUrl the account is inbound-only', async () => {
    const account = webhookAccount(undefined);
    expect(adapter.limits(account, target)).toMatchObject({ canReplyPublicly: false, canReplyPrivately: false });
    await expect(adapter.sendReply(account, reply())).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await adapter.health(account)).toEqual({ status: 'ok', message: 'inbound only (no replyUrl)' });
  });

  it('enforces maxReplyLength and the public/private switches', async () => {
    const account = webhookAccount(receiver.replyUrl, { maxReplyLength: 10, canReplyPublicly: false });
    await expect(adapter.sendReply(account, { ...reply('안녕하세요'), private: true })).resolves.toMatchObject({ nativeId: 'rcv-1' });
    await expect(adapter.sendReply(account, reply('안녕하세요'))).rejects.toMatchObject({ code: 'rule_violation' });
    await expect(adapter.sendReply({ ...account, settings: { ...account.settings, canReplyPublicly: true } }, reply('가'.repeat(11)))).rejects.toMatchObject({ code: 'rule_violation' });
    expect(receiver.replies()).toHaveLength(1);
  });

  it('health pings the receiver with a signed POST', async () => {
    expect(await adapter.health(webhookAccount(receiver.replyUrl))).toEqual({ status: 'ok' });
    const ping = receiver.server.requests.at(-1)!;
    expect(ping.body).toMatchObject({ type: 'ping' });
    expect(ping.headers['x-sotong-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    receiver.answerNext(401);
    expect((await adapter.health(webhookAccount(receiver.replyUrl))).status).toBe('down');
  });
});

describe('signedHeaders', () => {
  it('produces unix-second timestamps', () => {
    expect(signedHeaders(SECRET, '{}', new Date('2026-11-20T03:00:00.999Z'))['x-sotong-timestamp']).toBe('1795143600');
  });
});
