/**
 * Two-step verification and sessions in real Chromium: set up TOTP from the Security page (secret
 * shown, code from it, recovery codes shown once), then sign in again through the second step with a
 * recovery code; the sessions table shows both sessions and ends the other one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { base32Decode, totp } from '../../src/modules/identity/totp.js';

let server: TestServer;
let tb: TestBrowser;

beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [401], webgl: false, timeout: 15_000 });
  await ensureWebBuild();
  server = await startTestServer({ roles: ['web'] });
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('security page', () => {
  it('sets up two-step verification, signs in with a recovery code, and ends the other session', async () => {
    const page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, server.url, server.admin);
    await page.locator('.user-btn').click();
    await page.getByRole('menuitem', { name: '보안 및 세션' }).click();
    await page.getByRole('heading', { name: '보안 및 세션' }).waitFor();
    await expect.poll(() => page.getByTestId('mfa-status').innerText()).toBe('사용 안 함');
    await page.getByRole('button', { name: '2단계 인증 켜기' }).click();
    const secret = await page.getByLabel('비밀 키 (한 번만 표시됩니다)').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByLabel('인증 앱 주소 (otpauth)').inputValue()).toContain(`secret=${secret}`);
    await page.getByLabel('인증 코드').fill(totp(base32Decode(secret), Date.now()));
    await page.getByRole('button', { name: '코드 확인 후 켜기' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('code').allInnerTexts()).map((s) => s.trim());
    expect(codes).toHaveLength(10);
    await expect.poll(() => page.getByTestId('mfa-status').innerText()).toBe('사용 중 (복구 코드 10개 남음)');
    await shot(page, 'security-mfa-on');

    // A second browser: password, then the second step; a wrong code is refused in words.
    const other = await tb.newPage({ width: 1280, height: 900 });
    await other.goto(server.url);
    await other.getByLabel('이메일').fill(server.admin.email);
    await other.getByLabel('비밀번호').fill(server.admin.password);
    await other.getByRole('button', { name: '로그인' }).click();
    await other.getByRole('heading', { name: '2단계 인증' }).waitFor();
    await other.getByLabel('인증 코드').fill('000000');
    await other.getByRole('button', { name: '확인' }).click();
    await expect.poll(() => other.getByTestId('mfa-error').innerText()).toContain('인증 코드가 올바르지 않습니다');
    await shot(other, 'login-second-step');
    await other.getByLabel('인증 코드').fill(codes[0]!);
    await other.getByRole('button', { name: '확인' }).click();
    await other.locator('nav#main-nav a').first().waitFor({ state: 'attached' });

    // Back in the first: two sessions; end the other one.
    await page.reload();
    await page.getByTestId('session-row').nth(1).waitFor();
    expect(await page.getByTestId('session-row').count()).toBe(2);
    expect(await page.getByTestId('sessions-card').innerText()).toContain('현재 세션');
    await page.getByRole('button', { name: '다른 세션 모두 종료' }).click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    await shot(page, 'security-sessions');
    expect(tb.errors).toEqual([]);
  }, 120_000);
});
