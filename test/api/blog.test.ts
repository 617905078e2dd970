import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

const meta = (html: string, attr: 'property' | 'name', key: string): string | undefined => new RegExp(`<meta ${attr}="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1];

describe.each(['pglite', 'postgres'] as const)('built-in blog on %s', (store) => {
  let server: TestServer;
  let admin: ApiClient;
  let agent: ApiClient;
  let ws: string;
  let slug: string;
  let otherWs: string;
  const anon = () => new ApiClient(server.url);

  beforeAll(async () => {
    server = await startTestServer({ store });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    slug = (await admin.get('/api/v1/workspaces')).body.workspaces.find((w: { id: string }) => w.id === ws).slug;
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'agent@bank.test', name: '상담', role: 'agent', password: 'support desk 9876' });
    agent = new ApiClient(server.url);
    await agent.login('agent@bank.test', 'support desk 9876');
    otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
  }, 120_000);
  afterAll(async () => server?.close());

  it('publishes once per idempotency key, with a Korean slug, and serves the post with OpenGraph and Twitter cards', async () => {
    const body = { title: '한빛 적금 <출시> & 혜택', html: '<h1>금리</h1><p>연 3.5% <b>세전</b></p>', coverUrl: 'https://cdn.bank.example/cover.png', coverAlt: '적금 "금리" 표', idempotencyKey: 'campaign-1/blog' };
    const first = await admin.post(`/api/v1/w/${ws}/blog/posts`, body);
    expect(first.status).toBe(201);
    const again = await admin.post(`/api/v1/w/${ws}/blog/posts`, body);
    expect(again.body.nativeId).toBe(first.body.nativeId);
    expect((await admin.get(`/api/v1/w/${ws}/blog/posts`)).body.posts).toHaveLength(1);
    expect(first.body.slug).toBe('한빛-적금-출시-혜택');
    expect(first.body.html).toBe('<h2>금리</h2><p>연 3.5% <b>세전</b></p>');
    const url = new URL(first.body.url);
    const page = await anon().get(url.pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = page.body as string;
    expect(meta(html, 'property', 'og:title')).toBe('한빛 적금 &lt;출시&gt; &amp; 혜택');
    expect(meta(html, 'property', 'og:type')).toBe('article');
    expect(meta(html, 'property', 'og:image')).toBe('https://cdn.bank.example/cover.png');
    expect(meta(html, 'property', 'og:image:alt')).toBe('적금 &quot;금리&quot; 표');
    expect(meta(html, 'name', 'twitter:card')).toBe('summary_large_image');
    expect(meta(html, 'property', 'og:url')).toBe(first.body.url);
    expect(html).toContain('<title>한빛 적금 &lt;출시&gt; &amp; 혜택 | ');
    expect(html).toContain('<h2>금리</h2><p>연 3.5% <b>세전</b></p>');
  });

  it('two publishers racing on one key make one post', async () => {
    const before = (await admin.get(`/api/v1/w/${ws}/blog/posts`)).body.posts.length;
    const body = { title: '동시 게시', text: '한 번만', idempotencyKey: 'race-1' };
    const results = await Promise.all([1, 2, 3].map(() => admin.post(`/api/v1/w/${ws}/blog/posts`, body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.nativeId)).size).toBe(1);
    expect((await admin.get(`/api/v1/w/${ws}/blog/posts`)).body.posts.length).toBe(before + 1);
  });

  it('neutralises script injection in the body, the title and the cover', async () => {
    const evil = await admin.post(`/api/v1/w/${ws}/blog/posts`, {
      title: '</title><script>alert(1)</script>',
      html: '<p onclick="alert(1)">안녕<script>alert(2)</script><img src=x onerror=alert(3)><a href="java\tscript:alert(4)">링크</a><a href="https://ok.example">좋은 링크</a><iframe src="https://evil"></iframe><svg><script>alert(5)</script></svg>&lt;script&gt;</p>',
    });
    expect(evil.status).toBe(201);
    expect(evil.body.html).toBe('<p>안녕<a>링크</a><a href="https://ok.example" rel="noopener nofollow ugc">좋은 링크</a>&lt;script&gt;</p>');
    const page = (await anon().get(new URL(evil.body.url).pathname)).body as string;
    expect(page).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const badCover = await admin.post(`/api/v1/w/${ws}/blog/posts`, { title: 't', text: 'x', coverUrl: 'javascript:alert(1)', coverAlt: 'a' });
    expect(badCover).toMatchObject({ status: 400, body: { error: { code: 'blog.bad_cover' } } });
    const noAlt = await admin.post(`/api/v1/w/${ws}/blog/posts`, { title: 't', text: 'x', coverUrl: 'https://cdn.example/a.png' });
    expect(noAlt.body.error.code).toBe('blog.cover_alt_required');
  });

  it('serves RSS 2.0 and Atom that parse back, with the posts and the channel links on the index', async () => {
    await admin.request('PUT', `/api/v1/w/${ws}/blog/settings`, {
      title: '한빛은행 블로그',
      description: '금융 소식 & 팁',
      links: [
        { label: 'X', url: 'https://x.com/hanbitbank' },
        { label: 'Mastodon', url: 'https://mastodon.example/@hanbitbank' },
      ],
    });
    await admin.post(`/api/v1/w/${ws}/blog/posts`, { title: '제어문자\u0001 포함', text: '첫 문단\n\n둘째 문단 ]]> 끝' });
    const rss = await anon().get(`/blog/${slug}/rss.xml`);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(rss.body);
    const items = [parsed.rss.channel.item].flat();
    expect(parsed.rss['@_version']).toBe('2.0');
    expect(parsed.rss.channel.title).toBe('한빛은행 블로그');
    expect(items.map((i: { title: string }) => i.title)).toEqual(expect.arrayContaining(['한빛 적금 <출시> & 혜택', '제어문자 포함']));
    for (const i of items) expect(new Date(i.pubDate).getTime()).not.toBeNaN();
    const atom = await anon().get(`/blog/${slug}/atom.xml`);
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(atom.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entries = [feed.entry].flat();
    expect(entries.length).toBe(items.length);
    expect(entries.find((x: { title: string }) => x.title === '제어문자 포함').content['#text']).toContain('둘째 문단 ]]&gt; 끝');
    const index = (await anon().get(`/blog/${slug}/`)).body as string;
    expect(index).toContain('<a href="https://x.com/hanbitbank" rel="me noopener">X</a>');
    expect(index).toContain('<p>금융 소식 &amp; 팁</p>');
    expect(index).toContain(`href="http://localhost:8080/blog/${slug}/rss.xml"`.replace('http://localhost:8080', new URL(items[0].link).origin));
  });

  it("never shows another workspace's posts; permissions and ids are checked", async () => {
    const theirs = await admin.post(`/api/v1/w/${otherWs}/blog/posts`, { title: '다른 은행 비밀 글', text: '우리 글' });
    expect(theirs.status).toBe(201);
    const index = (await anon().get(`/blog/${slug}/`)).body as string;
    expect(index).not.toContain('다른 은행 비밀 글');
    expect((await anon().get(`/blog/${slug}/${encodeURIComponent(theirs.body.slug)}`)).status).toBe(404);
    expect((await anon().get(`/blog/other-bank/${encodeURIComponent(theirs.body.slug)}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/w/${ws}/blog/posts/${theirs.body.id}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/api/v1/w/${ws}/blog/posts/${theirs.body.id}`)).status).toBe(404);
    expect((await anon().get(`/blog/${otherWs}/`)).status).toBe(404); // ids never open a public blog
    expect((await anon().get('/blog/no-such-bank/')).status).toBe(404);
    const bare = await anon().get(`/blog/${slug}`); // redirected to the address with a slash
    expect(bare.status).toBe(200);
    expect(bare.body).toContain('한빛 적금');
    const denied = await agent.post(`/api/v1/w/${ws}/blog/posts`, { title: '상담원 글', text: 'x' });
    expect(denied.status).toBe(403);
    expect((await anon().post(`/api/v1/w/${ws}/blog/posts`, { title: 'x', text: 'x' })).status).toBe(401);
  });

  it('edits and deletes, and the public page follows', async () => {
    const made = await admin.post(`/api/v1/w/${ws}/blog/posts`, { title: '수정할 글', text: '처음', idempotencyKey: 'edit-me' });
    const path = new URL(made.body.url).pathname;
    const edited = await admin.patch(`/api/v1/w/${ws}/blog/posts/${made.body.id}`, { html: '<p>고친 <em>본문</em></p>' });
    expect(edited.status).toBe(200);
    expect((await anon().get(path)).body).toContain('고친 <em>본문</em>');
    expect((await admin.patch(`/api/v1/w/${ws}/blog/posts/not-an-id`, { title: 'x' })).status).toBe(404);
    expect((await admin.delete(`/api/v1/w/${ws}/blog/posts/${made.body.id}`)).status).toBe(204);
    expect((await anon().get(path)).status).toBe(404);
    const audit = await admin.get(`/api/v1/w/${ws}/audit?limit=100`);
    const actions = (audit.body.entries ?? audit.body.items ?? []).map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['blog.post_published', 'blog.post_edited', 'blog.post_deleted']));
  });
});
