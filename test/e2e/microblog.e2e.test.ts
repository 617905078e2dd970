/**
 * The internal microblog in real Chromium: an employee posts with a Korean hashtag; a post carrying a
 * card number is held with its reason (nobody else sees it); the author fixes it and it is shown; a
 * second held post waits in the compliance officer's moderation queue and is released there. Then the
 * composer's other parts: a poll made and voted on, a reply written under a post and read in its thread,
 * an image uploaded with alt text and shown on the timeline, a CSV held with its reason before and after
 * posting, a profile followed; and a curator pins a post on a tag page, describes the tag and merges
 * another tag into it. Screenshots: test/e2e/.out/microblog-*.png.
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

  it('polls, replies and threads, an image with alt text, a held CSV, a profile; a curator pins, describes and merges tags', async () => {
    const [kim, lee, , choi] = PEOPLE;
    const author = await tb.newPage({ width: 1280, height: 1000 });
    await signIn(author, server.url, { email: kim!.email, password: kim!.password }, '/microblog');
    const compose = author.getByTestId('mb-compose');
    const box = author.getByPlaceholder('동료들과 나눌 소식');
    await box.waitFor();

    await box.fill('심사 서류는 최근 3개월 것으로 받습니다 #여신심사');
    await compose.getByRole('button', { name: '게시', exact: true }).click();
    await author.getByTestId('mb-text').filter({ hasText: '최근 3개월' }).first().waitFor();

    // A poll: three options, several choices allowed.
    await box.fill('다음 주 여신 스터디 요일을 골라 주세요 #여신');
    await compose.getByRole('button', { name: '설문 추가' }).click();
    await compose.getByLabel('1번 항목').fill('화요일');
    await compose.getByLabel('2번 항목').fill('수요일');
    await compose.getByRole('button', { name: '항목 추가' }).click();
    await compose.getByLabel('3번 항목').fill('목요일');
    await compose.getByLabel('여러 개 선택 허용').check();
    await compose.getByRole('button', { name: '게시', exact: true }).click();
    await author.getByTestId('mb-post').filter({ hasText: '스터디 요일' }).getByTestId('mb-poll').waitFor();

    // An image with alt text.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await author.getByTestId('mb-file').setInputFiles({ name: '안내판.png', mimeType: 'image/png', buffer: png });
    await author.getByTestId('mb-media-draft').waitFor();
    await author.getByLabel('이미지 설명 (대체 텍스트)').fill('본점 3층 상담 창구 안내판');
    await box.fill('새 안내판을 달았습니다 #지점소식');
    await compose.getByRole('button', { name: '게시', exact: true }).click();
    const img = author.getByTestId('mb-post').filter({ hasText: '새 안내판을' }).getByRole('img', { name: '본점 3층 상담 창구 안내판' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(1);
    await shot(author, 'microblog-image');

    // A CSV: its reason before posting, and the post held with it.
    await author.getByTestId('mb-file').setInputFiles({ name: '고객목록.csv', mimeType: 'text/csv', buffer: Buffer.from('name,phone\n홍길동,010\n') });
    const fileHeld = author.getByTestId('mb-file-held');
    await fileHeld.waitFor();
    expect(await fileHeld.textContent()).toContain('CSV 파일은 고객 정보가 담기기 쉬워');
    await box.fill('정리한 목록입니다');
    await compose.getByRole('button', { name: '게시', exact: true }).click();
    const held = author.getByTestId('mb-held');
    await held.waitFor();
    expect(await held.textContent()).toContain('CSV 파일은');
    await shot(author, 'microblog-csv-held');

    // A colleague votes, replies, and follows the author from the profile.
    const reader = await tb.newPage({ width: 1280, height: 1000 });
    await signIn(reader, server.url, { email: lee!.email, password: lee!.password }, '/microblog');
    await reader.getByRole('tab', { name: '전체' }).click();
    const pollPost = reader.getByTestId('mb-post').filter({ hasText: '스터디 요일' }).first();
    await pollPost.getByLabel('화요일').check();
    await pollPost.getByLabel('목요일').check();
    await pollPost.getByRole('button', { name: '투표', exact: true }).click();
    await pollPost.getByText('1명 참여').waitFor();
    expect(await pollPost.textContent()).toContain('1표 (50%)');
    expect(await reader.getByTestId('mb-post').filter({ hasText: '정리한 목록입니다' }).count()).toBe(0);
    await pollPost.getByRole('button', { name: '답글 쓰기' }).click();
    await pollPost.getByPlaceholder('답글을 적어 주세요').fill('@kim_minsu 목요일 오후가 제일 좋습니다');
    await pollPost.getByRole('button', { name: '답글 게시' }).click();
    await reader.getByTestId('mb-post').filter({ hasText: '스터디 요일' }).first().getByRole('button', { name: '답글 1' }).click();
    const thread = reader.getByTestId('mb-thread');
    await thread.getByTestId('mb-replies').getByText('목요일 오후가 제일 좋습니다').waitFor();
    await shot(reader, 'microblog-thread');
    await thread.getByRole('button', { name: '김민수' }).first().click();
    const profile = reader.getByTestId('mb-profile');
    // Exactly the department field: the profile's posts (loaded after it) repeat it in their heads.
    await profile.getByText('디지털금융부', { exact: true }).waitFor();
    expect(await profile.textContent()).toContain('2101');
    await profile.getByRole('button', { name: '팔로우', exact: true }).click();
    await profile.getByRole('button', { name: '팔로우 취소' }).waitFor();
    expect(await profile.getByTestId('mb-counts').textContent()).toContain('팔로워 1명');
    await shot(reader, 'microblog-profile');

    // The curator (compliance) pins a post on #여신심사, describes it, then merges #여신 into it.
    const curator = await tb.newPage({ width: 1280, height: 1000 });
    curator.on('dialog', (d) => void d.accept());
    await signIn(curator, server.url, { email: choi!.email, password: choi!.password }, '/microblog');
    await curator.getByRole('tab', { name: '전체' }).click();
    await curator.getByRole('button', { name: '#여신심사' }).first().click();
    await curator.getByRole('heading', { name: '#여신심사' }).waitFor();
    await curator.getByRole('button', { name: '태그 맨 위에 고정' }).first().click();
    await curator.getByTestId('mb-pinned').getByTestId('mb-post').first().waitFor();
    await curator.getByText('태그 관리 (큐레이터)').click();
    await curator.getByLabel('이 태그가 다루는 내용').fill('여신 심사 실무 노하우를 모읍니다.');
    await curator.getByRole('button', { name: '설명 저장' }).click();
    await curator.getByTestId('mb-tag-description').filter({ hasText: '여신 심사 실무 노하우' }).waitFor();
    await shot(curator, 'microblog-tag-curated');
    await curator.getByRole('button', { name: '← 이전 화면' }).click();
    await curator.getByRole('button', { name: '#여신', exact: true }).first().click();
    await curator.getByRole('heading', { name: '#여신', exact: true }).waitFor();
    await curator.getByText('태그 관리 (큐레이터)').click();
    await curator.getByPlaceholder('합칠 태그 이름').fill('여신심사');
    await curator.getByRole('button', { name: '합치기' }).click();
    await curator.getByRole('heading', { name: '#여신심사' }).waitFor();
    await curator.getByText('합쳐진 태그: #여신').waitFor();
    expect(await curator.getByTestId('mb-tag-description').textContent()).toContain('여신 심사 실무 노하우');
    // The merged tag's posts are on the target's page.
    await curator.getByTestId('mb-post').filter({ hasText: '스터디 요일' }).first().waitFor();
    await shot(curator, 'microblog-tag-merged');
    // An employee is not a curator: no pin button, no tools.
    await author.getByRole('tab', { name: '전체' }).click();
    await author.getByRole('button', { name: '#여신', exact: true }).first().click();
    await author.getByRole('heading', { name: '#여신심사' }).waitFor();
    expect(await author.getByRole('button', { name: '태그 맨 위에 고정' }).count()).toBe(0);
    expect(await author.getByText('태그 관리 (큐레이터)').count()).toBe(0);
    expect(tb.errors).toEqual([]);
  }, 180_000);
});
