/**
 * Microblog groups in real Chromium: an employee creates a closed group and posts in it; a colleague
 * asks to join from the group list; the admin approves in the group's requests; the new member reads
 * the post (group page and home), while a third colleague sees only that the group is closed, and
 * finds the post neither on the company timeline nor by search. Screenshots: test/e2e/.out/microblog-group-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from '../microblog/support.js';

let server: TestServer;
let tb: TestBrowser;
beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [401, 403], webgl: false, timeout: 15_000 });
  await ensureWebBuild();
  server = await startTestServer();
  await seedPeople(server);
}, 180_000);
afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('microblog groups in the web UI', () => {
  it('a closed group: create, request, approve; the member reads its post, a non-member does not', async () => {
    const [kim, lee, park] = PEOPLE;
    const admin = await tb.newPage({ width: 1280, height: 900 });
    await signIn(admin, server.url, { email: kim!.email, password: kim!.password }, '/microblog');
    await admin.getByRole('tab', { name: '그룹' }).click();
    await admin.getByLabel('그룹 이름').fill('여신심사팀');
    await admin.getByLabel('설명').fill('심사 기준과 사례를 나누는 팀 공간');
    await admin.getByLabel('비공개 그룹').check();
    await admin.getByRole('button', { name: '만들기' }).click();
    await admin.getByRole('heading', { name: '여신심사팀' }).waitFor();
    const groupBox = admin.getByPlaceholder('이 그룹에 글 쓰기');
    await groupBox.fill('4분기 심사 기준 초안 공유합니다 #심사기준');
    await admin.locator('form', { has: groupBox }).getByRole('button', { name: '게시', exact: true }).click();
    const adminPost = admin.getByTestId('mb-post').filter({ hasText: '4분기 심사 기준 초안' });
    await adminPost.waitFor();
    expect(await adminPost.textContent()).toContain('그룹: 여신심사팀');

    // lee finds the group under 둘러보기 and asks to join.
    const member = await tb.newPage({ width: 1280, height: 900 });
    await signIn(member, server.url, { email: lee!.email, password: lee!.password }, '/microblog');
    await member.getByRole('tab', { name: '그룹' }).click();
    const line = member.getByTestId('mb-group').filter({ hasText: '여신심사팀' });
    await line.waitFor();
    expect(await line.textContent()).toContain('비공개');
    await line.getByRole('button', { name: '가입 요청' }).click();
    await line.getByText('승인 대기 중').waitFor();
    await shot(member, 'microblog-group-requested');

    // kim sees the request and approves it.
    await admin.getByRole('button', { name: '← 그룹 목록' }).click();
    const mine = admin.getByTestId('mb-group').filter({ hasText: '여신심사팀' });
    await mine.getByText('요청 1건').waitFor();
    await mine.getByRole('button', { name: '여신심사팀' }).click();
    const requests = admin.getByTestId('mb-group-requests');
    await requests.getByText('이지영').waitFor();
    await shot(admin, 'microblog-group-requests');
    await requests.getByRole('button', { name: '승인' }).click();
    await requests.getByText('대기 중인 요청이 없습니다.').waitFor();
    await admin.getByTestId('mb-group-members').getByText('이지영').waitFor();

    // lee, now a member, reads the post on the group page and on the home timeline.
    await member.reload();
    await member.getByRole('tab', { name: '그룹' }).click();
    await member.getByTestId('mb-group').filter({ hasText: '여신심사팀' }).getByRole('button', { name: '여신심사팀' }).click();
    await member.getByTestId('mb-text').filter({ hasText: '4분기 심사 기준 초안' }).waitFor();
    await shot(member, 'microblog-group-member');
    await member.getByRole('button', { name: '← 그룹 목록' }).click();
    await member.getByRole('tab', { name: '홈' }).click();
    await member.getByTestId('mb-text').filter({ hasText: '4분기 심사 기준 초안' }).waitFor();

    // park is not a member: the group says it is closed, the post is nowhere.
    const outsider = await tb.newPage({ width: 1280, height: 900 });
    await signIn(outsider, server.url, { email: park!.email, password: park!.password }, '/microblog');
    await outsider.getByRole('tab', { name: '그룹' }).click();
    await outsider.getByTestId('mb-group').filter({ hasText: '여신심사팀' }).getByRole('button', { name: '여신심사팀' }).click();
    await outsider.getByText('비공개 그룹입니다. 회원만 글과 회원 목록을 볼 수 있습니다.').waitFor();
    expect(await outsider.getByTestId('mb-post').count()).toBe(0);
    expect(await outsider.getByRole('button', { name: '가입 요청' }).count()).toBe(1);
    await shot(outsider, 'microblog-group-outsider');
    await outsider.getByRole('button', { name: '← 그룹 목록' }).click();
    await outsider.getByRole('tab', { name: '전체' }).click();
    await outsider.getByText('아직 글이 없습니다.').waitFor();
    expect(await outsider.getByTestId('mb-post').filter({ hasText: '4분기 심사 기준 초안' }).count()).toBe(0);
    await outsider.getByPlaceholder('글, 사람, 태그 검색').fill('심사 기준 초안');
    await outsider.getByPlaceholder('글, 사람, 태그 검색').press('Enter');
    await outsider.getByText('아직 글이 없습니다.').waitFor();
    expect(await outsider.getByTestId('mb-post').count()).toBe(0);
  }, 150_000);
});
