import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

// Groups, reports and the ranking opt-out (docs/microblog.md), on PostgreSQL: races meet real row locks.
let server: TestServer;
let admin: ApiClient;
let ws: string;
const web: Record<'kim' | 'lee' | 'park' | 'choi', ApiClient> = {} as never;
const ids: Record<'kim' | 'lee' | 'park' | 'choi', string> = {} as never;
const tokens: Record<'kim' | 'lee' | 'park' | 'choi', string> = {} as never;
const NAMES = ['kim', 'lee', 'park', 'choi'] as const;

beforeAll(async () => {
  server = await startTestServer({ store: 'postgres' });
  admin = await seedPeople(server);
  ws = server.admin.workspaceId;
  for (const [i, n] of NAMES.entries()) {
    const c = new ApiClient(server.url);
    await c.login(PEOPLE[i]!.email, PEOPLE[i]!.password);
    web[n] = c;
    ids[n] = (await c.get(`/api/v1/w/${ws}/microblog/me`)).body.person.id;
    tokens[n] = (await passwordToken(server.url, PEOPLE[i]!.email, PEOPLE[i]!.password)).token;
  }
}, 240_000);
afterAll(async () => server?.close(), 60_000);

const mb = (path: string) => `/api/v1/w/${ws}/microblog${path}`;
const masto = (token: string, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
const postIds = (posts: Array<{ id: string; reblog?: { id: string } | null }>) => posts.flatMap((p) => [p.id, ...(p.reblog ? [p.reblog.id] : [])]);

async function closedGroup(name: string) {
  const g = await web.kim.post(mb('/groups'), { name, description: '심사 기준과 사례를 나누는 팀 공간', closed: true });
  expect(g.status).toBe(201);
  expect(g.body.group).toMatchObject({ name, closed: true, role: 'admin', membersCount: 1 });
  return g.body.group.id as string;
}

/** Collects WebSocket frames of one token's streams. */
async function listen(token: string, streams: Array<{ stream: string; tag?: string }>) {
  const sock = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${token}`);
  const frames: Array<{ event: string; payload: string }> = [];
  sock.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise((r) => sock.on('open', r));
  for (const s of streams) sock.send(JSON.stringify({ type: 'subscribe', ...s }));
  await new Promise((r) => setTimeout(r, 150));
  return { frames, close: () => sock.close() };
}
const waitFor = async (ok: () => boolean, ms = 6000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return ok();
};

describe('microblog groups', () => {
  it('a closed group: request, approval, and its posts reach no non-member by any path (web, Mastodon, streams)', async () => {
    const gid = await closedGroup('여신심사팀');
    // lee asks, kim approves; park stays outside; choi (compliance, a moderator) stays outside.
    expect((await web.lee.post(mb(`/groups/${gid}/join`), { note: '심사역입니다' })).body.group).toMatchObject({ role: null, requested: true });
    expect((await web.lee.get(mb(`/groups/${gid}/posts`))).status).toBe(403);
    const reqs = (await web.kim.get(mb(`/groups/${gid}/requests`))).body.requests;
    expect(reqs.map((r: { person: { displayName: string } }) => r.person.displayName)).toEqual(['이지영']);
    expect((await web.kim.post(mb(`/groups/${gid}/requests/${ids.lee}/approve`))).body.requests).toEqual([]);
    expect((await web.lee.get(mb(`/groups/${gid}`))).body.group).toMatchObject({ role: 'member', requested: false, membersCount: 2 });

    // Listeners before the posts: lee (member) and park (not) on user, public and hashtag streams.
    const leeStream = await listen(tokens.lee, [{ stream: 'user' }, { stream: 'hashtag', tag: '심사비밀' }]);
    const parkStream = await listen(tokens.park, [{ stream: 'user' }, { stream: 'public' }, { stream: 'hashtag', tag: '심사비밀' }]);

    const made = await web.kim.post(mb('/posts'), { text: '이번 분기 심사 기준 변경 초안 #심사비밀 @park_junho @lee_jiyoung', groupId: gid, poll: { options: ['찬성', '반대'], expiresInSeconds: 3600 } });
    expect(made.status).toBe(201);
    const secret = made.body.post;
    expect(secret.group).toEqual({ id: gid, name: '여신심사팀', closed: true });
    // A reply through a Mastodon client inherits the thread's group; lee favourites and bookmarks.
    const reply = await (await masto(tokens.lee, 'POST', '/api/v1/statuses', { status: '검토 의견 남깁니다 #심사비밀', in_reply_to_id: secret.id })).json();
    expect(reply.visibility).toBe('private');
    expect((await web.lee.get(mb(`/posts/${reply.id}`))).body.post.group.id).toBe(gid);
    expect((await masto(tokens.lee, 'POST', '/api/v1/statuses', { status: '다른 곳으로', in_reply_to_id: secret.id, group_id: '999' })).status).toBe(400);
    await web.lee.post(mb(`/posts/${secret.id}/favourite`), { on: true });
    await web.lee.post(mb(`/posts/${secret.id}/bookmark`), { on: true });
    // A public post after it: park's streams must carry this one (so they work) and never the group's.
    const open = (await web.kim.post(mb('/posts'), { text: '전 직원 공지: 시스템 점검 #심사비밀' })).body.post;
    expect(await waitFor(() => parkStream.frames.some((f) => f.event === 'update' && JSON.parse(f.payload).id === open.id))).toBe(true);
    expect(await waitFor(() => leeStream.frames.some((f) => f.event === 'update' && JSON.parse(f.payload).id === secret.id))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const parkSaw = JSON.stringify(parkStream.frames);
    expect(parkSaw).not.toContain('심사 기준 변경');
    expect(parkSaw).not.toContain('검토 의견');
    leeStream.close();
    parkStream.close();

    const hidden = [secret.id, reply.id];
    const noneOf = (list: string[], where: string) => {
      for (const id of hidden) expect(list, where).not.toContain(id);
    };
    // The member sees it everywhere it belongs.
    expect(postIds((await web.lee.get(mb('/timelines/home'))).body.posts)).toContain(secret.id);
    expect(postIds((await web.lee.get(mb(`/groups/${gid}/posts`))).body.posts)).toEqual(expect.arrayContaining(hidden));
    expect(postIds((await web.lee.get(mb('/tags/심사비밀/posts'))).body.posts)).toContain(secret.id);

    // Web API as park (a non-member): every path.
    const p = web.park;
    for (const path of [`/posts/${secret.id}`, `/posts/${secret.id}/context`, `/posts/${secret.id}/history`, `/posts/${reply.id}`, `/posts/${reply.id}/context`]) expect((await p.get(mb(path))).status, path).toBe(404);
    for (const a of ['favourite', 'boost', 'bookmark', 'report']) expect((await p.post(mb(`/posts/${secret.id}/${a}`), a === 'report' ? { category: 'other' } : { on: true })).status, a).toBe(404);
    expect((await p.post(mb(`/polls/${secret.poll.id}/votes`), { choices: [0] })).status).toBe(404);
    expect((await p.post(mb('/posts'), { text: '끼어들기', replyToId: secret.id })).status).toBe(404);
    expect((await p.post(mb('/posts'), { text: '끼어들기', groupId: gid })).status).toBe(403);
    expect((await p.get(mb(`/groups/${gid}/posts`))).status).toBe(403);
    expect((await p.get(mb(`/groups/${gid}/members`))).status).toBe(403);
    expect((await p.get(mb(`/groups/${gid}/requests`))).status).toBe(403);
    noneOf(postIds((await p.get(mb('/timelines/home'))).body.posts), 'home');
    noneOf(postIds((await p.get(mb('/timelines/local'))).body.posts), 'local');
    noneOf(postIds((await p.get(mb('/tags/심사비밀/posts'))).body.posts), 'tag timeline');
    const tagPage = (await p.get(mb('/tags/심사비밀'))).body;
    noneOf(postIds(tagPage.best), 'tag best');
    expect(tagPage.tag.postsCount).toBe(1);
    noneOf(postIds((await p.get(mb(`/search?q=${encodeURIComponent('심사 기준 변경')}`))).body.posts), 'search');
    noneOf(postIds((await p.get(mb(`/search?q=${encodeURIComponent('#심사비밀')}`))).body.posts), 'search tag');
    noneOf(postIds((await p.get(mb(`/people/${ids.kim}/posts`))).body.posts), 'person');
    expect((await p.get(mb(`/people/${ids.kim}`))).body.person.postsCount).toBe(1);
    const notes = (await p.get(mb('/notifications'))).body.notifications;
    expect(notes.filter((n: { post: { id: string } | null }) => n.post && hidden.includes(n.post.id))).toEqual([]);
    expect((await p.get(mb('/ranking'))).body.ranking.filter((r: { person: { id: string }; favourites: number }) => r.person.id === ids.kim && r.favourites > 0)).toEqual([]);

    // A tag used only inside the group is not even named to park.
    await web.kim.post(mb('/posts'), { text: '내부 약칭 #심사팀전용태그', groupId: gid });
    expect((await p.get(mb(`/search?q=${encodeURIComponent('#심사팀전용')}`))).body.tags).toEqual([]);
    expect((await web.lee.get(mb(`/search?q=${encodeURIComponent('심사팀전용')}`))).body.tags.map((t: { name: string }) => t.name)).toContain('심사팀전용태그');

    // The Mastodon API as park.
    const mp = (path: string) => masto(tokens.park, 'GET', path);
    for (const path of [`/api/v1/statuses/${secret.id}`, `/api/v1/statuses/${secret.id}/context`, `/api/v1/statuses/${reply.id}/context`, `/api/v1/polls/${secret.poll.id}`, `/api/v1/statuses/${secret.id}/source`])
      expect((await mp(path)).status, path).toBe(404);
    for (const path of ['/api/v1/timelines/home', '/api/v1/timelines/public?local=true', `/api/v1/timelines/tag/${encodeURIComponent('심사비밀')}`, '/api/v1/favourites', '/api/v1/bookmarks', `/api/v1/accounts/${ids.kim}/statuses`])
      noneOf(postIds(await (await mp(path)).json()), path);
    const ms = await (await mp(`/api/v2/search?q=${encodeURIComponent('심사 기준')}`)).json();
    noneOf(postIds(ms.statuses), 'mastodon search');
    noneOf(
      ((await (await mp('/api/v1/notifications')).json()) as Array<{ status: { id: string } | null }>).flatMap((n) => (n.status ? [n.status.id] : [])),
      'mastodon notifications',
    );
    expect((await masto(tokens.park, 'POST', `/api/v1/statuses/${secret.id}/reblog`)).status).toBe(404);
    expect((await masto(tokens.park, 'POST', '/api/v1/reports', { account_id: ids.kim, status_ids: [secret.id], comment: 'x' })).status).toBe(400);

    // A moderator who is not a member: not through the API; a held group post in the queue only.
    expect((await web.choi.get(mb(`/posts/${secret.id}`))).status).toBe(404);
    const held = (await web.kim.post(mb('/posts'), { text: '고객 카드 4111 1111 1111 1111 확인 부탁', groupId: gid })).body;
    expect(held.held).toBe(true);
    expect((await web.choi.get(mb(`/posts/${held.post.id}`))).status).toBe(404);
    const queue = (await web.choi.get(mb('/moderation'))).body.posts;
    expect(queue.find((q: { id: string }) => q.id === held.post.id)?.group?.name).toBe('여신심사팀');

    // Removed from the group: lee loses the post, its bookmark, favourite and notifications at once.
    expect((await web.kim.delete(mb(`/groups/${gid}/members/${ids.lee}`))).status).toBe(204);
    expect((await web.lee.get(mb(`/posts/${secret.id}`))).status).toBe(404);
    noneOf(postIds((await web.lee.get(mb('/timelines/home'))).body.posts), 'home after removal');
    noneOf(postIds(await (await masto(tokens.lee, 'GET', '/api/v1/bookmarks')).json()), 'bookmarks after removal');
    noneOf(postIds(await (await masto(tokens.lee, 'GET', '/api/v1/favourites')).json()), 'favourites after removal');
    expect(((await web.lee.get(mb('/notifications'))).body.notifications as Array<{ post: { id: string } | null }>).filter((n) => n.post && hidden.includes(n.post.id))).toEqual([]);
    // lee's own reply is in the group too: gone for its author.
    expect((await masto(tokens.lee, 'GET', `/api/v1/statuses/${reply.id}`)).status).toBe(404);

    // Deleted: shown to nobody, its admin and author included; the rows stay.
    expect((await web.kim.delete(mb(`/groups/${gid}`))).status).toBe(204);
    expect((await web.kim.get(mb(`/posts/${secret.id}`))).status).toBe(404);
    expect((await web.kim.get(mb(`/groups/${gid}`))).status).toBe(404);
    noneOf(postIds((await web.kim.get(mb('/timelines/home'))).body.posts), 'home after delete');
    const kept = await server.runtime.services.store.db.selectFrom('mb_posts').select('id').where('group_id', '=', Number(gid)).execute();
    expect(kept.length).toBeGreaterThanOrEqual(3);
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['microblog.group_created', 'microblog.group_join_requested', 'microblog.group_request_approved', 'microblog.group_member_removed', 'microblog.group_deleted']));
  });

  it('an open group: anyone joins and reads; its posts stay off the company timeline; boosts follow the group', async () => {
    const g = (await web.lee.post(mb('/groups'), { name: 'Python 스터디', description: '', closed: false })).body.group;
    const post = (await web.lee.post(mb('/posts'), { text: '이번 주 스터디 자료 #파이썬', groupId: g.id })).body.post;
    expect((await web.park.get(mb(`/posts/${post.id}`))).status).toBe(200);
    expect(postIds((await web.park.get(mb(`/groups/${g.id}/posts`))).body.posts)).toEqual([post.id]);
    expect(postIds((await web.park.get(mb('/timelines/local'))).body.posts)).not.toContain(post.id);
    expect((await web.park.post(mb('/posts'), { text: '저도요', groupId: g.id })).status).toBe(403);
    expect((await web.park.post(mb(`/groups/${g.id}/join`))).body.group).toMatchObject({ role: 'member', membersCount: 2 });
    expect((await web.park.post(mb('/posts'), { text: '저도 참여합니다', groupId: g.id })).status).toBe(201);
    const boost = await web.park.post(mb(`/posts/${post.id}/boost`), { on: true });
    expect(boost.status).toBe(200);
    // Closing the group: the boost goes with it for non-members.
    expect((await web.lee.patch(mb(`/groups/${g.id}`), { closed: true })).body.group.closed).toBe(true);
    expect((await web.kim.get(mb(`/posts/${post.id}`))).status).toBe(404);
    expect(postIds((await web.kim.get(mb(`/people/${ids.park}/posts`))).body.posts)).not.toContain(post.id);
    expect((await web.park.post(mb(`/posts/${post.id}/boost`), { on: true })).status).toBe(400);
    // Knowledge into answers: a closed group's post is not proposed as a reply template (it would leave the group).
    const adminId = (await admin.get(mb('/me'))).body.person.id;
    await web.lee.post(mb(`/groups/${g.id}/members`), { personId: adminId });
    expect((await admin.get(mb(`/posts/${post.id}`))).status).toBe(200);
    expect((await admin.post(mb(`/posts/${post.id}/propose-canned`), { name: '스터디 안내' })).body.error.code).toBe('microblog.closed_group_post');
    // Names: unique per workspace (case and Unicode form aside), screened like posts.
    expect((await web.kim.post(mb('/groups'), { name: 'python 스터디' })).status).toBe(409);
    expect((await web.kim.post(mb('/groups'), { name: '대외비 프로젝트' })).body.error.code).toBe('microblog.group_screened');
    expect((await web.kim.post(mb('/groups'), { name: '   ' })).status).toBe(400);
    expect((await web.kim.post(mb('/groups'), { name: 'x'.repeat(81) })).status).toBe(400);
  });

  it('only a group admin decides: members and outsiders cannot approve, remove, change or delete; a group keeps an admin', async () => {
    const gid = await closedGroup('리스크관리 협의체');
    await web.lee.post(mb(`/groups/${gid}/join`));
    await web.kim.post(mb(`/groups/${gid}/requests/${ids.lee}/approve`));
    await web.park.post(mb(`/groups/${gid}/join`));
    for (const c of [web.lee, web.park, web.choi]) {
      for (const [method, path, body] of [
        ['POST', `/groups/${gid}/requests/${ids.park}/approve`, undefined],
        ['POST', `/groups/${gid}/requests/${ids.park}/decline`, undefined],
        ['GET', `/groups/${gid}/requests`, undefined],
        ['POST', `/groups/${gid}/members`, { personId: ids.choi }],
        ['PATCH', `/groups/${gid}/members/${ids.lee}`, { role: 'admin' }],
        ['DELETE', `/groups/${gid}/members/${ids.kim}`, undefined],
        ['PATCH', `/groups/${gid}`, { closed: false }],
        ['DELETE', `/groups/${gid}`, undefined],
      ] as const) {
        const r = await c.request(method, mb(path), body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('microblog.group_admin_only');
      }
    }
    expect((await web.park.get(mb(`/groups/${gid}`))).body.group).toMatchObject({ role: null, requested: true });
    // The last admin can neither leave nor step down nor be removed.
    expect((await web.kim.post(mb(`/groups/${gid}/leave`))).body.error.code).toBe('microblog.group_last_admin');
    expect((await web.kim.patch(mb(`/groups/${gid}/members/${ids.kim}`), { role: 'member' })).status).toBe(409);
    expect((await web.kim.delete(mb(`/groups/${gid}/members/${ids.kim}`))).status).toBe(409);
    // Another workspace: the group does not exist there.
    const b = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank-groups' })).body.workspace;
    await admin.post(`/api/v1/w/${b.id}/users`, { email: 'g.other@other.test', name: '다른 직원', role: 'employee', password: 'other bank person pw' });
    const other = new ApiClient(server.url);
    await other.login('g.other@other.test', 'other bank person pw');
    for (const path of [`/groups/${gid}`, `/groups/${gid}/posts`, `/groups/${gid}/members`]) expect((await other.get(`/api/v1/w/${b.id}/microblog${path}`)).status, path).toBe(404);
    expect((await other.post(`/api/v1/w/${b.id}/microblog/groups/${gid}/join`)).status).toBe(404);
    expect((await other.post(`/api/v1/w/${b.id}/microblog/posts`, { text: '침입', groupId: gid })).status).toBe(404);
    expect((await other.get(`/api/v1/w/${b.id}/microblog/groups?filter=discover`)).body.groups).toEqual([]);
    expect((await other.get(`/api/v1/w/${ws}/microblog/groups/${gid}`)).status).toBe(404);
    // A person of another workspace cannot be added.
    const otherId = (await other.get(`/api/v1/w/${b.id}/microblog/me`)).body.person.id;
    expect((await web.kim.post(mb(`/groups/${gid}/members`), { personId: otherId })).status).toBe(404);
    // Garbage ids are 404, never 500.
    for (const bad of ['0', '-1', 'abc', '99999999999999999999', "1'--"]) expect((await web.kim.get(mb(`/groups/${encodeURIComponent(bad)}`))).status).toBe(404);
  });

  it('races: two joins make one member; two approvals one membership; two last-but-one admins leaving keep one admin', async () => {
    const open = (await web.kim.post(mb('/groups'), { name: '동시가입 시험', closed: false })).body.group.id;
    const joins = await Promise.all([0, 1, 2, 3].map(() => web.park.post(mb(`/groups/${open}/join`))));
    expect(joins.map((j) => j.status)).toEqual([200, 200, 200, 200]);
    expect((await web.kim.get(mb(`/groups/${open}`))).body.group.membersCount).toBe(2);
    const gid = await closedGroup('동시승인 시험');
    await Promise.all([web.lee.post(mb(`/groups/${gid}/join`)), web.lee.post(mb(`/groups/${gid}/join`))]);
    expect((await web.kim.get(mb(`/groups/${gid}/requests`))).body.requests).toHaveLength(1);
    await web.kim.post(mb(`/groups/${gid}/members`), { personId: ids.choi, role: 'admin' });
    const decisions = await Promise.all([web.kim.post(mb(`/groups/${gid}/requests/${ids.lee}/approve`)), web.choi.post(mb(`/groups/${gid}/requests/${ids.lee}/approve`))]);
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 404]);
    expect((await web.kim.get(mb(`/groups/${gid}/members`))).body.members).toHaveLength(3);
    // kim and choi are the two admins; both leave at once: one goes, the other is the last admin.
    const leaving = await Promise.all([web.kim.post(mb(`/groups/${gid}/leave`)), web.choi.post(mb(`/groups/${gid}/leave`))]);
    expect(leaving.map((l) => l.status).sort()).toEqual([200, 409]);
    const members = (await web.lee.get(mb(`/groups/${gid}/members`))).body.members as Array<{ role: string }>;
    expect(members.filter((m) => m.role === 'admin')).toHaveLength(1);
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?action=microblog.group_joined&limit=50`)).body.entries as Array<{ targetId: string }>;
    expect(audit.filter((e) => e.targetId === open)).toHaveLength(1);
  });
});

