import { afterEach, describe, expect, it } from 'vitest';
import { adapterContract } from '../adapter.contract.js';
import type { AccountContext } from '../port.js';
import { TINY_PNG } from '../testing/inbound.js';
import { adapter } from './index.js';
import { slugFor } from './publish.js';
import { startFakeWordPress, WP_PASSWORD, WP_USER, type FakeWordPress } from './testing/fake-wordpress.js';

const accountFor = (fake: FakeWordPress, password = WP_PASSWORD): AccountContext => ({ id: 'acc-wp', workspaceId: 'ws1', settings: { siteUrl: fake.url, username: WP_USER }, credentials: { applicationPassword: password } });

function seedComments(fake: FakeWordPress): void {
  fake.state.posts.set(10, { id: 10, slug: 'hello', status: 'publish', title: '금리 안내', content: '<p>안내</p>', featured_media: 0, date_gmt: '2026-12-01T00:00:00' });
  fake.state.comments.push(
    { id: 21, post: 10, parent: 0, author: 0, author_name: '김지수', content: '금리가 언제 바뀌나요? https://example.com/q', date_gmt: '2026-12-01T01:00:00' },
    { id: 22, post: 10, parent: 21, author: 0, author_name: '이민호', content: '저도 <궁금> 합니다 & 기다려요', date_gmt: '2026-12-01T02:00:00' },
  );
}

adapterContract('wordpress', async () => {
  const fake = await startFakeWordPress();
  seedComments(fake);
  const sentReplies = () => fake.server.requests.filter((r) => r.method === 'POST' && r.path === '/wp-json/wp/v2/comments').map((r) => r.body);
  return {
    adapter,
    account: accountFor(fake),
    poll: true,
    replyTarget: { nativeId: '21', threadNativeId: 'post:10', kind: 'comment', isPrivate: false, author: { nativeId: 'guest:김지수' }, createdAt: new Date('2026-12-01T01:00:00Z') },
    sentReplies,
    checkSentReply: (sent) => expect(sent).toMatchObject({ post: 10, parent: 21 }),
    breakServer: () => fake.server.goAway(),
    publish: [
      {
        target: 'wordpress',
        title: '새 적금 출시 안내',
        posts: () => [...fake.state.posts.values()].filter((p) => p.status !== 'trash' && p.id !== 10).map((p) => ({ id: String(p.id), text: p.content })),
        media: [{ url: TINY_PNG, altText: '적금 금리 표', mimeType: 'image/png' }],
        idempotent: true,
        failNext: (kind) => fake.failNext(kind),
      },
    ],
    close: () => fake.close(),
  };
});

describe('wordpress adapter', () => {
  let fake: FakeWordPress;
  afterEach(async () => fake?.close());

  it('publishes title and HTML with basic auth, a featured image with alt text, under the slug of its key', async () => {
    fake = await startFakeWordPress();
    const account = accountFor(fake);
    const r = await adapter.publish!(account, { target: 'wordpress', title: '한빛 적금', text: '요약', html: '<h2>혜택</h2><p>연 3.5%</p>', idempotencyKey: 'wp-1', media: [{ url: TINY_PNG, altText: '금리 표' }] });
    const row = fake.state.posts.get(Number(r.nativeId))!;
    expect(row).toMatchObject({ title: '한빛 적금', content: '<h2>혜택</h2><p>연 3.5%</p>', status: 'publish', slug: slugFor('wp-1') });
    expect(fake.state.media.get(row.featured_media)).toMatchObject({ alt_text: '금리 표', mime: 'image/png' });
    expect(r.url).toBe(`${fake.url}/${row.date_gmt.slice(0, 10).replace(/-/g, '/')}/${row.slug}/`);
    const auth = fake.server.requests.find((q) => q.method === 'POST' && q.path === '/wp-json/wp/v2/posts')!.headers.authorization!;
    expect(Buffer.from(auth.replace('Basic ', ''), 'base64').toString()).toBe(`${WP_USER}:${WP_PASSWORD}`);
  });

  it('plain text becomes escaped paragraphs; a wrong password is auth_failed; a trashed post is not found again', async () => {
    fake = await startFakeWordPress();
    const account = accountFor(fake);
    const r = await adapter.publish!(account, { target: 'wordpress', text: '첫 줄 <b>굵게</b>\n둘째 줄\n\n새 문단 & 끝', idempotencyKey: 'wp-2' });
    expect(fake.state.posts.get(Number(r.nativeId))!.content).toBe('<p>첫 줄 &lt;b&gt;굵게&lt;/b&gt;<br>둘째 줄</p>\n<p>새 문단 &amp; 끝</p>');
    await expect(adapter.publish!(accountFor(fake, 'wrong'), { target: 'wordpress', text: 'x', idempotencyKey: 'wp-3' })).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    await adapter.deletePublished!(account, 'wordpress', r.nativeId);
    await adapter.deletePublished!(account, 'wordpress', r.nativeId); // twice: already in the trash is done
    expect(await adapter.findPublished!(account, 'wordpress', 'wp-2')).toBeNull();
  });

  it('polls comments newest-first into items once, decoding entities, and counts them as engagement', async () => {
    fake = await startFakeWordPress();
    seedComments(fake);
    const account = accountFor(fake);
    const first = await adapter.fetch!(account, undefined, AbortSignal.timeout(5000));
    const items = first.events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
    expect(items.map((i) => [i.nativeId, i.kind, i.parentNativeId, i.text])).toEqual([
      ['21', 'comment', 'post:10', '금리가 언제 바뀌나요? https://example.com/q'],
      ['22', 'reply', '21', '저도 <궁금> 합니다 & 기다려요'],
    ]);
    expect(items[0]!.links).toEqual(['https://example.com/q']);
    expect((await adapter.fetch!(account, first.cursor, AbortSignal.timeout(5000))).events).toEqual([]);
    expect(await adapter.engagement!(account, 'wordpress', '10')).toEqual({ replies: 2 });
  });
});
