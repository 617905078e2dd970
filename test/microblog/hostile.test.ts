import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = await seedPeople(server);
}, 180_000);
afterAll(async () => server?.close(), 60_000);

const api = (token: string | undefined, method: string, path: string, body?: unknown, form = false) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}) },
    ...(body !== undefined ? { body: form ? String(body) : JSON.stringify(body) } : {}),
  });

describe('the Mastodon API under attack', () => {
  it('another workspace sees nothing: statuses, accounts, polls and tags of workspace A are 404 or absent for B', async () => {
    const [kim] = PEOPLE;
    const a = await passwordToken(server.url, kim!.email, kim!.password);
    const post = await (await api(a.token, 'POST', '/api/v1/statuses', { status: '비밀 아닌 공지 #공지', poll: { options: ['예', '아니오'], expires_in: 3600 } })).json();
    expect(post.id).toBeTruthy();
    const b = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace;
    await admin.post(`/api/v1/w/${b.id}/users`, { email: 'b.person@other.test', name: 'B 직원', role: 'employee', password: 'other bank person pw' });
    const tb = await passwordToken(server.url, 'b.person@other.test', 'other bank person pw');
    for (const path of [`/api/v1/statuses/${post.id}`, `/api/v1/statuses/${post.id}/context`, `/api/v1/accounts/${post.account.id}`, `/api/v1/polls/${post.poll.id}`]) {
      const r = await api(tb.token, 'GET', path);
      expect(r.status, path).toBe(404);
    }
    expect((await api(tb.token, 'POST', `/api/v1/statuses/${post.id}/favourite`)).status).toBe(404);
    expect((await api(tb.token, 'POST', `/api/v1/polls/${post.poll.id}/votes`, { choices: [0] })).status).toBe(404);
    expect((await api(tb.token, 'POST', `/api/v1/accounts/${post.account.id}/follow`)).status).toBe(404);
    const tag = await (await api(tb.token, 'GET', '/api/v1/timelines/tag/공지')).json();
    expect(tag).toEqual([]);
    const pub = await (await api(tb.token, 'GET', '/api/v1/timelines/public?local=true')).json();
    expect(pub.map((s: { id: string }) => s.id)).not.toContain(post.id);
    const search = await (await api(tb.token, 'GET', `/api/v2/search?q=${encodeURIComponent('김민수')}`)).json();
    expect(search.accounts).toEqual([]);
    // The web API of workspace A: 404 to B's admin-less member.
    const c = new ApiClient(server.url);
    await c.login('b.person@other.test', 'other bank person pw');
    expect((await c.get(`/api/v1/w/${server.admin.workspaceId}/microblog/posts/${post.id}`)).status).toBe(404);
  });

  it('codes and tokens are bound to their app; wrong secrets, forged and revoked tokens are refused', async () => {
    const [kim] = PEOPLE;
    const mk = async () => (await api(undefined, 'POST', '/api/v1/apps', { client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })).json();
    const appA = await mk();
    const appB = await mk();
    const form = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: appA.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', email: kim!.email, password: kim!.password }),
    });
    const code = /<code id="code">([^<]+)</.exec(await form.text())![1]!;
    const stolen = await api(undefined, 'POST', '/oauth/token', { grant_type: 'authorization_code', client_id: appB.client_id, client_secret: appB.client_secret, code, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' });
    expect(stolen.status).toBe(400);
    expect((await stolen.json()).error).toBe('invalid_grant');
    const wrongSecret = await api(undefined, 'POST', '/oauth/token', { grant_type: 'authorization_code', client_id: appA.client_id, client_secret: appB.client_secret, code });
    expect(wrongSecret.status).toBe(401);
    const badPassword = await api(undefined, 'POST', '/oauth/token', `grant_type=password&client_id=${appA.client_id}&client_secret=${appA.client_secret}&username=${kim!.email}&password=nope`, true);
    expect(badPassword.status).toBe(400);
    expect((await api('forged-token', 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401);
    expect((await api(undefined, 'GET', '/api/v1/timelines/home')).status).toBe(401);
    // An API token of Sotong is not a Mastodon token, and a Mastodon token opens no Sotong route.
    const t = await passwordToken(server.url, kim!.email, kim!.password);
    expect((await api(t.token, 'GET', `/api/v1/w/${server.admin.workspaceId}/microblog/me`)).status).toBe(401);
    // A read-only token cannot post; an app-only token has no person.
    const ro = await passwordToken(server.url, kim!.email, kim!.password, 'read');
    expect((await api(ro.token, 'POST', '/api/v1/statuses', { status: 'x' })).status).toBe(403);
    const cc = await (await api(undefined, 'POST', '/oauth/token', { grant_type: 'client_credentials', client_id: appA.client_id, client_secret: appA.client_secret })).json();
    expect((await api(cc.access_token, 'GET', '/api/v1/apps/verify_credentials')).status).toBe(200);
    expect((await api(cc.access_token, 'GET', '/api/v1/timelines/home')).status).toBe(401);
    // Revoked: refused.
    await api(undefined, 'POST', '/oauth/revoke', { client_id: t.clientId, client_secret: t.clientSecret, token: t.token });
    expect((await api(t.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401);
  });

  it('a deactivated person keeps their posts and loses access, through the token they already hold', async () => {
    const [, lee] = PEOPLE;
    const t = await passwordToken(server.url, lee!.email, lee!.password);
    const post = await (await api(t.token, 'POST', '/api/v1/statuses', { status: '퇴사 전 마지막 글 #인사' })).json();
    const imp = await admin.post(`/api/v1/w/${server.admin.workspaceId}/microblog/people/import`, { csv: `email,name,status\n${lee!.email},${lee!.name},inactive\n` });
    expect(imp.body.deactivated).toBe(1);
    const r = await api(t.token, 'GET', '/api/v1/timelines/home');
    expect(r.status).toBe(401);
    expect((await api(undefined, 'POST', '/oauth/token', { grant_type: 'password', client_id: t.clientId, client_secret: t.clientSecret, username: lee!.email, password: lee!.password })).status).toBeLessThan(500);
    const k = await passwordToken(server.url, PEOPLE[0]!.email, PEOPLE[0]!.password);
    const still = await api(k.token, 'GET', `/api/v1/statuses/${post.id}`);
    expect(still.status).toBe(200);
    const again = await passwordToken(server.url, lee!.email, lee!.password).catch(() => null);
    if (again) expect((await api(again.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401);
  });

  it('fuzzed bodies, queries and forms never get a 5xx', async () => {
    const [kim] = PEOPLE;
    const t = await passwordToken(server.url, kim!.email, kim!.password);
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/statuses'],
      ['POST', '/oauth/token'],
      ['POST', '/api/v1/apps'],
      ['POST', '/api/v1/polls/1/votes'],
      ['PUT', '/api/v1/statuses/1'],
      ['GET', '/api/v1/timelines/home'],
      ['GET', '/api/v2/search'],
      ['GET', '/api/v1/accounts/relationships'],
      ['POST', '/oauth/authorize'],
    ];
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 4 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const body = fc.dictionary(fc.constantFrom('status', 'poll', 'choices', 'grant_type', 'client_id', 'in_reply_to_id', 'visibility', 'redirect_uris', 'scopes', 'q', 'max_id', 'options', '__proto__'), value, { maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, fc.boolean(), fc.string({ maxLength: 30 }), async ([method, path], b, form, junk) => {
        const url = `${path}?max_id=${encodeURIComponent(junk)}&limit=${encodeURIComponent(junk)}&q=${encodeURIComponent(junk)}&id[]=${encodeURIComponent(junk)}`;
        const payload = method === 'GET' ? undefined : form ? new URLSearchParams(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString() : b;
        const r = await api(t.token, method, url, payload, form);
        expect(r.status, `${method} ${url} ${JSON.stringify(b)}`).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 23 },
    );
    for (const raw of ['{', '[]', 'null', '{"status":"\\u0000"}', '{"status":"\\ud800"}', '{"poll":{"options":"x"}}', '{"status":"x","poll":{"options":[1,2],"expires_in":"1e999"}}']) {
      const r = await fetch(`${server.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: raw });
      expect(r.status, raw).toBeLessThan(500);
    }
    const bad = await fetch(`${server.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=%00&poll[options][]=a' });
    expect(bad.status).toBe(400);
  }, 120_000);
});
