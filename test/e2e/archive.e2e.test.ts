/**
 * The archive in real Chromium: a compliance officer finds a customer's message (masked), opens its
 * original (audited), holds the person, sets a retention and makes an export package, which downloads
 * as a tar that verifies offline; an agent and an admin see no Archive in the menu and cannot open it.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { verifyPackage } from '../../src/modules/archive/index.js';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sign, testChannel } from '../support/test-channel.js';
import { waitFor } from '../inbox/harness.js';

const SECRET = 'archive-e2e-secret';
let server: TestServer;
let browser: TestBrowser;
let admin: ApiClient;
let ws: string;
const comp = { email: 'comp@bank.test', password: 'rules and rules 42' };
const agent = { email: 'agent@bank.test', password: 'support desk 9876' };

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ adapters: fromAdapters([testChannel([], 'feedchan')]) });
  ws = server.admin.workspaceId;
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  const acc = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'feedchan', name: '피드', credentials: { secret: SECRET } });
  await admin.post(`/api/v1/w/${ws}/users`, { ...comp, name: '준법감시', role: 'compliance' });
  await admin.post(`/api/v1/w/${ws}/users`, { ...agent, name: '상담원', role: 'agent' });
  const body = JSON.stringify({
    events: [
      { id: 'a1', author: 'minji', text: '카드 연회비가 두 번 청구됐어요 010-2345-6789 로 연락 주세요', at: new Date().toISOString() },
      { id: 'a2', author: 'jun', text: '앱 점검 언제 끝나요?', at: new Date().toISOString() },
    ],
  });
  const r = await fetch(server.url + acc.body.account.webhookPath, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
  expect(r.status).toBe(200);
  const c = new ApiClient(server.url);
  await c.login(comp.email, comp.password);
  await waitFor(
    async () => (await c.get(`/api/v1/w/${ws}/archive/versions`)).body.versions ?? [],
    (v: unknown[]) => v.length >= 2,
    'archived versions',
  );
  browser = await launchBrowser({ allowStatuses: [401, 403] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('archive UI', () => {
  it('compliance searches, views an original, holds a person, sets retention and exports a package that verifies', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, comp, '/archive');
    await page.getByRole('heading', { name: '메시지 아카이브' }).waitFor();
    await page.getByLabel('단어').fill('연회비');
    await page.getByRole('button', { name: '검색', exact: true }).click();
    const results = page.getByTestId('archive-results');
    await expect.poll(async () => results.locator('tbody tr').count()).toBe(1);
    const row = results.locator('tbody tr').first();
    expect(await row.textContent()).toContain('개인정보 마스킹');
    expect(await row.textContent()).not.toContain('010-2345-6789');
    await row.getByRole('button', { name: '원문 보기' }).click();
    await page.getByTestId('archive-original').waitFor();
    expect(await page.getByTestId('archive-original').textContent()).toMatch(/연회비/);
    await row.getByRole('button', { name: '이 사람 보존' }).click();
    await page.getByRole('status').filter({ hasText: '보존 조치 추가' }).waitFor();
    await shot(page, 'archive-search');

    await page.getByRole('tab', { name: '보존 조치와 보관 기간' }).click();
    await expect.poll(async () => page.getByTestId('archive-holds').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('archive-holds').textContent()).toContain('MINJI');
    await page.getByLabel('보관 연수').fill('10');
    await page.getByRole('button', { name: '저장' }).click();
    await expect.poll(async () => page.getByTestId('archive-retention').textContent()).toContain('10년');
    await shot(page, 'archive-holds');

    await page.getByRole('tab', { name: '내보내기' }).click();
    await page.getByRole('button', { name: '패키지 만들기' }).click();
    const link = page.getByRole('link', { name: '내려받기 (.tar)' });
    await expect.poll(async () => (await page.getByRole('button', { name: '새로 고침' }).click(), link.count()), { timeout: 20_000 }).toBe(1);
    await shot(page, 'archive-exports');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-archive-e2e-'));
    const tar = path.join(dir, 'p.tar');
    await download.saveAs(tar);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    const pkg = path.join(dir, fs.readdirSync(dir).find((n) => n.startsWith('sotong-archive-'))!);
    expect(await verifyPackage(pkg)).toMatchObject({ ok: true, versions: 2 });
    const file = path.join(pkg, 'chain.jsonl');
    const bytes = fs.readFileSync(file);
    bytes[20] = bytes[20]! ^ 1;
    fs.writeFileSync(file, bytes);
    expect(await verifyPackage(pkg)).toMatchObject({ ok: false, where: 'chain.jsonl' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(browser.errors).toEqual([]);
  });

  it('compliance searches and exports by customer: the bank’s customer number, then the customer’s name', async () => {
    const c = new ApiClient(server.url);
    await c.login(comp.email, comp.password);
    const minji = ((await c.get(`/api/v1/w/${ws}/archive/versions?words=연회비`)).body.versions as Array<{ author: { id: string } }>)[0]!.author.id;
    expect((await admin.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId: 'C-7001', name: '김민지' }] })).status).toBe(200);
    const customer = (await admin.get(`/api/v1/w/${ws}/customers?externalId=C-7001`)).body.customers[0].id as string;
    await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at)
      values (${crypto.randomUUID()}, ${ws}, ${customer}, ${minji}, 'service', '{}', 'e2e', now())`.execute(server.runtime.services.store.db);

    const page = await browser.newPage();
    await signIn(page, server.url, comp, '/archive');
    await page.getByRole('heading', { name: '메시지 아카이브' }).waitFor();
    await page.getByLabel('고객', { exact: true }).fill('C-9999');
    await page.getByRole('button', { name: '찾기' }).click();
    await page.getByRole('alert').filter({ hasText: '고객 번호 C-9999인 고객이 없습니다.' }).waitFor();
    await page.getByLabel('고객', { exact: true }).fill('C-7001');
    await page.getByRole('button', { name: '찾기' }).click();
    const picked = page.getByTestId('archive-customer-picked');
    await picked.waitFor();
    expect(await picked.textContent()).toContain('C-7001');
    expect(await picked.textContent()).not.toContain(customer);
    await page.getByRole('button', { name: '검색', exact: true }).click();
    const results = page.getByTestId('archive-results');
    // Minji's message only, not Jun's.
    await expect.poll(async () => results.locator('tbody tr').count()).toBe(1);
    expect(await results.textContent()).toContain('연회비');
    expect(await results.textContent()).not.toContain('앱 점검');
    await shot(page, 'archive-customer-search');

    await page.getByRole('tab', { name: '내보내기' }).click();
    await page.getByLabel('고객', { exact: true }).fill('C-7001');
    await page.getByRole('button', { name: '찾기' }).click();
    await page.getByTestId('export-customer-picked').waitFor();
    await page.getByRole('button', { name: '패키지 만들기' }).click();
    const row = page.getByTestId('archive-exports').locator('tbody tr', { hasText: '한 고객' });
    await expect.poll(async () => (await page.getByRole('button', { name: '새로 고침' }).click(), row.getByRole('link', { name: '내려받기 (.tar)' }).count()), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toContain('1건');
    const exports = (await c.get(`/api/v1/w/${ws}/archive/exports`)).body.exports as Array<{ filters: { customerId?: string }; versions: number }>;
    expect(exports.find((e) => e.filters.customerId === customer)).toMatchObject({ versions: 1 });
    await shot(page, 'archive-customer-export');
    expect(browser.errors).toEqual([]);
  });

  it('agents and admins see no Archive and cannot open it', async () => {
    for (const who of [agent, { email: server.admin.email, password: server.admin.password }]) {
      const page = await browser.newPage();
      await signIn(page, server.url, who, '/archive');
      await page.getByRole('heading', { name: '현재 역할로는 이 화면을 볼 수 없습니다.' }).waitFor();
      expect(await page.locator('nav#main-nav').textContent()).not.toContain('아카이브');
      expect(await page.getByTestId('archive-page').count()).toBe(0);
    }
  });
});
