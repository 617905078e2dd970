/**
 * The Network page in real Chromium against the real program (fresh embedded store, built web UI): a small
 * known network ingested through a signed webhook and computed by the recompute job, then the influencer
 * table (sorting, filtering), the sigma.js graph drawn with WebGL (SwiftShader in headless Chromium),
 * a handle search that opens the profile, and a profile opened from the table. Screenshots in test/e2e/.out/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { systemActor } from '../../src/platform/actor.js';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deliver, knownNetwork, networkChannel } from '../network/network-channel.js';

const SECRET = 'network-e2e-secret';

let server: TestServer;
let tb: TestBrowser;

const signIn = (page: Page, hash = '') => signInAt(page, server.url, server.admin, hash);

beforeAll(async () => {
  tb = await launchBrowser({ timeout: 10_000 });
  await ensureWebBuild();
  server = await startTestServer({ adapters: fromAdapters([networkChannel(), networkChannel('netchan2')]) });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'netchan', name: 'network e2e', credentials: { secret: SECRET } });
  const events = knownNetwork();
  await deliver(server.url, acc.body.account.webhookPath, SECRET, events);
  const posts = events.filter((e) => !('follow' in e)).length;
  for (let i = 0; i < 100 && (await api.get(`/api/v1/w/${ws}/items?limit=200`)).body.items.length < posts; i++) await new Promise((r) => setTimeout(r, 100));
  const run = (await api.post(`/api/v1/w/${ws}/network/recompute`, {})).body.run;
  for (let i = 0; i < 100; i++) {
    const found = (await api.get(`/api/v1/w/${ws}/network/runs`)).body.runs.find((r: { id: string }) => r.id === run.id);
    if (found?.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('network page', () => {
  it('shows influencers, sorts and filters them, draws the graph, finds a handle and opens profiles', async () => {
    const page = await tb.newPage({ width: 1280, height: 860 });
    await signIn(page, '/network');
    await page.getByRole('heading', { level: 1, name: '네트워크' }).waitFor();

    // The influencer table, most central first; the run summary says what was computed.
    const table = page.getByTestId('influencer-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    expect(await table.locator('tbody tr').first().locator('th').innerText()).toContain('KIM');
    expect(await page.getByTestId('run-summary').innerText()).toMatch(/사람 10명 · 관계 11개 · 커뮤니티 2개/);
    await shot(page, 'network-influencers-ko-1280');

    // Sort by followers, ascending on a second click; filter by sentiment and by minimum followers.
    await table.getByRole('button', { name: '팔로워' }).click();
    await expect.poll(() => table.locator('tbody tr').first().locator('th').innerText()).toContain('KIM');
    await table.getByRole('button', { name: '팔로워' }).click();
    await expect.poll(() => table.locator('tbody tr').first().locator('th').innerText()).toContain('SEO');
    await page.getByLabel('최소 팔로워').fill('1000');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await page.getByRole('button', { name: '필터 초기화' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);

    // A profile from the table: metrics, community and recent posts.
    await table.getByRole('button', { name: /HAN/ }).click();
    const drawer = page.getByTestId('profile-drawer');
    await drawer.getByRole('heading', { name: 'HAN 프로필' }).waitFor();
    await drawer.getByTestId('profile-items').getByText('카드 혜택이 정말 좋아요 추천합니다').waitFor();
    await drawer.getByText(/커뮤니티 \d \(4명\)/).waitFor();
    await drawer.getByRole('button', { name: '닫기' }).click();
    await drawer.waitFor({ state: 'detached' });

    // The graph: sigma.js draws into WebGL canvases.
    await page.getByRole('tab', { name: '관계망 그래프' }).click();
    const graph = page.getByTestId('network-graph');
    await page.locator('[data-testid="network-graph"][data-ready="true"]').waitFor();
    expect(await graph.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    const webgl = await graph.evaluate((el) => [...el.querySelectorAll('canvas')].some((c) => !!(c.getContext('webgl2') ?? c.getContext('webgl'))));
    expect(webgl).toBe(true);
    await page.getByText('영향력 상위 10명 표시 (전체 10명)').waitFor();
    await shot(page, 'network-graph-ko-1280');

    // Search a handle: the camera moves to it and its profile opens.
    await page.getByRole('searchbox', { name: '핸들로 찾기' }).fill('park');
    await page.getByRole('searchbox', { name: '핸들로 찾기' }).press('Enter');
    await drawer.getByRole('heading', { name: 'PARK 프로필' }).waitFor();
    await drawer.getByTestId('profile-items').getByText('RT 국민은행 대출 금리가 또 올랐네요').waitFor();
    // From the profile to someone it amplifies.
    await drawer.getByRole('button', { name: 'KIM' }).first().click();
    await drawer.getByRole('heading', { name: 'KIM 프로필' }).waitFor();
    await shot(page, 'network-profile-ko-1280');

    // A handle that is not there says so.
    await page.getByRole('searchbox', { name: '핸들로 찾기' }).fill('nobody');
    await page.getByRole('searchbox', { name: '핸들로 찾기' }).press('Enter');
    await page.getByText('‘nobody’ 핸들이 그래프에 없습니다.').waitFor();

    // Recompute from the page: queued for a worker; nothing changed, so the summary stays and the button comes back.
    await drawer.getByRole('button', { name: '닫기' }).click();
    await page.getByTestId('recompute').click();
    await expect.poll(() => page.getByTestId('recompute').isEnabled(), { timeout: 15_000 }).toBe(true);
    // The summary follows the recompute's run once the worker has taken it (the button may come back first).
    await expect.poll(() => page.getByTestId('run-summary').innerText(), { timeout: 30_000 }).toMatch(/사람 10명/);
    expect(tb.errors).toEqual([]);
  });

  it('speaks English too', async () => {
    const page = await tb.newPage({ width: 1280, height: 860 });
    await signIn(page, '/network');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Network' }).waitFor();
    await page.getByRole('tab', { name: 'Influencers' }).waitFor();
    await page.getByRole('tab', { name: 'Network graph' }).click();
    await page.locator('[data-testid="network-graph"][data-ready="true"]').waitFor();
    await page.getByText('Showing the 10 most influential of 10').waitFor();
    await shot(page, 'network-graph-en-1280');
    await page.getByRole('button', { name: '한국어' }).click();
    expect(tb.errors).toEqual([]);
  });

  it('fits a phone (390×844): nothing sticks out sideways, the profile takes the screen', async () => {
    const page = await tb.newPage({ width: 390, height: 844 });
    await signIn(page, '/network');
    const table = page.getByTestId('influencer-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'network-influencers-ko-390');
    await table.getByRole('button', { name: /KIM/ }).click();
    await page.getByTestId('profile-drawer').getByRole('heading', { name: 'KIM 프로필' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'network-profile-ko-390');
    expect(tb.errors).toEqual([]);
  });

  it('shows one row per person, by name, with their channels and the customer mark; the bank is not among them', async () => {
    const api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
    const ws = server.admin.workspaceId;
    const s = server.runtime.services;
    // Kim also writes on a second channel, and the bank's own account posts (outbound) and is reposted.
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'netchan2', name: 'network e2e 2', credentials: { secret: SECRET } });
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await deliver(server.url, acc.body.account.webhookPath, SECRET, [
      { id: 'k9', author: 'kim', followers: 7_000, text: '두 번째 채널에서도 금리 얘기', at },
      { id: 'b9', author: 'bank', followers: 900_000, outbound: true, text: '한빛은행 공지: 금리 안내', at },
      { id: 'f9', author: 'fan', followers: 10, kind: 'repost', parent: 'b9', text: 'RT 금리 안내', at, to: [{ type: 'repost', target: 'bank' }] },
    ]);
    const authors = async () => s.store.db.selectFrom('authors').select(['id', 'channel', 'handle']).where('workspace_id', '=', ws).where('handle', 'in', ['kim', 'bank']).execute();
    await expect.poll(async () => (await authors()).length, { timeout: 15_000 }).toBe(3);
    await api.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId: 'HB-7', name: '김하늘' }] });
    const customer = (await s.customers.customers.rowByExternalId(ws, 'HB-7'))!;
    for (const a of (await authors()).filter((x) => x.handle === 'kim')) await s.customers.consent.recordLink(ws, { customerId: customer.id, authorId: a.id as string, purpose: '문의 답변', proof: { method: 'bank_app' } }, systemActor);
    const run = (await api.post(`/api/v1/w/${ws}/network/recompute`, {})).body.run;
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/network/runs`)).body.runs.find((r: { id: string }) => r.id === run.id)?.status, { timeout: 30_000 }).toBe('succeeded');

    const page = await tb.newPage({ width: 1280, height: 860 });
    await signIn(page, '/network');
    const table = page.getByTestId('influencer-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(11); // ten people and the fan; Kim once, the bank not at all
    const kim = table.locator('tbody tr', { has: page.locator('[data-person="kim"]') });
    expect(await kim.count()).toBe(1);
    await kim.getByText('고객', { exact: true }).waitFor();
    expect(await kim.locator('[data-identity]').count()).toBe(2);
    expect(await table.innerText()).not.toContain('BANK');
    // Names, never ids.
    expect(await table.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{8}…/);
    await shot(page, 'network-person-ko-1280');
    // A channel of the person opens that account's profile.
    await kim.locator('[data-identity="netchan2"]').click();
    const drawer = page.getByTestId('profile-drawer');
    await drawer.getByRole('heading', { name: 'KIM 프로필' }).waitFor();
    await drawer.getByTestId('profile-items').getByText('두 번째 채널에서도 금리 얘기').waitFor();
    await drawer.getByRole('button', { name: '닫기' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await kim.getByText('Customer', { exact: true }).waitFor();
    await page.getByRole('button', { name: '한국어' }).click();
    expect(tb.errors).toEqual([]);
  });
});
