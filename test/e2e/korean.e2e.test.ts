/**
 * Korean mode speaks Korean, in real Chromium against the real program (fresh embedded store, built web
 * UI, the demo workspace with two days of demo history and a crisis drill): every main screen — Listening
 * (live feed, dashboard, queries, alerts, search with a syntax error, communication, reports,
 * notifications), Inbox (queue, a conversation, reports), Network, and Settings (users, roles, audit,
 * tokens, channels, import, inbox settings), and the microblog (timeline with a poll and an image, a
 * thread, a profile, a tag page with its summary and the curator's tools) — is read, and no English sentence may be left in the main
 * content or an open dialog (visible text, option labels, placeholders, aria-labels, titles) outside
 * user data. User data is what customers and staff wrote or named: elements marked translate="no" (post
 * texts, author and customer names, query names…) and the names listed below. Acronyms and product
 * names are on an allow-list. The check first runs on an English screen, where it must find English, so
 * it cannot pass by reading nothing (the mirror of english.e2e.test.ts). Screenshots: test/e2e/.out/ko-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Acronyms, product, channel and format names that stay as they are in Korean text. */
const ALLOWED = new Set([
  'sotong',
  'sla',
  'slas',
  'csv',
  'api',
  'kst',
  'utc',
  'smtp',
  'imap',
  'url',
  'json',
  'ip',
  'pii',
  'crm',
  'http',
  'https',
  'html',
  'sse',
  'id',
  'ids',
  'or',
  'and',
  'not',
  'kakaotalk',
  'naver',
  'talktalk',
  'youtube',
  'meta',
  'facebook',
  'instagram',
  'messenger',
  'mastodon',
  'bluesky',
  'rss',
  'atom',
  'jsonl',
  'pagerank',
  'louvain',
  'english',
  'tls',
  'ssl',
  'starttls',
  'hmac',
  'sha',
  'webhook',
  'hub',
  'sot',
  // key names
  'ctrl',
  'enter',
  'esc',
  'shift',
  'alt',
  'tab',
]);

let server: TestServer;
let tb: TestBrowser;
let page: Page;
let userData: string[] = [];

/** Every line of text in `main` and open dialogs, and the attributes people read, outside translate="no". */
async function readLines(): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const skip = (el: Element | null): boolean => !!el?.closest('[translate="no"], code, pre, kbd, .ld-caret-pad');
    for (const root of document.querySelectorAll('main, [role=dialog]')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || skip(el)) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.closest('script, style, svg title, option')) continue;
        parts.push(n.textContent ?? '');
      }
      for (const el of root.querySelectorAll('[placeholder], [aria-label], [title], option, legend')) {
        if (skip(el)) continue;
        for (const a of ['placeholder', 'aria-label', 'title']) parts.push(el.getAttribute(a) ?? '');
        if (el.tagName === 'OPTION') parts.push(el.textContent ?? '');
      }
    }
    return parts.join('\n');
  });
  return [...new Set(text.split('\n').map((l) => l.trim()))].filter(Boolean);
}

/** The English words of a line once user data, e-mail addresses, URLs, codes like channel:x and allowed names are removed. */
function englishWords(line: string): string[] {
  let rest = line;
  for (const d of userData) rest = rest.split(d).join(' ');
  // "근거: a, b, c" (the words of a post that moved its analysis) quotes the post: user data.
  rest = rest.replace(/근거: .*$/, ' ');
  rest = rest
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/@[\w.]+/g, ' ') // @handles
    .replace(/https?:\/\/\S+|\/api\/\S+|#\/\S+/g, ' ')
    .replace(/\b[a-z]+:[\w.-]+/g, ' ') // field:value of the query language
    .replace(/\b[A-Z0-9]{2,}\b/g, ' '); // acronyms and codes
  return (rest.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w.toLowerCase()));
}

async function englishLines(): Promise<string[]> {
  return (await readLines()).filter((l) => englishWords(l).length > 0);
}

