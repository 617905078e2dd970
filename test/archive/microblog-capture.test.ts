import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from '../microblog/support.js';

// The internal microblog goes to the archive (issue #18: retention follows the archive's rules): every
// version of every post, held ones too, and every deletion, as channel `microblog`; the compliance officer
// finds them by channel and words, reads the original of a held post, and a second run adds nothing.
let server: TestServer;
let kim: ApiClient;
let choi: ApiClient;
let mb: string;
let archive: string;
beforeAll(async () => {
  server = await startTestServer();
  await seedPeople(server);
  kim = new ApiClient(server.url);
  await kim.login(PEOPLE[0]!.email, PEOPLE[0]!.password);
  choi = new ApiClient(server.url);
  await choi.login(PEOPLE[3]!.email, PEOPLE[3]!.password);
  mb = `/api/v1/w/${server.admin.workspaceId}/microblog`;
  archive = `/api/v1/w/${server.admin.workspaceId}/archive`;
}, 180_000);
afterAll(async () => server?.close(), 60_000);

type Version = { seq: number; kind: string; channel: string; isPrivate: boolean; text: string; nativeId: string; labels: string[]; author: { label: string } };

describe('the microblog in the archive', () => {
  it('archives each version and deletion of each post, masked, private where it is, once', async () => {
    const shown = (await kim.post(`${mb}/posts`, { text: '지점 마감 후 시재 점검 순서 공유합니다 #운영' })).body.post;
    expect((await kim.request('PATCH', `${mb}/posts/${shown.id}`, { text: '지점 마감 후 시재 점검 순서(수정본) 공유합니다 #운영' })).status).toBe(200);
    const held = await kim.post(`${mb}/posts`, { text: '고객 카드 4111 1111 1111 1111 분실 건 처리했습니다' });
    expect(held.status).toBe(201);
    const heldId = held.body.post.id as string;
    const gone = (await kim.post(`${mb}/posts`, { text: '점심 같이 하실 분 구합니다' })).body.post;
    expect((await kim.request('DELETE', `${mb}/posts/${gone.id}`)).status).toBeLessThan(300);
    const dm = (await kim.post(`${mb}/posts`, { text: '@choi_sora 내부 감사 일정 확인 부탁드립니다', visibility: 'direct' })).body.post;

    const first = await server.runtime.services.microblogCapture.run();
    expect(first).toBeGreaterThanOrEqual(6);
    expect(await server.runtime.services.microblogCapture.run()).toBe(0);

    const r = await choi.get(`${archive}/versions?channel=microblog`);
    expect(r.status).toBe(200);
    const versions = r.body.versions as Version[];
    const of = (id: string) => versions.filter((v) => v.nativeId === String(id));
    expect(
      of(shown.id)
        .map((v) => v.kind)
        .sort(),
    ).toEqual(['edited', 'sent']);
    expect(of(shown.id).find((v) => v.kind === 'edited')!.text).toContain('수정본');
    expect(
      of(gone.id)
        .map((v) => v.kind)
        .sort(),
    ).toEqual(['deleted', 'sent']);
    expect(of(dm.id)[0]!.isPrivate).toBe(true);
    expect(of(shown.id)[0]!.isPrivate).toBe(false);
    expect(of(shown.id)[0]!.author.label).toContain('김민수');
    // The held post is kept (a communication all the same), masked in lists, its original for compliance.
    const h = of(heldId)[0]!;
    expect(h.labels).toContain('held');
    expect(h.text).not.toContain('4111 1111 1111 1111');
    const detail = await choi.get(`${archive}/versions/${h.seq}`);
    expect(detail.status).toBe(200);
    expect(detail.body.original.text).toContain('4111 1111 1111 1111');
    // Each version once, however often the capture runs.
    expect(new Set(versions.map((v) => v.seq)).size).toBe(versions.length);
    // Found by words like any archived message; an employee cannot search the archive.
    const found = (await choi.get(`${archive}/versions?channel=microblog&words=${encodeURIComponent('시재 점검')}`)).body.versions as Version[];
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect((await kim.get(`${archive}/versions?channel=microblog`)).status).toBe(403);
  });
});
