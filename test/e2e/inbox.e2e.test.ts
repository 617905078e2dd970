/**
 * The agent workspace (inbox) in real Chromium against the real program (fresh embedded store, built
 * web UI) and the real generic webhook channel: a signed delivery arrives → the conversation appears in
 * the queue without a reload → the agent opens it and replies → the channel's own HTTP server (started
 * here) receives exactly one correctly signed and formed reply → the thread shows it sent, and the SLA's
 * first-response timer stopped at that moment (shown as met). Also: a reply over the
 * channel's limit is refused in the composer, a public reply with personal data asks for confirmation,
 * internal notes, keyboard help, two agents on one conversation (presence), Settings → Inbox rules
 * (problems at their JSON path, preview on recent conversations), and the phone layout. The tests run
 * in order on one server and build on each other's conversations. Screenshots land in test/e2e/.out/.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const SECRET = `whsec_${crypto.randomBytes(24).toString('hex')}`;
const LIMIT = 200;

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let tb: TestBrowser;
let admin: ApiClient;
let hookUrl = '';

/** What the bank's side of the channel (the bridge at `replyUrl`) received. */
interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; inReplyTo: { id: string; type: string; threadId?: string; authorId?: string }; text: string; private: boolean; createdAt: string };
}
const received: Received[] = [];
let channel: http.Server;
let replyUrl = '';

const signIn = (page: Page, hash = '') => signInAt(page, server.url, server.admin, hash);

const sign = (secret: string, ts: string, raw: string) => crypto.createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');

/** POSTs one delivery to the account's inbound URL as a bridge would (docs/channels/webhook.md). */
async function deliver(event: Record<string, unknown>): Promise<number> {
  const raw = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-sotong-timestamp': ts, 'x-sotong-signature': `sha256=${sign(SECRET, ts, raw)}` },
    body: raw,
  });
  return res.status;
}

beforeAll(async () => {
  // Expected console errors: 401 before sign-in, and the 400 answers of the refusals this test provokes on purpose.
  tb = await launchBrowser({ allowStatuses: [401, 400], webgl: false });
  await ensureWebBuild();

  // The channel's side: answers each reply as a receiver should, with the id it gives the message.
  channel = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'] | undefined;
      try {
        body = JSON.parse(raw) as Received['body'];
      } catch {
        body = undefined;
      }
      if (body?.type === 'reply') received.push({ headers: req.headers, raw, body });
      if (body?.type !== 'reply') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `kakao-msg-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  replyUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/kakao/reply`;

  server = await startTestServer();
  admin = new ApiClient(server.url);
  expect((await admin.login(server.admin.email, server.admin.password)).status).toBe(200);
  const created = await admin.post(`/api/v1/w/${server.admin.workspaceId}/accounts`, {
    type: 'webhook',
    name: '카카오톡 상담 채널',
    settings: { source: 'kakaotalk', replyUrl, maxReplyLength: LIMIT },
    credentials: { signingSecret: SECRET },
  });
  expect(created.status).toBe(201);
  hookUrl = `${server.url}${(created.body as { account: { webhookPath: string } }).account.webhookPath}`;
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
  await new Promise((resolve) => channel?.close(resolve));
});

