/**
 * Crisis drill end to end, in real Chromium against the real program (fresh embedded store, built web
 * UI, the demo workspace with two weeks of demo history and its seeded monitoring queries): set up SMTP
 * and two alert channels in the Notifications tab (a local SMTP server and a local webhook receiver that
 * verifies the HMAC signature with the secret the UI showed once), route the brand query's alerts to
 * them, run the crisis drill from the Alerts tab — the demo replays the scripted login-outage spike —
 * and see the alert appear live, arrive by e-mail and by signed webhook, and the dashboard's drill-down
 * list the spike's posts. Then the weekly report preview and the communication index. Screenshots land
 * in test/e2e/.out/.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPosts, spikeScenario } from '../../src/demo/dataset/index.js';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startHookReceiver, startSmtpSink, type HookReceiver, type SmtpSink } from '../support/notify-sinks.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let tb: TestBrowser;
let api: ApiClient;
let smtp: SmtpSink;
let receiver: HookReceiver;
let webhookSecret = '';
let base = '';
let brandId = '';
let page: Page;

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(server.runtime.services.store.db)).rows[0]!.n);

/** What the server had when the alert did not show: its alerts, the brand query's matches by hour, the drill. */
async function diagnose(): Promise<string> {
  const db = server.runtime.services.store.db;
  const alerts = (await api.get(`${base}/alerts`)).body.alerts as Array<{ queryName: string; kind: string; hourStart: string; observed: number; status: string }>;
  const hours = await sql<{ hour: Date; n: number; negative: number }>`select date_trunc('hour', created_at) as hour, count(*)::int8 as n, count(*) filter (where sentiment = 'negative')::int8 as negative
    from query_matches where query_id = ${brandId} and created_at > now() - interval '3 hours' group by 1 order by 1`.execute(db);
  const drill = (await api.get(`/api/v1/w/${server.admin.workspaceId}/demo/crisis-drill`)).body;
  const recent = await sql<{ n: number }>`select count(*)::int8 as n from items where workspace_id = ${server.admin.workspaceId} and created_at > now() - interval '10 minutes'`.execute(db);
  return [
    `now ${new Date().toISOString()}`,
    `alerts ${JSON.stringify(alerts.map((a) => [a.queryName, a.kind, a.hourStart, a.observed, a.status]))}`,
    `brand matches by hour ${JSON.stringify(hours.rows)}`,
    `drill ${JSON.stringify(drill)}`,
    `items posted in the last 10 minutes ${recent.rows[0]!.n}`,
  ].join('\n');
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  receiver = await startHookReceiver();
  await ensureWebBuild();
  // Every channel adapter (the demo posts use them all), two weeks of demo history, no live replay.
  server = await startTestServer({ demoHistoryDays: 14, demoRate: 0 });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  base = `/api/v1/w/${ws}/listening`;
  // The demo queries were seeded on the first start; their backfills end with history counted from two weeks back.
  const queries = (await api.get(`${base}/queries`)).body.queries as Array<{ id: string; name: string; setId: string | null }>;
  expect(queries.map((q) => q.name)).toEqual(['한빛은행', '한빛카드', '한빛 모바일뱅킹', '누리은행', '다온카드']);
  brandId = queries[0]!.id;
  await until(async () => (await count(sql`select count(*)::int8 as n from items where workspace_id = ${ws}`)) >= demoPosts.length, 180_000, 'demo history stored');
  await until(async () => (await count(sql`select count(*)::int8 as n from listening_backfills where workspace_id = ${ws} and status <> 'done'`)) === 0, 120_000, 'demo query backfills');
  // Matching at ingest settles: the brand query's match count stops moving.
  let last = -1;
  await until(
    async () => {
      const n = await count(sql`select count(*)::int8 as n from query_matches where query_id = ${brandId}`);
      const settled = n === last && n > 0;
      last = n;
      if (!settled) await new Promise((r) => setTimeout(r, 1500));
      return settled;
    },
    120_000,
    'history matched',
  );
  tb = await launchBrowser();
}, 480_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
  await smtp?.close();
  await receiver?.close();
});

