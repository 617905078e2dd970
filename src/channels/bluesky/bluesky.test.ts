import { afterEach, describe, expect, it } from 'vitest';
import { adapterContract } from '../adapter.contract.js';
import type { AccountContext, CanonicalItem, ChannelEvent } from '../port.js';
import { graphemes } from './facets.js';
import { adapter } from './index.js';
import { rkeyFor } from './publish.js';
import { TINY_PNG } from '../testing/inbound.js';
import type { JetstreamEvent, NotificationView } from './mapping.js';
import { APP_PASSWORD, BANK_DID, IDENTIFIER, startFakeBluesky, type FakeBluesky } from './testing/fake-bluesky.js';

const KIM = 'did:plc:kimjisu7d3k2lq9xw4nmv8ab';
const LEE = 'did:plc:leeminho2vq8k4rt5nz7cxw1';
const MENTION_URI = `at://${KIM}/app.bsky.feed.post/3lf4mention00a`;
const REPLY_URI = `at://${LEE}/app.bsky.feed.post/3lf4reply0000a`;
const BANK_POST = `at://${BANK_DID}/app.bsky.feed.post/3lf4bankpost2a`;
let n = 0;
function accountFor(fake: FakeBluesky, settings: Record<string, unknown> = {}): AccountContext {
  return { id: `acc-bsky-${++n}`, workspaceId: 'ws1', settings: { serviceUrl: fake.url, jetstreamUrl: fake.jetstreamUrl, ...settings }, credentials: { identifier: IDENTIFIER, appPassword: APP_PASSWORD } };
}
const upserts = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const target = (uri: string, did: string) => ({ nativeId: uri, kind: 'post' as const, isPrivate: false, author: { nativeId: did }, createdAt: new Date() });

async function streamUntil(account: AccountContext, cursor: string | undefined, until: (ev: ChannelEvent[]) => boolean, act?: () => Promise<void>) {
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
  return { events, cursors };
}

adapterContract('bluesky', async () => {
  const fake = await startFakeBluesky();
  fake.onSubscribe = fake.jetEvents[0];
  return {
    adapter,
    account: accountFor(fake, { wantedDids: [KIM, LEE] }),
    poll: true,
    stream: true,
    replyTarget: target(MENTION_URI, KIM),
    sentReplies: () => fake.created,
    checkSentReply: (sent) => expect(sent).toMatchObject({ repo: BANK_DID, record: { reply: { root: { uri: MENTION_URI }, parent: { uri: MENTION_URI } } } }),
    breakServer: async () => fake.xrpc.failWith(503),
    publish: [
      {
        target: 'bluesky',
        posts: () => [...fake.records.values()].filter((r) => !r.value.reply).map((r) => ({ id: r.uri, text: r.value.text ?? '' })),
        media: [{ url: TINY_PNG, altText: '적금 금리 안내 이미지', mimeType: 'image/png' }],
        idempotent: true,
        cannot: ['edit'],
        failNext: (kind) => fake.failNext(kind),
      },
    ],
    close: () => fake.close(),
  };
});

