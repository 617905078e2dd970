/**
 * The web shell in real Chromium against the real program (fresh embedded store, built web UI):
 * sign in, Korean first, switch to English and back, Settings → Users → add an agent,
 * audit log and API tokens, and the phone layout. Screenshots land in test/e2e/.out/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const KO_NAV = ['받은편지함', '리스닝', '네트워크', '게시', '고객', '사내 마이크로블로그', '설정'];
const EN_NAV = ['Inbox', 'Listening', 'Network', 'Publishing', 'Customers', 'Microblog', 'Settings'];

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let tb: TestBrowser;

/** Signs in as the admin and waits for the first screen's heading. */
async function signIn(page: Page): Promise<void> {
  await signInAt(page, server.url, server.admin);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

async function navLabels(page: Page, name: string): Promise<string[]> {
  const links = page.getByRole('navigation', { name }).getByRole('link');
  await links.last().waitFor();
  return (await links.allInnerTexts()).map((s) => s.trim());
}

beforeAll(async () => {
  // The browser logs every 4xx answer; 401 (not signed in, wrong password) and 429 (throttled) are expected here.
  tb = await launchBrowser({ allowStatuses: [401, 429], webgl: false, timeout: 10_000 });
  await ensureWebBuild();
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('web shell', () => {
  it('signs in, speaks Korean then English then Korean, and adds an agent in Settings → Users', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await page.goto(server.url);

    // Login screen, Korean by default.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await page.getByRole('heading', { name: '로그인' }).waitFor();
    await shot(page, 'login-1280');

    // Wrong password: a clear error in Korean.
    await page.getByLabel('이메일').fill(server.admin.email);
    await page.getByLabel('비밀번호').fill('not-the-password');
    await page.getByRole('button', { name: '로그인' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('이메일 또는 비밀번호가 올바르지 않습니다');

    await signIn(page);
    expect(await navLabels(page, '주 메뉴')).toEqual(KO_NAV);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/inbox');
    await page.getByRole('heading', { level: 1, name: '받은편지함' }).waitFor();
    await page.getByRole('navigation', { name: '보기' }).getByRole('button', { name: '내 담당' }).waitFor();
    expect(await page.getByLabel('워크스페이스').inputValue()).toBe(server.admin.workspaceId);
    await shot(page, 'inbox-ko-1280');

    // English: labels, <html lang>, and the choice is kept by the account and the browser.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await navLabels(page, 'Main menu')).toEqual(EN_NAV);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await shot(page, 'inbox-en-1280');
    await page.waitForLoadState('networkidle');
    await page.reload();
    expect(await navLabels(page, 'Main menu')).toEqual(EN_NAV);

    // And back to Korean.
    await page.getByRole('button', { name: '한국어' }).click();
    expect(await navLabels(page, '주 메뉴')).toEqual(KO_NAV);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');

    // The user menu holds password change and sign-out.
    await page.getByRole('button', { name: /사용자 메뉴/ }).click();
    await page.getByRole('menuitem', { name: '비밀번호 변경' }).waitFor();
    await page.getByRole('menuitem', { name: '로그아웃' }).waitFor();
    await page.keyboard.press('Escape');

    // Settings → Users → add an agent.
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '설정' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings/users');
    const table = page.getByTestId('users-table');
    await table.getByText(server.admin.email).waitFor();
    await page.getByRole('button', { name: '사용자 추가' }).click();
    await page.getByLabel('이메일').fill('agent.kim@demo.sotong.local');
    await page.getByLabel('이름').fill('김상담');
    await page.getByLabel('역할', { exact: true }).selectOption('agent');
    await page.getByRole('button', { name: '추가', exact: true }).click();
    await page.getByText('agent.kim@demo.sotong.local 사용자를 추가했습니다.').waitFor();
    const initialPassword = (await page.getByTestId('secret-value').innerText()).trim();
    expect(initialPassword.length).toBeGreaterThanOrEqual(10);
    const row = table.locator('tr', { hasText: 'agent.kim@demo.sotong.local' });
    await row.waitFor();
    expect(await row.innerText()).toContain('김상담');
    expect(await row.getByRole('combobox').inputValue()).toBe('agent');
    expect(await row.innerText()).toContain('활성');
    await shot(page, 'settings-users-ko-1280');

    // The new user is in the list after a reload too (it came from the server, not only from the form).
    await page.reload();
    await page.getByTestId('users-table').locator('tr', { hasText: 'agent.kim@demo.sotong.local' }).waitFor();

    // Roles: read-only matrix with the admin column marked as mine.
    await page.getByRole('link', { name: '역할', exact: true }).click();
    await page.getByRole('heading', { name: '역할과 권한' }).waitFor();
    await page.getByRole('columnheader', { name: /관리자/ }).waitFor();
    await shot(page, 'settings-roles-ko-1280');

    // Audit log: the user creation is there, with its before/after diff.
    await page.getByRole('link', { name: '감사 로그' }).click();
    const audit = page.getByTestId('audit-table');
    await audit.waitFor();
    // Actions by their names in Korean (the code only in the tooltip), targets by name, times labelled KST.
    const created = audit.locator('tr', { hasText: '사용자 추가' }).first();
    await created.waitFor();
    expect(await audit.innerText()).not.toMatch(/user\.created|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(await created.locator('time').innerText()).toMatch(/KST$/);
    // One clock (docs/adr/0004-one-clock.md): a browser set to New York reads the same KST time.
    const seoulTime = await created.locator('time').innerText();
    const ny = await tb.newPage({ width: 1280, height: 900 }, { timezoneId: 'America/New_York' });
    await ny.context().addCookies(await page.context().cookies());
    await ny.goto(page.url());
    const nyRow = ny.getByTestId('audit-table').locator('tr', { hasText: '사용자 추가' }).first();
    expect(await nyRow.locator('time').innerText()).toBe(seoulTime);
    expect(await ny.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await ny.close();
    await created.getByRole('button', { name: '변경 내용' }).click();
    await page.locator('table.diff, .diff-row').first().waitFor();
    await shot(page, 'settings-audit-ko-1280');

    // API tokens: create one, its secret shows once, then revoke it.
    await page.getByRole('link', { name: 'API 토큰' }).click();
    await page.getByRole('button', { name: '토큰 만들기' }).click();
    await page.getByLabel('이름').fill('콜센터 연동');
    await page.getByRole('button', { name: '만들기', exact: true }).click();
    await page.getByText('새 토큰: 콜센터 연동').waitFor();
    expect((await page.getByTestId('secret-value').innerText()).trim().length).toBeGreaterThan(16);
    await page.getByTestId('tokens-table').getByText('콜센터 연동').waitFor();
    await shot(page, 'settings-tokens-ko-1280');
    // Revoking asks first, in the app's own dialog (not the browser's).
    await page.getByTestId('tokens-table').getByRole('button', { name: '폐기' }).click();
    const revoke = page.getByRole('dialog', { name: '토큰 폐기' });
    await revoke.getByText('‘콜센터 연동’ 토큰을 폐기할까요?', { exact: false }).waitFor();
    await revoke.getByRole('button', { name: '폐기' }).click();
    await revoke.waitFor({ state: 'detached' });
    await page.getByText('발급된 토큰이 없습니다.').waitFor();

    // Sign out from the user menu, then sign in as the new agent: the role decides what is shown.
    await page.getByRole('button', { name: /사용자 메뉴/ }).click();
    await shot(page, 'user-menu-ko-1280');
    await page.getByRole('menuitem', { name: '로그아웃' }).click();
    await page.getByRole('heading', { name: '로그인' }).waitFor();
    await page.getByLabel('이메일').fill('agent.kim@demo.sotong.local');
    await page.getByLabel('비밀번호').fill(initialPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByRole('heading', { level: 1, name: '받은편지함' }).waitFor();
    const agentNav = await navLabels(page, '주 메뉴');
    expect(agentNav).not.toContain('설정');
    expect(agentNav).not.toContain('네트워크'); // network.read is not an agent's
    expect(agentNav).toEqual(expect.arrayContaining(['받은편지함', '리스닝', '사내 마이크로블로그']));
    await page.goto(`${server.url}/#/settings/users`);
    await page.getByRole('heading', { name: '현재 역할로는 이 화면을 볼 수 없습니다.' }).waitFor();

    // The agent changes the one-time password; every session ends, so it is back to sign-in.
    await page.getByRole('button', { name: /사용자 메뉴/ }).click();
    await page.getByRole('menuitem', { name: '비밀번호 변경' }).click();
    const dialog = page.getByRole('dialog', { name: '비밀번호 변경' });
    await dialog.getByLabel('현재 비밀번호').fill(initialPassword);
    await dialog.getByLabel('새 비밀번호', { exact: true }).fill('short');
    await dialog.getByLabel('새 비밀번호 확인').fill('short');
    await dialog.getByRole('button', { name: '변경' }).click();
    await dialog.getByText('비밀번호는 10자 이상이어야 합니다.').waitFor();
    await dialog.getByLabel('새 비밀번호', { exact: true }).fill('바다-하늘-2025-soTong');
    await dialog.getByLabel('새 비밀번호 확인').fill('바다-하늘-2025-soTong');
    await shot(page, 'change-password-ko-1280');
    await dialog.getByRole('button', { name: '변경' }).click();
    await dialog.getByText('비밀번호를 변경했습니다.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '로그인' }).click();
    await page.getByText('새 비밀번호로 다시 로그인하세요', { exact: false }).waitFor();
    await page.getByLabel('이메일').fill('agent.kim@demo.sotong.local');
    await page.getByLabel('비밀번호').fill('바다-하늘-2025-soTong');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByRole('button', { name: '사용자 메뉴: 김상담' }).waitFor();

    expect(tb.errors).toEqual([]);
  });

  it('says clearly when sign-in is throttled, in either language', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await page.goto(server.url);
    const email = 'nobody@demo.sotong.local';
    const alert = page.getByTestId('login-error');
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('이메일').fill(email);
      await page.getByLabel('비밀번호').fill(`wrong-${i}`);
      await page.getByRole('button', { name: '로그인' }).click();
      await alert.waitFor();
      await expect.poll(() => page.getByRole('button', { name: '로그인' }).isEnabled()).toBe(true);
      if ((await alert.innerText()).includes('너무 많습니다')) break;
    }
    expect(await alert.innerText()).toMatch(/로그인 시도가 너무 많습니다\. \d+분 후에 다시 시도하세요\./);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await alert.innerText()).toMatch(/Too many sign-in attempts\. Try again in \d+ min\./);
    await shot(page, 'login-throttled-en-1280');
    await page.getByRole('button', { name: '한국어' }).click();
    expect(tb.errors).toEqual([]);
  });

  it('collapses the navigation into a menu on a phone (390×844)', async () => {
    const page = await tb.newPage({ width: 390, height: 844 });
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: '받은편지함' }).waitFor();
    const nav = page.getByRole('navigation', { name: '주 메뉴' });
    const toggle = page.getByRole('button', { name: '메뉴 열기' });
    expect(await toggle.isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: '네트워크' }).isVisible()).toBe(false);
    // Nothing may stick out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'inbox-ko-390');

    await toggle.click();
    await nav.getByRole('link', { name: '네트워크' }).waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // let the slide-in finish before the picture
    await shot(page, 'menu-open-ko-390');
    await nav.getByRole('link', { name: '설정' }).click();
    await page.getByTestId('users-table').waitFor();
    expect(await nav.getByRole('link', { name: '네트워크' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'settings-users-ko-390');

    expect(tb.errors).toEqual([]);
  });
});
