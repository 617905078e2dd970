import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock/clock.js';
import { ChannelError, type CanonicalItem, type ChannelEvent } from '../port.js';
import { adapter, createXAdapter } from './index.js';
import type { V2Tweet } from './map.js';
import { decodeCursor } from './poll.js';
import { xWeightedLength } from './text.js';
import type { FakeX } from './testing/fake-x.js';
import { fixture, loadedFakeX, xAccount } from './testing/harness.js';

const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const signal = () => AbortSignal.timeout(10_000);

describe('X weighted length', () => {
  it('counts Latin as 1, Hangul and CJK as 2, an emoji sequence as 2, URLs as 23', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('안녕하세요')).toBe(10);
    expect(xWeightedLength('銀行')).toBe(4);
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧‍👦')).toBe(2);
    expect(xWeightedLength('🙏🏻')).toBe(2);
    expect(xWeightedLength('see https://example.com/a/very/long/path/that/is/longer/than/23')).toBe(4 + 23);
    expect(xWeightedLength('가'.repeat(140))).toBe(280);
  });

  it('limits: 280 weighted for posts, 10000 characters for DMs', () => {
    const account = xAccount('http://127.0.0.1:1');
    expect(adapter.limits(account, undefined)).toMatchObject({ maxLength: 280, lengthUnit: 'x-weighted', canReplyPublicly: true });
    const dm = { nativeId: '1', kind: 'direct_message' as const, isPrivate: true, author: { nativeId: '2' }, createdAt: new Date() };
    expect(adapter.limits(account, dm)).toMatchObject({ maxLength: 10_000, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true });
  });
});

