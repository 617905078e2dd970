import { afterEach, describe, expect, it } from 'vitest';
import { adapterContract } from '../adapter.contract.js';
import type { AccountContext, CanonicalItem, ChannelEvent } from '../port.js';
import { adapter } from './index.js';
import { htmlToText, mastodonLength, type MNotification, type MStatus } from './mapping.js';
import { TINY_PNG } from '../testing/inbound.js';
import { loadFixture, startFakeMastodon, TOKEN, type FakeMastodon } from './testing/fake-mastodon.js';

const TAG = '소통은행';
function accountFor(fake: FakeMastodon, settings: Record<string, unknown> = {}, id = 'acc-md'): AccountContext {
  return { id, workspaceId: 'ws1', settings: { instanceUrl: fake.url, streamingUrl: fake.streamingUrl, hashtags: [TAG], ...settings }, credentials: { accessToken: TOKEN } };
}
const upserts = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const mentionFrame = (id: string): { event: string; payload: string } => {
  const n = structuredClone(loadFixture<MNotification[]>('notifications.json')[0]!);
  n.id = id;
  n.status!.id = `1139000000000${id}`;
  return { event: 'notification', payload: JSON.stringify(n) };
};

/** Runs stream() until `until` holds for what arrived, then aborts; returns events and cursors. */
async function streamUntil(account: AccountContext, cursor: string | undefined, until: (events: ChannelEvent[]) => boolean, act?: () => void | Promise<void>) {
  const controller = new AbortController();
  const events: ChannelEvent[] = [];
  const cursors: string[] = [];
  const timer = setTimeout(() => controller.abort(), 10_000);
  const done = adapter.stream!(
    account,
    cursor,
    async (batch, c) => {
      events.push(...batch);
      if (c) cursors.push(c);
      if (until(events)) controller.abort();
    },
    controller.signal,
  );
  await act?.();
  await done;
  clearTimeout(timer);
  return { events, cursors, timedOut: !until(events) };
}

async function waitFor(predicate: () => boolean): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > 5000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

adapterContract('mastodon', async () => {
  const fake = await startFakeMastodon();
  fake.onSubscribe = mentionFrame('50001');
  return {
    adapter,
    account: accountFor(fake, {}, 'acc-contract'),
    poll: true,
    stream: true,
    replyTarget: { nativeId: '113800000000000010', kind: 'reply', isPrivate: false, author: { nativeId: '110000000000000101', handle: 'kimjisu' }, createdAt: new Date('2026-01-05T02:10:00Z') },
    sentReplies: () => fake.posted,
    checkSentReply: (sent, reply) => {
      expect(sent).toMatchObject({ body: { in_reply_to_id: '113800000000000010', visibility: 'public' }, idempotencyKey: reply.idempotencyKey });
      expect((sent as { body: { status: string } }).body.status.startsWith('@kimjisu ')).toBe(true);
    },
    breakServer: async () => {
      fake.rest.failWith(503);
    },
    publish: [
      {
        target: 'mastodon',
        posts: () => [...fake.statuses.values()].filter((st) => !st.in_reply_to_id).map((st) => ({ id: st.id, text: st.text })),
        media: [{ url: TINY_PNG, altText: '적금 금리 안내 이미지', mimeType: 'image/png' }],
        idempotent: true,
        cannot: ['find'],
        failNext: (kind) => fake.failNext(kind),
      },
    ],
    close: () => fake.close(),
  };
});

describe('mastodon publishing', () => {
  let fake: FakeMastodon;
  afterEach(async () => fake?.close());

  it('uploads the image with its alt text and attaches it; a 429 carries the wait from x-ratelimit-reset', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake);
    const r = await adapter.publish!(account, { target: 'mastodon', text: '새 적금 출시', idempotencyKey: 'k1', media: [{ url: TINY_PNG, altText: '금리 표' }] });
    expect(fake.media).toMatchObject([{ description: '금리 표' }]);
    expect(fake.media[0]!.bytes).toBeGreaterThan(60);
    const sent = fake.rest.requests.find((q) => q.path === '/api/v1/statuses')!;
    expect(sent.headers['idempotency-key']).toBe('k1');
    expect(sent.body).toMatchObject({ status: '새 적금 출시', visibility: 'public', media_ids: [fake.media[0]!.id], language: 'ko' });
    expect(r.url).toContain(r.nativeId);
    fake.failNext('rate_limited');
    const err = await adapter.publish!(account, { target: 'mastodon', text: 'x', idempotencyKey: 'k2' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(60_000);
  });

  it('counts a URL as 23 characters: a long link fits, 501 characters do not', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake);
    const text = `${'가'.repeat(470)} https://example.com/${'a'.repeat(200)}`;
    await expect(adapter.publish!(account, { target: 'mastodon', text, idempotencyKey: 'long-url' })).resolves.toMatchObject({ nativeId: expect.any(String) });
    await expect(adapter.publish!(account, { target: 'mastodon', text: '가'.repeat(501), idempotencyKey: 'too-long' })).rejects.toMatchObject({ code: 'rule_violation' });
    await expect(adapter.deletePublished!(account, 'mastodon', 'no-such-status')).resolves.toBeUndefined();
  });
});

