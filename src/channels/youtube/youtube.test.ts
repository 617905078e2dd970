import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock/clock.js';
import { adapterContract } from '../adapter.contract.js';
import { ChannelError, type AccountContext, type CanonicalItem, type ChannelEvent } from '../port.js';
import { createYouTubeAdapter } from './index.js';
import type { YtThread } from './mapping.js';
import { quotaResetAt } from './quota.js';
import { loadFixture, startFakeYouTube, type FakeYouTube } from './testing/fake-youtube.js';

const NOW = '2026-01-05T12:00:00Z';
const CHANNEL = 'UCsotongBank000000000001';

function accountFor(fake: FakeYouTube, settings: Record<string, unknown> = {}, credentials: Record<string, string> = { accessToken: 'test-access-token' }): AccountContext {
  return { id: 'acc-yt', workspaceId: 'ws1', settings: { apiBaseUrl: fake.url, channelId: CHANNEL, ...settings }, credentials };
}
const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const signal = (): AbortSignal => AbortSignal.timeout(10_000);

adapterContract('youtube', async () => {
  const fake = await startFakeYouTube();
  const account = accountFor(fake, { maxResults: 2 });
  return {
    adapter: createYouTubeAdapter({ clock: new ManualClock(NOW) }),
    account,
    poll: true,
    replyTarget: { nativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', threadNativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', kind: 'comment', isPrivate: false, author: { nativeId: 'UCkimminsu00000000000001' }, createdAt: new Date('2026-01-05T09:40:00Z') },
    sentReplies: () => fake.inserts,
    checkSentReply: (sent) => expect(sent).toMatchObject({ snippet: { parentId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg' } }),
    breakServer: () => fake.server.goAway(),
    close: () => fake.close(),
  };
});

describe('youtube adapter', () => {
  let fake: FakeYouTube;
  afterEach(async () => fake?.close());

  it('pages through commentThreads newest first and only hands over what is new', async () => {
    fake = await startFakeYouTube();
    const adapter = createYouTubeAdapter({ clock: new ManualClock(NOW) });
    const account = accountFor(fake, { maxResults: 2 });

    const first = await adapter.fetch!(account, undefined, signal());
    expect(items(first.events).map((i) => i.nativeId)).toEqual(['UgzQ4mN2bHk3vPq9xYt4AaABAg', 'UgzQ4mN2bHk3vPq9xYt4AaABAg.9xYt4QwErTy9xYt5AsDfGh', 'UgyT7rW1sLp0mNq2zXc4AaABAg']);
    expect(first.more).toBe(true);
    const q = fake.listCalls()[0]!.query;
    expect(q).toMatchObject({ allThreadsRelatedToChannelId: CHANNEL, order: 'time', maxResults: '2' });
    expect(q.part?.split(',')).toEqual(['snippet', 'replies']);

    const second = await adapter.fetch!(account, first.cursor, signal());
    expect(fake.listCalls()[1]!.query.pageToken).toBeTruthy();
    // the 2025-12-29 thread is older than the 24 h backfill and ends the scan
    expect(items(second.events).map((i) => i.nativeId)).toEqual(['UgxH3bN9cVk2lQw8aRt4AaABAg']);
    expect(second.more).toBe(false);
    expect(JSON.parse(second.cursor!)).toMatchObject({ since: '2026-01-05T10:05:00Z', ids: ['UgzQ4mN2bHk3vPq9xYt4AaABAg.9xYt4QwErTy9xYt5AsDfGh'] });

    const quiet = await adapter.fetch!(account, second.cursor, signal());
    expect(quiet.events).toEqual([]);
    expect(fake.listCalls()[2]!.query.pageToken).toBeUndefined();

    const fresh = structuredClone(fake.threads[2]!) as YtThread;
    fresh.id = fresh.snippet.topLevelComment.id = 'UgzNew000000000000000001AaABAg';
    fresh.snippet.topLevelComment.snippet.publishedAt = fresh.snippet.topLevelComment.snippet.updatedAt = '2026-01-05T11:59:00Z';
    fake.threads.push(fresh);
    const next = await adapter.fetch!(account, quiet.cursor, signal());
    expect(items(next.events).map((i) => i.nativeId)).toEqual(['UgzNew000000000000000001AaABAg']);
    expect(next.rateLimit).toMatchObject({ limit: 10_000, remaining: 10_000 - 4 });
  });

  it('maps comments, replies, edits and own comments', async () => {
    fake = await startFakeYouTube();
    fake.threads[2]!.snippet.topLevelComment.snippet.authorChannelId = { value: CHANNEL };
    const adapter = createYouTubeAdapter({ clock: new ManualClock(NOW) });
    const [top, reply, edited, own] = items((await adapter.fetch!(accountFor(fake), undefined, signal())).events);
    expect(top).toMatchObject({
      kind: 'comment',
      parentNativeId: 'aBcDeFgHiJk',
      threadNativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg',
      author: { nativeId: 'UCkimminsu00000000000001', handle: '@kimminsu1234', profileUrl: 'http://www.youtube.com/@kimminsu1234' },
      links: ['https://example.com/screenshot'],
      isPrivate: false,
      direction: 'inbound',
      url: 'https://www.youtube.com/watch?v=aBcDeFgHiJk&lc=UgzQ4mN2bHk3vPq9xYt4AaABAg',
      interactions: [{ type: 'reply', target: { nativeId: CHANNEL }, targetItemNativeId: 'aBcDeFgHiJk' }],
    });
    expect(top!.createdAt.toISOString()).toBe('2026-01-05T09:40:00.000Z');
    expect(reply).toMatchObject({ kind: 'reply', parentNativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', threadNativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', interactions: [{ type: 'reply', target: { nativeId: 'UCkimminsu00000000000001' } }] });
    expect(edited!.editedAt?.toISOString()).toBe('2026-01-05T08:20:02.000Z');
    expect(own).toMatchObject({ text: 'Great explanation of the new card benefits & fees!', direction: 'outbound', interactions: [] });
  });

  it('counts quota units, stops polling when the day is used up and resumes after the Pacific midnight', async () => {
    fake = await startFakeYouTube();
    const clock = new ManualClock(NOW);
    const adapter = createYouTubeAdapter({ clock });
    const account = accountFor(fake, { dailyQuota: 52 });
    const target = { nativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', kind: 'comment' as const, isPrivate: false, author: { nativeId: 'x' }, createdAt: new Date() };

    const first = await adapter.fetch!(account, undefined, signal());
    expect(first.rateLimit).toMatchObject({ limit: 52, remaining: 51 });
    await adapter.sendReply(account, { inReplyTo: target, text: '확인하겠습니다', private: false, idempotencyKey: 'k1' });
    const spent = await adapter.fetch!(account, first.cursor, signal());
    expect(spent.rateLimit?.remaining).toBe(0);
    const calls = fake.listCalls().length;

    // a fresh adapter (restart) learns the usage from the cursor
    const restarted = createYouTubeAdapter({ clock });
    const stopped = await restarted.fetch!(account, spent.cursor, signal());
    expect(stopped).toMatchObject({ events: [], more: false, rateLimit: { limit: 52, remaining: 0, resetAt: new Date('2026-01-06T08:00:00Z') } });
    expect(fake.listCalls().length).toBe(calls);
    const health = await restarted.health(account);
    expect(health.status).toBe('degraded');
    expect(health.message).toMatch(/quota/);
    const err = await restarted.sendReply(account, { inReplyTo: target, text: 'x', private: false, idempotencyKey: 'k2' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 20 * 3_600_000 });

    clock.set('2026-01-06T08:00:01Z');
    const nextDay = await restarted.fetch!(account, stopped.cursor, signal());
    expect(nextDay.rateLimit?.remaining).toBe(51);
    expect(fake.listCalls().length).toBe(calls + 1);
  });

  it("treats Google's quotaExceeded as an exhausted day", async () => {
    fake = await startFakeYouTube();
    const adapter = createYouTubeAdapter({ clock: new ManualClock(NOW) });
    const account = accountFor(fake);
    fake.quotaExceeded = true;
    const err = await adapter.fetch!(account, undefined, signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'rate_limited', retryable: true });
    const again = await adapter.fetch!(account, undefined, signal());
    expect(again.rateLimit?.remaining).toBe(0);
    expect(fake.listCalls()).toHaveLength(1);
  });

  it('answers replies on the thread, refuses private replies and does not post a retried key twice', async () => {
    fake = await startFakeYouTube();
    const adapter = createYouTubeAdapter({ clock: new ManualClock(NOW) });
    const account = accountFor(fake);
    const inReplyTo = {
      nativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg.9xYt4QwErTy9xYt5AsDfGh',
      threadNativeId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg',
      kind: 'reply' as const,
      isPrivate: false,
      author: { nativeId: 'UCparkjiyoung000000000001' },
      createdAt: new Date(),
    };
    const r1 = await adapter.sendReply(account, { inReplyTo, text: '불편을 드려 죄송합니다', private: false, idempotencyKey: 'same' });
    const r2 = await adapter.sendReply(account, { inReplyTo, text: '불편을 드려 죄송합니다', private: false, idempotencyKey: 'same' });
    expect(r2).toEqual(r1);
    expect(r1.url).toContain('watch?v=aBcDeFgHiJk&lc=');
    expect(fake.inserts).toEqual([{ snippet: { parentId: 'UgzQ4mN2bHk3vPq9xYt4AaABAg', textOriginal: '불편을 드려 죄송합니다' } }]);
    await expect(adapter.sendReply(account, { inReplyTo, text: 'x', private: true, idempotencyKey: 'p' })).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
    await expect(adapter.sendReply(accountFor(fake, {}, { accessToken: 'wrong' }), { inReplyTo, text: 'x', private: false, idempotencyKey: 'w' })).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('refreshes an expired access token and polls one video with an API key', async () => {
    fake = await startFakeYouTube();
    const adapter = createYouTubeAdapter({ clock: new ManualClock(NOW) });
    const refreshing = accountFor(fake, { tokenUrl: `${fake.url}/token` }, { accessToken: 'expired', refreshToken: 'test-refresh-token', clientId: 'cid', clientSecret: 'secret' });
    const res = await adapter.fetch!(refreshing, undefined, signal());
    expect(items(res.events).length).toBeGreaterThan(0);
    expect(fake.server.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    expect(fake.listCalls().at(-1)!.headers.authorization).toBe('Bearer refreshed-token');

    const keyOnly = accountFor(fake, { videoId: 'zYxWvUtSrQp' }, { apiKey: 'test-api-key' });
    const video = await adapter.fetch!(keyOnly, undefined, signal());
    expect(items(video.events).map((i) => i.nativeId)).toEqual(['UgxH3bN9cVk2lQw8aRt4AaABAg']);
    expect(fake.listCalls().at(-1)!.query).toMatchObject({ videoId: 'zYxWvUtSrQp', key: 'test-api-key' });
    await expect(
      adapter.sendReply(keyOnly, { inReplyTo: { nativeId: 'UgxH3bN9cVk2lQw8aRt4AaABAg', kind: 'comment', isPrivate: false, author: { nativeId: 'a' }, createdAt: new Date() }, text: 'x', private: false, idempotencyKey: 'z' }),
    ).rejects.toMatchObject({ code: 'auth_failed' });
  });

  it('computes the Pacific-time quota reset across daylight saving time', () => {
    expect(quotaResetAt(new Date('2026-01-05T12:00:00Z')).toISOString()).toBe('2026-01-06T08:00:00.000Z');
    expect(quotaResetAt(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-07-02T07:00:00.000Z');
    expect(quotaResetAt(new Date('2026-03-08T09:00:00Z')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(loadFixture<{ error: { errors: Array<{ reason: string }> } }>('quota-exceeded.json').error.errors[0]!.reason).toBe('quotaExceeded');
  });
});