describe('inbox', () => {
  it('shows a signed delivery live, replies through the channel exactly once, and refuses a reply over the limit', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/inbox');
    await page.getByRole('heading', { level: 1, name: '받은편지함' }).waitFor();
    await page.getByRole('button', { name: '미배정', exact: true }).click();
    await page.getByText('이 보기에 해당하는 대화가 없습니다.').waitFor();
    await expect.poll(() => page.getByTestId('live-state').innerText()).toBe('실시간 연결됨');
    // Anything that reloads the page would drop this marker.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // A customer writes to the bank's KakaoTalk channel; the bridge delivers it, signed.
    const customerText = '카드를 잃어버렸어요. 분실 신고는 어떻게 하나요?';
    expect(
      await deliver({ id: 'kakao:msg-1001', type: 'direct_message', author: { id: 'kakao-user-77', name: '김고객', followers: 12 }, text: customerText, createdAt: new Date(Date.now() - 30_000).toISOString(), threadId: 'kakao-user-77' }),
    ).toBe(200);

    const row = page.getByTestId('queue-row').filter({ hasText: '김고객' });
    await row.waitFor();
    expect(await row.innerText()).toContain(customerText);
    expect(await row.getAttribute('class')).toContain('is-new');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await shot(page, 'inbox-queue-ko-1280');

    // Keyboard: the help, then open the conversation with j and Enter.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: '키보드 단축키' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByTestId('thread').waitFor();
    const conversationId = (await page.evaluate(() => location.hash)).replace('#/inbox/', '');
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('thread-item').first().innerText()).toContain(customerText);
    await page.getByTestId('customer-panel').getByText('김고객').waitFor();

    // Over the channel's limit: refused in the composer with the server's reason, nothing leaves.
    const box = page.getByTestId('composer-text');
    await box.fill('가'.repeat(LIMIT + 1));
    expect(await page.getByTestId('composer-count').innerText()).toContain(`${LIMIT + 1} / ${LIMIT}자`);
    await page.getByTestId('composer-send').click();
    const refusal = page.getByTestId('composer-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('채널 글자 수 한도를 넘었습니다.');
    // The limit, in Korean (no English line from the server).
    expect(await refusal.innerText()).toContain(`${LIMIT}자까지`);
    expect(await refusal.innerText()).not.toMatch(/allows|characters/);
    await shot(page, 'inbox-reply-too-long-ko-1280');
    expect(received).toHaveLength(0);

    // The reply: Ctrl+Enter sends; the thread shows it sending, then sent.
    const replyText = '안녕하세요, 한빛카드입니다. 앱의 [카드 관리 → 분실 신고]에서 바로 정지하실 수 있습니다 🙏';
    await box.fill(replyText);
    await box.press('Control+Enter');
    const reply = page.getByTestId('thread-reply').filter({ hasText: replyText });
    await reply.locator('[data-status="sent"]').waitFor();
    await shot(page, 'inbox-conversation-ko-1280');

    // The channel got exactly one reply, signed and shaped as docs/channels/webhook.md says.
    await page.waitForTimeout(500);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    const ts = String(got.headers['x-sotong-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(120);
    expect(
      String(got.headers['x-sotong-signature'])
        .split(',')
        .map((s) => s.trim()),
    ).toContain(`sha256=${sign(SECRET, ts, got.raw)}`);
    expect(got.headers['idempotency-key']).toBe(got.body.id);
    expect(got.body).toMatchObject({ type: 'reply', text: replyText, private: true, inReplyTo: { id: 'kakao:msg-1001', type: 'direct_message', threadId: 'kakao-user-77', authorId: 'kakao-user-77' } });

    // The server agrees: sent, with the channel's id; the SLA's first-response timer stopped (met) at that moment.
    const detail = (await admin.get(`/api/v1/w/${server.admin.workspaceId}/inbox/conversations/${conversationId}`)).body as {
      conversation: { firstResponseAt: string | null };
      thread: Array<{ type: string; reply?: { status: string; nativeId: string | null; sentAt: string | null } }>;
      sla?: { timers: Array<{ kind: string; state: string; metAt: string | null; stoppedAt?: string | null }> } | null;
    };
    const sent = detail.thread.find((e) => e.type === 'reply')!.reply!;
    expect(sent).toMatchObject({ status: 'sent', nativeId: 'kakao-msg-1' });
    expect(detail.conversation.firstResponseAt).toBe(sent.sentAt);
    const first = detail.sla?.timers.find((x) => x.kind === 'first_response');
    expect(first, 'GET /conversations/:id reports SLA timers (docs/inbox.md)').toBeDefined();
    expect(first!.state).toBe('met');
    expect(first!.metAt ?? first!.stoppedAt).toBe(sent.sentAt);
    const timer = page.getByTestId('sla-first_response');
    await expect.poll(() => timer.getAttribute('data-state')).toBe('met');
    expect(await timer.innerText()).toMatch(/충족/);

    // An internal note stays inside: shown in the thread, never sent to the channel.
    await page.getByRole('tab', { name: '내부 메모' }).click();
    await box.fill('분실 신고 완료 여부 내일 확인 필요');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('thread-note').filter({ hasText: '분실 신고 완료 여부' }).waitFor();
    expect(received).toHaveLength(1);

    expect(tb.errors).toEqual([]);
  });

  it('asks before personal data goes out in a public reply', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/inbox');
    await page.getByRole('button', { name: '전체 진행 중' }).click();
    await expect.poll(() => page.getByTestId('live-state').innerText()).toBe('실시간 연결됨');
    expect(
      await deliver({
        id: 'app:community:c-31',
        type: 'comment',
        author: { id: 'app-user-5', name: '박민지', followers: 48_000 },
        text: '이체 한도 올리는 방법 알려주세요',
        createdAt: new Date(Date.now() - 10_000).toISOString(),
        threadId: 'app:community:post-9',
        parentId: 'app:community:post-9',
      }),
    ).toBe(200);
    const row = page.getByTestId('queue-row').filter({ hasText: '박민지' });
    await row.waitFor();
    await row.locator('a').click();
    await page.getByTestId('thread').waitFor();

    const before = received.length;
    await page.getByTestId('composer-text').fill('담당자 직통 010-3141-5926 으로 연락 주세요.');
    await page.getByTestId('composer-send').click();
    const warning = page.getByTestId('pii-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('공개 답장에 개인정보가 들어 있습니다');
    // Which personal data, in Korean; no English line from the server.
    expect(await warning.innerText()).toContain('찾은 개인정보: 전화번호');
    expect(await warning.innerText()).not.toMatch(/personal data|public reply/i);
    await shot(page, 'inbox-pii-warning-ko-1280');
    expect(received.length).toBe(before);
    await warning.getByRole('button', { name: '그래도 공개로 보내기' }).click();
    await page.getByTestId('thread-reply').locator('[data-status="sent"]').waitFor();
    await expect.poll(() => received.length).toBe(before + 1);
    expect(received[before]!.body).toMatchObject({ private: false, inReplyTo: { id: 'app:community:c-31' } });
    expect(tb.errors).toEqual([]);
  });

  it('warns when a colleague is viewing and typing in the same conversation', async () => {
    const email = 'agent.park@demo.sotong.local';
    const password = '바다-하늘-2025-inbox';
    const made = await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email, name: '박상담', role: 'agent', password });
    expect(made.status).toBe(201);
    const list = await admin.get(`/api/v1/w/${server.admin.workspaceId}/inbox/conversations?status=open&limit=50`);
    const conv = (list.body as { conversations: Array<{ id: string; customer: { name: string | null } }> }).conversations.find((c) => c.customer.name === '김고객')!;

    const mine = await tb.newPage({ width: 1280, height: 800 });
    await signIn(mine, `/inbox/${conv.id}`);
    await mine.getByTestId('thread').waitFor();

    const theirs = await tb.newPage({ width: 1280, height: 800 });
    await signInAt(theirs, server.url, { email, password }, `/inbox/${conv.id}`);
    await theirs.getByTestId('thread').waitFor();

    const presence = mine.getByTestId('presence');
    await expect.poll(() => presence.innerText().catch(() => ''), { timeout: 15_000 }).toContain('박상담 님이 보고 있습니다');
    await theirs.getByTestId('composer-text').pressSequentially('확인해 보겠습니다', { delay: 20 });
    await expect.poll(() => presence.innerText().catch(() => ''), { timeout: 15_000 }).toContain('박상담 님이 답장을 쓰고 있습니다');
    await shot(mine, 'inbox-presence-ko-1280');
    // The colleague leaves: the warning goes.
    await theirs.goto(`${server.url}/#/inbox`);
    await expect.poll(() => presence.count(), { timeout: 20_000 }).toBe(0);
    expect(tb.errors).toEqual([]);
  });

  it('Settings → Inbox: a rule with mistakes shows each at its path and line; a good one is tested on recent conversations', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/settings/inbox/rules/new');
    // New rules open in the builder; this test writes JSON (the builder has its own, inbox-admin.e2e).
    await page.getByTestId('mode-json').click();
    const json = page.getByTestId('rule-json');
    await json.waitFor();
    await page.getByLabel('이름', { exact: true }).fill('분실·도난 우선 처리');
    await json.fill(JSON.stringify({ conditions: { all: [{ field: 'txt', op: 'contains', value: ['분실'] }] }, actions: [{ type: 'set_priority', priority: 'huge' }] }, null, 2));
    await page.getByRole('button', { name: '저장' }).click();
    const problems = page.getByTestId('rule-problems');
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toContain('conditions.all[0].field');
    expect(text).toMatch(/\d+번째 줄 conditions\.all\[0\]\.field/);
    expect(text).toContain('actions[0].priority');

    await json.fill(
      JSON.stringify(
        {
          conditions: { any: [{ field: 'text', op: 'contains', value: ['분실'] }] },
          actions: [
            { type: 'set_priority', priority: 'urgent' },
            { type: 'add_tags', tags: ['분실'] },
          ],
        },
        null,
        2,
      ),
    );
    await page.getByTestId('rule-test').click();
    const preview = page.getByTestId('rule-preview');
    await preview.waitFor();
    expect(await preview.getByRole('status').innerText()).toMatch(/최근 \d+건 중 [1-9]\d*건이 일치합니다/);
    await shot(page, 'inbox-settings-rule-preview-ko-1280');
    await page.getByRole('button', { name: '저장' }).click();
    await page.getByRole('heading', { name: /규칙 편집: 분실·도난 우선 처리/ }).waitFor();
    await page.getByRole('link', { name: /규칙 목록/ }).click();
    await page.getByTestId('rules-table').getByRole('link', { name: '분실·도난 우선 처리' }).waitFor();
    expect(tb.errors).toEqual([]);
  });

  it('fits a phone (390×844): queue and conversation without sideways scrolling', async () => {
    const page = await tb.newPage({ width: 390, height: 844 });
    await signIn(page, '/inbox');
    await page.getByRole('button', { name: '전체 진행 중' }).click();
    await page.getByTestId('queue-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'inbox-queue-ko-390');
    await page.getByTestId('queue-row').filter({ hasText: '김고객' }).locator('a').click();
    await page.getByTestId('thread').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'inbox-conversation-ko-390');
    expect(tb.errors).toEqual([]);
  });
});
