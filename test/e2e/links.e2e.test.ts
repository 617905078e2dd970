/**
 * Tracked links in real Chromium against the real program: a post's link (rewritten into a short link)
 * is followed by a browser (counted) and by a crawler's user agent and headless Chromium (logged, not
 * counted); the landing
 * page receives the click id, the bank's system sends a signed conversion with it, and the Links page
 * shows the click and the conversion under the post's campaign.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

let server: TestServer;
let tb: TestBrowser;
let landing: http.Server;
let landingUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  tb = await launchBrowser({ webgl: false });
  await ensureWebBuild();
  server = await startTestServer();
  landing = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>소통은행 카드</title><h1>카드 신청</h1>');
  });
  await new Promise<void>((r) => landing.listen(0, '127.0.0.1', r));
  landingUrl = `http://127.0.0.1:${(landing.address() as { port: number }).port}/card`;
}, 180_000);

afterAll(async () => {
  await tb?.close();
  landing?.close();
  await server?.close();
});

describe('tracked links', () => {
  it('counts a browser, not a crawler, and attributes a signed conversion to the post’s campaign', async () => {
    const ws = server.admin.workspaceId;
    const api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
    const campaign = '봄 카드 캠페인';
    const rewritten = await api.post(`/api/v1/w/${ws}/links/rewrite`, { text: `봄맞이 카드 혜택 ${landingUrl} 에서 확인하세요`, channel: 'x', campaign, postId: 'post-spring' });
    const link = rewritten.body.links[0];
    expect(rewritten.body.text).toContain(link.shortUrl);

    // A person's browser follows the link and lands with the click id. (Headless Chromium names itself
    // "HeadlessChrome", which the filter counts as a bot: the person's page speaks as desktop Chrome.)
    const person = await tb.newPage(undefined, { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' });
    await person.goto(link.shortUrl);
    await person.getByRole('heading', { name: '카드 신청' }).waitFor();
    const cid = new URL(person.url()).searchParams.get('sotong_cid');
    expect(cid).toMatch(/^[0-9a-f-]{36}$/);
    expect(new URL(person.url()).searchParams.get('utm_campaign')).toBe(campaign);

    // A crawler (X's unfurler) fetches the same link: logged, not counted.
    const crawler = await tb.newPage(undefined, { userAgent: 'Twitterbot/1.0' });
    await crawler.goto(link.shortUrl);
    await crawler.getByRole('heading', { name: '카드 신청' }).waitFor();
    // And headless Chromium as it is: also a bot.
    const headless = await tb.newPage();
    await headless.goto(link.shortUrl);
    await headless.getByRole('heading', { name: '카드 신청' }).waitFor();

    // The bank's system reports a card application carrying the click id, signed with the workspace secret.
    const { secret } = (await api.post(`/api/v1/w/${ws}/links/webhook-secret`)).body;
    const body = JSON.stringify({ eventId: 'card-app-20261206-1', type: 'card_applied', clickId: cid });
    const ts = Math.floor(Date.now() / 1000);
    const sig = crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    // The click is written behind the redirect: wait for it before the event arrives.
    for (let i = 0; i < 100; i++) {
      const r = (await api.get(`/api/v1/w/${ws}/links/analytics?by=campaign`)).body;
      if (r.rows.find((x: { key: string }) => x.key === campaign)?.filtered === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const sent = await fetch(`${server.url}/hooks/links/${ws}/conversions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sotong-timestamp': String(ts), 'x-sotong-signature': `v1=${sig}` }, body });
    expect(sent.status).toBe(201);

    // The Links page, by campaign: one click, two filtered, one conversion, 100 %.
    const page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, server.url, server.admin, '/publishing');
    await page.getByTestId('links-entry').click();
    const row = page.locator('[data-testid="links-report"] tr', { has: page.getByRole('rowheader', { name: campaign, exact: true }) });
    await row.waitFor();
    expect(await row.locator('[data-col="clicks"]').textContent()).toBe('1');
    expect(await row.locator('[data-col="filtered"]').textContent()).toBe('2');
    expect(await row.locator('[data-col="conversions"]').textContent()).toBe('1');
    expect(await row.locator('[data-col="rate"]').textContent()).toBe('100.0%');
    const conv = page.getByTestId('conversions-table');
    await conv.getByRole('cell', { name: '카드 신청' }).waitFor();
    await conv.getByRole('cell', { name: campaign }).waitFor();
    await shot(page, 'links-campaign', { fullPage: true });

    // By post as well.
    await page.getByTestId('links-by').selectOption('post');
    await page.locator('[data-testid="links-report"] tr', { has: page.getByRole('rowheader', { name: 'post-spring' }) }).waitFor();
    expect(seen.filter((u) => u.includes('sotong_cid'))).toHaveLength(3);
    expect(tb.errors).toEqual([]);
  }, 120_000);

  it('the settings panel: attribution, a UTM template, the webhook secret shown once; the report by country', async () => {
    const ws = server.admin.workspaceId;
    const api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
    const old = (await api.post(`/api/v1/w/${ws}/links/webhook-secret`)).body.secret as string;
    const page = await tb.newPage({ width: 1280, height: 1400 });
    await signIn(page, server.url, server.admin, '/publishing');
    await page.getByTestId('links-entry').click();
    const settings = page.getByTestId('links-settings');
    await settings.waitFor();

    // Attribution: 14 days, first click.
    await page.getByLabel('기여 기간(일)').fill('14');
    await page.getByLabel('기여 방식').selectOption('first_click');
    await page.getByTestId('links-attribution').getByRole('button', { name: '저장' }).click();
    await page.getByTestId('links-attribution').getByRole('status').filter({ hasText: '저장했습니다.' }).waitFor();
    expect((await api.get(`/api/v1/w/${ws}/links/settings`)).body).toMatchObject({ windowDays: 14, model: 'first_click', trackLinks: true });

    // A UTM template for X's summer savings campaign.
    await page.locator('#utm-channel').fill('x');
    await page.locator('#utm-campaign').fill('여름 적금');
    await page.locator('#utm-utm_source').fill('sotong_{channel}');
    await page.getByRole('button', { name: '템플릿 저장' }).click();
    await page.getByTestId('links-utm').getByRole('cell', { name: 'utm_source=sotong_{channel}' }).waitFor();
    expect((await api.get(`/api/v1/w/${ws}/links/utm-templates`)).body.templates).toEqual([{ channel: 'x', campaign: '여름 적금', params: { utm_source: 'sotong_{channel}' } }]);
    const made = (await api.post(`/api/v1/w/${ws}/links`, { url: 'https://bank.example/savings', channel: 'x', campaign: '여름 적금' })).body.link;
    expect(new URL(made.finalUrl).searchParams.get('utm_source')).toBe('sotong_x');

    // The secret: set, replaced after a confirmation, the new value shown once; the old one stops working.
    await page.getByTestId('links-secret-state').filter({ hasText: '비밀값이 있습니다.' }).waitFor();
    await page.getByTestId('links-secret').getByRole('button', { name: '새 비밀값으로 바꾸기' }).click();
    await page.getByTestId('links-secret').getByRole('button', { name: '새 비밀값으로 바꾸기' }).click();
    const shown = (await page.getByTestId('links-secret-value').locator('code').textContent()) ?? '';
    expect(shown).toMatch(/^whsec_/);
    expect(shown).not.toBe(old);
    const send = async (secret: string, eventId: string) => {
      const body = JSON.stringify({ eventId, type: 'account_opened' });
      const ts = Math.floor(Date.now() / 1000);
      const sig = crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
      return (await fetch(`${server.url}/hooks/links/${ws}/conversions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sotong-timestamp': String(ts), 'x-sotong-signature': `v1=${sig}` }, body })).status;
    };
    expect(await send(old, 'acc-old-secret')).toBe(401);
    expect(await send(shown, 'acc-new-secret')).toBe(201);
    await shot(page, 'links-settings', { fullPage: true });
    // After a reload the value is gone: only "a secret is set".
    await page.reload();
    await page.getByTestId('links-secret-state').filter({ hasText: '비밀값이 있습니다.' }).waitFor();
    expect(await page.getByTestId('links-secret-value').count()).toBe(0);

    // By country: the clicks of this test came from 127.0.0.1, which has none.
    await page.getByTestId('links-by').selectOption('country');
    await page.locator('[data-testid="links-report"] tr', { has: page.getByRole('rowheader', { name: '알 수 없음' }) }).waitFor();
    expect(tb.errors).toEqual([]);
  }, 120_000);
});
