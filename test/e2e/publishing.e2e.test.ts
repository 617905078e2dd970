/**
 * Publishing in real Chromium against the real program (issue 16's "Done when"): a maker composes a loan
 * promotion, the screen demands the loan warning, the maker fixes it, self-approval is refused, the
 * marketing lead and compliance approve, the 심의필 stamp appears, the post reaches the channel server at
 * its slot; crisis mode stops the next one, and the one-click stop-all stops what is left. The week view:
 * an approved deposit post dragged to another day and hour moves there and goes back to approval; the
 * settings screen: a loan chain added, the 심의필 template changed with its preview, read-only for compliance.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters, loadAdapters } from '../../src/channels/registry.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { ApiClient } from '../support/client.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'publishing pass 2468';
const LOAN_BAD = '소통은행 신용대출 특별 금리! 연 4.5%~7.9%, 지금 신청하세요.';
const LOAN_OK = `${LOAN_BAD} 과도한 빚은 당신에게 큰 불행을 안겨줄 수 있습니다. 대출 시 신용평점이 하락할 수 있습니다. 상품설명서를 확인하세요.`;
const STAMP = '준법감시인 심의필 제2026-0123호 (2026.12.01~2099.11.30)';

let server: TestServer;
let channel: PublishServer;
let tb: TestBrowser;
let admin: ApiClient;
let ws: string;
let accountId: string;
const login = (email: string) => ({ email, password: PASSWORD });
const open = async (email: string): Promise<Page> => {
  const page = await tb.newPage({ width: 1280, height: 1000 });
  await signIn(page, server.url, login(email), '/publishing');
  return page;
};
/** A datetime-local value (Seoul clock) `ms` from now, rounded up to the next whole minute. */
const slotInput = (ms: number) => {
  const t = Math.ceil((Date.now() + ms) / 60_000) * 60_000;
  return { value: new Date(t + 9 * 3_600_000).toISOString().slice(0, 16), at: t };
};

beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [400, 401, 403], webgl: false, timeout: 15_000 });
  await ensureWebBuild();
  channel = await startPublishServer();
  server = await startTestServer({ adapters: fromAdapters([...(await loadAdapters()).all(), publishTestAdapter()]) });
  ws = server.admin.workspaceId;
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  for (const [email, role] of [
    ['maker@bank.test', 'manager'],
    ['lead@bank.test', 'manager'],
    ['comp@bank.test', 'compliance'],
  ] as const) {
    const r = await admin.post(`/api/v1/w/${ws}/users`, { email, name: email.split('@')[0], role, password: PASSWORD });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  }
  const acc = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'pubtest', name: '소통은행 공식', settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } });
  accountId = acc.body.account?.id ?? acc.body.id;
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
  await channel?.close();
});