describe('X polling', () => {
  let fake: FakeX;
  beforeEach(async () => {
    fake = await loadedFakeX();
  });
  afterEach(() => fake.close());

  it('maps mentions: Korean text, emoji, reply/quote/repost/mention interactions, media, links, outbound DMs', async () => {
    const res = await adapter.fetch!(xAccount(fake.url), undefined, signal());
    const byId = new Map(items(res.events).map((i) => [i.nativeId, i]));
    const post = byId.get('2123582093521846273')!;
    expect(post).toMatchObject({ kind: 'post', text: '@sotongbank 카드 결제가 계속 거절돼요 😢 확인 부탁드립니다', lang: 'ko', isPrivate: false, direction: 'inbound' });
    expect(post.author).toMatchObject({ nativeId: '1523000000000000001', handle: 'kim_minji', displayName: '김민지', followers: 312 });
    expect(post.media).toEqual([{ type: 'image', url: 'https://pbs.twimg.com/media/declined.jpg' }]);
    expect(post.interactions).toEqual([{ type: 'mention', target: expect.objectContaining({ nativeId: '1461012345678901248', handle: 'sotongbank' }) }]);
    expect(post.createdAt.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(post.url).toBe('https://x.com/kim_minji/status/2123582093521846273');

    const reply = byId.get('2123583351813046274')!;
    expect(reply).toMatchObject({ kind: 'reply', parentNativeId: '2123500000000000000', threadNativeId: '2123500000000000000', links: ['https://status.sotongbank.example/maintenance'] });
    expect(reply.interactions).toEqual([{ type: 'reply', target: expect.objectContaining({ nativeId: '1461012345678901248' }), targetItemNativeId: '2123500000000000000' }]);

    const quote = byId.get('2123583980958646275')!;
    expect(quote.kind).toBe('quote');
    expect(quote.interactions.map((i) => [i.type, i.target.handle])).toEqual([
      ['quote', 'sotongbank'],
      ['mention', 'friend_han'],
    ]);
    expect(byId.get('2123584610104246276')!.kind).toBe('repost');

    const dm = byId.get('2123612292510646290')!;
    expect(dm).toMatchObject({ kind: 'direct_message', isPrivate: true, direction: 'inbound', threadNativeId: '1461012345678901248-1523000000000000001' });
    expect(byId.get('1585800613253812228')).toMatchObject({ text: 'Testing 1', direction: 'outbound' });
    expect(byId.has('1585800613000000000'), 'non-message DM events are skipped').toBe(false);
    expect(res.rateLimit).toMatchObject({ limit: 450 });
  });

  it('keeps the newest id as cursor and asks with since_id; new mentions only are returned', async () => {
    const account = xAccount(fake.url);
    const first = await adapter.fetch!(account, undefined, signal());
    expect(decodeCursor(first.cursor)).toEqual({ m: '2123584610104246276', d: '2123612292510646290' });
    const fresh: V2Tweet = { id: '2123620000000000000', text: '@sotongbank 환불 언제 되나요?', author_id: '1523000000000000002', created_at: '2026-11-20T03:30:00.000Z', edit_history_tweet_ids: ['2123620000000000000'] };
    fake.mentions.push(fresh);
    const second = await adapter.fetch!(account, first.cursor, signal());
    expect(items(second.events).map((i) => i.nativeId)).toEqual(['2123620000000000000']);
    const sent = fake.server.requests.filter((r) => r.path.endsWith('/mentions')).at(-1)!;
    expect(sent.query.since_id).toBe('2123584610104246276');
    expect(sent.query.expansions).toContain('author_id');
    expect(decodeCursor(second.cursor).m).toBe('2123620000000000000');
  });

  it('pages a backlog with pagination_token and advances since_id to the newest id only at the end', async () => {
    const recorded = fixture<{ data: V2Tweet[] }>('mentions-recorded.json').data.map((t) => ({ ...t, author_id: '1523000000000000003' }));
    fake.mentions.push(...recorded);
    const account = xAccount(fake.url, { maxResults: 5, directMessages: false });
    const seen: string[] = [];
    let cursor = '1578516000000000000';
    let pages = 0;
    for (;;) {
      const res = await adapter.fetch!(account, cursor, signal());
      pages++;
      seen.push(...items(res.events).map((i) => i.nativeId));
      cursor = res.cursor!;
      if (!res.more) break;
      expect(decodeCursor(cursor).m, 'since_id kept while paging').toBe('1578516000000000000');
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(14);
    expect(decodeCursor(cursor)).toEqual({ m: '2123584610104246276' });
    const mentionCalls = fake.server.requests.filter((r) => r.path.endsWith('/mentions'));
    expect(mentionCalls.map((r) => r.query.pagination_token)).toEqual([undefined, 'tok-5', 'tok-10']);
    const recordedTweet = items((await adapter.fetch!(xAccount(fake.url, { directMessages: false }), '1578516220231397375', signal())).events).find((i) => i.nativeId === '1578516220231397376');
    expect(recordedTweet?.text).toBe('@Twitter make 🤨 an available reaction emoji in dms');
    expect(recordedTweet?.createdAt.toISOString()).toBe('2022-10-07T22:42:48.973Z');
  });

  it('turns a 429 into rate_limited with retryAfterMs from x-rate-limit-reset, and waits before calling again', async () => {
    const clock = new ManualClock('2026-11-20T04:00:00Z');
    const x = createXAdapter({ clock });
    const reset = Math.floor(clock.now().getTime() / 1000) + 120;
    fake.throttle(1, reset);
    const err = await x.fetch!(xAccount(fake.url), undefined, signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 120_000 });
    const calls = fake.server.requests.length;
    clock.advance(60_000);
    await expect(x.fetch!(xAccount(fake.url), undefined, signal())).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    expect(fake.server.requests.length, 'no request while the window is exhausted').toBe(calls);
    clock.advance(61_000);
    const ok = await x.fetch!(xAccount(fake.url), undefined, signal());
    expect(ok.events.length).toBeGreaterThan(0);
    const health = await x.health(xAccount(fake.url));
    expect(health.status).toBe('ok');
  });
});

describe('X replies', () => {
  let fake: FakeX;
  beforeEach(async () => {
    fake = await loadedFakeX();
  });
  afterEach(() => fake.close());

  it('answers a DM through POST /2/dm_conversations/with/:participant_id/messages', async () => {
    const res = await adapter.sendReply(xAccount(fake.url), {
      inReplyTo: { nativeId: '2123612292510646290', kind: 'direct_message', isPrivate: true, threadNativeId: '1461012345678901248-1523000000000000001', author: { nativeId: '1523000000000000001' }, createdAt: new Date() },
      text: '확인해 드리겠습니다 😊',
      private: true,
      idempotencyKey: 'k1',
    });
    const sent = fake.replies();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/2/dm_conversations/with/1523000000000000001/messages');
    expect(sent[0]!.body).toEqual({ text: '확인해 드리겠습니다 😊' });
    expect(res.nativeId).toMatch(/^\d+$/);
  });

  it('a private answer to a public post goes to its author by DM', async () => {
    await adapter.sendReply(xAccount(fake.url), {
      inReplyTo: { nativeId: '2123582093521846273', kind: 'post', isPrivate: false, threadNativeId: '2123582093521846273', author: { nativeId: '1523000000000000001' }, createdAt: new Date() },
      text: 'DM 드렸습니다',
      private: true,
      idempotencyKey: 'k2',
    });
    expect(fake.replies()[0]!.path).toBe('/2/dm_conversations/with/1523000000000000001/messages');
  });

  it('accepts exactly 280 weighted characters of Hangul and refuses 282', async () => {
    const target = { nativeId: '2123582093521846273', kind: 'post' as const, isPrivate: false, author: { nativeId: '1523000000000000001' }, createdAt: new Date() };
    await adapter.sendReply(xAccount(fake.url), { inReplyTo: target, text: '가'.repeat(140), private: false, idempotencyKey: 'a' });
    await expect(adapter.sendReply(xAccount(fake.url), { inReplyTo: target, text: '가'.repeat(141), private: false, idempotencyKey: 'b' })).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
    expect(fake.replies()).toHaveLength(1);
  });

  it('reports auth_failed (not retryable) when the token is refused, and health down', async () => {
    const account = { ...xAccount(fake.url), credentials: { userAccessToken: 'revoked' } };
    const target = { nativeId: '1', kind: 'post' as const, isPrivate: false, author: { nativeId: '2' }, createdAt: new Date() };
    await expect(adapter.sendReply(account, { inReplyTo: target, text: 'hi', private: false, idempotencyKey: 'c' })).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    expect((await adapter.health(account)).status).toBe('down');
  });
});
