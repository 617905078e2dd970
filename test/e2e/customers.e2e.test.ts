import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxChannel, type InboxChannel } from '../inbox/channel.js';
import { startInbox, waitFor, type InboxHarness } from '../inbox/harness.js';
import { LocalBankLogin } from '../support/bank-login.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';

describe('consent link in Chromium: agent sends, customer consents at the bank, panel shows the customer, customer revokes', () => {
  let h: InboxHarness;
  let kakao: InboxChannel;
  let mail: InboxChannel;
  let bank: LocalBankLogin;
  let tb: TestBrowser;
  let conversationId: string;

  beforeAll(async () => {
    await ensureWebBuild();
    kakao = inboxChannel('kakao', { canReplyPrivately: true, maxLength: 2000 });
    mail = inboxChannel('mail', { canReplyPrivately: true, maxLength: 2000 });
    h = await startInbox([kakao, mail]);
    bank = await new LocalBankLogin().start();
    bank.users.set('minsu', { password: 'pw-minsu', externalId: 'C-001' });
    await h.api.request('PUT', `/api/v1/w/${h.ws}/customers`, { customers: [{ externalId: 'C-001', name: '김민수', segment: 'VIP', products: ['카드'] }] });
    bank.secret = (await h.api.request('PUT', `/api/v1/w/${h.ws}/consent/settings`, { loginUrl: `${bank.url}/login`, rotateAssertionSecret: true })).body.settings.assertionSecret;
    await h.deliver('kakao', [{ id: 'dm-e2e', author: 'minsu_k', name: '민수', text: '카드 결제가 두 번 됐어요 환불해 주세요', at: new Date().toISOString(), private: true }]);
    conversationId = (await h.routed('dm-e2e')).id;
    tb = await launchBrowser({ allowStatuses: [401, 404] });
  }, 240_000);
  afterAll(async () => {
    await tb?.close();
    await bank?.close();
    await h?.close();
  });

  it('goes through the whole story', async () => {
    const agent = await tb.newPage();
    await signIn(agent, h.server.url, h.server.admin, `/inbox/${conversationId}`);
    await agent.getByTestId('send-consent-link').click();
    await agent.getByRole('status').filter({ hasText: '동의 링크' }).waitFor();
    const sent = await waitFor(
      async () => kakao.sent,
      (s) => s.length > 0,
      'the private reply',
    );
    const url = /https?:\/\/\S+\/consent\/\S+/.exec(sent[0]!.text)![0];

    const customer = await tb.newPage();
    await customer.goto(url);
    await customer.locator('#bank-login').click();
    await customer.locator('#username').fill('minsu');
    await customer.locator('#password').fill('pw-minsu');
    await customer.locator('#login').click();
    await customer.locator('#agree').click();
    await customer.locator('#done').waitFor();
    const revokeHref = await customer.locator('#revoke-link').getAttribute('href');
    await shot(customer, 'customers-consent-done');

    await agent.reload();
    await expect.poll(() => agent.getByTestId('linked-customer-name').textContent(), { timeout: 15_000 }).toBe('김민수');
    await expect.poll(() => agent.getByTestId('customer-timeline').textContent()).toContain('환불');
    await shot(agent, 'customers-inbox-panel');

    // The same customer complains by e-mail: linked with consent too, then proposed for merge and merged.
    await h.deliver('mail', [{ id: 'mail-e2e', author: 'minsu@mail.test', name: '김민수', text: '카드 이중 결제 환불 아직입니다', at: new Date().toISOString(), private: true }]);
    const mailConv = (await h.routed('mail-e2e')).id;
    await agent.goto(`${h.server.url}/#/inbox/${mailConv}`);
    await agent.getByTestId('send-consent-link').click();
    const mailSent = await waitFor(
      async () => mail.sent,
      (s) => s.length > 0,
      'the e-mail reply',
    );
    await customer.goto(/https?:\/\/\S+\/consent\/\S+/.exec(mailSent[0]!.text)![0]);
    await customer.locator('#bank-login').click();
    await customer.locator('#username').fill('minsu');
    await customer.locator('#password').fill('pw-minsu');
    await customer.locator('#login').click();
    await customer.locator('#agree').click();
    await customer.locator('#done').waitFor();
    await agent.goto(`${h.server.url}/#/customers`);
    await agent.getByTestId('cust-tab-merges').click();
    await agent.getByTestId('merge-proposals').getByText('같은 고객의 대화').waitFor();
    await agent.getByTestId('merge-button').first().click();
    await agent.getByRole('status').filter({ hasText: '병합했습니다' }).waitFor();
    const states = await Promise.all([conversationId, mailConv].map(async (id) => (await h.api.get(`${h.base}/conversations/${id}`)).body.conversation));
    expect(states.map((c) => c.status).sort()).toEqual(['closed', 'open']);
    expect(states.filter((c) => c.slaDueAt !== null)).toHaveLength(1);
    await shot(agent, 'customers-merged');

    await customer.goto(revokeHref!);
    await customer.locator('#revoke').click();
    await customer.locator('#revoked').waitFor();
    await agent.goto(`${h.server.url}/#/inbox/${conversationId}`);
    await agent.getByTestId('send-consent-link').waitFor();
    expect(await agent.getByTestId('linked-customer-name').count()).toBe(0);

    await agent.goto(`${h.server.url}/#/customers`);
    await agent.getByTestId('customer-list').getByText('김민수').waitFor();
    // The customer page draws the daily sentiment as a chart (ECharts, canvas).
    await agent.getByTestId('customer-list').getByRole('button', { name: '김민수' }).click();
    await agent.getByTestId('sentiment-chart').locator('canvas').waitFor();
    await shot(agent, 'customers-page-sentiment');
    expect(tb.errors).toEqual([]);
  });

  it('sets where leads go in the bank, shows the secret once, and a test delivery arrives', async () => {
    const got: Array<{ event: string | undefined; body: string }> = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ event: req.headers['x-sotong-event'] as string | undefined, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const page = await tb.newPage();
      await signIn(page, h.server.url, h.server.admin, '/customers');
      await page.getByTestId('cust-tab-leads').click();
      const card = page.getByTestId('lead-webhook');
      await card.getByLabel('받을 주소 (은행 시스템)').fill(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/leads`);
      await card.getByRole('button', { name: '저장', exact: true }).click();
      await card.getByRole('status').filter({ hasText: '한 번만 보입니다' }).waitFor();
      await card.getByRole('button', { name: '시험 전송' }).click();
      await card.getByRole('status').filter({ hasText: '대기열' }).waitFor();
      await shot(page, 'customers-lead-webhook-queued');
      await expect
        .poll(async () => [got.filter((g) => g.event === 'lead.test').length, JSON.stringify((await h.api.get(`/api/v1/w/${h.ws}/lead-webhook/deliveries`)).body)], { timeout: 30_000 })
        .toEqual([1, expect.stringContaining('delivered')]);
      // The card reloads itself a few seconds after a test; the table then shows it delivered.
      await expect.poll(() => card.getByTestId('lead-deliveries').textContent(), { timeout: 20_000 }).toContain('전달됨');
      await expect.poll(() => card.textContent()).toContain('전달 1건');
      await shot(page, 'customers-lead-webhook');
      expect(tb.errors).toEqual([]);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  }, 90_000);

  it('a suggested match dismissed and one confirmed (no link: the agent is sent to the consent link), a segment made and used as a listening filter', async () => {
    await h.api.request('PUT', `/api/v1/w/${h.ws}/customers`, {
      customers: [
        { externalId: 'C-002', name: '박제안', products: ['예금'] },
        { externalId: 'C-003', name: '최무시', products: ['대출'] },
        { externalId: 'C-004', name: '정세그', products: ['펀드'] },
      ],
    });
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'sug-1', author: 'park_k', name: '제안씨', text: '상담 원해요. 제 고객번호는 C-002 입니다', at, private: true },
      { id: 'sug-2', author: 'choi_k', name: '최무시', text: '앱 업데이트 좋네요', at },
      { id: 'seg-1', author: 'jung_k', name: '정', text: '펀드 수익률 문의 세그글', at },
      { id: 'seg-2', author: 'else_k', name: '남', text: '펀드 다른사람글', at },
    ]);
    const parkConv = (await h.routed('sug-1')).id;
    const jung = await waitFor(
      () => h.db.selectFrom('authors').select('id').where('workspace_id', '=', h.ws).where('native_id', '=', 'jung_k').executeTakeFirst(),
      (r: unknown) => !!r,
      'author jung_k',
    );
    const c4 = (await h.api.get(`/api/v1/w/${h.ws}/customers?externalId=C-004`)).body.customers[0].id;
    // A link the bank holds with the customer's consent (registered in the bank's app).
    await h.server.runtime.services.customers.consent.recordLink(h.ws, { customerId: c4, authorId: (jung as { id: string }).id, purpose: '앱에서 등록한 소셜 계정', proof: { method: 'bank_app' } }, { userId: null, label: 'test' });

    const page = await tb.newPage();
    await signIn(page, h.server.url, h.server.admin, '/customers');
    await page.getByTestId('cust-tab-matches').click();
    await page.getByTestId('match-scan').click();
    const list = page.getByTestId('match-suggestions');
    await expect.poll(() => list.getByTestId('match-suggestion').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => list.textContent()).toContain('고객번호를 적었습니다');
    await shot(page, 'customers-match-suggestions');
    const same = list.getByTestId('match-suggestion').filter({ hasText: '최무시' });
    await same.getByTestId('match-reason').fill('동명이인');
    await same.getByTestId('match-dismiss').click();
    await page.getByRole('status').filter({ hasText: '다시 나오지 않습니다' }).waitFor();
    await expect.poll(() => list.getByTestId('match-suggestion').count()).toBe(1);
    const park = list.getByTestId('match-suggestion').filter({ hasText: 'C-002' });
    await park.getByTestId('match-reason').fill('고객번호 확인');
    await park.getByTestId('match-confirm').click();
    // Confirming links nothing: the agent lands in the conversation, where the consent link is sent.
    await expect.poll(() => page.url()).toContain(`/inbox/${parkConv}`);
    await page.getByTestId('send-consent-link').waitFor();
    expect(await page.getByTestId('linked-customer-name').count()).toBe(0);
    const decided = (await h.api.get(`/api/v1/w/${h.ws}/customer-matches?status=dismissed`)).body.suggestions;
    expect(decided.map((s: { decisionReason: string }) => s.decisionReason)).toEqual(['동명이인']);
    expect((await h.api.get(`/api/v1/w/${h.ws}/customer-matches?status=confirmed`)).body.suggestions[0].customer.externalId).toBe('C-002');

    await page.goto(`${h.server.url}/#/customers`);
    await page.getByTestId('cust-tab-segments').click();
    await page.getByTestId('segment-new').click();
    await page.getByTestId('segment-name').fill('펀드 고객');
    await page.getByTestId('segment-products').fill('펀드');
    await page.getByTestId('segment-preview').click();
    await page.getByTestId('segment-preview-result').getByText('고객 1명').waitFor();
    await page.getByTestId('segment-save').click();
    const row = page.getByTestId('segment-row').filter({ hasText: '펀드 고객' });
    await expect.poll(() => row.getByTestId('segment-members').textContent()).toContain('1');
    await shot(page, 'customers-segments');
    await row.getByTestId('segment-listening').click();
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.textContent(), { timeout: 15_000 }).toContain('펀드 수익률 문의 세그글');
    expect(await results.textContent()).not.toContain('펀드 다른사람글');
    await shot(page, 'listening-segment-filter');
    expect(tb.errors).toEqual([]);
  }, 90_000);
});
