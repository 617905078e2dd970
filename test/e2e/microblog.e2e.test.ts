/**
 * The internal microblog in real Chromium: an employee posts with a Korean hashtag; a post carrying a
 * card number is held with its reason (nobody else sees it); the author fixes it and it is shown; a
 * second held post waits in the compliance officer's moderation queue and is released there.
 * Screenshots: test/e2e/.out/microblog-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from '../microblog/support.js';

let server: TestServer;
let tb: TestBrowser;
beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [401], webgl: false, timeout: 15_000 });
  await ensureWebBuild();
  server = await startTestServer();
  await seedPeople(server);
}, 180_000);
afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('microblog web UI', () => {
  it('holds a post carrying a card number, lets the author fix it, and a moderator release another', async () => {
    const [kim, , , choi] = PEOPLE;
    const page = await tb.newPage({ width: 1280, height: 900 });
    await signIn(page, server.url, { email: kim!.email, password: kim!.password }, '/microblog');
    const box = page.getByPlaceholder('동료들과 나눌 소식');
    await box.waitFor();
    await box.fill('오늘 배운 여신 심사 팁 #여신심사');
    await page.getByRole('button', { name: '게시', exact: true }).click();
    await page.getByTestId('mb-text').filter({ hasText: '오늘 배운 여신 심사 팁' }).first().waitFor();

    await box.fill('고객 카드 4111-1111-1111-1111 재발급 요청 드립니다');
    await page.getByRole('button', { name: '게시', exact: true }).click();
    const held = page.getByTestId('mb-held');
    await held.waitFor();
    expect(await held.textContent()).toContain('카드번호');
    await shot(page, 'microblog-held');
    // Fixed: the number goes, the post is shown.
    await box.fill('고객 카드 재발급 요청 드립니다 (번호는 메신저로)');
    await page.getByRole('button', { name: '고쳐서 다시 게시' }).click();
    await page.getByTestId('mb-text').filter({ hasText: '번호는 메신저로' }).first().waitFor();
    expect(await held.count()).toBe(0);

    // A second held post, released by compliance.
    await box.fill('대외비 자료 요약입니다');
    await page.getByRole('button', { name: '게시', exact: true }).click();
    await held.waitFor();
    await page.getByRole('tab', { name: '전체' }).click();
    await page.getByTestId('mb-post').first().waitFor();
    expect(await page.getByTestId('mb-post').filter({ hasText: '대외비 자료 요약' }).count()).toBe(0);
    // The tag page.
    await page.getByRole('button', { name: '#여신심사' }).first().click();
    await page.getByRole('heading', { name: '#여신심사' }).waitFor();
    await shot(page, 'microblog-tag');

    const mod = await tb.newPage({ width: 1280, height: 900 });
    await signIn(mod, server.url, { email: choi!.email, password: choi!.password }, '/microblog');
    await mod.getByRole('tab', { name: '검토 대기' }).click();
    const item = mod.getByTestId('mb-post').filter({ hasText: '대외비 자료 요약' });
    await item.waitFor();
    expect(await item.textContent()).toContain('기밀 표시');
    await shot(mod, 'microblog-moderation');
    await mod.getByRole('button', { name: '게시 승인' }).click();
    await mod.getByText('검토를 기다리는 글이 없습니다.').waitFor();
    await mod.getByRole('tab', { name: '전체' }).click();
    await mod.getByTestId('mb-text').filter({ hasText: '대외비 자료 요약' }).waitFor();
  }, 120_000);

  it('an agent proposes a post as a reply template; compliance polishes and approves it in the inbox settings', async () => {
    const [kim, , , choi] = PEOPLE;
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'agent.han@bank.test', name: '한상담', role: 'agent', password: 'agent han pass 77' });
    const author = await tb.newPage({ width: 1280, height: 900 });
    await signIn(author, server.url, { email: kim!.email, password: kim!.password }, '/microblog');
    const box = author.getByPlaceholder('동료들과 나눌 소식');
    await box.fill('해외결제가 거절되면 앱 > 카드관리 > 해외결제에서 허용을 켜시면 됩니다 #카드문의');
    await author.getByRole('button', { name: '게시', exact: true }).click();
    await author.getByTestId('mb-text').filter({ hasText: '해외결제가 거절되면' }).first().waitFor();
    // An employee without the inbox has no such button.
    expect(await author.getByRole('button', { name: '답변 템플릿으로 제안' }).count()).toBe(0);

    const agent = await tb.newPage({ width: 1280, height: 900 });
    await signIn(agent, server.url, { email: 'agent.han@bank.test', password: 'agent han pass 77' }, '/microblog');
    await agent.getByRole('tab', { name: '전체' }).click();
    const post = agent.getByTestId('mb-post').filter({ hasText: '해외결제가 거절되면' }).first();
    await post.getByRole('button', { name: '답변 템플릿으로 제안' }).click();
    await post.getByLabel('템플릿 이름').fill('해외결제 거절 안내');
    await post.getByRole('button', { name: '제안', exact: true }).click();
    await post.getByRole('status').filter({ hasText: '제안했습니다' }).waitFor();

    const comp = await tb.newPage({ width: 1280, height: 900 });
    await signIn(comp, server.url, { email: choi!.email, password: choi!.password }, '/settings/inbox/canned');
    const proposal = comp.getByTestId('canned-proposal');
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('김민수');
    const text = proposal.getByLabel('내용');
    expect(await text.inputValue()).not.toContain('#카드문의');
    await text.fill('고객님, 해외결제가 거절되면 앱 > 카드관리 > 해외결제에서 허용을 켜 주세요.');
    await proposal.getByRole('button', { name: '승인해 템플릿으로 만들기' }).click();
    await comp.getByRole('status').filter({ hasText: '해외결제 거절 안내' }).waitFor();
    await comp.getByText('고객님, 해외결제가 거절되면').waitFor();
    await shot(comp, 'microblog-canned-approved');
    const canned = (await admin.get(`/api/v1/w/${server.admin.workspaceId}/inbox/canned-replies`)).body.cannedReplies as Array<{ name: string; text: string }>;
    expect(canned.find((c) => c.name === '해외결제 거절 안내')?.text).toBe('고객님, 해외결제가 거절되면 앱 > 카드관리 > 해외결제에서 허용을 켜 주세요.');
    expect(tb.errors).toEqual([]);
  }, 120_000);
});
