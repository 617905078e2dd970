/**
 * Inbox administration in real Chromium against the real program (fresh embedded store, built web UI,
 * the real generic webhook channel with its reply bridge started here):
 * 1. a routing rule built by clicking in the builder (no JSON typed), checked in the JSON view, tested
 *    on recent conversations (the preview agrees with the API), saved, and applied to new conversations;
 * 2. the reports screen shows the figures this test caused — a first response 65 minutes after the
 *    customer wrote ("1시간 5분"), the team's backlog by age — exactly as the API reports them, and its
 *    CSV download carries the same backlog.
 * The server runs on a clock this test can move forward (real time + an offset).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const SECRET = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const MIN = 60_000;

let skew = 0;
const clock = { now: () => new Date(Date.now() + skew) };
let server: Awaited<ReturnType<typeof startTestServer>>;
let tb: TestBrowser;
let admin: ApiClient;
let hookUrl = '';
let base = '';
let teamId = '';
let channel: http.Server;

const RULE_NAME = '분실 신고 → 카드분실팀';
const expectedRule = () => ({
  conditions: {
    all: [
      { field: 'channel', op: 'equals', value: 'webhook' },
      { field: 'text', op: 'contains', value: ['분실'] },
    ],
  },
  actions: [
    { type: 'set_priority', priority: 'urgent' },
    { type: 'add_tags', tags: ['분실'] },
    { type: 'set_team', teamId },
  ],
});

/** Pages for this file: 1280×900, downloads kept (the CSV). */
const newPage = () => tb.newPage({ width: 1280, height: 900 }, { acceptDownloads: true });
const signIn = (page: Page, hash = '') => signInAt(page, server.url, server.admin, hash);

/** One signed delivery, timestamped on the server's clock (docs/channels/webhook.md). */
async function deliver(id: string, author: string, name: string, text: string): Promise<void> {
  const raw = JSON.stringify({ id, type: 'direct_message', author: { id: author, name }, text, createdAt: clock.now().toISOString(), threadId: author });
  const ts = String(Math.floor(clock.now().getTime() / 1000));
  const sig = crypto.createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex');
  const res = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sotong-timestamp': ts, 'x-sotong-signature': `sha256=${sig}` }, body: raw });
  expect(res.status).toBe(200);
}