describe('bluesky publishing', () => {
  let fake: FakeBluesky;
  afterEach(async () => fake?.close());

  it('indexes link and tag facets by UTF-8 bytes in Korean text and embeds the image with its alt text', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake);
    const text = '새 적금 출시 👉 https://blog.example.com/적금 #소통은행';
    const r = await adapter.publish!(account, { target: 'bluesky', text, idempotencyKey: 'post-1', media: [{ url: TINY_PNG, altText: '금리 표' }] });
    const rec = [...fake.records.values()].find((x) => x.uri === r.nativeId)!.value;
    const bytes = Buffer.from(rec.text ?? '', 'utf8');
    const slices = (rec.facets as Array<{ index: { byteStart: number; byteEnd: number }; features: Array<{ $type: string }> }>).map((f) => [f.features[0]!.$type, bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8')]);
    expect(slices).toEqual([
      ['app.bsky.richtext.facet#link', 'https://blog.example.com/적금'],
      ['app.bsky.richtext.facet#tag', '#소통은행'],
    ]);
    expect(rec.embed?.images).toMatchObject([{ alt: '금리 표' }]);
    expect(rec).toMatchObject({ langs: ['ko'] });
    expect(r.url).toMatch(/^https:\/\/bsky\.app\/profile\/sotongbank\.bsky\.social\/post\/[2-7a-z]{13}$/);
  });

  it('derives the record key from the idempotency key: the same key finds the post, another key does not', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake);
    const r = await adapter.publish!(account, { target: 'bluesky', text: '공지', idempotencyKey: 'same' });
    // A second worker with a fresh session (the first crashed after the call) finds the same post.
    const other = { ...account, id: 'acc-bsky-other' };
    expect(await adapter.findPublished!(other, 'bluesky', 'same')).toMatchObject({ nativeId: r.nativeId });
    expect(await adapter.findPublished!(other, 'bluesky', 'different')).toBeNull();
    expect(rkeyFor('same')).toBe(rkeyFor('same'));
    expect(rkeyFor('same')).not.toBe(rkeyFor('same '));
    expect(await adapter.engagement!(account, 'bluesky', r.nativeId)).toEqual({ replies: 1, shares: 3, likes: 7 });
    await adapter.deletePublished!(account, 'bluesky', r.nativeId);
    expect(await adapter.findPublished!(other, 'bluesky', 'same')).toBeNull();
  });
});

