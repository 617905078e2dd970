/**
 * Issue #14, finding 10: the demo crisis-drill status was shared across workspaces; no
 * Content-Security-Policy; stored `javascript:` URLs reached links in the network profile.
 * (The generic 401 is in webhook-forgery.test.ts.) Over real HTTP, embedded store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery } from '../support/webhook-sender.js';

let server: TestServer;
let api: ApiClient;
let ws: string;

beforeAll(async () => {
  server = await startTestServer();
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
});
// Stopping every role takes longer on a loaded machine (a 60 s timeout was hit once in a full run under load).
afterAll(async () => server.close(), 120_000);

describe('Content-Security-Policy', () => {
  it('the web UI, the API and the docs each carry a strict policy', async () => {
    const ui = (await fetch(`${server.url}/`)).headers.get('content-security-policy')!;
    expect(ui).toContain("script-src 'self'");
    expect(ui).toContain("frame-ancestors 'none'");
    expect(ui).toMatch(/script-src 'self';/);
    expect(ui).not.toContain('unsafe-eval');
    const apiCsp = (await fetch(`${server.url}/api/v1/auth/me`)).headers.get('content-security-policy')!;
    expect(apiCsp).toContain("default-src 'none'");
    expect((await fetch(`${server.url}/docs/json`)).headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(`${server.url}/docs`, { redirect: 'follow' })).headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('only http(s) URLs are stored and served', () => {
  it('a javascript: profile URL and permalink from a channel never reach the API', async () => {
    const secret = 'js-url-secret-123456';
    const acct = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'js urls', settings: {}, credentials: { signingSecret: secret } });
    const body = JSON.stringify({
      events: [
        {
          id: 'js-1',
          type: 'post',
          author: { id: 'evil', handle: 'evil', name: 'Evil', url: 'javascript:alert(document.cookie)' },
          text: '카드 문의 javascript',
          url: 'JavaScript:alert(1)',
          media: [{ type: 'image', url: 'javascript:alert(2)' }],
          createdAt: new Date().toISOString(),
        },
        { id: 'ok-1', type: 'post', author: { id: 'good', handle: 'good', name: 'Good', url: 'https://example.test/good' }, text: '카드 문의 정상', url: 'https://example.test/p/1', createdAt: new Date().toISOString() },
      ],
    });
    expect((await fetch(server.url + acct.body.account.webhookPath, { method: 'POST', headers: signedDelivery(secret, body), body })).status).toBe(200);
    let items: Array<{ nativeId: string; url: string | null; author: { id: string; profileUrl: string | null } }> = [];
    for (let i = 0; i < 150 && items.length < 2; i++) {
      items = ((await api.get(`/api/v1/w/${ws}/items?limit=50`)).body.items as typeof items).filter((x) => x.nativeId === 'js-1' || x.nativeId === 'ok-1');
      if (items.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    const evil = items.find((x) => x.nativeId === 'js-1')!;
    const good = items.find((x) => x.nativeId === 'ok-1')!;
    expect(evil.url).toBeNull();
    expect(evil.author.profileUrl).toBeNull();
    expect(good.url).toBe('https://example.test/p/1');
    expect(good.author.profileUrl).toBe('https://example.test/good');
    const profile = await api.get(`/api/v1/w/${ws}/network/authors/${evil.author.id}`);
    expect(profile.status).toBe(200);
    expect(JSON.stringify(profile.body)).not.toMatch(/javascript:/i);
  });
});

describe('the crisis drill is per workspace', () => {
  it('a drill running in the demo workspace does not show as running in another one', async () => {
    const other = (await api.post('/api/v1/workspaces', { name: '다른 곳', slug: 'elsewhere' })).body.workspace.id;
    const started = await api.post(`/api/v1/w/${ws}/demo/crisis-drill`, { durationSeconds: 60 });
    expect(started.status).toBe(202);
    expect((await api.get(`/api/v1/w/${ws}/demo/crisis-drill`)).body.drill.running).toBe(true);
    const elsewhere = (await api.get(`/api/v1/w/${other}/demo/crisis-drill`)).body.drill;
    expect(elsewhere).toMatchObject({ available: false, running: false, startedAt: null });
  });
});