describe('reports by users', () => {
  it('anyone reports a post they can read; moderators dismiss or remove; the author never sees who; Mastodon maps on', async () => {
    const post = (await web.kim.post(mb('/posts'), { text: '주말 워크숍 사진 공유합니다' })).body.post;
    const r = await web.lee.post(mb(`/posts/${post.id}/report`), { category: 'abuse', note: '부적절한 사진이 있습니다' });
    expect(r.status).toBe(201);
    expect((await web.lee.post(mb(`/posts/${post.id}/report`), { category: 'abuse' })).status).toBe(409);
    expect((await web.kim.post(mb(`/posts/${post.id}/report`), { category: 'spam' })).body.error.code).toBe('microblog.report_own');
    expect((await web.lee.post(mb(`/posts/${post.id}/report`), { category: 'nonsense' })).status).toBe(400);
    // The author (not a moderator) cannot read the queue; nothing tells them who reported.
    expect((await web.kim.get(mb('/moderation/reports'))).status).toBe(403);
    const told = (await web.kim.get(mb('/notifications'))).body.notifications as Array<{ post: { id: string } | null }>;
    expect(told.filter((n) => n.post?.id === post.id)).toEqual([]);
    expect(JSON.stringify((await web.kim.get(mb(`/posts/${post.id}`))).body)).not.toContain('이지영');
    const queue = (await web.choi.get(mb('/moderation/reports'))).body.reports;
    const mine = queue.find((x: { post: { id: string } }) => x.post.id === post.id);
    expect(mine).toMatchObject({ category: 'abuse', note: '부적절한 사진이 있습니다', reporter: { displayName: '이지영' } });
    expect((await web.kim.post(mb(`/moderation/reports/${mine.id}/dismiss`), {})).status).toBe(403);
    expect((await web.choi.post(mb(`/moderation/reports/${mine.id}/dismiss`), { note: '문제 없음' })).status).toBe(204);
    expect((await web.choi.post(mb(`/moderation/reports/${mine.id}/remove`), {})).status).toBe(409);
    expect((await web.kim.get(mb(`/posts/${post.id}`))).status).toBe(200);

    // Mastodon: POST /api/v1/reports with status_ids and a category.
    const rep = await (await masto(tokens.park, 'POST', '/api/v1/reports', { account_id: ids.kim, status_ids: [post.id], comment: '개인 연락처가 보입니다', category: 'violation' })).json();
    expect(rep).toMatchObject({ category: 'violation', status_ids: [post.id], target_account: { id: ids.kim }, action_taken: false });
    expect((await masto(tokens.park, 'POST', '/api/v1/reports', { account_id: ids.kim, status_ids: [] })).status).toBe(400);
    const again = (await web.choi.get(mb('/moderation/reports'))).body.reports.find((x: { id: string }) => x.id === rep.id);
    expect(again).toMatchObject({ category: 'abuse', note: '개인 연락처가 보입니다' });
    expect((await web.choi.post(mb(`/moderation/reports/${rep.id}/remove`), { note: '삭제' })).status).toBe(204);
    expect((await web.kim.get(mb(`/posts/${post.id}`))).status).toBe(404);
    // A moderator's own post: no reporter's name, and someone else decides.
    const own = (await web.choi.post(mb('/posts'), { text: '준법감시부 안내' })).body.post;
    await web.park.post(mb(`/posts/${own.id}/report`), { category: 'spam' });
    const ownReport = (await web.choi.get(mb('/moderation/reports'))).body.reports.find((x: { post: { id: string } }) => x.post.id === own.id);
    expect(ownReport.reporter).toBeNull();
    expect((await web.choi.post(mb(`/moderation/reports/${ownReport.id}/dismiss`))).body.error.code).toBe('microblog.report_own_post');
    for (const bad of ['abc', '0', '99999999']) expect((await web.choi.post(mb(`/moderation/reports/${bad}/dismiss`))).status).toBe(404);
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['microblog.post_reported', 'microblog.report_dismissed', 'microblog.report_post_removed']));
  });
});

