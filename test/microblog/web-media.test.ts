/**
 * The web composer's uploads (`POST /api/v1/w/:ws/microblog/media`, the body is the file) under attack:
 * another workspace, no session, an API token without the microblog, a deactivated person, empty and
 * 10 MB + 1 bodies, a page named .png (the type is read from the bytes), a JSON file that must stay bytes,
 * and a CSV whose post is held with the file's reason. Also the web API's replies, polls, bookmarks,
 * history and profile answers the UI needs.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from './support.js';

let server: TestServer;
let admin: ApiClient;
let kim: ApiClient;
let lee: ApiClient;
let base: string;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(64)]);

async function as(i: number): Promise<ApiClient> {
  const c = new ApiClient(server.url);
  const r = await c.login(PEOPLE[i]!.email, PEOPLE[i]!.password);
  if (r.status !== 200) throw new Error(`login ${PEOPLE[i]!.email}: ${r.status}`);
  return c;
}
const upload = (c: ApiClient, data: Uint8Array, name: string, type = 'application/octet-stream', description = '') =>
  c.request('POST', `${base}/media?fileName=${encodeURIComponent(name)}${description ? `&description=${encodeURIComponent(description)}` : ''}`, data, { 'content-type': type });

beforeAll(async () => {
  server = await startTestServer();
  admin = await seedPeople(server);
  base = `/api/v1/w/${server.admin.workspaceId}/microblog`;
  kim = await as(0);
  lee = await as(1);
}, 180_000);
afterAll(async () => server?.close(), 60_000);

describe('web uploads', () => {
  it('takes an image with alt text, serves the same bytes, and shows it in a post with its description', async () => {
    const r = await upload(kim, PNG, '지점 안내.png', 'image/png', '본점 3층 상담 창구 안내판');
    expect(r.status).toBe(201);
    expect(r.body.media).toMatchObject({ type: 'image', contentType: 'image/png', fileName: '지점 안내.png', description: '본점 3층 상담 창구 안내판', holdReasons: [] });
    const served = await fetch(server.url + r.body.media.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), PNG)).toBe(0);
    // The alt text can be changed before posting; then the post shows it.
    const described = await kim.request('PUT', `${base}/media/${r.body.media.id}`, { description: '본점 3층 창구 안내판 사진' });
    expect(described.body.media.description).toBe('본점 3층 창구 안내판 사진');
    const post = await kim.post(`${base}/posts`, { text: '새 안내판입니다 #지점소식', mediaIds: [r.body.media.id] });
    expect(post.status).toBe(201);
    expect(post.body.held).toBe(false);
    expect(post.body.post.media).toEqual([expect.objectContaining({ id: r.body.media.id, type: 'image', description: '본점 3층 창구 안내판 사진' })]);
    const local = await lee.get(`${base}/timelines/local`);
    expect(local.body.posts.find((p: { id: string }) => p.id === post.body.post.id).media[0].description).toBe('본점 3층 창구 안내판 사진');
    // Posted files cannot be described again, nor attached twice, nor attached by someone else.
    expect((await kim.request('PUT', `${base}/media/${r.body.media.id}`, { description: 'x' })).status).toBe(400);
    const other = (await upload(lee, PNG, 'lee.png', 'image/png')).body.media.id as string;
    expect((await kim.post(`${base}/posts`, { text: '남의 사진', mediaIds: [other] })).status).toBe(404);
    expect((await kim.get(`${base}/media/${other}`)).status).toBe(404);
  });

  it('reads the type from the bytes, not the name or the header; a JSON file stays bytes', async () => {
    const page = await upload(kim, Buffer.from('<html><script>alert(1)</script></html>'), 'cat.png', 'image/png');
    expect(page.status).toBe(201);
    expect(page.body.media.type).toBe('unknown');
    expect(page.body.media.contentType).toBe('application/octet-stream');
    const file = await fetch(server.url + page.body.media.url);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    const jsonBytes = Buffer.from('{"a":1,"b":[1,2,3]}');
    const json = await upload(kim, jsonBytes, 'data.json', 'application/json');
    expect(json.status).toBe(201);
    expect(json.body.media.size).toBe(jsonBytes.length);
    expect(Buffer.compare(Buffer.from(await (await fetch(server.url + json.body.media.url)).arrayBuffer()), jsonBytes)).toBe(0);
  });

  it('refuses an empty body (400), 10 MB + 1 (413), and survives', async () => {
    const empty = await upload(kim, new Uint8Array(0), 'empty.png');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('microblog.media_empty');
    const big = await upload(kim, Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.png', 'image/png');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('request.too_large');
    const exact = await upload(kim, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 - PNG.length, 0)]), 'max.png', 'image/png');
    expect(exact.status).toBe(201);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('holds the post of a CSV upload with the file reason, for its author to see; nobody else sees it', async () => {
    const csv = await upload(kim, Buffer.from('name,card\n홍길동,1234\n'), '고객목록.csv', 'text/csv');
    expect(csv.status).toBe(201);
    expect(csv.body.media.holdReasons).toEqual([expect.objectContaining({ type: 'file', kind: 'type:csv' })]);
    const post = await kim.post(`${base}/posts`, { text: '정리한 목록 공유합니다', mediaIds: [csv.body.media.id] });
    expect(post.body.held).toBe(true);
    expect(post.body.post.holdReasons.map((r: { kind: string }) => r.kind)).toContain('type:csv');
    const local = await lee.get(`${base}/timelines/local`);
    expect(local.body.posts.some((p: { id: string }) => p.id === post.body.post.id)).toBe(false);
    expect((await lee.get(`${base}/posts/${post.body.post.id}`)).status).toBe(404);
  });

  it('answers another workspace 404, no session 401, an API token 403, a deactivated person 403', async () => {
    const b = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank-media' })).body.workspace;
    await admin.post(`/api/v1/w/${b.id}/users`, { email: 'b.admin@other-media.test', name: 'B', role: 'admin', password: 'other bank admin pw' });
    const intruder = new ApiClient(server.url);
    await intruder.login('b.admin@other-media.test', 'other bank admin pw');
    const cross = await upload(intruder, PNG, 'x.png', 'image/png');
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('workspace.not_found');
    expect((await upload(new ApiClient(server.url), PNG, 'x.png', 'image/png')).status).toBe(401);
    const token = (await admin.post(`/api/v1/w/${server.admin.workspaceId}/tokens`, { name: 'media-probe', scopes: ['read', 'write', 'admin'] })).body.secret as string;
    const bearer = Object.assign(new ApiClient(server.url), { bearer: token });
    expect((await upload(bearer, PNG, 'x.png', 'image/png')).status).toBe(403);
    const park = await as(2);
    await admin.post(`${base}/people/import`, { csv: `email,name,status\n${PEOPLE[2]!.email},${PEOPLE[2]!.name},inactive\n` });
    const gone = await upload(park, PNG, 'x.png', 'image/png');
    expect(gone.status).toBe(403);
    expect(gone.body.error.code).toBe('microblog.deactivated');
  });
});

describe('the web API the UI needs', () => {
  it('replies, thread context, polls (single and multiple), bookmarks, edit history, a profile with follow state', async () => {
    const root = (await kim.post(`${base}/posts`, { text: '신용대출 금리 인하 요구권 안내는 어디에 있나요?' })).body.post;
    const reply = await lee.post(`${base}/posts`, { text: '@kim_minsu 상품설명서 4쪽에 있습니다.', replyToId: root.id });
    expect(reply.status).toBe(201);
    const ctx = await kim.get(`${base}/posts/${reply.body.post.id}/context`);
    expect(ctx.body.ancestors.map((p: { id: string }) => p.id)).toEqual([root.id]);
    expect((await kim.get(`${base}/posts/${root.id}`)).body.post.repliesCount).toBe(1);

    const poll = await kim.post(`${base}/posts`, { text: '점심 회의 언제가 좋을까요?', poll: { options: ['11시 30분', '12시', '12시 30분'], multiple: true, expiresInSeconds: 3600 } });
    const pollId = poll.body.post.poll.id as string;
    const voted = await lee.post(`${base}/polls/${pollId}/votes`, { choices: [0, 2] });
    expect(voted.body.poll.options.map((o: { votesCount: number }) => o.votesCount)).toEqual([1, 0, 1]);
    expect((await lee.post(`${base}/polls/${pollId}/votes`, { choices: [1] })).body.error.code).toBe('microblog.already_voted');
    expect((await kim.post(`${base}/posts`, { text: '항목 하나', poll: { options: ['하나'] } })).body.error.code).toBe('microblog.bad_poll');

    await lee.post(`${base}/posts/${root.id}/bookmark`, { on: true });
    const marks = await lee.get(`${base}/timelines/bookmarks`);
    expect(marks.body.posts.map((p: { id: string }) => p.id)).toEqual([root.id]);
    expect((await kim.get(`${base}/timelines/bookmarks`)).body.posts).toEqual([]);

    await kim.patch(`${base}/posts/${root.id}`, { text: '신용대출 금리인하요구권 안내는 어디에 있나요? (수정)' });
    const history = await lee.get(`${base}/posts/${root.id}/history`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    const kimId = root.author.id as string;
    const before = await lee.get(`${base}/people/${kimId}`);
    expect(before.body.person).toMatchObject({ displayName: '김민수', department: '디지털금융부', title: '차장', extension: '2101' });
    expect(before.body.relationship.following).toBe(false);
    await lee.post(`${base}/people/${kimId}/follow`, { on: true });
    const after = await lee.get(`${base}/people/${kimId}`);
    expect(after.body.relationship.following).toBe(true);
    expect(after.body.person.followersCount).toBe(before.body.person.followersCount + 1);
    const followers = await kim.get(`${base}/people/${kimId}/followers`);
    expect(followers.body.people.map((p: { displayName: string }) => p.displayName)).toContain('이지영');
  });
});