describe('publishing', () => {
  it('loan promotion: screen, fix, self-approval refused, two approvals, 심의필 stamp, sent at its slot; crisis stops the next', async () => {
    const slot = slotInput(100_000);
    const maker = await open('maker@bank.test');
    await maker.getByLabel('제목').fill('신용대출 특별 금리');
    await maker.getByLabel('상품 유형').selectOption('loan');
    await maker.getByLabel('발행 시각 (KST)').fill(slot.value);
    await maker.getByLabel('기본 문구').fill(LOAN_BAD);
    await maker.locator('input[data-target="pubtest"]').check();
    // The screen demands the loan warning, live.
    await maker.locator('[data-testid="check-pubtest"] li[data-rule="disclosure.loan_warning"]').waitFor();
    expect(await maker.locator('[data-testid="check-pubtest"] [data-check]').getAttribute('data-check')).toBe('blocked');
    await shot(maker, 'publishing-composer-blocked');
    await maker.getByTestId('pub-save').click();
    await maker.getByRole('status').filter({ hasText: '저장했습니다' }).waitFor();
    await maker.getByTestId('pub-submit').click();
    await maker.getByTestId('pub-error').waitFor();
    // The maker fixes it.
    await maker.getByLabel('기본 문구').fill(LOAN_OK);
    await maker.locator('[data-testid="check-pubtest"] [data-check="ok"]').waitFor();
    await maker.getByTestId('pub-submit').click();
    await maker.locator('.pub-form [data-status="in_review"]').waitFor();

    // Self-approval is refused.
    await maker.locator('[data-tab="approvals"]').click();
    await maker.getByTestId('pub-review').waitFor();
    await maker.getByTestId('pub-approve').click();
    expect(await maker.getByTestId('pub-error').textContent()).toBeTruthy();
    await shot(maker, 'publishing-self-approval');

    // The marketing lead approves the first step.
    const lead = await open('lead@bank.test');
    await lead.locator('[data-tab="approvals"]').click();
    await lead.getByTestId('pub-review').waitFor();
    await lead.getByTestId('pub-approve').click();
    await lead.getByRole('status').filter({ hasText: '처리했습니다' }).waitFor();

    // Compliance approves with the 심의필 number and validity: the stamp appears.
    const comp = await open('comp@bank.test');
    await comp.locator('[data-tab="approvals"]').click();
    await comp.getByTestId('pub-review').waitFor();
    await comp.getByLabel('심의필 번호').fill('2026-0123');
    await comp.getByLabel('유효기간 시작').fill('2026-12-01');
    await comp.getByLabel('유효기간 종료').fill('2099-11-30');
    await comp.getByTestId('pub-approve').click();
    await comp.getByTestId('pub-stamp').filter({ hasText: STAMP }).waitFor();
    expect(await comp.locator('.pub-preview .pub-text').first().textContent()).toContain(STAMP);
    await shot(comp, 'publishing-stamp');
    expect(channel.deliveries).toHaveLength(0);

    // It reaches the channel server at its slot, once, with the stamp. (The slot is 100-160 s away, rounded
    // to the minute: wait until it has passed and a minute more, however long the approvals took.)
    await expect.poll(() => channel.deliveries.length, { timeout: Math.max(30_000, slot.at - Date.now() + 60_000), interval: 500 }).toBe(1);
    expect(channel.deliveries[0]!.at).toBeGreaterThanOrEqual(slot.at - 50);
    expect(channel.deliveries[0]!.text).toContain(STAMP);
    expect(channel.deliveries[0]!.text).toContain('과도한 빚은');

    // The calendar shows it published.
    await maker.locator('[data-tab="calendar"]').click();
    await maker.locator('.pub-entry [data-status="published"]').first().waitFor();
    await shot(maker, 'publishing-calendar');

    // Crisis mode stops the next one: approved for a slot seconds away, paused at its slot, never sent.
    const lc = new ApiClient(server.url);
    await lc.login('lead@bank.test', PASSWORD);
    const cc = new ApiClient(server.url);
    await cc.login('comp@bank.test', PASSWORD);
    const mc = new ApiClient(server.url);
    await mc.login('maker@bank.test', PASSWORD);
    const base = `/api/v1/w/${ws}/publishing`;
    const next = async (inMs: number) => {
      const id = (await mc.post(`${base}/posts`, { title: '다음 게시물', masterText: LOAN_OK, product: 'loan', scheduledAt: new Date(Date.now() + inMs).toISOString(), variants: [{ accountId, target: 'pubtest' }] })).body.id;
      await mc.post(`${base}/posts/${id}/submit`, {});
      await lc.post(`${base}/posts/${id}/approve`, {});
      await cc.post(`${base}/posts/${id}/approve`, { reviewNumber: '2026-0124', validFrom: '2026-12-01', validUntil: '2099-11-30' });
      return id;
    };
    expect((await admin.post(`/api/v1/w/${ws}/listening/crisis`, { active: true, reason: '전산 장애' })).status).toBe(200);
    const paused = await next(3_000);
    const later = await next(3_600_000);
    await expect.poll(async () => (await mc.get(`${base}/posts/${paused}`)).body.variants[0].status, { timeout: 20_000, interval: 500 }).toBe('paused');
    expect(channel.deliveries).toHaveLength(1);

    // The one-click stop-all (admin) stops both.
    const boss = await tb.newPage({ width: 1280, height: 1000 });
    await signIn(boss, server.url, server.admin, '/publishing');
    await boss.getByTestId('pub-stop-all').click();
    await boss.getByRole('dialog').getByRole('button', { name: '전체 발행 중지' }).click();
    await boss.getByTestId('pub-notice').filter({ hasText: '2건' }).waitFor();
    expect((await mc.get(`${base}/posts/${later}`)).body.status).toBe('stopped');
    expect(channel.deliveries).toHaveLength(1);
    expect(tb.errors.filter((e) => !/status of (400|401|403)/.test(e))).toEqual([]);
  }, 360_000);

  it('week view: drag an approved post to another day and hour; the rule sends it back to approval', async () => {
    await admin.post(`/api/v1/w/${ws}/listening/crisis`, { active: false });
    const mc = new ApiClient(server.url);
    await mc.login('maker@bank.test', PASSWORD);
    const lc = new ApiClient(server.url);
    await lc.login('lead@bank.test', PASSWORD);
    const cc = new ApiClient(server.url);
    await cc.login('comp@bank.test', PASSWORD);
    const base = `/api/v1/w/${ws}/publishing`;
    // Next week's Wednesday 09:30 (Seoul): the week view's "next week".
    const now = new Date(Date.now() + 9 * 3_600_000);
    const nextSunday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay() + 7) - 9 * 3_600_000;
    const wed = nextSunday + 3 * 86_400_000 + 9.5 * 3_600_000;
    const text = '소통은행 정기예금 연 3.2% (세전). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 상품설명서를 확인하세요.';
    const id = (await mc.post(`${base}/posts`, { title: '주간 보기 예금', masterText: text, product: 'deposit', scheduledAt: new Date(wed).toISOString(), variants: [{ accountId, target: 'pubtest' }] })).body.id;
    await mc.post(`${base}/posts/${id}/submit`, {});
    await lc.post(`${base}/posts/${id}/approve`, {});
    const ok = await cc.post(`${base}/posts/${id}/approve`, { reviewNumber: '2026-0300', validFrom: '2026-12-01', validUntil: '2099-11-30' });
    expect(ok.body.status).toBe('approved');

    const page = await open('maker@bank.test');
    await page.locator('[data-tab="calendar"]').click();
    await page.locator('[data-view="week"]').click();
    await page.getByRole('button', { name: '다음 주' }).click();
    const thu = new Date(nextSunday + 4 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    const wedDay = new Date(wed + 9 * 3_600_000).toISOString().slice(0, 10);
    const entry = page.locator(`[data-slot="${wedDay}T09"] [data-entry="${id}"]`);
    await entry.waitFor();
    await shot(page, 'publishing-week');
    await entry.dragTo(page.locator(`[data-slot="${thu}T14"]`));
    await page.getByTestId('pub-cal-notice').filter({ hasText: '다시 승인' }).waitFor();
    await page.locator(`[data-slot="${thu}T14"] [data-entry="${id}"]`).waitFor();
    const moved = (await mc.get(`${base}/posts/${id}`)).body;
    // Thursday 14:30 Seoul time: the day and hour of the cell, the minutes kept.
    expect(moved.scheduledAt).toBe(new Date(nextSunday + 4 * 86_400_000 + 14.5 * 3_600_000).toISOString());
    expect(moved.status).toBe('in_review');
    expect(moved.review).toBeNull();
  }, 120_000);

  it('settings screen: a loan chain with a compliance step, the 심의필 template and its preview; compliance only reads', async () => {
    const page = await tb.newPage({ width: 1280, height: 1000 });
    await signIn(page, server.url, server.admin, '/publishing');
    await page.locator('[data-tab="settings"]').click();
    await page.getByTestId('pub-settings').waitFor();
    await page.getByLabel('규칙을 추가할 상품 유형').selectOption('loan');
    await page.getByTestId('pub-add-chain').click();
    const loan = page.locator('[data-chain="loan"]');
    await loan.getByTestId('pub-add-step').click();
    const second = loan.locator('[data-step="1"]');
    await second.getByLabel('단계 이름').fill('여신 준법감시인');
    await second.locator('input[data-role="manager"]').uncheck();
    await second.locator('input[data-role="compliance"]').check();
    await second.locator('input[data-compliance]').check();
    // A template without {number} is refused by the server, with its reason shown.
    await page.getByLabel('심의필 문구').fill('심의필 없음');
    await page.getByTestId('pub-settings-save').click();
    await page.getByTestId('pub-settings-error').waitFor();
    await page.getByLabel('심의필 문구').fill('소통은행 심의필 {number} ({from}~{until})');
    await page.getByTestId('pub-stamp-preview').filter({ hasText: '소통은행 심의필 2026-0123 (2026.12.01~2027.11.30)' }).waitFor();
    await page.getByTestId('pub-settings-save').click();
    await page.getByTestId('pub-settings-saved').waitFor();
    await shot(page, 'publishing-settings');
    const saved = (await admin.get(`/api/v1/w/${ws}/publishing/settings`)).body;
    expect(saved.reviewTemplate).toBe('소통은행 심의필 {number} ({from}~{until})');
    const chain = saved.chains.find((c: { product: string }) => c.product === 'loan');
    expect(chain.steps.map((st: { name: string; roles: string[]; compliance?: boolean }) => [st.name, st.roles, Boolean(st.compliance)])).toEqual([
      ['새 단계', ['manager', 'admin'], false],
      ['여신 준법감시인', ['compliance'], true],
    ]);
    // A new loan post follows it.
    const mc = new ApiClient(server.url);
    await mc.login('maker@bank.test', PASSWORD);
    const base = `/api/v1/w/${ws}/publishing`;
    const id = (await mc.post(`${base}/posts`, { title: '대출', masterText: LOAN_OK, product: 'loan', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), variants: [{ accountId, target: 'pubtest' }] })).body.id;
    expect((await mc.post(`${base}/posts/${id}/submit`, {})).body.chain.map((c: { name: string }) => c.name)).toEqual(['새 단계', '여신 준법감시인']);
    // Compliance sees the settings and cannot change them.
    const comp = await open('comp@bank.test');
    await comp.locator('[data-tab="settings"]').click();
    await comp.getByTestId('pub-settings').waitFor();
    expect(await comp.getByTestId('pub-settings-save').count()).toBe(0);
    expect(await comp.getByLabel('심의필 문구').isDisabled()).toBe(true);
  }, 120_000);
});
