/**
 * Corrections in real Chromium against the real program: an agent-facing item in Listening is corrected
 * from its menu in one click, shows the person's label at once (marked), the workspace model learns a
 * version in the background (no debounce here: SOTONG_ADAPT_DELAY_MS=0), Settings → Analysis model shows it
 * with its figures, recent items are re-scored by it, and the admin rolls back to the base models.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { post, startCorrectionsEnv, waitFor, type CorrectionsEnv } from '../corrections/support.js';

let env: CorrectionsEnv;
let tb: TestBrowser;
const signIn = (page: Page, hash = '') => signInAt(page, env.server.url, env.server.admin, hash);

beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [401], webgl: false, timeout: 15_000 });
  await ensureWebBuild();
  env = await startCorrectionsEnv({ env: { SOTONG_ADAPT_DELAY_MS: '0' } });
  await env.deliver([post('c1', '소통페이 룰렛 이벤트 뿌잉뿌잉 대박', 3), post('c2', '소통페이 출석체크 뿌잉뿌잉 또 할래요', 2), post('c3', '카드 분실했어요 정지 어떻게 하나요?', 1)]);
  await waitFor('three items', async () => (await env.items()).size === 3);
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await env?.close();
});

describe('corrections', () => {
  it('corrects an item in one click, learns a workspace model version, re-scores items and rolls back', async () => {
    const items = await env.items();
    const c1 = items.get('c1')!;
    const target = c1.analysis.sentiment.label === 'negative' ? { label: 'positive', word: '긍정' } : { label: 'negative', word: '부정' };
    const page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, '/listening');
    const card = page.locator(`[data-testid="item-card"][data-item-id="${c1.id}"]`);
    await card.waitFor();
    await card.getByTestId('correct-button').click();
    const menu = card.getByTestId('correct-menu');
    await menu.getByRole('menuitemradio', { name: target.word }).click();
    // The person's label wins at once, marked as corrected by a person.
    await card.getByTestId('corrected-mark').waitFor();
    expect(await card.getByTestId('sentiment-badge').textContent()).toContain(target.word);
    await shot(page, 'corrections-item');

    // Settings → Analysis model: a version learned in the background, in use, with its figures.
    await page.goto(`${env.server.url}/#/settings/adaptation`);
    await page.getByTestId('adaptation-page').waitFor();
    await page.getByTestId('active-version').filter({ hasText: 'v1' }).waitFor({ timeout: 30_000 });
    const row = page.locator('[data-testid="versions-table"] tr[data-version="1"]');
    expect(await row.getAttribute('data-active')).toBe('true');
    expect(await row.textContent()).toContain('사용 중');
    expect(await page.getByTestId('recent-corrections').textContent()).toContain('뿌잉뿌잉');
    await shot(page, 'corrections-settings');

    // Recent items were re-scored by v1; the corrected one keeps the person's label.
    await waitFor('re-scored items', async () => (await env.items()).get('c2')!.analysis.adaptation?.version === 1);
    await page.goto(`${env.server.url}/#/listening`);
    const c2card = page.locator(`[data-testid="item-card"][data-item-id="${items.get('c2')!.id}"]`);
    await c2card.getByTestId('adaptation-mark').filter({ hasText: 'v1' }).waitFor();
    expect(await card.getByTestId('sentiment-badge').textContent()).toContain(target.word);
    expect(await card.getByTestId('corrected-mark').count()).toBe(1);

    // Roll back to the base models alone: the version stays, none is in use.
    await page.goto(`${env.server.url}/#/settings/adaptation`);
    await page.getByTestId('use-none').click();
    await page.getByRole('dialog').getByRole('button', { name: '기본 모델만 사용' }).click();
    await page.getByTestId('active-version').filter({ hasText: '없음' }).waitFor();
    expect(await page.locator('[data-testid="versions-table"] tr[data-version="1"]').getAttribute('data-active')).toBe('false');
    await waitFor('re-scored without adaptation', async () => !(await env.items()).get('c2')!.analysis.adaptation);
    expect(tb.errors).toEqual([]);
  });
});