describe('bluesky adapter', () => {
  let fake: FakeBluesky;
  afterEach(async () => fake?.close());

  it('polls notifications: mentions, replies and quotes as posts, reposts and follows as interactions', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake);
    const first = await adapter.fetch!(account, undefined, AbortSignal.timeout(5000));
    const items = upserts(first.events);
    expect(items.map((i) => [i.kind, i.nativeId])).toEqual([
      ['post', MENTION_URI],
      ['reply', REPLY_URI],
      ['quote', `at://${LEE}/app.bsky.feed.post/3lf4quote0000a`],
    ]);
    expect(items[0]).toMatchObject({
      author: { nativeId: KIM, handle: 'kimjisu.bsky.social', displayName: '김지수' },
      text: '@sotongbank.bsky.social 카드 결제가 거절됐어요 😢 #소통은행',
      lang: 'ko',
      threadNativeId: MENTION_URI,
      url: 'https://bsky.app/profile/kimjisu.bsky.social/post/3lf4mention00a',
      interactions: [{ type: 'mention', target: { nativeId: BANK_DID } }],
    });
    expect(items[1]).toMatchObject({ parentNativeId: BANK_POST, threadNativeId: BANK_POST, links: ['https://status.example/kb'], interactions: [{ type: 'reply', target: { nativeId: BANK_DID }, targetItemNativeId: BANK_POST }] });
    expect(items[2]).toMatchObject({ parentNativeId: BANK_POST, interactions: [{ type: 'quote', target: { nativeId: BANK_DID } }] });
    const interactions = first.events.flatMap((e) => (e.type === 'interaction' ? [[e.interaction.type, e.interaction.source.handle, e.interaction.target.nativeId]] : []));
    expect(interactions).toEqual([
      ['repost', 'parkhy.bsky.social', BANK_DID],
      ['follow', 'parkhy.bsky.social', BANK_DID],
    ]);
    expect(first.rateLimit).toMatchObject({ limit: 3000, remaining: 2999, resetAt: new Date(1767579300 * 1000) });
    expect((await adapter.fetch!(account, first.cursor, AbortSignal.timeout(5000))).events).toEqual([]);
  });

  it('pages notifications with the cursor until it meets what it has handed over', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake, { notificationPageSize: 2 });
    let cursor = (await adapter.fetch!(account, undefined, AbortSignal.timeout(5000))).cursor;
    const template = fake.notifications.find((x) => x.reason === 'mention')!;
    for (let i = 0; i < 5; i++) fake.notifications.push({ ...structuredClone(template), uri: `at://${KIM}/app.bsky.feed.post/3lf5new00000${i}`, indexedAt: `2026-01-05T03:0${i}:00.000Z` } as NotificationView);
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const r = await adapter.fetch!(account, cursor, AbortSignal.timeout(5000));
      seen.push(...upserts(r.events).map((i) => i.nativeId));
      cursor = r.cursor ?? cursor;
      if (!r.more) break;
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `at://${KIM}/app.bsky.feed.post/3lf5new00000${i}`));
  });

  it('replies with root and parent refs and facets at UTF-8 byte offsets (Korean text and a mention)', async () => {
    fake = await startFakeBluesky();
    const text = '@kimjisu.bsky.social 님, 확인했습니다 🙏 https://bank.example/help 참고 #소통은행 (@nobody.example)';
    const result = await adapter.sendReply(accountFor(fake), { inReplyTo: target(REPLY_URI, LEE), text, private: false, idempotencyKey: 'r1' });
    expect(result.nativeId).toMatch(new RegExp(`^at://${BANK_DID}/app.bsky.feed.post/`));
    expect(result.url).toMatch(/^https:\/\/bsky\.app\/profile\/sotongbank\.bsky\.social\/post\//);
    const { record } = fake.created[0]!;
    expect(record).toMatchObject({
      $type: 'app.bsky.feed.post',
      text,
      langs: ['ko'],
      reply: { root: { uri: BANK_POST, cid: expect.stringMatching(/^bafyrei/) }, parent: { uri: REPLY_URI, cid: 'bafyreireply5tl2ezrnh5cgwq4ha3vxtkm7qz6u6vd2yjq5lkfx4gtcma' } },
    });
    const buf = Buffer.from(text, 'utf8');
    const facets = record.facets as Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }>;
    expect(facets.map((f) => [buf.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), f.features[0]])).toEqual([
      ['@kimjisu.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: KIM }],
      ['https://bank.example/help', { $type: 'app.bsky.richtext.facet#link', uri: 'https://bank.example/help' }],
      ['#소통은행', { $type: 'app.bsky.richtext.facet#tag', tag: '소통은행' }],
    ]);
    // byte offsets, not string indices: the link starts after Korean text
    expect(facets[1]!.index.byteStart).toBe(Buffer.byteLength('@kimjisu.bsky.social 님, 확인했습니다 🙏 '));
    expect(facets[1]!.index.byteStart).not.toBe(text.indexOf('https'));
  });

  it('answers privately through chat with the atproto-proxy header and refreshes an expired session', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake);
    await adapter.health(account);
    fake.expireAccessToken();
    const r = await adapter.sendReply(account, { inReplyTo: target(MENTION_URI, KIM), text: '계좌 정보는 DM으로 안내드립니다.', private: true, idempotencyKey: 'dm1' });
    expect(r.nativeId).toMatch(/^msg-/);
    expect(fake.messages).toEqual([{ convoId: `convo-${KIM}`, message: { text: '계좌 정보는 DM으로 안내드립니다.' }, proxy: 'did:web:api.bsky.chat#bsky_chat' }]);
    expect(fake.xrpc.requests.filter((q) => q.path.endsWith('refreshSession'))).toHaveLength(1);
    expect(adapter.limits(account, { ...target(MENTION_URI, KIM), isPrivate: true }).maxLength).toBe(1000);
    await expect(adapter.sendReply(account, { inReplyTo: target(MENTION_URI, KIM), text: '가'.repeat(301), private: false, idempotencyKey: 'long' })).rejects.toMatchObject({ code: 'rule_violation' });
    expect(graphemes('👨‍👩‍👧 가')).toBe(3);
  });

  it('follows Jetstream for watched DIDs and keywords, resumes from time_us and survives a dropped connection', async () => {
    fake = await startFakeBluesky();
    const account = accountFor(fake, { wantedDids: [KIM, LEE], keywords: ['소통은행', 'sotong'] });
    const first = await streamUntil(account, '1767579000000000', (ev) => ev.length >= 3);
    const req = fake.jetRequests[0]!;
    expect(req.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);
    expect(req.searchParams.getAll('wantedDids')).toEqual([KIM, LEE]);
    expect(req.searchParams.get('cursor')).toBe('1767579000000000');
    expect(first.events.map((e) => (e.type === 'upsert' ? e.item.text : e.type === 'delete' ? `delete ${e.nativeId}` : e.type))).toEqual([
      '소통은행 앱 또 점검중이네요',
      'SOTONG bank transfer limits changed?',
      `delete at://${KIM}/app.bsky.feed.post/3lf4jet000001`,
    ]);
    const reply = upserts(first.events)[1]!;
    expect(reply).toMatchObject({
      kind: 'reply',
      author: { nativeId: LEE },
      parentNativeId: BANK_POST,
      createdAt: new Date('2026-01-05T02:12:00.000Z'),
      media: [{ type: 'image', url: `https://cdn.bsky.app/img/feed_fullsize/plain/${LEE}/bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy@jpeg` }],
    });
    expect(JSON.parse(first.cursors.at(-1)!)).toEqual({ v: 1, jet: 1767579000000005 });

    const live: JetstreamEvent = {
      did: KIM,
      time_us: 1767579000000009,
      kind: 'commit',
      commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3lf4jet000009', record: { text: 'sotong 지점 어디예요?', createdAt: '2026-01-05T02:20:00.000Z' }, cid: 'bafyreix' },
    };
    // the cursor is shared with fetch: the notifications position travels along with time_us
    const shared = JSON.stringify({ ...JSON.parse((await adapter.fetch!(account, first.cursors.at(-1), AbortSignal.timeout(5000))).cursor!), v: 1 });
    expect(JSON.parse(shared)).toMatchObject({ jet: 1767579000000005, since: '2026-01-05T02:50:01.113Z' });
    const resumed = await streamUntil(
      account,
      shared,
      (ev) => ev.length >= 1,
      async () => {
        while (fake.jetRequests.length < 2) await new Promise((r) => setTimeout(r, 10));
        fake.dropJetstream();
        while (fake.jetRequests.length < 3) await new Promise((r) => setTimeout(r, 10));
        fake.pushJet(live);
      },
    );
    expect(fake.jetRequests[1]!.searchParams.get('cursor')).toBe('1767579000000005');
    expect(fake.jetRequests[2]!.searchParams.get('cursor')).toBe('1767579000000005');
    expect(upserts(resumed.events).map((i) => i.nativeId)).toEqual([`at://${KIM}/app.bsky.feed.post/3lf4jet000009`]);
  });

  it('needs DIDs or keywords to stream, and skips deletes it cannot attribute when only keywords are set', async () => {
    fake = await startFakeBluesky();
    await expect(adapter.stream!(accountFor(fake), undefined, async () => {}, AbortSignal.timeout(2000))).rejects.toMatchObject({ code: 'invalid_request' });
    const later: JetstreamEvent = {
      did: LEE,
      time_us: 1767579000000010,
      kind: 'commit',
      commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3lf4jet000010', record: { text: '서버 점검 언제 끝나요', createdAt: '2026-01-05T02:30:00.000Z' } },
    };
    fake.jetEvents.push(later);
    const r = await streamUntil(accountFor(fake, { keywords: ['점검'] }), '1767579000000000', (ev) => ev.length >= 2);
    expect(r.events.map((e) => e.type)).toEqual(['upsert', 'upsert']);
    expect(fake.jetRequests.at(-1)!.searchParams.getAll('wantedDids')).toEqual([]);
  });
});