async function expectKorean(name: string): Promise<void> {
  await shot(page, `ko-${name}`, { fullPage: true });
  const left = await englishLines();
  // The lines in full, next to the screenshot, for whoever has to fix them.
  fs.writeFileSync(path.join('test/e2e/.out', `ko-${name}.txt`), left.join('\n'));
  expect(left, name).toEqual([]);
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ demoHistoryDays: 2, demoRate: 0 });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const base = `/api/v1/w/${server.admin.workspaceId}`;
  // A crisis alert to read (its reason is written from code + numbers).
  const drill = await api.post(`${base}/demo/crisis-drill`, { durationSeconds: 0 });
  expect([200, 201, 202]).toContain(drill.status);
  for (let end = Date.now() + 120_000; ((await api.get(`${base}/listening/alerts`)).body.alerts as unknown[]).length === 0; ) {
    if (Date.now() > end) throw new Error('the crisis drill raised no alert');
    await new Promise((r) => setTimeout(r, 1000));
  }
  const queries = (await api.get(`${base}/listening/queries`)).body.queries as Array<{ name: string; expression: string }>;
  const workspaces = (await api.get('/api/v1/auth/me')).body.workspaces as Array<{ name: string }> | undefined;
  const me = (await api.get('/api/v1/auth/me')).body.user as { name?: string } | undefined;
  // The microblog: a post with a poll, an image with alt text, a reply, a tag with a description.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const media = await api.request('POST', `${base}/microblog/media?fileName=${encodeURIComponent('안내.png')}&description=${encodeURIComponent('창구 안내판')}`, png, { 'content-type': 'image/png' });
  expect(media.status).toBe(201);
  const first = await api.post(`${base}/microblog/posts`, { text: '여신 심사 서류 체크리스트를 공유합니다. #여신심사', mediaIds: [media.body.media.id], poll: { options: ['도움 됨', '보통'], expiresInSeconds: 86400 } });
  expect(first.status).toBe(201);
  await api.post(`${base}/microblog/posts`, { text: '소득 증빙 서류는 최근 서류로 받습니다 #여신심사', replyToId: first.body.post.id });
  await api.request('PUT', `${base}/microblog/tags/${encodeURIComponent('여신심사')}/description`, { description: '여신 심사 실무 노하우' });
  await api.request('PUT', `${base}/microblog/tags/${encodeURIComponent('여신심사')}/pins/${first.body.post.id}`);
  userData = [...(workspaces ?? []).map((w) => w.name), ...queries.flatMap((q) => [q.name, q.expression]), server.admin.email, me?.name ?? '', 'JSON Lines'].filter(Boolean).sort((a, b) => b.length - a.length);
  tb = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('Korean mode speaks Korean', () => {
  it('finds English on an English screen (the check reads the page)', async () => {
    page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, server.url, server.admin, '/listening/notifications');
    await page.getByTestId('smtp-card').waitFor();
    await page.locator('header.topbar').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'SMTP server' }).waitFor();
    expect((await englishLines()).length).toBeGreaterThan(5);
    await page.locator('header.topbar').getByRole('button', { name: '한국어' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko');
  });

  const screens: Array<[string, string, (p: Page) => Promise<unknown>]> = [
    ['listening-live', '/listening', (p) => p.getByTestId('item-card').first().waitFor()],
    ['listening-queries', '/listening/queries', (p) => p.getByTestId('query-list').waitFor()],
    ['listening-alerts', '/listening/alerts', (p) => p.getByTestId('alert-reason').first().waitFor()],
    ['listening-communication', '/listening/communication', (p) => p.getByTestId('chart-comm-rate').waitFor()],
    ['listening-reports', '/listening/reports', (p) => p.getByRole('heading').first().waitFor()],
    ['listening-notifications', '/listening/notifications', (p) => p.getByTestId('smtp-card').waitFor()],
    ['inbox', '/inbox', (p) => p.locator('main').getByRole('link').first().waitFor()],
    ['inbox-reports', '/inbox/reports', (p) => p.getByTestId('report').waitFor()],
    ['network', '/network', (p) => p.locator('main h1, main h2').first().waitFor()],
    ['publishing', '/publishing', (p) => p.getByTestId('pub-save').waitFor()],
    ['settings-users', '/settings/users', (p) => p.locator('main table').first().waitFor()],
    ['settings-roles', '/settings/roles', (p) => p.locator('main table').first().waitFor()],
    ['settings-audit', '/settings/audit', (p) => p.getByTestId('audit-table').waitFor()],
    ['settings-tokens', '/settings/tokens', (p) => p.locator('main h1, main h2').first().waitFor()],
    ['settings-channels', '/settings/channels', (p) => p.locator('main h1, main h2').first().waitFor()],
    ['settings-import', '/settings/import', (p) => p.locator('main h1, main h2').first().waitFor()],
    ['settings-inbox', '/settings/inbox', (p) => p.locator('main h1, main h2').first().waitFor()],
  ];
  for (const [name, hash, ready] of screens) {
    it(name, async () => {
      await page.goto(`${server.url}/#${hash}`);
      await ready(page);
      await page.waitForTimeout(300);
      await expectKorean(name);
    });
  }

  it('publishing-approvals, calendar (month and week), analytics and settings', async () => {
    await page.goto(`${server.url}/#/publishing`);
    await page.locator('[data-tab="approvals"]').click();
    await page.locator('.pub-approvals').waitFor();
    await page.waitForTimeout(300);
    await expectKorean('publishing-approvals');
    await page.locator('[data-tab="calendar"]').click();
    await page.locator('.pub-grid').waitFor();
    await page.waitForTimeout(300);
    await expectKorean('publishing-calendar');
    await page.locator('[data-view="week"]').click();
    await page.getByTestId('pub-week').waitFor();
    await page.waitForTimeout(300);
    await expectKorean('publishing-week');
    await page.locator('[data-tab="analytics"]').click();
    await page.getByTestId('pub-analytics').waitFor();
    await page.waitForTimeout(300);
    await expectKorean('publishing-analytics');
    await page.locator('[data-tab="settings"]').click();
    await page.getByTestId('pub-settings').waitFor();
    await page.waitForTimeout(300);
    await expectKorean('publishing-settings');
  });

  it('listening-dashboard', async () => {
    await page.goto(`${server.url}/#/listening/dashboard`);
    await page.locator('main canvas').first().waitFor();
    await expectKorean('listening-dashboard');
  });

  it('listening-search, with a count and a syntax error that says where', async () => {
    await page.goto(`${server.url}/#/listening/search`);
    await page.getByLabel('검색어').fill('해지 OR 먹통');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    await page.getByTestId('search-total').waitFor();
    await expectKorean('listening-search');
    await page.getByLabel('검색어').fill('(해지 OR');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    await page.getByTestId('query-error').waitFor();
    await expectKorean('listening-search-error');
  });

  it('the microblog: timeline, a thread, a profile, a tag page with its summary and curator tools', async () => {
    await page.goto(`${server.url}/#/microblog`);
    await page.getByTestId('mb-poll').first().waitFor();
    await page.getByTestId('mb-compose').getByRole('button', { name: '설문 추가' }).click();
    await page.waitForTimeout(300);
    await expectKorean('microblog');
    await page.getByTestId('mb-compose').getByRole('button', { name: '설문 빼기' }).click();
    await page
      .getByTestId('mb-post')
      .first()
      .getByRole('button', { name: /^답글 \d/ })
      .first()
      .click();
    await page.getByTestId('mb-thread').waitFor();
    await expectKorean('microblog-thread');
    await page.getByRole('button', { name: '내 프로필' }).click();
    await page.getByTestId('mb-profile').waitFor();
    await expectKorean('microblog-profile');
    await page.getByRole('tab', { name: '홈' }).click();
    await page.getByRole('button', { name: '#여신심사' }).first().click();
    await page.getByTestId('mb-tag-summary').waitFor();
    await page.getByText('태그 관리 (큐레이터)').click();
    await page.waitForTimeout(300);
    await expectKorean('microblog-tag');
  });

  it('an inbox conversation', async () => {
    await page.goto(`${server.url}/#/inbox`);
    await page.getByText('전체 진행 중', { exact: true }).click();
    await page.locator('main a.q-main').first().click();
    await page.locator('main').getByRole('textbox').first().waitFor();
    await expectKorean('inbox-conversation');
  });
});
