/**
 * The newest screens in English, in real Chromium against the real program (fresh embedded store, built
 * web UI, the demo workspace with two days of demo history): sign in, switch to English with the header's
 * language switch, and visit Inbox → Reports, the routing-rule builder, and the Listening tabs
 * Notifications, Weekly reports (with the report form), Communication and Alerts (with the crisis-drill
 * dialog). On each, no Hangul may be left in the main content or an open dialog — visible text, option
 * labels, placeholders, aria-labels and titles — except user data: the demo workspace's name, its query
 * names and the builder's example keywords. The same check first runs on a Korean screen, where it must
 * find Hangul, so it cannot pass by reading nothing. Screenshots land in test/e2e/.out/en-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
/** The new-rule template's keywords and tag (Korean on purpose: they match Korean customer messages). */
const RULE_TEMPLATE_KEYWORDS = ['환불', '해지'];

let server: TestServer;
let tb: TestBrowser;
let page: Page;
let userData: string[] = [];

/** Every line of text in `main` and open dialogs (visible text and the attributes people read) that holds Hangul. */
async function hangulLines(): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    for (const root of document.querySelectorAll('main, [role=dialog]')) {
      parts.push((root as HTMLElement).innerText);
      for (const el of root.querySelectorAll('[placeholder], [aria-label], [title], option, legend')) {
        for (const a of ['placeholder', 'aria-label', 'title']) parts.push(el.getAttribute(a) ?? '');
        if (el.tagName === 'OPTION') parts.push(el.textContent ?? '');
      }
    }
    return parts.join('\n');
  });
  return [...new Set(text.split('\n'))].filter((line) => HANGUL.test(line));
}

/** Takes a screenshot and expects no Hangul apart from the user data named. */
async function expectEnglish(name: string): Promise<void> {
  await shot(page, `en-${name}`, { fullPage: true });
  const left = (await hangulLines()).filter((line) => {
    let rest = line;
    for (const d of userData) rest = rest.split(d).join('');
    return HANGUL.test(rest);
  });
  expect(left, name).toEqual([]);
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ demoHistoryDays: 2, demoRate: 0 });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const base = `/api/v1/w/${server.admin.workspaceId}`;
  const queries = (await api.get(`${base}/listening/queries`)).body.queries as Array<{ name: string }>;
  expect(queries.length).toBeGreaterThan(0);
  const workspaces = (await api.get('/api/v1/auth/me')).body.workspaces as Array<{ name: string }> | undefined;
  userData = [...(workspaces ?? []).map((w) => w.name), '데모은행', ...queries.map((q) => q.name), ...RULE_TEMPLATE_KEYWORDS]
    // Longest first, so a name is not left half-removed by a shorter one inside it.
    .sort((a, b) => b.length - a.length);
  tb = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('the newest screens in English', () => {
  it('finds Hangul on a Korean screen (the check reads the page)', async () => {
    page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, server.url, server.admin, '/listening/notifications');
    await page.getByTestId('smtp-card').waitFor();
    expect((await hangulLines()).length).toBeGreaterThan(5);
  });

  it('switches to English with the header’s language switch', async () => {
    await page.locator('header.topbar').getByRole('button', { name: 'English' }).click();
    await expect(page.locator('header.topbar').getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('heading', { name: 'SMTP server' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('Inbox → Reports', async () => {
    await page.goto(`${server.url}/#/inbox/reports`);
    await page.getByTestId('report').waitFor();
    await page.getByRole('heading', { name: 'Inbox reports' }).waitFor();
    await expectEnglish('inbox-reports');
  });

  it('Settings → Inbox → Routing rules → New rule', async () => {
    await page.goto(`${server.url}/#/settings/inbox/rules/new`);
    await page.getByTestId('rule-builder').waitFor();
    await page.getByRole('heading', { name: 'New rule' }).waitFor();
    await expectEnglish('rule-new');
  });

  it('Listening → Notifications, with the e-mail and webhook channel forms', async () => {
    await page.goto(`${server.url}/#/listening/notifications`);
    await page.getByTestId('add-channel').click();
    await page.getByLabel('Recipients (comma or line separated)').waitFor();
    await expectEnglish('notifications-email');
    await page.getByTestId('channels-card').getByLabel('Type').selectOption('webhook');
    await page.getByLabel('Webhook URL').waitFor();
    await expectEnglish('notifications-webhook');
  });

  it('Listening → Weekly reports, with the report form', async () => {
    await page.goto(`${server.url}/#/listening/reports`);
    await page.getByText('No weekly reports scheduled.').waitFor();
    await expectEnglish('reports');
    await page.getByTestId('new-report').click();
    await page.getByRole('dialog').getByText('Queries to include (none chosen: all)').waitFor();
    await expectEnglish('reports-new');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('Listening → Weekly reports: "Send now" without a mail server says what to set up', async () => {
    const api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
    const created = await api.post(`/api/v1/w/${server.admin.workspaceId}/listening/reports`, { name: 'Weekly summary', recipients: ['ceo@bank.test'], weekday: 1, hour: 9 });
    expect(created.status).toBe(201);
    await page.goto(`${server.url}/#/listening/reports`);
    await page.reload();
    await page.getByTestId('report-send').click();
    await page.getByText('No mail server is set up yet. Add one under Listening → Notifications first.').waitFor();
    expect(await page.getByTestId('report-list').innerText()).not.toContain('PUT /listening/smtp');
    await expectEnglish('reports-send-no-smtp');
    // The refused send is the one expected console error (400) of this file; nothing else may be there.
    expect(tb.errors).toEqual([expect.stringContaining('status of 400')]);
    tb.errors.length = 0;
    expect((await api.delete(`/api/v1/w/${server.admin.workspaceId}/listening/reports/${created.body.report.id}`)).status).toBe(204);
  });

  it('Listening → Communication', async () => {
    await page.goto(`${server.url}/#/listening/communication`);
    await page.getByTestId('chart-comm-rate').locator('canvas').first().waitFor();
    await expectEnglish('communication');
  });

  it('Listening → Alerts, with the crisis-drill dialog', async () => {
    await page.goto(`${server.url}/#/listening/alerts`);
    await page.getByTestId('drill-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start drill' }).waitFor();
    await expectEnglish('alerts-drill');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(tb.errors).toEqual([]);
  });
});
