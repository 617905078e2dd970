import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { tables } from '../../src/platform/db/store.js';
import type { LinksTables } from '../../src/modules/links/index.js';

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['pglite', 'postgres'] as const)('links on %s', (store) => {
  let server: TestServer;
  let admin: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  let otherWs: string;
  const base = () => `/api/v1/w/${ws}`;
  const click = (code: string, headers: Record<string, string> = {}) => fetch(`${server.url}/l/${code}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, ...headers } });
  const db = () => tables<LinksTables>(server.runtime.services.store);
  const stored = (linkId: string) => db().selectFrom('link_clicks').selectAll().where('link_id', '=', linkId).execute();

  beforeAll(async () => {
    server = await startTestServer({ store });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await admin.post(`/api/v1/w/${otherWs}/users`, { email: 'b.admin@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(server.url);
    await outsider.login('b.admin@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => server?.close());

  it('creates a short link on the base address with the default UTM, redirects with a click id and logs the click', async () => {
    const r = await admin.post(`${base()}/links`, { url: 'https://bank.example/card?x=1#top', campaign: '봄카드', channel: 'x', title: '봄 카드' });
    expect(r.status).toBe(201);
    const link = r.body.link;
    expect(link.shortUrl).toBe(`${server.url}/l/${link.code}`);
    const final = new URL(link.finalUrl);
    expect(final.searchParams.get('utm_source')).toBe('x');
    expect(final.searchParams.get('utm_campaign')).toBe('봄카드');
    expect(final.searchParams.get('x')).toBe('1');
    const res = await click(link.code, { referer: 'https://t.co/abc' });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.hash).toBe('#top');
    const cid = loc.searchParams.get('sotong_cid')!;
    expect(cid).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await waitFor(
      () => stored(link.id),
      (r) => r.length === 1,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: cid, referrer_host: 't.co', device: 'mobile', bot: false, prefetch: false });
    expect(rows[0]!.visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // No raw address anywhere in the row.
    expect(JSON.stringify(rows[0])).not.toContain('127.0.0.1');
  });

  it('filters bots, unfurlers and prefetches; counts unique visitors once under concurrent clicks', async () => {
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/loan', campaign: '대출', channel: 'facebook' })).body.link;
    const agents = [
      'Twitterbot/1.0',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'facebookexternalhit/1.1',
      'kakaotalk-scrap/1.0; +https://devtalk.kakao.com/',
      'Mozilla/5.0 (compatible; Discordbot/2.0)',
      'TelegramBot (like TwitterBot)',
      'LinkedInBot/1.0',
      'Googlebot/2.1',
      '',
    ];
    for (const ua of agents) expect((await click(link.code, { 'user-agent': ua })).status).toBe(302);
    await click(link.code, { 'user-agent': DESKTOP, 'sec-purpose': 'prefetch;prerender' });
    await click(link.code, { 'user-agent': DESKTOP, purpose: 'prefetch' });
    // 20 clicks at once from the same browser and 3 from other browsers (other agents: other visitors).
    await Promise.all([...Array.from({ length: 20 }, () => click(link.code, { 'user-agent': DESKTOP })), ...[1, 2, 3].map((i) => click(link.code, { 'user-agent': `${DESKTOP} v${i}` }))]);
    const total = agents.length + 2 + 23;
    await waitFor(
      () => stored(link.id),
      (r) => r.length === total,
    );
    const report = (await admin.get(`${base()}/links/analytics?by=link`)).body;
    const row = report.rows.find((r: { key: string }) => r.key === link.id);
    expect(row).toMatchObject({ clicks: 23, uniqueVisitors: 4, filtered: agents.length + 2 });
    const rows = await stored(link.id);
    expect(rows.filter((r) => r.bot).every((r) => r.device === 'bot')).toBe(true);
    expect(rows.filter((r) => r.prefetch)).toHaveLength(2);
  });

  it('answers 404 to unknown and fuzzed codes and 410 to expired links, with an HTML page, never a 5xx', async () => {
    const codes = ['zzzzzzzz', 'a', '..%2F..%2Fetc', '%00', 'x'.repeat(500), "'or'1'='1", '%F0%9F%98%80', 'AAAA%0d%0aSet-Cookie:x'];
    for (const code of codes) {
      const r = await fetch(`${server.url}/l/${code}`, { redirect: 'manual' });
      // The input guard refuses a NUL byte before any route (400), Fastify a path parameter over 100 characters (414); every other code is a 404 page.
      expect(r.status, code).toBe(code === '%00' ? 400 : code.length > 100 ? 414 : 404);
      if (r.status === 404) expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.headers.get('location')).toBeNull();
    }
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/event' })).body.link;
    expect((await click(link.code)).status).toBe(302);
    const p = await admin.patch(`${base()}/links/${link.id}`, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(p.status).toBe(200);
    const gone = await click(link.code);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('만료된 링크');
    expect((await admin.post(`${base()}/links`, { url: 'https://bank.example/', expiresAt: '2001-01-01T00:00:00Z' })).body.error.code).toBe('link.bad_expiry');
  });

  it('refuses open-redirect targets: only http(s), no credentials, no loops', async () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      '//evil.example',
      'ftp://x.example',
      'https://user:pw@evil.example/',
      'file:///etc/passwd',
      'http://',
      'https://a.example/<script>',
    ]) {
      const r = await admin.post(`${base()}/links`, { url });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code, url).toBe('link.bad_target');
    }
    const loop = await admin.post(`${base()}/links`, { url: `${server.url}/l/abcdefgh` });
    expect(loop.body.error.code).toBe('link.loop');
  });

  it('applies UTM templates per channel and campaign, and makes one link per channel variant', async () => {
    const t = await admin.request('PUT', `${base()}/links/utm-templates`, { channel: '', campaign: '', params: { utm_source: '{channel}', utm_medium: 'organic_social' } });
    expect(t.status).toBe(200);
    await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'instagram', campaign: '', params: { utm_medium: 'ig_story' } });
    await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'instagram', campaign: '적금', params: { utm_campaign: 'savings-{variant}' } });
    expect((await admin.request('PUT', `${base()}/links/utm-templates`, { params: { evil: 'x' } })).body.error.code).toBe('link.bad_utm');
    const text = '새 적금 안내 https://bank.example/savings?ref=a 그리고 https://bank.example/faq. 또 https://bank.example/savings?ref=a';
    const a = await admin.post(`${base()}/links/rewrite`, { text, channel: 'instagram', campaign: '적금', postId: 'post-1', variant: 'A' });
    expect(a.status).toBe(200);
    expect(a.body.links).toHaveLength(2);
    const savings = a.body.links.find((l: { targetUrl: string }) => l.targetUrl.includes('savings'));
    const u = new URL(savings.finalUrl);
    expect([u.searchParams.get('utm_source'), u.searchParams.get('utm_medium'), u.searchParams.get('utm_campaign'), u.searchParams.get('ref')]).toEqual(['instagram', 'ig_story', 'savings-A', 'a']);
    expect(a.body.text).toBe(`새 적금 안내 ${savings.shortUrl} 그리고 ${a.body.links.find((l: { targetUrl: string }) => l.targetUrl.includes('faq')).shortUrl}. 또 ${savings.shortUrl}`);
    // The same text again reuses the links; another variant gets its own.
    const again = await admin.post(`${base()}/links/rewrite`, { text, channel: 'instagram', campaign: '적금', postId: 'post-1', variant: 'A' });
    expect(again.body.links.map((l: { id: string }) => l.id).sort()).toEqual(a.body.links.map((l: { id: string }) => l.id).sort());
    const b = await admin.post(`${base()}/links/rewrite`, { text, channel: 'x', campaign: '적금', postId: 'post-1', variant: 'B' });
    expect(b.body.links.map((l: { id: string }) => l.id)).not.toContain(savings.id);
    expect(new URL(b.body.links[0].finalUrl).searchParams.get('utm_medium')).toBe('organic_social');
  });

  it('attributes API conversions to click, link, post, channel and campaign; last click by default, first click as an option', async () => {
    const l1 = (await admin.post(`${base()}/links/rewrite`, { text: 'https://bank.example/open', channel: 'x', campaign: '계좌개설', postId: 'post-9' })).body.links[0];
    const l2 = (await admin.post(`${base()}/links`, { url: 'https://bank.example/open', channel: 'facebook', campaign: '계좌개설2' })).body.link;
    const cid1 = new URL((await click(l1.code, { 'user-agent': DESKTOP })).headers.get('location')!).searchParams.get('sotong_cid')!;
    await new Promise((r) => setTimeout(r, 20));
    const cid2 = new URL((await click(l2.code, { 'user-agent': DESKTOP })).headers.get('location')!).searchParams.get('sotong_cid')!;
    await waitFor(
      () => db().selectFrom('link_clicks').select('id').where('id', 'in', [cid1, cid2]).execute(),
      (r) => r.length === 2,
    );
    const last = await admin.post(`${base()}/conversions`, { eventId: 'evt-1', type: 'account_opened', clickId: cid2, clickIds: [cid1] });
    expect(last.status).toBe(201);
    expect(last.body.conversion).toMatchObject({ attributed: true, clickId: cid2, linkId: l2.id, channel: 'facebook', campaign: '계좌개설2' });
    expect((await admin.request('PUT', `${base()}/links/settings`, { model: 'first_click', windowDays: 7 })).status).toBe(200);
    const first = await admin.post(`${base()}/conversions`, { eventId: 'evt-2', type: 'card_applied', clickId: cid2, clickIds: [cid1] });
    expect(first.body.conversion).toMatchObject({ attributed: true, clickId: cid1, linkId: l1.id, postId: 'post-9', channel: 'x', campaign: '계좌개설' });
    const late = await admin.post(`${base()}/conversions`, { eventId: 'evt-3', type: 'loan_started', clickId: cid1, occurredAt: new Date(Date.now() + 8 * 86_400_000).toISOString() });
    expect(late.body.conversion).toMatchObject({ attributed: false, reason: 'outside_window' });
    await admin.request('PUT', `${base()}/links/settings`, { model: 'last_click', windowDays: 30 });
    expect((await admin.post(`${base()}/conversions`, { eventId: 'evt-1', type: 'account_opened', clickId: cid2 })).body.error.code).toBe('conversion.duplicate');
    for (const [body, code] of [
      [{ eventId: 'e-p1', type: 'account_opened', clickId: cid1, customerName: '홍길동' }, 'conversion.personal_data'],
      [{ eventId: 'e-p2', type: 'account_opened', clickId: cid1, phone: '010-1234-5678' }, 'conversion.personal_data'],
      [{ eventId: '010-1234-5678', type: 'account_opened' }, 'conversion.personal_data'],
      [{ eventId: 'kim@bank.example', type: 'account_opened' }, 'conversion.invalid'],
      [{ eventId: 'e-p3', type: 'account_opened', colour: 'red' }, 'conversion.unknown_field'],
      [{ eventId: 'e-p4', type: 'account_opened', clickId: 'not-a-uuid' }, 'conversion.invalid'],
    ] as const) {
      const r = await admin.post(`${base()}/conversions`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code, JSON.stringify(body)).toBe(code);
    }
    const by = (await admin.get(`${base()}/links/analytics?by=campaign`)).body;
    expect(by.rows.find((r: { key: string }) => r.key === '계좌개설')).toMatchObject({ clicks: 1, conversions: 1, rate: 1 });
    expect(by.rows.find((r: { key: string }) => r.key === '계좌개설2')).toMatchObject({ clicks: 1, conversions: 1 });
  });

  it('takes signed webhook events and refuses forged, late and replayed ones with stable codes', async () => {
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/card', channel: 'kakao', campaign: '카드' })).body.link;
    const cid = new URL((await click(link.code, { 'user-agent': DESKTOP })).headers.get('location')!).searchParams.get('sotong_cid')!;
    await waitFor(
      () => stored(link.id),
      (r) => r.length === 1,
    );
    const { secret } = (await admin.post(`${base()}/links/webhook-secret`)).body;
    expect(secret).toMatch(/^whsec_/);
    const send = (body: string, ts: number, key = secret, wsId = ws, sig?: string) =>
      fetch(`${server.url}/hooks/links/${wsId}/conversions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sotong-timestamp': String(ts), 'x-sotong-signature': sig ?? `v1=${crypto.createHmac('sha256', key).update(`${ts}.${body}`).digest('hex')}` },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ eventId: 'wh-1', type: 'card_applied', clickId: cid });
    const ok = await send(body, now);
    expect(ok.status).toBe(201);
    expect(ok.body.conversion).toMatchObject({ source: 'webhook', attributed: true, campaign: '카드', channel: 'kakao' });
    expect((await send(body, now)).body.error.code).toBe('conversion.duplicate');
    const body2 = JSON.stringify({ eventId: 'wh-2', type: 'card_applied', clickId: cid });
    expect((await send(body2, now, 'whsec_forged')).body.error.code).toBe('webhook.signature_invalid');
    expect((await send(body2, Math.floor(Date.now() / 1000) - 330)).body.error.code).toBe('webhook.timestamp_expired');
    expect((await send(body2, Math.floor(Date.now() / 1000) + 330)).body.error.code).toBe('webhook.timestamp_expired');
    expect((await send(body2, now, secret, otherWs)).body.error.code).toBe('webhook.signature_invalid');
    expect((await send(body2, now, secret, 'not-a-uuid')).body.error.code).toBe('webhook.signature_invalid');
    expect((await send(body2, now, secret, ws, 'v1=00')).status).toBe(401);
    const r = await fetch(`${server.url}/hooks/links/${ws}/conversions`, { method: 'POST', body: body2, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(401);
    // A tampered body with the original signature.
    const sig = `v1=${crypto.createHmac('sha256', secret).update(`${now}.${body2}`).digest('hex')}`;
    expect((await send(body2.replace('card_applied', 'loan_started'), now, secret, ws, sig)).body.error.code).toBe('webhook.signature_invalid');
    expect((await send(JSON.stringify({ eventId: 'wh-3', type: 'card_applied', email: 'a@b.c' }), now)).body.error.code).toBe('conversion.personal_data');
    // After rotation the old secret stops working.
    await admin.post(`${base()}/links/webhook-secret`);
    expect((await send(body2, now)).body.error.code).toBe('webhook.signature_invalid');
  });

  it('keeps another workspace out (404) and exports CSV with formula cells neutralised', async () => {
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/x', campaign: '=HYPERLINK("http://evil")', channel: 'x' })).body.link;
    const conv = (await admin.post(`${base()}/conversions`, { eventId: 'iso-1', type: 'account_opened' })).body.conversion;
    expect((await outsider.get(`${base()}/links/${link.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/v1/w/${otherWs}/links/${link.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/v1/w/${otherWs}/conversions/${conv.id}`)).status).toBe(404);
    expect((await outsider.patch(`/api/v1/w/${otherWs}/links/${link.id}`, { expiresAt: null })).status).toBe(404);
    expect((await outsider.get(`/api/v1/w/${otherWs}/links`)).body.links).toEqual([]);
    await click(link.code, { 'user-agent': DESKTOP });
    await waitFor(
      () => stored(link.id),
      (r) => r.length === 1,
    );
    const csv = await admin.request('GET', `${base()}/links/analytics.csv?by=campaign`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
    const otherReport = (await outsider.get(`/api/v1/w/${otherWs}/links/analytics?by=campaign`)).body;
    expect(otherReport.rows).toEqual([]);
  });
});
