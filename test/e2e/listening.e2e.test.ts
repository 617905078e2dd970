/**
 * Listening and Settings → Channels in real Chromium against the real program (fresh embedded store,
 * built web UI): connect a signed-webhook account from its schema form, watch signed deliveries arrive
 * in the Listening stream without a reload, pause the stream and the account, see a malformed delivery
 * as a dead letter, import a CSV (when the server has imports), and the phone layout.
 * Screenshots land in test/e2e/.out/.
 */
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn as signInAt, type TestBrowser } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const SECRET = `whsec_${crypto.randomBytes(24).toString('hex')}`;

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let tb: TestBrowser;
/** Filled by the first test: the connected account's inbound URL. */
let hookUrl = '';

const signIn = (page: Page, hash = '') => signInAt(page, server.url, server.admin, hash);

/** POSTs one delivery to the webhook exactly as a bridge would: HMAC-SHA256 over "<timestamp>.<raw body>". */
async function deliver(body: unknown, secret = SECRET): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
  return fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-sotong-timestamp': ts, 'x-sotong-signature': `sha256=${sig}` },
    body: raw,
  });
}

const post = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'post',
  author: { id: `user-${id}`, handle: 'sotong_fan', name: '김소통', followers: 12_800 },
  text,
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  url: `https://community.example/p/${id}`,
  ...extra,
});

