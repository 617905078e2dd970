/**
 * Tracked links in published posts, through the real program: when a post is submitted for approval,
 * each channel variant's links become short links of that variant (one per variant, the campaign's UTM
 * parameters on the destination); the approvers read the text with them, the channel receives exactly
 * that text, and the channel's count is of the text as it goes out. A workspace can turn it off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdapters, fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';

const graphemes = (s: string) => [...new Intl.Segmenter('ko', { granularity: 'grapheme' }).segment(s)].length;

describe('tracked links in published posts', () => {
  let server: TestServer;
  let channel: PublishServer;
  let admin: ApiClient;
  let maker: ApiClient;
  let lead: ApiClient;
  let comp: ApiClient;
  let ws: string;
  let official: string;
  let events: string;
  let campaignId: string;
  const base = () => `/api/v1/w/${ws}/publishing`;
  const short = () => new RegExp(`${server.url.replace(/[.]/g, '\\.')}/l/[A-Za-z0-9]{8}`, 'g');
  const user = async (email: string, role: string) => {
    expect((await admin.post(`/api/v1/w/${ws}/users`, { email, name: email.split('@')[0], role, password: 'tracked links pass 1357' })).status).toBe(201);
    const c = new ApiClient(server.url);
    await c.login(email, 'tracked links pass 1357');
    return c;
  };
  const account = async (name: string) => {
    const r = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'pubtest', name, settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.account.id as string;
  };

  beforeAll(async () => {
    channel = await startPublishServer();
    server = await startTestServer({ adapters: fromAdapters([...(await loadAdapters()).all(), publishTestAdapter()]) });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    // The maker is an agent: composing needs no right to manage links by hand.
    maker = await user('maker@links.test', 'agent');
    lead = await user('lead@links.test', 'manager');
    comp = await user('comp@links.test', 'compliance');
    official = await account('은행 공식');
    events = await account('은행 이벤트');
    campaignId = (await maker.post(`${base()}/campaigns`, { name: '봄 카드' })).body.id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await channel?.close();
  });

  it('rewrites each variant’s links at submission, counts the text as it goes out, sends exactly that', async () => {
    // A destination longer than the channel's whole limit (500): only its short link goes out.
    const dest = `https://bank.example/cards/spring?ref=${'r'.repeat(520)}`;
    const text = `봄 카드 혜택을 확인하세요: ${dest} 감사합니다.`;
    const slot = new Date(Date.now() + 8_000).toISOString();
    const created = await maker.post(`${base()}/posts`, {
      title: '봄 카드',
      masterText: text,
      campaignId,
      scheduledAt: slot,
      variants: [
        { accountId: official, target: 'pubtest' },
        { accountId: events, target: 'pubtest' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    // The draft is counted as it will go out (a short link in place of the address), not as written.
    const draft = created.body.variants[0];
    expect(graphemes(text)).toBeGreaterThan(500);
    expect(draft.finalText).toBe(text);
    expect(draft.check.measure.length).toBe(graphemes(text) - graphemes(dest) + graphemes(`${server.url}/l/xxxxxxxx`));
    expect(draft.check.ok).toBe(true);

    const sub = await maker.post(`${base()}/posts/${id}/submit`, {});
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    const [a, b] = sub.body.variants;
    const linkA = a.finalText.match(short())?.[0];
    const linkB = b.finalText.match(short())?.[0];
    expect(linkA && linkB).toBeTruthy();
    expect(linkA).not.toBe(linkB); // one link per channel variant
    expect(a.finalText).toBe(text.replace(dest, linkA));
    expect(a.text).toBe(text); // the composer keeps what was written
    expect(a.trackedLinks).toEqual([{ written: dest, shortUrl: linkA }]);
    expect(a.check.measure.length).toBe(graphemes(a.finalText));

    const links = (await admin.get(`/api/v1/w/${ws}/links?campaign=${encodeURIComponent('봄 카드')}`)).body.links;
    expect(links).toHaveLength(2);
    const la = links.find((l: { shortUrl: string }) => l.shortUrl === linkA);
    expect(la).toMatchObject({ targetUrl: dest, postId: id, channel: 'pubtest', campaign: '봄 카드', variant: `pubtest:${official}`, title: '봄 카드 · 은행 공식 · pubtest' });
    const final = new URL(la.finalUrl);
    expect([final.searchParams.get('utm_source'), final.searchParams.get('utm_medium'), final.searchParams.get('utm_campaign'), final.searchParams.get('utm_content')]).toEqual(['pubtest', 'social', '봄 카드', `pubtest:${official}`]);

    const ok = await lead.post(`${base()}/posts/${id}/approve`, {});
    expect(ok.body.status).toBe('approved');
    expect(ok.body.variants[0].finalText).toBe(a.finalText);
    await expect.poll(async () => (await maker.get(`${base()}/posts/${id}`)).body.status, { timeout: 30_000, interval: 250 }).toBe('published');
    expect(channel.deliveries.map((d) => d.text).sort()).toEqual([a.finalText, b.finalText].sort());

    // The archive keeps each variant as sent, with its channel metadata, the campaign and the approver.
    const archived = async () => (await comp.get(`/api/v1/w/${ws}/archive/versions?kind=sent&channel=pubtest&limit=50`)).body.versions as Array<{ seq: number; text: string }>;
    await expect.poll(async () => (await archived()).length, { timeout: 15_000, interval: 250 }).toBe(2);
    const mine = (await archived()).find((v) => v.text === a.finalText)!;
    expect(mine).toMatchObject({ kind: 'sent', direction: 'outbound', isPrivate: false, labels: ['봄 카드'], author: { label: 'maker@links.test' } });
    const detail = (await comp.get(`/api/v1/w/${ws}/archive/versions/${mine.seq}`)).body;
    const published = (await maker.get(`${base()}/posts/${id}`)).body.variants.find((v: { id: string }) => v.id === a.id);
    expect(detail.original).toEqual({ title: '봄 카드', text: a.finalText });
    expect(detail.entry).toMatchObject({ source: 'post', sourceId: a.id, accountId: official, nativeId: published.nativeId });
    expect(detail.entry.meta).toMatchObject({ postId: id, target: 'pubtest', accountName: '은행 공식', url: published.url, campaign: '봄 카드', approvers: ['lead@links.test'], links: [{ written: dest, shortUrl: linkA }] });

    // The short link leads to the destination with the campaign's parameters and a click id.
    const hop = await fetch(linkA, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36' } });
    expect(hop.status).toBe(302);
    const to = new URL(hop.headers.get('location')!);
    expect(to.searchParams.get('utm_campaign')).toBe('봄 카드');
    expect(to.searchParams.get('sotong_cid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(to.searchParams.get('ref')).toBe('r'.repeat(520));

    // Reports name the post by its title; the best-time advice counts the people who followed its links.
    await expect.poll(async () => (await admin.get(`/api/v1/w/${ws}/links/analytics?by=post`)).body.rows.find((r: { key: string }) => r.key === id), { timeout: 15_000, interval: 250 }).toMatchObject({ label: '봄 카드', clicks: 1 });
    const best = (await lead.get(`${base()}/best-times?channel=pubtest`)).body;
    expect(best.basis).toBe('engagement');
    expect(best.times).toEqual([expect.objectContaining({ channel: 'pubtest', posts: 2, clicks: 0.5, score: 0.5 })]);
  }, 90_000);

  it('an edit during review tracks the new links and keeps the short link of an unchanged one', async () => {
    const keep = 'https://bank.example/keep';
    const created = await maker.post(`${base()}/posts`, { title: '수정', masterText: `안내 ${keep}`, campaignId, scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), variants: [{ accountId: official, target: 'pubtest' }] });
    const id = created.body.id;
    const first = (await maker.post(`${base()}/posts/${id}/submit`, {})).body.variants[0];
    const kept = first.trackedLinks[0].shortUrl;
    const edited = await maker.request('PUT', `${base()}/posts/${id}`, {
      title: '수정',
      masterText: `안내 ${keep} 그리고 https://bank.example/new.`,
      campaignId,
      scheduledAt: created.body.scheduledAt,
      variants: [{ accountId: official, target: 'pubtest' }],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ status: 'in_review', round: 2 });
    const v = edited.body.variants[0];
    expect(v.trackedLinks.map((l: { written: string }) => l.written)).toEqual([keep, 'https://bank.example/new']);
    expect(v.trackedLinks[0].shortUrl).toBe(kept);
    expect(v.finalText).toBe(`안내 ${kept} 그리고 ${v.trackedLinks[1].shortUrl}.`);
  });

  it('a workspace that turns tracking off sends links as written', async () => {
    expect((await admin.request('PUT', `/api/v1/w/${ws}/links/settings`, { trackLinks: false })).body).toMatchObject({ trackLinks: false });
    try {
      const text = '공지 https://bank.example/notice 참고';
      const id = (await maker.post(`${base()}/posts`, { title: '공지', masterText: text, scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), variants: [{ accountId: official, target: 'pubtest' }] })).body.id;
      const sub = await maker.post(`${base()}/posts/${id}/submit`, {});
      expect(sub.body.variants[0]).toMatchObject({ finalText: text, trackedLinks: [] });
      expect(sub.body.variants[0].check.measure.length).toBe(graphemes(text));
    } finally {
      await admin.request('PUT', `/api/v1/w/${ws}/links/settings`, { trackLinks: true });
    }
  });
});
