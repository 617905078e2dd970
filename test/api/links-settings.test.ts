import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { tables } from '../../src/platform/db/store.js';
import type { LinksTables } from '../../src/modules/links/index.js';

/**
 * Links analytics by country (the country stored on each click) with its CSV, and the settings the Links
 * page edits (attribution, UTM templates, the webhook secret): what each caller may do, and what they may not.
 */
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('links: reports by country and the settings page’s API', () => {
  let server: TestServer;
  let admin: ApiClient;
  let analyst: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  const base = () => `/api/v1/w/${ws}`;

  beforeAll(async () => {
    // Behind a trusted proxy, so the test can say which address each click comes from.
    server = await startTestServer({ store: 'pglite', env: { SOTONG_TRUST_PROXY: 'true' } });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    expect((await admin.post(`${base()}/users`, { email: 'analyst@bank.test', name: '분석', role: 'analyst', password: 'numbers numbers 42' })).status).toBe(201);
    analyst = new ApiClient(server.url);
    await analyst.login('analyst@bank.test', 'numbers numbers 42');
    const otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await admin.post(`/api/v1/w/${otherWs}/users`, { email: 'b.admin@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(server.url);
    await outsider.login('b.admin@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => server?.close());

  it('groups clicks and conversions by the click’s country, with (none) for unknown addresses, and exports it as CSV', async () => {
    // The offline table loads in the background when the redirect starts.
    await until(
      () => server.runtime.services.links.redirect.countries?.(),
      (t) => Boolean(t),
      'the country table',
    );
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/card', campaign: '봄 카드', channel: 'x' })).body.link;
    const click = async (ip: string) => {
      const r = await fetch(`${server.url}/l/${link.code}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, 'x-forwarded-for': ip } });
      expect(r.status).toBe(302);
      return new URL(r.headers.get('location')!).searchParams.get('sotong_cid')!;
    };
    const cn = await click('1.0.2.7'); // APNIC space assigned in China
    await click('1.0.2.8');
    await click('1.0.0.1'); // Australia
    await click('10.1.2.3'); // private: no country
    const db = tables<LinksTables>(server.runtime.services.store);
    await until(
      () => db.selectFrom('link_clicks').selectAll().where('link_id', '=', link.id).execute(),
      (r) => r.length === 4,
      'the clicks',
    );
    expect((await admin.post(`${base()}/conversions`, { eventId: 'ACC-1', type: 'account_opened', clickId: cn })).status).toBe(201);
    const r = await admin.get(`${base()}/links/analytics?by=country`);
    expect(r.status).toBe(200);
    const rows = Object.fromEntries((r.body.rows as Array<{ key: string; clicks: number; conversions: number }>).map((x) => [x.key, { clicks: x.clicks, conversions: x.conversions }]));
    expect(rows).toEqual({ CN: { clicks: 2, conversions: 1 }, AU: { clicks: 1, conversions: 0 }, '(none)': { clicks: 1, conversions: 0 } });
    expect(r.body.totals).toMatchObject({ clicks: 4, conversions: 1 });
    const csv = await admin.request('GET', `${base()}/links/analytics.csv?by=country`);
    expect(csv.status).toBe(200);
    const text = String(csv.body).replace(/^\ufeff/, '');
    expect(text.split('\r\n')[0]).toBe('country,label,clicks,unique_visitors,filtered,conversions,rate');
    expect(text).toContain('CN,CN,2,2,0,1,0.5000');
    // Another workspace sees none of it; an unknown dimension is a 400.
    expect((await outsider.get(`${base()}/links/analytics?by=country`)).status).toBe(404);
    expect((await admin.get(`${base()}/links/analytics?by=city`)).status).toBe(400);
  });

  it('settings say whether a webhook secret exists, never the secret; rotating shows a new one once', async () => {
    expect((await admin.get(`${base()}/links/settings`)).body).toEqual({ windowDays: 30, model: 'last_click', trackLinks: true, webhookSecretSet: false });
    const made = await admin.post(`${base()}/links/webhook-secret`);
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_/);
    const after = await admin.get(`${base()}/links/settings`);
    expect(after.body.webhookSecretSet).toBe(true);
    expect(JSON.stringify(after.body)).not.toContain(made.body.secret);
    const again = await admin.post(`${base()}/links/webhook-secret`);
    expect(again.body.secret).not.toBe(made.body.secret);
    expect((await admin.request('PUT', `${base()}/links/settings`, { windowDays: 7, model: 'first_click', trackLinks: false })).body).toEqual({ windowDays: 7, model: 'first_click', trackLinks: false });
    // The GET answer's flag is not something a caller can set.
    expect((await admin.request('PUT', `${base()}/links/settings`, { webhookSecretSet: false })).status).toBe(400);
  });

  it('UTM templates per channel and campaign: set, read, remove; bad keys and sizes refused', async () => {
    const set = await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'x', campaign: '봄 카드', params: { utm_source: 'x_{variant}', utm_medium: 'social' } });
    expect(set.status).toBe(200);
    expect(set.body.templates).toEqual([{ channel: 'x', campaign: '봄 카드', params: { utm_source: 'x_{variant}', utm_medium: 'social' } }]);
    const link = (await admin.post(`${base()}/links`, { url: 'https://bank.example/a', campaign: '봄 카드', channel: 'x', variant: 'B' })).body.link;
    expect(new URL(link.finalUrl).searchParams.get('utm_source')).toBe('x_B');
    expect((await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'x', params: { utm_evil: '1' } })).status).toBe(400);
    expect((await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'x', params: { utm_source: 'y'.repeat(201) } })).status).toBe(400);
    expect((await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'x'.repeat(41), params: {} })).status).toBe(400);
    expect((await admin.request('PUT', `${base()}/links/utm-templates`, { channel: 'x', campaign: '봄 카드', params: {} })).body.templates).toEqual([]);
  });

  it('refuses another workspace (404) and a member without links.manage (403), leaving nothing changed', async () => {
    for (const [method, path, body] of [
      ['GET', '/links/settings', undefined],
      ['PUT', '/links/settings', { windowDays: 1 }],
      ['GET', '/links/utm-templates', undefined],
      ['PUT', '/links/utm-templates', { channel: 'x', params: { utm_source: 'stolen' } }],
      ['POST', '/links/webhook-secret', undefined],
    ] as const)
      expect((await outsider.request(method, `${base()}${path}`, body)).status, `${method} ${path}`).toBe(404);
    // The analyst reads reports and settings but changes none of them.
    expect((await analyst.get(`${base()}/links/settings`)).status).toBe(200);
    expect((await analyst.request('PUT', `${base()}/links/settings`, { windowDays: 1 })).status).toBe(403);
    expect((await analyst.request('PUT', `${base()}/links/utm-templates`, { channel: 'x', params: { utm_source: 'z' } })).status).toBe(403);
    expect((await analyst.post(`${base()}/links/webhook-secret`)).status).toBe(403);
    expect((await admin.get(`${base()}/links/settings`)).body).toMatchObject({ windowDays: 7, model: 'first_click' });
    expect((await admin.get(`${base()}/links/utm-templates`)).body.templates).toEqual([]);
  });
});