describe('mastodon adapter', () => {
  let fake: FakeMastodon;
  afterEach(async () => fake?.close());

  it('polls notifications and hashtag timelines into canonical events', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake, { hashtags: [TAG, 'sotongbank'] });
    const first = await adapter.fetch!(account, undefined, AbortSignal.timeout(5000));
    const items = upserts(first.events);
    const mention = items.find((i) => i.nativeId === '113800000000000010')!;
    expect(mention).toMatchObject({
      kind: 'reply',
      parentNativeId: '113800000000000001',
      author: { nativeId: '110000000000000101', handle: 'kimjisu', displayName: '김지수', followers: 230 },
      lang: 'ko',
      isPrivate: false,
      direction: 'inbound',
      links: ['https://example.com/receipt?id=7&x=1'],
      media: [{ type: 'image', url: 'https://files.social.example/media_attachments/files/113/800/original/receipt.png' }],
      url: 'https://social.example/@kimjisu/113800000000000010',
    });
    expect(mention.text).toBe('@sotongbank 카드 결제가 계속 거절돼요. 확인 부탁드립니다 https://example.com/receipt?id=7&x=1 #소통은행\n\n두 번째 문단');
    expect(mention.interactions).toEqual([
      { type: 'reply', target: { nativeId: '109302000000000001', handle: 'sotongbank', profileUrl: 'https://social.example/@sotongbank' }, targetItemNativeId: '113800000000000001' },
      { type: 'mention', target: { nativeId: '109302000000000001', handle: 'sotongbank', profileUrl: 'https://social.example/@sotongbank' } },
    ]);
    expect(items.find((i) => i.nativeId === '113800000000000011')).toMatchObject({ kind: 'direct_message', isPrivate: true, author: { handle: 'minho@mastodon.example.kr' } });
    const interactions = first.events.flatMap((e) => (e.type === 'interaction' ? [e.interaction] : []));
    expect(interactions.map((i) => [i.type, i.source.handle, i.target.nativeId])).toEqual([
      ['repost', 'parkhy', '109302000000000001'],
      ['follow', 'minho@mastodon.example.kr', '109302000000000001'],
    ]);
    const reblog = items.find((i) => i.nativeId === '113800000000000021')!;
    expect(reblog).toMatchObject({ kind: 'repost', parentNativeId: '113800000000000020', interactions: [{ type: 'repost', target: { handle: 'parkhy' }, targetItemNativeId: '113800000000000020' }] });
    expect(reblog.text).toBe('오늘 #소통은행 지점 대기 시간이 너무 길어요');
    expect(items.find((i) => i.nativeId === '113800000000000022')?.editedAt?.toISOString()).toBe('2026-01-05T03:12:00.000Z');
    expect(first.rateLimit).toMatchObject({ limit: 300, remaining: 299 });
    const call = fake.rest.requests.find((r) => r.path === '/api/v1/notifications')!;
    expect(call.query['types[]']).toBeDefined();

    const again = await adapter.fetch!(account, first.cursor, AbortSignal.timeout(5000));
    expect(again.events).toEqual([]);
    expect(fake.rest.requests.filter((r) => r.path === '/api/v1/notifications').at(-1)!.query.since_id).toBe('40004');
  });

  it('pages back with since_id and the Link header until it meets what it has seen', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake, { pageLimit: 2, hashtags: [] });
    let cursor = (await adapter.fetch!(account, undefined, AbortSignal.timeout(5000))).cursor;
    const template = fake.notifications[0]!;
    for (let i = 0; i < 5; i++) fake.notifications.push({ ...structuredClone(template), id: `4010${i}`, status: { ...structuredClone(template.status!), id: `11390000000000000${i}` } });
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const r = await adapter.fetch!(account, cursor, AbortSignal.timeout(5000));
      seen.push(...upserts(r.events).map((i) => i.nativeId));
      cursor = r.cursor ?? cursor;
      if (!r.more) break;
    }
    expect(seen.sort()).toEqual(['113900000000000000', '113900000000000001', '113900000000000002', '113900000000000003', '113900000000000004']);
    expect(JSON.parse(cursor!).n).toEqual({ since: '40104' });
  });

  it('streams over WebSocket: subscribes, maps frames, skips unrelated home statuses, hands over a cursor', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake);
    const [hashtagStatus] = loadFixture<MStatus[]>('tag-timeline.json');
    const unrelated = { ...loadFixture<MStatus[]>('tag-timeline.json')[2]!, id: '113800000000000777', mentions: [] };
    const result = await streamUntil(
      account,
      undefined,
      (ev) => ev.length >= 3,
      async () => {
        await waitFor(() => fake.subscriptions.length >= 2);
        fake.push(['user'], 'update', JSON.stringify(unrelated));
        fake.push(['hashtag', TAG], 'update', JSON.stringify(hashtagStatus));
        fake.push(['hashtag', TAG], 'delete', '113800000000000020');
        fake.push(['user'], 'notification', mentionFrame('50002').payload);
      },
    );
    expect(fake.subscriptions).toEqual([
      { type: 'subscribe', stream: 'user' },
      { type: 'subscribe', stream: 'hashtag', tag: TAG },
    ]);
    expect(result.events.map((e) => (e.type === 'upsert' ? e.item.nativeId : e.type === 'delete' ? `delete:${e.nativeId}` : e.type))).toEqual(['113800000000000022', 'delete:113800000000000020', '113900000000050002']);
    expect(JSON.parse(result.cursors.at(-1)!)).toEqual({ v: 1, n: { since: '50002' }, t: { [TAG]: { since: '113800000000000022' } } });
  });

  it('catches up through REST when resuming and reconnects after the connection drops', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake, { hashtags: [] });
    const { cursor } = await adapter.fetch!(account, undefined, AbortSignal.timeout(5000));
    fake.notifications.push(JSON.parse(mentionFrame('40999').payload) as MNotification);
    const ids = (ev: ChannelEvent[]): string[] => upserts(ev).map((i) => i.nativeId);
    const result = await streamUntil(
      account,
      cursor,
      (ev) => ids(ev).includes('113900000000040999') && ids(ev).includes('113900000000060001'),
      async () => {
        await waitFor(() => fake.subscriptions.length === 1);
        fake.dropStreams();
        await waitFor(() => fake.listeners() === 0);
        await waitFor(() => fake.subscriptions.length === 2);
        fake.push(['user'], 'notification', mentionFrame('60001').payload);
      },
    );
    expect(result.timedOut).toBe(false);
    expect(fake.subscriptions.filter((s) => s.stream === 'user').length).toBe(2);
  });

  it('streams over SSE with :thump keep-alives', async () => {
    fake = await startFakeMastodon();
    fake.onSubscribe = mentionFrame('70001');
    const result = await streamUntil(accountFor(fake, { transport: 'sse' }), undefined, (ev) => ev.length >= 2);
    expect(fake.subscriptions).toEqual(
      expect.arrayContaining([
        { type: 'sse', stream: 'user', tag: undefined },
        { type: 'sse', stream: 'hashtag', tag: TAG },
      ]),
    );
    expect(upserts(result.events).every((i) => i.nativeId === '113900000000070001')).toBe(true);
  });

  it('stops with auth_failed when the streaming server refuses the token', async () => {
    fake = await startFakeMastodon();
    const account = { ...accountFor(fake), credentials: { accessToken: 'wrong' } };
    await expect(adapter.stream!(account, undefined, async () => {}, AbortSignal.timeout(5000))).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
  });

  it('replies with a mention, direct visibility for private answers and an Idempotency-Key', async () => {
    fake = await startFakeMastodon();
    const account = accountFor(fake);
    const inReplyTo = { nativeId: '113800000000000011', kind: 'direct_message' as const, isPrivate: true, author: { nativeId: '110000000000000102', handle: 'minho@mastodon.example.kr' }, createdAt: new Date() };
    const r1 = await adapter.sendReply(account, { inReplyTo, text: '본인 확인 후 안내드리겠습니다.', private: true, idempotencyKey: 'key-1' });
    const r2 = await adapter.sendReply(account, { inReplyTo, text: '본인 확인 후 안내드리겠습니다.', private: true, idempotencyKey: 'key-1' });
    expect(r2.nativeId).toBe(r1.nativeId);
    expect(fake.posted).toEqual([{ body: { status: '@minho@mastodon.example.kr 본인 확인 후 안내드리겠습니다.', in_reply_to_id: '113800000000000011', visibility: 'direct' }, idempotencyKey: 'key-1' }]);
    expect(r1.url).toBe(`https://social.example/@sotongbank/${r1.nativeId}`);
    await expect(adapter.sendReply({ ...account, credentials: { accessToken: 'bad' } }, { inReplyTo, text: 'x', private: true, idempotencyKey: 'k2' })).rejects.toMatchObject({ code: 'auth_failed' });
    await expect(adapter.sendReply(accountFor(fake, { maxCharacters: 1000 }), { inReplyTo, text: '가'.repeat(600), private: true, idempotencyKey: 'k3' })).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
  });

  it('counts length the way Mastodon does and turns content HTML into text', () => {
    expect(mastodonLength('@kim@mastodon.example.kr 안녕 https://example.com/a/very/long/path/that/is/long')).toBe('@kim 안녕 '.length + 23);
    expect(htmlToText('<p>a &amp; b<br />c</p><p>d</p>')).toBe('a & b\nc\n\nd');
  });
});
