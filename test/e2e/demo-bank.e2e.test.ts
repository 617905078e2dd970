/**
 * The demo's consent button works end to end (issue #17): a consent link sent from a demo conversation
 * ends at the demo bank's login on the same server, the customer signs in with a demo customer number,
 * consents, and the link is recorded. Hostile: a wrong password, a return address on another site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BANK_PASSWORD } from '../../src/app/demo-bank.js';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let tb: TestBrowser;
let api: ApiClient;
let base: string;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ demoHistoryDays: 2, demoRate: 0 });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  base = `/api/v1/w/${server.admin.workspaceId}`;
  tb = await launchBrowser({ allowStatuses: [401, 404] });
}, 300_000);
afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('the demo bank login', () => {
  it('is where the demo workspace sends customers, and only back to this server', async () => {
    const settings = (await api.get(`${base}/consent/settings`)).body.settings;
    expect(settings.loginUrl).toBe(`${server.url}/demo-bank/login`);
    // The demo's customers are seeded once the history is in.
    await expect.poll(async () => (await api.get(`${base}/customers?externalId=HB-20190412`)).body.customers.length, { timeout: 120_000 }).toBe(1);
    // Without a consent request to go back to, it says so; another site as the return address is refused.
    expect((await fetch(`${server.url}/demo-bank/login`)).status).toBe(400);
    expect((await fetch(`${server.url}/demo-bank/login?state=x&return_to=${encodeURIComponent('https://evil.test/steal')}`)).status).toBe(400);
    const evil = await fetch(`${server.url}/demo-bank/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ state: 'x', return_to: 'https://evil.test/consent/abcdefghijkl/assert', username: 'HB-20190412', password: DEMO_BANK_PASSWORD }).toString(),
    });
    // The path is taken, never the other origin: the form posts back to this server.
    const html = await evil.text();
    expect(html).not.toContain('evil.test');
    expect(html).toContain('action="/consent/abcdefghijkl/assert"');
  });

  it('takes a customer from the consent link through the bank login to a recorded link', async () => {
    const convs = (await api.get(`${base}/inbox/conversations?status=open&status=pending&status=resolved&status=closed&limit=100`)).body.conversations as Array<{ id: string; customer: { id: string } }>;
    let sent: { url: string } | undefined;
    for (const c of convs) {
      const linked = (await api.get(`${base}/authors/${c.customer.id}/customer`)).body.linked;
      if (linked) continue;
      const r = await api.post(`${base}/inbox/conversations/${c.id}/consent-link`, {});
      if (r.status === 201) {
        sent = r.body;
        break;
      }
    }
    expect(sent?.url).toMatch(/\/consent\//);
    const page = await tb.newPage({ width: 1000, height: 800 });
    const opened = await page.goto(sent!.url);
    // Under CI load this page once showed no sign-in button within 15 s: say what it showed instead.
    if (!(await page.locator('#bank-login').isVisible())) console.log(`demo-bank: consent page ${opened?.status()}: ${(await page.locator('body').innerText()).slice(0, 500)}`);
    expect(opened?.status()).toBe(200);
    await page.locator('#bank-login').click({ timeout: 30_000 });
    await page.getByRole('heading', { name: '한빛은행 로그인' }).waitFor();
    await page.locator('#username').fill('HB-20190412');
    await page.locator('#password').fill('wrong password');
    await page.locator('#login').click();
    await page.locator('#login-error').waitFor();
    await page.locator('#username').fill('HB-20190412');
    await page.locator('#password').fill(DEMO_BANK_PASSWORD);
    await page.locator('#login').click();
    await page.locator('#continue').click();
    await page.locator('#agree').click();
    await page.locator('#done').waitFor();
    await shot(page, 'demo-bank-consent-done');
    const customer = (await api.get(`${base}/customers?externalId=HB-20190412`)).body.customers[0];
    const links = (await api.get(`${base}/customers/${customer.id}/links`)).body.links as Array<{ proof: Record<string, unknown> }>;
    expect(links.some((l) => JSON.stringify(l.proof).includes('assertion'))).toBe(true);
    expect(tb.errors).toEqual([]);
  });
});
