/** The blog adapter: the shared contract (blogs cannot be answered: `replies: false`) and feed specifics. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type CanonicalItem, type ChannelEvent } from '../port.js';
import { adapter, createBlogAdapter } from './index.js';
import { canonicalUrl } from './urls.js';
import { adapterContract } from '../adapter.contract.js';
import { CLIENT_ID, CLIENT_SECRET, fixtureBytes, startFakeBlog, type FakeBlog } from './testing/fake-blog.js';

const clock = new ManualClock('2026-01-05T12:00:00Z');
const blog = createBlogAdapter({ clock });
const feedAccount = (fake: FakeBlog, paths = ['/naver.xml', '/tistory/rss', '/atom.xml', '/euckr.xml']): AccountContext => ({ id: 'acc-blog', workspaceId: 'ws1', settings: { feedUrls: paths.map((p) => fake.url + p) }, credentials: {} });
const searchAccount = (fake: FakeBlog, settings: Record<string, unknown> = {}): AccountContext => ({
  id: 'acc-blog-search',
  workspaceId: 'ws1',
  settings: { searchQueries: ['소통은행'], searchBaseUrl: fake.url, ...settings },
  credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
});
const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));
const signal = (): AbortSignal => AbortSignal.timeout(5000);

adapterContract('blog', async () => {
  const fake = await startFakeBlog();
  return {
    adapter: blog,
    account: feedAccount(fake),
    poll: true,
    replies: false,
    replyTarget: { nativeId: 'https://blog.naver.com/x/1', kind: 'post', isPrivate: false, author: { nativeId: 'x' }, createdAt: new Date('2026-01-05T00:00:00Z') },
    sentReplies: () => [],
    breakServer: () => fake.server.goAway(),
    close: () => fake.close(),
  };
});

describe('blog adapter', () => {
  let fake: FakeBlog;
  afterEach(async () => fake?.close());

  it('describes itself and refuses every reply', async () => {
    expect(adapter.type).toBe('blog');
    expect(adapter.fetch).toBeTypeOf('function');
    expect(adapter.limits({ id: 'a', workspaceId: 'w', settings: {}, credentials: {} }, undefined)).toMatchObject({ canReplyPublicly: false, canReplyPrivately: false });
    const err = await adapter
      .sendReply(
        { id: 'a', workspaceId: 'w', settings: {}, credentials: {} },
        { inReplyTo: { nativeId: 'x', kind: 'post', isPrivate: false, author: { nativeId: 'y' }, createdAt: new Date() }, text: '감사합니다', private: false, idempotencyKey: 'k' },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'rule_violation', retryable: false });
  });

  it('reads Naver, Tistory, Atom and EUC-KR feeds into canonical posts', async () => {
    fake = await startFakeBlog();
    const res = await blog.fetch!(feedAccount(fake), undefined, signal());
    const byId = new Map(items(res.events).map((i) => [i.nativeId, i]));
    expect([...byId.keys()].sort()).toEqual([
      'http://old.example.co.kr/board/view?no=77',
      'https://blog.naver.com/moneyworker/224123450001',
      'https://blog.naver.com/moneyworker/224123456789',
      'https://cardlover.tistory.com/152',
      'https://notes.example.com/posts/sotong-api/',
    ]);
    const naver = byId.get('https://blog.naver.com/moneyworker/224123456789')!;
    expect(naver).toMatchObject({
      kind: 'post',
      title: '소통은행 파킹통장 후기 & 금리 비교',
      text: '소통은행 파킹통장을 한 달 써 본 후기입니다. 금리는 연 2.5% 이고 하루만 맡겨도 이자가 붙어요.',
      author: { nativeId: 'https://blog.naver.com/moneyworker', handle: 'moneyworker', displayName: 'moneyworker' },
      url: 'https://blog.naver.com/moneyworker/224123456789',
      lang: 'ko',
      isPrivate: false,
      media: [{ type: 'image', url: 'https://blogthumb.pstatic.net/MjAyNjAxMDVfMTEx/MDAxNzM2/image.png?type=w2' }],
    });
    expect(naver.createdAt.toISOString()).toBe('2026-01-05T09:30:00.000Z');
    expect(byId.get('https://blog.naver.com/moneyworker/224123450001')!.text).toBe('올해 목표는 비상금 300만 원 모으기. 카드값 줄이는 법 <정리>');
    expect(byId.get('https://cardlover.tistory.com/152')).toMatchObject({ title: '소통은행 체크카드 해외 결제 수수료 정리', author: { nativeId: 'https://cardlover.tistory.com/', displayName: '카드덕후' } });
    const atom = byId.get('https://notes.example.com/posts/sotong-api/')!;
    expect(atom).toMatchObject({ title: "Sotong Bank's new API & what it means", text: 'The bank opened an API.', lang: 'en', author: { displayName: 'Jane Park' } });
    expect(atom.editedAt?.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(byId.get('http://old.example.co.kr/board/view?no=77')).toMatchObject({ title: '소통은행 지점 이전 안내', text: '강남 지점이 이전합니다.' });
  });

  it('polls with ETag / If-Modified-Since, gets 304 and no events, then only the new post', async () => {
    fake = await startFakeBlog();
    const account = feedAccount(fake, ['/naver.xml']);
    const first = await blog.fetch!(account, undefined, signal());
    expect(items(first.events)).toHaveLength(2);
    const again = await blog.fetch!(account, first.cursor, signal());
    expect(again.events).toEqual([]);
    const req = fake.server.requests.at(-1)!;
    expect(req.headers['if-none-match']).toMatch(/^"[0-9a-f]+"$/);
    expect(req.headers['if-modified-since']).toBe('Mon, 05 Jan 2026 09:30:12 GMT');

    const xml = fixtureBytes('naver-rss.xml')
      .toString('utf8')
      .replace(
        '<item>',
        `<item>
			<author>moneyworker</author>
			<title><![CDATA[소통은행 고객센터 연결 팁]]></title>
			<link><![CDATA[https://blog.naver.com/moneyworker/224123460000?fromRss=true&trackingCode=rss]]></link>
			<description><![CDATA[ARS 단축번호 정리]]></description>
			<pubDate>Mon, 05 Jan 2026 20:10:00 +0900</pubDate>
		</item>
		<item>`,
      );
    fake.publish('/naver.xml', xml, 'Mon, 05 Jan 2026 11:10:00 GMT');
    const fresh = await blog.fetch!(account, again.cursor, signal());
    expect(items(fresh.events).map((i) => i.nativeId)).toEqual(['https://blog.naver.com/moneyworker/224123460000']);
    // the contract's duty: fetch(cursor) does not repeat what it handed over
    expect((await blog.fetch!(account, fresh.cursor, signal())).events).toEqual([]);
  });

  it('searches Naver blogs newest first, strips <b>, dates postdate in KST and does not repeat posts', async () => {
    fake = await startFakeBlog();
    const account = searchAccount(fake, { display: 2 });
    const first = await blog.fetch!(account, undefined, signal());
    const found = items(first.events);
    expect(found.map((i) => i.nativeId).sort()).toEqual(['https://blog.naver.com/grumpydev/224130000002', 'https://blog.naver.com/savingqueen/224130000001', 'https://cardlover.tistory.com/150']);
    const call = fake.server.requests.find((r) => r.path === '/v1/search/blog.json')!;
    expect(call.query).toMatchObject({ query: '소통은행', display: '2', start: '1', sort: 'date' });
    const grumpy = found.find((i) => i.author.handle === 'grumpydev')!;
    expect(grumpy).toMatchObject({
      title: '소통은행 앱 오류 너무 잦네요',
      text: '오늘도 로그인 오류... "잠시 후 다시 시도" 메시지만 나와요 & 고객센터는 대기 30분',
      author: { nativeId: 'https://blog.naver.com/grumpydev', displayName: '투덜개발자' },
    });
    expect(grumpy.createdAt.toISOString()).toBe('2026-01-04T15:00:00.000Z');

    expect((await blog.fetch!(account, first.cursor, signal())).events).toEqual([]);
    fake.searchItems.push({ title: '<b>소통은행</b> 새 지점', link: 'https://blog.naver.com/newbie/224130000009?fromRss=true', description: '', bloggername: '새내기', bloggerlink: 'blog.naver.com/newbie', postdate: '20260105' });
    const next = await blog.fetch!(account, first.cursor, signal());
    expect(items(next.events).map((i) => i.nativeId)).toEqual(['https://blog.naver.com/newbie/224130000009']);
  });

  it('maps search API errors and reports health', async () => {
    fake = await startFakeBlog();
    const bad = { ...searchAccount(fake), credentials: { clientId: 'x', clientSecret: 'y' } };
    await expect(blog.fetch!(bad, undefined, signal())).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    expect(await blog.health(searchAccount(fake))).toMatchObject({ status: 'ok' });
    expect(await blog.health(feedAccount(fake))).toMatchObject({ status: 'ok' });
    const partly = feedAccount(fake, ['/naver.xml', '/missing.xml']);
    const some = await blog.fetch!(partly, undefined, signal());
    expect(items(some.events)).toHaveLength(2);
    expect(await blog.health(partly)).toMatchObject({ status: 'degraded' });
    await fake.server.goAway();
    const err = await blog.fetch!(feedAccount(fake, ['/naver.xml']), undefined, signal()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', retryable: true });
    const health = await blog.health(feedAccount(fake));
    expect(health.status).toBe('down');
    expect(health.message).toMatch(/\S/);
  });

  it('computes dedupe keys without tracking parameters', () => {
    expect(canonicalUrl('https://blog.naver.com/moneyworker/224123456789?fromRss=true&trackingCode=rss')).toBe('https://blog.naver.com/moneyworker/224123456789');
    expect(canonicalUrl('https://m.blog.naver.com/PostView.naver?blogId=moneyworker&logNo=224123456789&utm_source=kakao')).toBe('https://blog.naver.com/moneyworker/224123456789');
    expect(canonicalUrl('http://cardlover.tistory.com/m/152#comment')).toBe('https://cardlover.tistory.com/152');
    expect(canonicalUrl('https://news.example/a?id=3&utm_medium=x&fbclid=abc')).toBe('https://news.example/a?id=3');
  });
});
