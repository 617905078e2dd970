/**
 * Listening dashboards, monitoring queries and crisis alerts in real Chromium against the real program
 * (fresh embedded store, built web UI): create a query for a brand term in the form (a parse error shows
 * its caret first), ingest two weeks of posts, open the dashboard (volume chart, item count), drill into a
 * bucket, share a read-only link and open it without signing in, then a negative spike: the detector
 * raises an alert that appears live with a banner, is acknowledged, and crisis mode goes on.
 * Screenshots land in test/e2e/.out/.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import type { ChannelEvent } from '../../src/channels/port.js';
import { rhythmTimes } from '../../src/demo/replay.js';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/server.js';
import { testChannel } from '../support/test-channel.js';
import { ingestAs, matchCount as matchesOf, postEvents } from '../listening/support.js';

const NEGATIVE = ['국민은행 앱 또 먹통이네 최악이다', '국민은행 로그인 오류 짜증나요 언제 고쳐요', '국민은행 이체 안돼서 화나네요', '국민은행 서비스 너무 불편해요 실망'];
const OTHER = ['국민은행 지점 친절해서 좋았어요', '국민은행 금리 괜찮네', '국민은행 앱 업데이트 했어요'];

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let tb: TestBrowser;
let api: ApiClient;
let accountId = '';
let base = '';
let queryId = '';
let shareLink = '';

const signIn = (page: Page, hash = '') => signInAt(page, server.url, server.admin, hash);

const ingest = (events: ChannelEvent[]) => ingestAs(server, accountId, events);

const matchCount = () => matchesOf(server, queryId);

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const history = { negative: rhythmTimes(14 * 40, new Date(hourStart.getTime() - 14 * 86_400_000), hourStart), other: rhythmTimes(14 * 60, new Date(hourStart.getTime() - 14 * 86_400_000), hourStart) };

beforeAll(async () => {
  // Expected console errors: 401 before sign-in, 400 from checking an expression that does not parse (on purpose).
  tb = await launchBrowser({ allowStatuses: [400, 401], webgl: false });
  await ensureWebBuild();
  server = await startTestServer({ adapters: fromAdapters([testChannel()]) });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  base = `/api/v1/w/${ws}/listening`;
  const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testchan', name: '대시보드 테스트', settings: {}, credentials: { secret: 'whsec-dashboards' } });
  expect(r.status).toBe(201);
  accountId = r.body.account.id;
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('listening dashboards in the browser', () => {
  it('creates a monitoring query in the form, showing a parse error with its caret first', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/listening/queries');
    await expect(page.locator('.ld-tab[aria-current="page"]').innerText()).resolves.toBe('쿼리');
    await page.getByTestId('new-query').click();
    await page.getByLabel('이름').fill('국민은행');
    await page.getByLabel('검색식').fill('국민은행 sentiment:angry');
    const problem = page.getByTestId('query-error');
    await problem.waitFor();
    expect(await problem.locator('pre').innerText()).toMatch(/\^~+/);
    await expect(page.getByTestId('save-query').isDisabled()).resolves.toBe(true);
    await shot(page, 'dashboards-query-error-1280');
    await page.getByLabel('검색식').fill('국민은행');
    await problem.waitFor({ state: 'detached' });
    await page.getByText('해석:').waitFor();
    await page.getByTestId('save-query').click();
    await page.getByTestId('query-list').getByRole('link', { name: '국민은행' }).waitFor();
    await page.getByTestId('backfill').first().waitFor();
    const queries = (await api.get(`${base}/queries`)).body.queries as Array<{ id: string; name: string }>;
    queryId = queries.find((q) => q.name === '국민은행')!.id;
    await shot(page, 'dashboards-queries-1280');
  }, 60_000);

  it('shows the dashboard of ingested posts and drills into a bucket', async () => {
    await ingest([...postEvents(history.negative, 'neg', NEGATIVE), ...postEvents(history.other, 'oth', OTHER)]);
    const total = history.negative.length + history.other.length;
    await until(async () => (await matchCount()) === total, 90_000, 'history matched');
    // Matches are complete from two weeks back (as after a backfill), so the detector trusts the history.
    await sql`update listening_queries set history_from = ${new Date(hourStart.getTime() - 15 * 86_400_000)} where id = ${queryId}`.execute(server.runtime.services.store.db);

    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/listening/dashboard');
    await page.waitForURL(/#\/listening\/dashboard\/query\//);
    await page.locator('[data-period="30d"]').click();
    const count = page.getByTestId('total-count');
    await expect.poll(async () => Number((await count.innerText()).replace(/\D/g, '')), { timeout: 15_000 }).toBe(total);
    await page.getByTestId('chart-volume').locator('canvas').first().waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'dashboards-dashboard-1280');

    // Drill-down from the volume chart's data table (the same request as a click on the bar).
    await page.getByTestId('chart-volume').getByText('표로 보기').click();
    await page.getByTestId('bucket-drill').last().click();
    const panel = page.getByTestId('drill-panel');
    await panel.waitFor();
    await panel.locator('article').first().waitFor();
    expect(await panel.locator('article').count()).toBeGreaterThan(0);
    expect(await panel.locator('article').first().innerText()).toContain('국민은행');

    // A click on a bar of the canvas chart opens the same panel: the tallest bar is the last full day.
    await panel.getByRole('button', { name: '닫기' }).click();
    await panel.waitFor({ state: 'detached' });
    const canvas = page.getByTestId('chart-volume').locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (let x = box.x + box.width - 30; x > box.x + 60 && !(await panel.isVisible()); x -= 14) await page.mouse.click(x, box.y + box.height - 60);
    await panel.waitFor();
    await panel.locator('article').first().waitFor();
    await shot(page, 'dashboards-drill-1280');

    // CSV from the server, with a UTF-8 BOM.
    const csvHref = await page.getByTestId('chart-volume').getByTestId('csv-volume').getAttribute('href');
    const csv = await page.evaluate(async (u) => new Uint8Array(await (await fetch(u!)).arrayBuffer()).slice(0, 3).join(','), csvHref);
    expect(csv).toBe('239,187,191');

    // A read-only link, opened by a visitor who is not signed in.
    await page.getByTestId('share-button').click();
    await page.getByTestId('create-share').click();
    shareLink = await page.getByTestId('share-link').inputValue();
    expect(shareLink).toMatch(/#\/shared\/.+/);
    await page.getByRole('dialog').getByRole('button', { name: '닫기' }).click();
    const visitor = await tb.newPage({ width: 1280, height: 800 });
    await visitor.goto(shareLink);
    await visitor.getByText('읽기 전용').first().waitFor();
    await visitor.locator('[data-period="30d"]').click();
    await expect.poll(async () => Number((await visitor.getByTestId('total-count').innerText()).replace(/\D/g, '')), { timeout: 15_000 }).toBe(total);
    await expect(visitor.getByLabel('이메일').count()).resolves.toBe(0);
    await visitor.getByTestId('chart-volume').locator('canvas').first().waitFor();
    await visitor.waitForTimeout(500); // the bars grow in
    await shot(visitor, 'dashboards-shared-1280');
  }, 180_000);

  it('a negative spike raises an alert that appears live; acknowledge it and turn crisis mode on', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/listening/alerts');
    await page.getByText('위기 알림이 없습니다.').waitFor();
    const detector = server.runtime.services.listening.detector;
    expect(await detector.run()).toBe(0);
    // The outage: 45 negative posts since the start of this hour.
    const span = Math.max(1_000, Date.now() - hourStart.getTime() - 1_000);
    const spike = Array.from({ length: 45 }, (_, i) => new Date(hourStart.getTime() + Math.floor((i * span) / 45)));
    await ingest(postEvents(spike, 'spike', NEGATIVE));
    const total = history.negative.length + history.other.length + 45;
    await until(async () => (await matchCount()) === total, 60_000, 'spike matched');
    expect(await detector.run()).toBe(1);

    // Live: the banner and the card, without a reload.
    await page.getByTestId('alert-banner').waitFor();
    const card = page.getByTestId('alert-card').first();
    await card.waitFor();
    expect(await card.innerText()).toContain('국민은행');
    expect(await card.getAttribute('data-status')).toBe('open');
    await shot(page, 'dashboards-alert-1280');

    await card.getByRole('button', { name: '확인' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('acknowledged');

    await page.getByTestId('crisis-switch').click();
    // The dialog promises only what happens (no publishing exists to pause).
    const dialogText = await page.getByRole('dialog').innerText();
    expect(dialogText).toContain('모든 화면 위에 위기 대응 배너');
    expect(dialogText).not.toContain('게시물 발행');
    await page.getByTestId('crisis-confirm').click();
    await page.getByTestId('crisis-banner').waitFor();
    expect((await api.get(`${base}/crisis`)).body.crisis.active).toBe(true);
    // Crisis mode pins the alert that started it.
    await card.getByText('고정됨').waitFor();
    // The banner stays across the whole Listening area, the live stream included.
    await page.locator('.ld-tab[data-tab="live"]').click();
    await page.getByTestId('crisis-banner').waitFor();
    await shot(page, 'dashboards-crisis-1280');
    // …and every other area: Inbox, Network, Settings.
    for (const hash of ['/inbox', '/network', '/settings/users']) {
      await page.goto(`${server.url}/#${hash}`);
      await page.getByTestId('crisis-banner').waitFor();
      expect(await page.getByTestId('crisis-banner').count()).toBe(1);
    }
  }, 120_000);

  it('works on a phone (390×844)', async () => {
    const page = await tb.newPage({ width: 390, height: 844 });
    await signIn(page, `/listening/dashboard/query/${queryId}`);
    await page.locator('[data-period="30d"]').click();
    await page.getByTestId('chart-volume').locator('canvas').first().waitFor();
    await page.getByTestId('crisis-banner').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dashboards-dashboard-390');
    await page.goto(`${server.url}/#/listening/alerts`);
    await page.getByTestId('alert-card').first().waitFor();
    await shot(page, 'dashboards-alerts-390');
    await page.goto(`${server.url}/#/listening/search`);
    await page.getByLabel('검색어').fill('먹통');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    await page.getByTestId('search-results').locator('article').first().waitFor();
    expect(await page.getByTestId('search-results').locator('article').first().innerText()).toContain('먹통');
    // The query language works in search: OR, a count, the terms marked (as elements, not HTML).
    await page.getByLabel('검색어').fill('먹통 OR 짜증나요');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    await expect.poll(() => page.getByTestId('search-total').innerText()).toMatch(/^[\d,]+건 찾음$/);
    const found = Number((await page.getByTestId('search-total').innerText()).replace(/\D/g, ''));
    const expected = (await api.get(`${base}/search?q=${encodeURIComponent('먹통 OR 짜증나요')}&from=${encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString())}`)).body.total;
    expect(found).toBe(expected);
    expect(found).toBeGreaterThan(0);
    const marks = await page.getByTestId('search-results').locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    // a mark is the word that matched (the lemmatiser reads 짜증나 as one word, found by 짜증)
    for (const m of marks)
      expect(
        ['먹통', '짜증'].some((q) => m.startsWith(q)),
        m,
      ).toBe(true);
    await shot(page, 'dashboards-search-390');
    // A syntax error says where, in Korean.
    await page.getByLabel('검색어').fill('(먹통 OR');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    await expect.poll(() => page.getByTestId('query-error').innerText()).toMatch(/\d+번째 글자: /);
    expect(await page.getByTestId('query-error').locator('pre').innerText()).toMatch(/\^/);
    expect(tb.errors).toEqual([]);
  }, 60_000);
});