interface Conv {
  id: string;
  team: { id: string } | null;
  priority: string;
  tags: string[];
  firstResponseAt: string | null;
  customer: { name: string | null };
}
async function conversationOf(name: string, until: (c: Conv) => boolean = () => true): Promise<Conv> {
  const deadline = Date.now() + 20_000;
  let last: Conv | undefined;
  while (Date.now() < deadline) {
    const r = await admin.get(`${base}/conversations?limit=100&status=open&status=pending`);
    last = (r.body.conversations as Conv[]).find((c) => c.customer.name === name);
    if (last && until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`conversation of ${name} not as expected: ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  tb = await launchBrowser({ webgl: false });
  await ensureWebBuild();
  // The bank's side of the channel: accepts each reply with an id.
  let n = 0;
  channel = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `bridge-${++n}` })));
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  const replyUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/reply`;

  server = await startTestServer({ clock });
  base = `/api/v1/w/${server.admin.workspaceId}/inbox`;
  admin = new ApiClient(server.url);
  expect((await admin.login(server.admin.email, server.admin.password)).status).toBe(200);
  const account = await admin.post(`/api/v1/w/${server.admin.workspaceId}/accounts`, { type: 'webhook', name: '카카오톡 상담', settings: { source: 'kakaotalk', replyUrl }, credentials: { signingSecret: SECRET } });
  expect(account.status).toBe(201);
  hookUrl = `${server.url}${account.body.account.webhookPath}`;
  const team = await admin.post(`${base}/teams`, { name: '카드분실팀' });
  expect(team.status).toBe(201);
  teamId = team.body.team.id;

  // Two conversations before any rule: one about a lost card, one not.
  await deliver('kakao:a-1', 'cust-a', '김분실', '신용카드 분실 신고하려고요');
  await deliver('kakao:b-1', 'cust-b', '이한도', '이체 한도 문의드립니다');
  await conversationOf('김분실');
  await conversationOf('이한도');
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
  await new Promise((resolve) => channel?.close(resolve));
});

describe('inbox administration', () => {
  it('builds a rule by clicking, keeps the JSON in step, previews it on recent conversations, saves it, and routes new conversations with it', async () => {
    const page = await newPage();
    await signIn(page, '/settings/inbox/rules/new');
    await page.getByTestId('rule-builder').waitFor();
    await page.getByLabel('이름', { exact: true }).fill(RULE_NAME);

    // Condition 1 (the template's "intents contains complaint") becomes "channel is the signed webhook".
    await page.getByLabel('조건 1: 항목').selectOption('channel');
    const ops = await page.getByLabel('조건 1: 연산자').locator('option').allTextContents();
    expect(ops).toEqual(['같음', '다음 중 하나', '다음에 해당 안 함', '포함', '값 있음 여부']);
    await page.getByLabel('조건 1: 연산자').selectOption('equals');
    await page.getByLabel('조건 1: 값').selectOption('webhook');
    // Condition 2: the keywords 환불, 해지 give way to 분실.
    const cond2 = page.getByTestId('rb-condition').nth(1);
    await cond2.getByRole('button', { name: '‘환불’ 빼기' }).click();
    await cond2.getByRole('button', { name: '‘해지’ 빼기' }).click();
    await page.getByLabel('조건 2: 키워드').fill('분실');
    await page.getByLabel('조건 2: 키워드').press('Enter');
    // Actions: urgent, tag 분실 instead of 환불, and a new one: the team, from the team picker.
    await page.getByLabel('동작 1: 우선순위').selectOption({ label: '긴급' });
    await page.getByTestId('rb-action').nth(1).getByRole('button', { name: '‘환불’ 빼기' }).click();
    await page.getByLabel('동작 2: 태그').fill('분실');
    await page.getByLabel('동작 2: 태그').press('Enter');
    await page.getByRole('button', { name: '+ 동작 추가' }).click();
    await page.getByLabel('동작 3: 종류').selectOption({ label: '팀 지정' });
    await page.getByLabel('동작 3: 팀').selectOption({ label: '카드분실팀' });
    await shot(page, 'inbox-rule-builder-ko-1280', { fullPage: true });

    // The JSON view holds the same rule; back in the builder nothing is lost.
    await page.getByTestId('mode-json').click();
    expect(JSON.parse(await page.getByTestId('rule-json').inputValue())).toEqual(expectedRule());
    await page.getByTestId('mode-builder').click();
    expect(await page.getByLabel('동작 3: 팀').inputValue()).toBe(teamId);
    expect(await page.getByLabel('조건 1: 값').inputValue()).toBe('webhook');

    // Test against recent conversations: the same verdict as the API's preview of this rule.
    const api = (await admin.post(`${base}/rules/preview`, { rule: { name: RULE_NAME, ...expectedRule() }, limit: 50 })).body as { evaluated: number; matched: number; results: Array<{ matched: boolean; text: string }> };
    expect(api.matched).toBe(1);
    expect(api.results.filter((r) => r.matched).map((r) => r.text)).toEqual(['신용카드 분실 신고하려고요']);
    await page.getByTestId('rule-test').click();
    const preview = page.getByTestId('rule-preview');
    await preview.waitFor();
    expect(await preview.getByRole('status').innerText()).toBe(`최근 ${api.evaluated}건 중 1건이 일치합니다.`);
    const hit = preview.locator('li.is-match');
    expect(await hit.count()).toBe(1);
    expect(await hit.innerText()).toContain('신용카드 분실 신고하려고요');

    await page.getByRole('button', { name: '저장' }).click();
    await page.getByRole('heading', { name: `규칙 편집: ${RULE_NAME}` }).waitFor();
    await page.getByTestId('rule-builder').waitFor();
    const saved = ((await admin.get(`${base}/rules`)).body.rules as Array<{ name: string; conditions: unknown; actions: unknown }>).find((r) => r.name === RULE_NAME);
    expect(saved && { conditions: saved.conditions, actions: saved.actions }).toEqual(expectedRule());

    // New conversations about a lost card go to the team, urgent, tagged; the other kind does not.
    await deliver('kakao:c-1', 'cust-c', '박카드', '체크카드 분실 접수 부탁드립니다');
    await deliver('kakao:d-1', 'cust-d', '최지갑', '지갑째 카드 분실 했어요');
    await deliver('kakao:e-1', 'cust-e', '정예금', '예금 금리 문의합니다');
    for (const name of ['박카드', '최지갑']) {
      const c = await conversationOf(name, (x) => x.team?.id === teamId);
      expect(c.priority).toBe('urgent');
      expect(c.tags).toContain('분실');
    }
    await page.waitForTimeout(500);
    expect((await conversationOf('정예금')).team).toBeNull();
    expect(tb.errors).toEqual([]);
  });

  it('shows the reports this test caused, as the API computes them, with a CSV of the same backlog', async () => {
    // 65 minutes later the agent answers 박카드; 최지갑 is still waiting.
    skew += 65 * MIN;
    const park = await conversationOf('박카드');
    const replied = await admin.post(`${base}/conversations/${park.id}/replies`, { text: '분실 신고 접수되었습니다. 카드는 바로 정지했습니다.', private: true });
    expect(replied.status, JSON.stringify(replied.body)).toBe(202);
    await conversationOf('박카드', (c) => c.firstResponseAt !== null);

    const from = new Date(Date.now() - 7 * 24 * 60 * MIN).toISOString();
    const report = (await admin.get(`${base}/reports?teamId=${teamId}&from=${encodeURIComponent(from)}`)).body as {
      firstResponse: { count: number; wall: { medianMs: number } };
      backlog: Array<{ teamId: string; total: number; buckets: Record<string, number> }>;
    };
    expect(report.firstResponse.count).toBe(1);
    expect(report.firstResponse.wall.medianMs).toBeGreaterThanOrEqual(65 * MIN);
    expect(report.firstResponse.wall.medianMs).toBeLessThan(66 * MIN);
    expect(report.backlog).toHaveLength(1);
    expect(report.backlog[0]).toMatchObject({ teamId, total: 2, buckets: { lt1h: 0, h1to4: 2, h4to24: 0, d1to3: 0, gt3d: 0 } });

    const page = await newPage();
    await signIn(page, '/inbox');
    await page.getByTestId('reports-link').click();
    await page.getByRole('heading', { level: 1, name: '받은편지함 보고서' }).waitFor();
    await page.getByTestId('report').waitFor();
    await page.getByLabel('팀', { exact: true }).selectOption({ label: '카드분실팀' });
    const median = page.getByTestId('kpi-firstResponse-median-value');
    await expect.poll(() => median.innerText()).toBe('1시간 5분');
    expect(await page.getByTestId('kpi-firstResponse-count').innerText()).toBe('1건 기준');
    expect(await page.getByTestId('kpi-firstResponse-p90-value').innerText()).toBe('1시간 5분');
    // The team's report replaces the whole workspace's once it has loaded (the median alone can agree early).
    await expect.poll(() => page.getByTestId('kpi-backlog-value').innerText()).toBe('2건');
    const row = page.getByTestId('backlog-table').locator('tbody tr[data-team="카드분실팀"]');
    expect(await row.locator('td[data-col="total"]').innerText()).toBe('2');
    expect(await row.locator('td[data-col="h1to4"]').innerText()).toBe('2');
    expect(await row.locator('td[data-col="lt1h"]').innerText()).toBe('0');
    // The charts are drawn (ECharts canvases), not just the tables.
    await page.getByTestId('rp-backlog').locator('canvas').first().waitFor();
    await page.getByTestId('rp-age').locator('canvas').first().waitFor();
    await shot(page, 'inbox-reports-ko-1280', { fullPage: true });

    // CSV of the backlog for this team and period: the same figures, for Excel (BOM).
    await page.getByLabel('CSV 내용').selectOption({ label: '적체' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')).toContain('카드분실팀,2,0,2,0,0,0');
    expect(download.suggestedFilename()).toMatch(/^inbox-backlog-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

    expect(tb.errors).toEqual([]);
  });
});