beforeAll(async () => {
  // Expected console errors: 401 before sign-in; 404 only from the imports API while the server does not have it.
  tb = await launchBrowser({ allowStatuses: [401, 404], webgl: false, timeout: 10_000 });
  await ensureWebBuild();
  server = await startTestServer();
}, 180_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('listening', () => {
  it('connects a webhook account, streams signed deliveries live, pauses, and shows dead letters', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/settings/channels');

    // Settings → Channels: nothing connected yet; the connect form is built from the channel's schemas.
    await page.getByRole('heading', { name: '채널 연결' }).waitFor();
    await page.getByText('연결된 계정이 없습니다.', { exact: false }).waitFor();
    await page.getByRole('button', { name: '계정 연결' }).click();
    await page.getByRole('radio', { name: /서명 웹훅/ }).check();
    const form = page.getByRole('form', { name: '계정 연결' });

    // Errors are shown by field: a missing name and signing secret, then a secret that is too short.
    await form.getByRole('button', { name: '연결', exact: true }).click();
    await form.getByText('입력값 2개를 확인하세요.').waitFor();
    expect(await page.locator('#connect-name-error').innerText()).toBe('필수 항목입니다.');
    expect(await page.locator('#connect-credentials-signingSecret-error').innerText()).toBe('필수 항목입니다.');
    expect(await page.locator('#connect-credentials-signingSecret').getAttribute('type')).toBe('password');
    await page.getByLabel('계정 이름').fill('카카오톡 상담봇');
    await page.locator('#connect-credentials-signingSecret').fill('too-short');
    await page.locator('#connect-settings-replyUrl').fill('not a url');
    await form.getByRole('button', { name: '연결', exact: true }).click();
    expect(await page.locator('#connect-credentials-signingSecret-error').innerText()).toBe('16자 이상 입력하세요.');
    expect(await page.locator('#connect-settings-replyUrl-error').innerText()).toContain('올바른 URL이 아닙니다');
    await page.locator('#connect-settings-replyUrl').fill('');
    await page.locator('#connect-settings-source').fill('kakaotalk');
    await page.locator('#connect-credentials-signingSecret').fill(SECRET);
    await shot(page, 'channels-connect-ko-1280');
    await form.getByRole('button', { name: '연결', exact: true }).click();
    await page.getByText('‘카카오톡 상담봇’ 계정을 연결했습니다.').waitFor();

    const card = page.getByTestId('account-card').filter({ hasText: '카카오톡 상담봇' });
    expect(await card.getByTestId('account-status').innerText()).toBe('활성');
    hookUrl = (await card.getByTestId('webhook-url').innerText()).trim();
    expect(hookUrl).toMatch(new RegExp(`^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/hooks/[A-Za-z0-9_-]{10,}$`));
    await shot(page, 'channels-ko-1280');

    // Listening: empty, connected to the live stream.
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '리스닝' }).click();
    await page.getByRole('heading', { level: 1, name: '리스닝' }).waitFor();
    await page.getByText('아직 수집된 글이 없습니다.').waitFor();
    await expect.poll(() => page.getByTestId('live-state').innerText()).toBe('실시간 연결됨');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // A correctly signed delivery with a Korean post appears on its own, highlighted as new.
    const first = await deliver(post('e2e-1', '적금 만기 해지는 앱에서 바로 되나요? 금리가 궁금합니다.'));
    expect(first.status).toBe(200);
    const stream = page.getByTestId('item-stream');
    const card1 = stream.getByTestId('item-card').filter({ hasText: '적금 만기 해지는' });
    await card1.waitFor();
    expect(await card1.getAttribute('class')).toContain('is-new');
    const text1 = await card1.innerText();
    for (const part of ['김소통', '@sotong_fan', '팔로워 1.3만', '게시글', '새 글', '원문 보기', '서명 웹훅', '카카오톡 상담봇']) expect(text1).toContain(part);
    expect(await card1.getByRole('link', { name: /원문 보기/ }).getAttribute('href')).toBe('https://community.example/p/e2e-1');
    expect(await card1.locator('time').first().getAttribute('title')).toMatch(/KST$/);

    // A direct message: newest on top, with the private lock.
    expect((await deliver({ id: 'e2e-dm', type: 'direct_message', author: { id: 'kakao-u1', name: '이민지' }, text: '카드 분실 신고는 어디서 하나요?', createdAt: new Date().toISOString() })).status).toBe(200);
    await stream.getByTestId('item-card').filter({ hasText: '카드 분실 신고' }).waitFor();
    expect(await stream.getByTestId('item-card').first().innerText()).toContain('카드 분실 신고');
    expect(await stream.getByTestId('item-card').first().innerText()).toContain('비공개');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await shot(page, 'listening-ko-1280');

    // Pausing the stream holds new items back until asked for.
    await page.getByTestId('pause-stream').click();
    expect(await page.getByTestId('live-state').innerText()).toBe('수신 일시 중지됨');
    expect((await deliver(post('e2e-2', '주택담보대출 중도상환수수료 문의드립니다.'))).status).toBe(200);
    await page.getByRole('button', { name: '새 글 1건 보기' }).waitFor();
    expect(await stream.getByText('중도상환수수료').count()).toBe(0);
    await page.getByRole('button', { name: '새 글 1건 보기' }).click();
    await stream.getByText('중도상환수수료', { exact: false }).waitFor();
    await page.getByTestId('pause-stream').click();
    await expect.poll(() => page.getByTestId('live-state').innerText()).toBe('실시간 연결됨');

    // Filters go to the server: text search and kind.
    await page.getByLabel('검색').fill('만기');
    await expect.poll(() => stream.getByTestId('item-card').count()).toBe(1);
    await page.getByRole('button', { name: '필터 초기화' }).click();
    await expect.poll(() => stream.getByTestId('item-card').count()).toBe(3);
    await page.getByLabel('유형').selectOption('direct_message');
    await expect.poll(() => stream.getByTestId('item-card').count()).toBe(1);
    await page.getByLabel('유형').selectOption('');
    await expect.poll(() => stream.getByTestId('item-card').count()).toBe(3);

    // Settings → Channels: pause the account; the status changes, here and on the server.
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '설정' }).click();
    await page.getByRole('link', { name: '채널', exact: true }).click();
    await card.getByRole('button', { name: '일시 중지' }).click();
    await expect.poll(() => card.getByTestId('account-status').innerText()).toBe('일시 중지');
    await card.getByRole('button', { name: '재개' }).waitFor();
    await page.reload();
    await expect.poll(() => card.getByTestId('account-status').innerText()).toBe('일시 중지');

    // While paused, deliveries are turned away with 503 so the sender retries: nothing is lost.
    const held = await deliver({ id: 'e2e-paused', type: 'post', author: { id: 'x' }, text: '일시 중지 중', createdAt: new Date().toISOString() });
    expect(held.status).toBe(503);

    // Resume; disconnecting asks first, and Cancel keeps the account.
    await card.getByRole('button', { name: '재개' }).click();
    await expect.poll(() => card.getByTestId('account-status').innerText()).toBe('활성');

    // A malformed but correctly signed delivery is refused and kept as a dead letter with its error.
    const bad = await deliver({ id: 'e2e-bad', type: 'tweet', author: { id: 'x' }, text: '형식이 틀린 전달', createdAt: new Date().toISOString() });
    expect(bad.status).toBe(400);
    const deadSection = page.getByRole('region', { name: '처리 실패 (데드 레터)' });
    await deadSection.getByRole('button', { name: '새로 고침' }).click();
    const dead = page.getByTestId('dead-letter').filter({ hasText: 'e2e-bad' });
    await dead.waitFor();
    expect(await dead.getByTestId('dead-letter-error').innerText()).toContain('type must be one of');
    expect(await dead.innerText()).toContain('카카오톡 상담봇');
    await dead.scrollIntoViewIfNeeded();
    await shot(page, 'channels-dead-letter-ko-1280');
    await dead.getByRole('button', { name: '다시 처리' }).click();
    await page.getByText('다시 처리하도록 보냈습니다.', { exact: false }).waitFor();

    await card.getByRole('button', { name: '연결 해제' }).click();
    const dialog = page.getByRole('dialog', { name: '계정 연결 해제' });
    await dialog.getByText('‘카카오톡 상담봇’ 계정의 연결을 해제할까요?', { exact: false }).waitFor();
    await shot(page, 'channels-disconnect-ko-1280');
    await dialog.getByRole('button', { name: '취소' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await card.count()).toBe(1);

    expect(tb.errors).toEqual([]);
  });

  it('shows sentiment, intents and personal-data warnings when an item carries analysis', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    // The analytics engine is not plugged into the pipeline yet: add an analysis to the answer on its way.
    await page.route(
      (url) => url.pathname.endsWith('/items'),
      async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { items: { text: string; analysis: unknown }[] };
        for (const item of body.items) {
          if (item.text.includes('만기')) {
            item.text = '적금 만기 해지는 앱에서 바로 되나요? 연락처 010-1234-5678';
            item.analysis = {
              sentiment: { label: 'negative', probs: { negative: 0.81 } },
              intents: { labels: ['inquiry', 'complaint'] },
              pii: [{ type: 'phone', start: 27, end: 40 }],
              masked: '적금 만기 해지는 앱에서 바로 되나요? 연락처 010-****-****',
            };
          }
        }
        await route.fulfill({ response: res, json: body });
      },
    );
    await signIn(page, '/listening');
    const card = page.getByTestId('item-card').filter({ hasText: '만기' });
    await card.waitFor();
    const text = await card.innerText();
    for (const part of ['감성: 부정', '문의', '민원', '개인정보 포함: 전화번호.', '010-****-****']) expect(text).toContain(part);
    expect(text).not.toContain('010-1234-5678');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'listening-analysis-ko-1280');
    expect(tb.errors).toEqual([]);
  });

  it('imports a CSV with a progress bar and line-numbered errors', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, '/settings/import');
    await page.getByRole('heading', { name: '파일에서 가져오기' }).waitFor();
    const csv = [
      'id,kind,author_id,author_handle,author_name,followers,text,created_at,parent_id,thread_id,url,lang',
      'imp-1,post,u-1,cafe_user,박카페,30,"체크카드 해외결제 수수료, 얼마인가요?",2026-11-20T09:00:00+09:00,,,https://cafe.example/1,ko',
      'imp-2,comment,u-2,,,,"저도 궁금해요",2026-11-20T09:05:00+09:00,imp-1,imp-1,,ko',
      'imp-3,post,u-3,,,,"날짜가 없는 줄",,,,,',
    ].join('\n');
    await page.getByLabel('채널 종류').selectOption('webhook');
    await page.getByLabel('파일', { exact: true }).setInputFiles({ name: '카페-게시글.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    expect(await page.getByLabel('이름').inputValue()).toBe('카페-게시글');
    await page.getByRole('button', { name: '업로드' }).click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await progress.getByTestId('import-status').innerText()).toBe('완료');
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toMatch(/4\s+.*created_at/);
    await shot(page, 'import-done-ko-1280');

    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '리스닝' }).click();
    await page.getByTestId('item-card').filter({ hasText: '체크카드 해외결제 수수료' }).waitFor();
    expect(tb.errors).toEqual([]);
  });

  it('fits a phone (390×844): stream, filters and channel cards without sideways scrolling', async () => {
    const page = await tb.newPage({ width: 390, height: 844 });
    await signIn(page, '/listening');
    await page.getByTestId('item-card').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'listening-ko-390');
    await page.goto(`${server.url}/#/settings/channels`);
    await page.getByTestId('account-card').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('account-card').first().scrollIntoViewIfNeeded();
    await shot(page, 'channels-ko-390');
    expect(tb.errors).toEqual([]);
  });
});