describe('crisis drill in the browser', () => {
  it('shows the seeded demo dashboards with data and a share-of-voice set', async () => {
    page = await tb.newPage();
    await signIn(page, server.url, server.admin, `/listening/dashboard/query/${brandId}`);
    const total = page.getByTestId('total-count');
    await expect.poll(async () => Number((await total.innerText()).replace(/\D/g, '')), { timeout: 20_000 }).toBeGreaterThan(100);
    await page.getByTestId('chart-volume').locator('canvas').first().waitFor();
    const sets = (await api.get(`${base}/sets`)).body.sets as Array<{ id: string; queries: Array<{ name: string }> }>;
    expect(sets).toHaveLength(1);
    expect(sets[0]!.queries.map((q) => q.name)).toEqual(['한빛은행', '누리은행', '다온카드']);
    const sov = (await api.get(`${base}/sets/${sets[0]!.id}/dashboard`)).body.shareOfVoice;
    expect(sov.entries.filter((e: { count: number }) => e.count > 0).length).toBe(3);
    await shot(page, 'crisis-demo-dashboard-1280');
  }, 60_000);

  it('sets up SMTP and two alert channels in the Notifications tab, with tests that arrive', async () => {
    await page.goto(`${server.url}/#/listening/notifications`);
    await expect(page.locator('.ld-tab[aria-current="page"]').innerText()).resolves.toBe('알림 설정');
    const smtpPort = smtp.port;
    const card = page.getByTestId('smtp-card');
    await card.getByLabel('호스트', { exact: true }).fill('127.0.0.1');
    await card.getByLabel('포트', { exact: true }).fill(String(smtpPort));
    await card.getByLabel('보내는 사람').fill('소통 알림 <alerts@demo.test>');
    await card.getByTestId('smtp-save').click();
    await card.getByText('SMTP 설정을 저장했습니다.').waitFor();
    await card.getByLabel('테스트 메일 받을 주소').fill('ops@demo.test');
    await card.getByTestId('smtp-test').click();
    await card.getByText('ops@demo.test(으)로 테스트 메일을 보냈습니다.').waitFor();
    await until(async () => smtp.mails.some((m) => m.subject === '[소통] SMTP 테스트 / SMTP test'), 10_000, 'SMTP test mail');

    const channels = page.getByTestId('channels-card');
    await channels.getByTestId('add-channel').click();
    await channels.getByLabel('이름').fill('홍보팀');
    await channels.getByLabel('받는 사람 (쉼표나 줄바꿈으로 구분)').fill('pr@demo.test, cx@demo.test');
    await channels.getByTestId('create-channel').click();
    await channels.getByTestId('notify-channel').filter({ hasText: '홍보팀' }).waitFor();

    await channels.getByTestId('add-channel').click();
    await channels.getByLabel('종류').selectOption('webhook');
    await channels.getByLabel('이름').fill('상황실 웹훅');
    await channels.getByLabel('웹훅 URL').fill(receiver.url);
    await channels.getByTestId('create-channel').click();
    // The signing secret is shown once.
    webhookSecret = (await channels.getByTestId('secret-value').innerText()).trim();
    receiver.secret = webhookSecret;
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    await shot(page, 'crisis-notifications-1280');
    await channels.getByRole('button', { name: '닫기' }).click();
    await expect(channels.getByTestId('secret-value').count()).resolves.toBe(0);
    expect(JSON.stringify((await api.get(`${base}/notify-channels`)).body)).not.toContain(webhookSecret);

    const hookRow = channels.getByTestId('notify-channel').filter({ hasText: '상황실 웹훅' });
    await hookRow.getByTestId('channel-test').click();
    await hookRow.getByText('“상황실 웹훅”(으)로 테스트 알림을 보냈습니다.').waitFor();
    expect(receiver.hooks.at(-1)).toMatchObject({ event: 'listening.test', verified: true });
  }, 60_000);

  it('routes the brand query’s alerts to both channels in the query form', async () => {
    await page.goto(`${server.url}/#/listening/queries`);
    const row = page.locator('.ld-query').filter({ has: page.getByRole('link', { name: '한빛은행', exact: true }) });
    await row.getByRole('button', { name: '쿼리 수정' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('홍보팀 (이메일)').check();
    await dialog.getByLabel('상황실 웹훅 (웹훅)').check();
    await dialog.getByTestId('save-query').click();
    await dialog.waitFor({ state: 'detached' });
    const q = (await api.get(`${base}/queries/${brandId}`)).body.query;
    expect(q.alert.channelIds).toHaveLength(2);
  }, 30_000);

  it('runs the crisis drill: the alert appears live, arrives by e-mail and signed webhook, and the drill-down lists the spike', async () => {
    await page.goto(`${server.url}/#/listening/alerts`);
    await page.getByText('위기 알림이 없습니다.').waitFor();
    // The drill-down below looks at the last hour's bucket: a drill of 30 s is not started in an hour's last
    // 90 s (across the boundary the alert still comes, test/listening/crisis-boundary.test.ts; the bucket splits).
    const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
    if (toNextHour < 90_000) await new Promise((r) => setTimeout(r, toNextHour + 2_000));
    await page.getByTestId('drill-button').click();
    await page.getByRole('dialog').getByRole('button', { name: '훈련 시작' }).click();
    await page.getByTestId('drill-running').waitFor();
    await shot(page, 'crisis-drill-running-1280');

    // Live, without a reload: the banner and the brand query's card. When it does not come, say what the server had.
    await page
      .getByTestId('alert-banner')
      .waitFor({ timeout: 150_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await diagnose()}`);
      });
    const card = page.getByTestId('alert-card').filter({ has: page.getByRole('link', { name: '한빛은행', exact: true }) });
    await card.waitFor({ timeout: 60_000 });
    expect(await card.getAttribute('data-status')).toBe('open');
    await shot(page, 'crisis-alert-1280');
    const alert = ((await api.get(`${base}/alerts?queryId=${brandId}`)).body.alerts as Array<{ id: string; observed: number; notified: boolean; topItems: Array<{ text: string }> }>)[0]!;
    expect(alert.observed).toBeGreaterThanOrEqual(10);
    expect(alert.notified).toBe(true);
    const spikeTexts = spikeScenario.map((p) => p.text.slice(0, 24));
    expect(alert.topItems.some((i) => spikeTexts.some((s) => i.text.startsWith(s)))).toBe(true);

    // E-mail to both recipients, through the local SMTP server.
    await until(async () => smtp.mails.some((m) => /위기 알림 .*: 한빛은행 /.test(m.subject ?? '')), 60_000, 'alert e-mail');
    const mail = smtp.mails.find((m) => /위기 알림 .*: 한빛은행 /.test(m.subject ?? ''))!;
    expect((mail.to as { value: Array<{ address: string }> }).value.map((v) => v.address)).toEqual(['pr@demo.test', 'cx@demo.test']);
    expect(mail.text).toContain('한빛은행');
    // The webhook, signed with the secret shown once (HMAC-SHA256 over timestamp + body, checked by the receiver).
    await until(async () => receiver.hooks.some((h) => h.event === 'listening.alert'), 60_000, 'alert webhook');
    const hook = receiver.hooks.find((h) => h.event === 'listening.alert')!;
    expect(hook.verified).toBe(true);
    expect(hook.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hook.body).toMatchObject({ type: 'listening.alert', alert: { id: alert.id, queryName: '한빛은행' } });

    // From the alert to the dashboard, and from the spike's hour to its posts.
    await card.getByRole('link', { name: '한빛은행', exact: true }).click();
    await page.waitForURL(/#\/listening\/dashboard\/query\//);
    await page.locator('[data-period="24h"]').click();
    await page.getByTestId('chart-volume').locator('canvas').first().waitFor();
    await page.getByTestId('chart-volume').getByText('표로 보기').click();
    await page.getByTestId('bucket-drill').last().click();
    const panel = page.getByTestId('drill-panel');
    await panel.locator('article').first().waitFor();
    const texts = await panel.locator('article').allInnerTexts();
    const fromSpike = texts.filter((t) => spikeTexts.some((s) => t.includes(s)));
    expect(fromSpike.length).toBeGreaterThanOrEqual(10);
    await shot(page, 'crisis-drill-down-1280');
  }, 420_000);

  it('previews the weekly report and shows the communication index', async () => {
    await page.goto(`${server.url}/#/listening/reports`);
    await page.getByTestId('new-report').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('이름').fill('임원 주간 보고');
    await dialog.getByLabel('받는 사람 (쉼표나 줄바꿈으로 구분)').fill('ceo@demo.test');
    await dialog.getByLabel('요일').selectOption('5');
    await dialog.getByLabel('한빛은행').check();
    await dialog.getByTestId('save-report').click();
    const report = page.getByTestId('report').filter({ hasText: '임원 주간 보고' });
    await report.getByText('매주 금요일 9시').waitFor();
    await report.getByTestId('report-preview').click();
    const preview = page.getByTestId('report-preview-dialog');
    await preview.getByText('[소통] 임원 주간 보고 주간 리포트').waitFor();
    const frame = page.frameLocator('iframe.ln-preview');
    await frame.getByRole('heading', { name: '한빛은행' }).waitFor();
    await shot(page, 'crisis-report-preview-1280');
    await page.getByRole('dialog').getByRole('button', { name: '닫기' }).click();
    const before = smtp.mails.length;
    await report.getByTestId('report-send').click();
    await report.getByText('ceo@demo.test(으)로 보냈습니다.').waitFor();
    await until(async () => smtp.mails.length > before, 10_000, 'report e-mail');
    expect(smtp.mails.at(-1)!.subject).toMatch(/임원 주간 보고 주간 리포트/);

    await page.goto(`${server.url}/#/listening/communication`);
    const conversations = await api.get(`${base}/communication`);
    await page.getByTestId('chart-comm-rate').locator('canvas').first().waitFor();
    await expect.poll(async () => Number((await page.getByTestId('comm-conversations').innerText()).replace(/\D/g, ''))).toBe(conversations.body.totals.conversations);
    expect(conversations.body.totals.conversations).toBeGreaterThan(0);
    await shot(page, 'crisis-communication-1280');
    expect(tb.errors).toEqual([]);
  }, 60_000);
});
