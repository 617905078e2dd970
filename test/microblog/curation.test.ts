/**
 * Hashtags as knowledge: curators (`microblog.curate`: admin, compliance, manager) pin posts on a tag page
 * in order, describe the tag, and merge a tag into another; employees may not. The summary's keywords are
 * Korean lemmas (no particles, no one-letter fragments) with counts; its highlights are the most-engaged
 * posts' first sentences. After a merge the old name answers as the new one, on the web and to Mastodon
 * clients (tag, tag timeline, followed tags), and new posts written with the old name are filed under it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

let server: TestServer;
let admin: ApiClient;
let kim: ApiClient;
let lee: ApiClient;
let park: ApiClient;
let choi: ApiClient;
let base: string;
const ids: Record<string, string> = {};

async function as(i: number): Promise<ApiClient> {
  const c = new ApiClient(server.url);
  await c.login(PEOPLE[i]!.email, PEOPLE[i]!.password);
  return c;
}
const tagUrl = (t: string) => `${base}/tags/${encodeURIComponent(t)}`;

beforeAll(async () => {
  // PostgreSQL: two racing merges run on two connections (PGlite has one).
  server = await startTestServer({ store: 'postgres' });
  admin = await seedPeople(server);
  base = `/api/v1/w/${server.admin.workspaceId}/microblog`;
  [kim, lee, park, choi] = await Promise.all([as(0), as(1), as(2), as(3)]);
  const texts: Array<[ApiClient, string, string]> = [
    [kim, 'a', '담보대출 심사에서 소득 증빙 서류를 먼저 확인합니다. 누락이 많아요. #여신심사'],
    [kim, 'b', '담보대출 한도는 소득과 기존 부채를 함께 봅니다 #여신심사'],
    [lee, 'c', '소득 증빙이 어려운 자영업자는 카드 매출 자료로 대신합니다 #여신심사'],
    [lee, 'd', '전세자금 대출 서류 체크리스트 공유드립니다 #여신'],
    [park, 'e', '여신 쪽 질문: 보증서 담보대출 서류는 무엇인가요? #여신 #여신심사'],
    [park, 'f', '점심 메뉴 추천 받습니다 #점심'],
  ];
  for (const [c, key, text] of texts) {
    const r = await c.post(`${base}/posts`, { text });
    if (r.status !== 201) throw new Error(`post ${key}: ${r.status} ${JSON.stringify(r.body)}`);
    ids[key] = r.body.post.id;
  }
  // Engagement: b gets the most, c some.
  await lee.post(`${base}/posts/${ids.b}/favourite`, { on: true });
  await park.post(`${base}/posts/${ids.b}/boost`, { on: true });
  await park.post(`${base}/posts/${ids.c}/favourite`, { on: true });
  // park follows #여신 before it is merged; lee follows both.
  await park.post(`${base}/tags/${encodeURIComponent('여신')}/follow`, { on: true });
  await lee.post(`${base}/tags/${encodeURIComponent('여신')}/follow`, { on: true });
  await lee.post(`${base}/tags/${encodeURIComponent('여신심사')}/follow`, { on: true });
}, 180_000);
afterAll(async () => server?.close(), 60_000);

describe('tag curation', () => {
  it('refuses employees: pin, describe and merge are 403', async () => {
    expect((await kim.request('PUT', `${tagUrl('여신심사')}/pins/${ids.a}`)).status).toBe(403);
    expect((await kim.request('PUT', `${tagUrl('여신심사')}/description`, { description: '내가 쓴 설명' })).status).toBe(403);
    const merge = await kim.post(`${tagUrl('여신')}/merge`, { into: '여신심사' });
    expect(merge.status).toBe(403);
    expect(merge.body.error.code).toBe('auth.forbidden');
    expect((await kim.get(tagUrl('여신심사'))).body.pinned).toEqual([]);
  });

  it('pins posts of the tag in order (shown first), refuses a post without the tag, and orders them', async () => {
    const first = await choi.request('PUT', `${tagUrl('여신심사')}/pins/${ids.c}`);
    expect(first.status).toBe(200);
    await choi.request('PUT', `${tagUrl('여신심사')}/pins/${ids.a}`);
    expect((await kim.get(tagUrl('여신심사'))).body.pinned.map((p: { id: string }) => p.id)).toEqual([ids.c, ids.a]);
    const notInTag = await choi.request('PUT', `${tagUrl('여신심사')}/pins/${ids.f}`);
    expect(notInTag.status).toBe(400);
    expect(notInTag.body.error.code).toBe('microblog.pin_not_in_tag');
    expect((await choi.request('PUT', `${tagUrl('여신심사')}/pins/999999`)).status).toBe(404);
    const ordered = await choi.request('PUT', `${tagUrl('여신심사')}/pins`, { postIds: [ids.a] });
    expect(ordered.body.pinned.map((p: { id: string }) => p.id)).toEqual([ids.a, ids.c]);
    expect((await choi.request('PUT', `${tagUrl('여신심사')}/pins`, { postIds: [ids.b] })).body.error.code).toBe('microblog.not_pinned');
    const unpinned = await choi.request('DELETE', `${tagUrl('여신심사')}/pins/${ids.c}`);
    expect(unpinned.body.pinned.map((p: { id: string }) => p.id)).toEqual([ids.a]);
  });

  it('shows the tag’s counts, its top contributors by posts and the tags used with it, best posts first', async () => {
    const page = (await kim.get(tagUrl('여신심사'))).body;
    expect(page.tag).toMatchObject({ name: '여신심사', postsCount: 4, peopleCount: 3 });
    // kim wrote two #여신심사 posts, lee and park one each (ties by person).
    expect(page.contributors[0]).toMatchObject({ person: { displayName: '김민수' }, posts: 2 });
    expect(page.contributors.map((c: { posts: number }) => c.posts).sort()).toEqual([1, 1, 2]);
    // Only park's post carries #여신 with #여신심사 (before any merge); #점심 never appears with it.
    expect(page.related).toEqual([{ name: '여신', count: 1 }]);
    // b drew a favourite and a boost: it is the best post.
    expect(page.best[0].id).toBe(ids.b);
  });

  it('summarises the tag: the description, Korean keywords with counts, the most-engaged first sentences, the period', async () => {
    const described = await choi.request('PUT', `${tagUrl('여신심사')}/description`, { description: '여신 심사 실무: 서류, 소득 확인, 한도 산정 노하우를 모읍니다.' });
    expect(described.status).toBe(200);
    const s = (await kim.get(tagUrl('여신심사'))).body.summary;
    expect(s.description).toBe('여신 심사 실무: 서류, 소득 확인, 한도 산정 노하우를 모읍니다.');
    expect(s.describedBy.displayName).toBe('최소라');
    expect(s.postsCount).toBe(4);
    expect(s.peopleCount).toBe(3);
    expect(s.sampled).toBe(4);
    const kw = new Map<string, number>(s.keywords.map((k: { term: string; posts: number }) => [k.term, k.posts]));
    expect(kw.get('소득')).toBe(3);
    expect(kw.get('담보대출')).toBe(3);
    for (const term of kw.keys()) {
      expect([...term].length, term).toBeGreaterThanOrEqual(2);
      expect(term, term).not.toMatch(/(에서|를|은|는|이|가|와|과)$/);
      expect(term).not.toBe('여신심사');
    }
    expect(s.highlights[0]).toMatchObject({ postId: ids.b, sentence: '담보대출 한도는 소득과 기존 부채를 함께 봅니다', favourites: 1, boosts: 1 });
    expect(s.highlights.map((h: { postId: string }) => h.postId)).toContain(ids.c);
    expect(s.highlights.map((h: { postId: string }) => h.postId)).not.toContain(ids.a);
    expect(Date.parse(s.firstAt)).toBeLessThanOrEqual(Date.parse(s.lastAt));
  });

  it('refuses a merge into itself, into a tag nobody uses, of a tag nobody uses, and from another workspace', async () => {
    const self = await choi.post(`${tagUrl('여신심사')}/merge`, { into: '#여신심사' });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('microblog.tag_merge_self');
    const missing = await choi.post(`${tagUrl('여신')}/merge`, { into: '없는태그' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('microblog.merge_target_not_found');
    expect((await choi.post(`${tagUrl('없는태그')}/merge`, { into: '여신심사' })).body.error.code).toBe('microblog.tag_not_found');
    expect((await choi.post(`${tagUrl('여신')}/merge`, { into: '   ' })).status).toBe(400);
    const b = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank-tags' })).body.workspace;
    await admin.post(`/api/v1/w/${b.id}/users`, { email: 'b.admin@other-tags.test', name: 'B', role: 'admin', password: 'other bank admin pw' });
    const intruder = new ApiClient(server.url);
    await intruder.login('b.admin@other-tags.test', 'other bank admin pw');
    const cross = await intruder.post(`${tagUrl('여신')}/merge`, { into: '여신심사' });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('workspace.not_found');
    // Nothing moved.
    expect((await kim.get(tagUrl('여신'))).body.tag.name).toBe('여신');
  });

  it('merges #여신 into #여신심사: posts re-tagged, followers moved, audited; the old name answers as the new one, for Mastodon clients too', async () => {
    await choi.request('PUT', `${tagUrl('여신')}/pins/${ids.d}`);
    const [r1, r2] = await Promise.all([choi.post(`${tagUrl('여신')}/merge`, { into: '여신심사' }), choi.post(`${tagUrl('여신')}/merge`, { into: '여신심사' })]);
    const ok = [r1, r2].find((r) => r.status === 200)!;
    const other = [r1, r2].find((r) => r !== ok)!;
    expect(ok.body.merge).toMatchObject({ from: '여신', posts: 1, followers: 1, pins: 1, into: { name: '여신심사' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('microblog.tag_already_merged');

    const page = (await kim.get(tagUrl('여신'))).body;
    expect(page.tag.name).toBe('여신심사');
    expect(page.tag.postsCount).toBe(5);
    expect(page.aliases).toEqual(['여신']);
    expect(page.pinned.map((p: { id: string }) => p.id)).toEqual([ids.a, ids.d]);
    const posts = (await kim.get(`${tagUrl('여신')}/posts`)).body.posts.map((p: { id: string }) => p.id);
    expect(posts).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c, ids.d, ids.e]));
    expect((await kim.get(`${base}/posts/${ids.d}`)).body.post.tags).toEqual(['여신심사']);
    // A new post with the old name is filed under the new one.
    const fresh = await park.post(`${base}/posts`, { text: '대출 서류 질문 하나 더 #여신' });
    expect(fresh.body.post.tags).toEqual(['여신심사']);

    const audit = await admin.get(`/api/v1/w/${server.admin.workspaceId}/audit?action=microblog.tag_merged`);
    expect(JSON.stringify(audit.body)).toContain('여신심사');

    // Mastodon clients: the tag, its timeline, followed tags.
    const { token } = await passwordToken(server.url, PEOPLE[2]!.email, PEOPLE[2]!.password);
    const auth = { authorization: `Bearer ${token}` };
    const tag = await (await fetch(`${server.url}/api/v1/tags/${encodeURIComponent('여신')}`, { headers: auth })).json();
    expect(tag.name).toBe('여신심사');
    expect(tag.following).toBe(true);
    const timeline = (await (await fetch(`${server.url}/api/v1/timelines/tag/${encodeURIComponent('여신')}?limit=40`, { headers: auth })).json()) as Array<{ id: string }>;
    expect(timeline.map((s) => s.id)).toEqual(expect.arrayContaining([ids.a, ids.d, fresh.body.post.id]));
    const followed = (await (await fetch(`${server.url}/api/v1/followed_tags`, { headers: auth })).json()) as Array<{ name: string }>;
    expect(followed.map((t) => t.name)).toEqual(['여신심사']);
    // lee followed both: one follow is left, of the target.
    const leeTags = (await lee.get(tagUrl('여신심사'))).body.tag;
    expect(leeTags.following).toBe(true);
    // Merging the merged name again is a conflict; merging the target into the merged name is a merge into itself.
    expect((await choi.post(`${tagUrl('여신')}/merge`, { into: '점심' })).status).toBe(409);
    expect((await choi.post(`${tagUrl('여신심사')}/merge`, { into: '여신' })).body.error.code).toBe('microblog.tag_merge_self');
  });
});