describe('ranking opt-out', () => {
  it('an opted-out person is listed to nobody, and comes back when they opt in', async () => {
    const post = (await web.park.post(mb('/posts'), { text: '엑셀 매크로로 대사 업무 줄이는 법' })).body.post;
    await web.lee.post(mb(`/posts/${post.id}/favourite`), { on: true });
    await web.kim.post(mb(`/posts/${post.id}/favourite`), { on: true });
    const listed = async (c: ApiClient) => ((await c.get(mb('/ranking'))).body.ranking as Array<{ person: { id: string }; favourites: number; score: number }>).find((x) => x.person.id === ids.park);
    expect(await listed(web.lee)).toMatchObject({ favourites: 2, score: 4 });
    expect((await web.park.request('PUT', mb('/me/ranking'), { optOut: true })).body).toEqual({ rankingOptOut: true });
    expect((await web.park.get(mb('/ranking'))).body.rankingOptOut).toBe(true);
    for (const c of [web.lee, web.kim, web.park]) expect(await listed(c)).toBeUndefined();
    expect((await web.park.request('PUT', mb('/me/ranking'), { optOut: 'yes' })).status).toBe(400);
    await web.park.request('PUT', mb('/me/ranking'), { optOut: false });
    expect(await listed(web.kim)).toMatchObject({ favourites: 2 });
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?limit=100`)).body.entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['microblog.ranking_opted_out', 'microblog.ranking_opted_in']));
  });
});
