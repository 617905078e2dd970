import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe('authentication', () => {
  it('logs in with the demo admin and sets HttpOnly SameSite session cookies', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('sotong_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    expect(cookies.find((c) => c.startsWith('sotong_csrf='))).not.toMatch(/HttpOnly/i);
    const body = await res.json();
    expect(body.user.email).toBe(server.admin.email);
    expect(body.workspaces).toEqual([expect.objectContaining({ slug: 'demo', role: 'admin' })]);
  });

  it('rejects a wrong password with 401 and a stable code', async () => {
    const c = new ApiClient(server.url);
    const r = await c.login(server.admin.email, 'wrong-password');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('auth.invalid_credentials');
  });

  it('requires the CSRF token on unsafe requests made with a session cookie', async () => {
    const c = new ApiClient(server.url);
    await c.login(server.admin.email, server.admin.password);
    const csrf = c.csrf;
    c.csrf = undefined;
    const denied = await c.patch('/api/v1/me', { locale: 'en' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('auth.csrf');
    c.csrf = 'forged';
    expect((await c.patch('/api/v1/me', { locale: 'en' })).status).toBe(403);
    c.csrf = csrf;
    const ok = await c.patch('/api/v1/me', { locale: 'en' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.locale).toBe('en');
  });

  it('logs out: the session no longer works', async () => {
    const c = new ApiClient(server.url);
    await c.login(server.admin.email, server.admin.password);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    const after = await c.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.required');
  });

  it('changes a password, ending other sessions, and refuses weak ones', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    const created = await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'pw.user@bank.test', name: 'PW User', role: 'agent' });
    expect(created.status).toBe(201);
    const initial = created.body.initialPassword as string;
    expect(initial).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const a = new ApiClient(server.url);
    const b = new ApiClient(server.url);
    await a.login('pw.user@bank.test', initial);
    await b.login('pw.user@bank.test', initial);
    const weak = await a.post('/api/v1/auth/password', { currentPassword: initial, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('auth.weak_password');
    const wrong = await a.post('/api/v1/auth/password', { currentPassword: 'nope-nope-nope', newPassword: '새 비밀번호는 충분히 길다' });
    expect(wrong.status).toBe(401);
    expect((await a.post('/api/v1/auth/password', { currentPassword: initial, newPassword: '새 비밀번호는 충분히 길다' })).status).toBe(204);
    expect((await b.get('/api/v1/auth/me')).status).toBe(401);
    expect((await new ApiClient(server.url).login('pw.user@bank.test', initial)).status).toBe(401);
    expect((await new ApiClient(server.url).login('PW.User@bank.test', '새 비밀번호는 충분히 길다')).status).toBe(200);
  });

  it('throttles repeated failures per account with 429 and Retry-After, even for the right password', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'throttle@bank.test', name: 'T', role: 'agent', password: 'correct horse battery' });
    const c = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) expect((await c.login('throttle@bank.test', `bad-${i}`)).status).toBe(401);
    const locked = await c.login('throttle@bank.test', 'correct horse battery');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('auth.throttled');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked by this one.
    expect((await new ApiClient(server.url).login(server.admin.email, server.admin.password)).status).toBe(200);
  });

  it('issues scoped API tokens shown once, usable as Bearer, and revocable', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    const ws = server.admin.workspaceId;
    const created = await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'crm-sync', scopes: ['read'] });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^sot_/);
    const list = await admin.get(`/api/v1/w/${ws}/tokens`);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const bot = new ApiClient(server.url);
    bot.bearer = secret;
    expect((await bot.get(`/api/v1/w/${ws}/users`)).status).toBe(200);
    const denied = await bot.post(`/api/v1/w/${ws}/users`, { email: 'x@bank.test', name: 'X', role: 'agent' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('auth.forbidden');
    expect((await admin.delete(`/api/v1/w/${ws}/tokens/${created.body.token.id}`)).status).toBe(204);
    const revoked = await bot.get(`/api/v1/w/${ws}/users`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('auth.invalid_token');
  });

  it('limits what each role sees: an agent cannot list users or read the audit trail', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    const ws = server.admin.workspaceId;
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'agent@bank.test', name: '상담원', role: 'agent', password: 'support desk 9876' });
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'comp@bank.test', name: '준법감시', role: 'compliance', password: 'rules and rules 42' });
    const agent = new ApiClient(server.url);
    await agent.login('agent@bank.test', 'support desk 9876');
    expect((await agent.get(`/api/v1/w/${ws}/users`)).status).toBe(403);
    expect((await agent.get(`/api/v1/w/${ws}/audit`)).status).toBe(403);
    const comp = new ApiClient(server.url);
    await comp.login('comp@bank.test', 'rules and rules 42');
    const audit = await comp.get(`/api/v1/w/${ws}/audit?action=user.&limit=2`);
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toHaveLength(2);
    expect(audit.body.entries[0].action).toMatch(/^user\./);
    expect(audit.body.nextBefore).toBeGreaterThan(0);
    const next = await comp.get(`/api/v1/w/${ws}/audit?action=user.&limit=2&before=${audit.body.nextBefore}`);
    expect(next.body.entries[0].seq).toBeLessThan(audit.body.entries[1].seq);
  });

  it('applies role changes, disabling and removal at the next request, although sessions and memberships are cached', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    const ws = server.admin.workspaceId;
    const created = await admin.post(`/api/v1/w/${ws}/users`, { email: 'lead@bank.test', name: '팀장', role: 'agent', password: 'harbour lights 24680' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const userId = created.body.user.id as string;
    const lead = new ApiClient(server.url);
    await lead.login('lead@bank.test', 'harbour lights 24680');
    expect((await lead.get(`/api/v1/w/${ws}/users`)).status).toBe(403); // cached now: agent
    expect((await admin.patch(`/api/v1/w/${ws}/users/${userId}`, { role: 'admin' })).status).toBe(200);
    expect((await lead.get(`/api/v1/w/${ws}/users`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/w/${ws}/users/${userId}`, { role: 'agent' })).status).toBe(200);
    expect((await lead.get(`/api/v1/w/${ws}/users`)).status).toBe(403);
    expect((await admin.delete(`/api/v1/w/${ws}/users/${userId}`)).status).toBe(204);
    expect((await lead.get(`/api/v1/w/${ws}/users`)).status).toBe(404);
  });
});

describe('identity cache', () => {
  it('is cleared in every process that shares the bus when one of them changes identities', async () => {
    const { MemoryBus } = await import('../../src/platform/bus/memory.js');
    const { IdentityCache } = await import('../../src/modules/identity/identity-cache.js');
    const bus = new MemoryBus();
    const here = new IdentityCache(bus, 60_000);
    const there = new IdentityCache(bus, 60_000);
    const sub = await there.watch();
    let loads = 0;
    const load = async () => (++loads, 'agent' as const);
    await there.roles.get('u:w', load);
    await there.roles.get('u:w', load);
    expect(loads).toBe(1);
    await here.changed();
    await new Promise((r) => setTimeout(r, 20));
    await there.roles.get('u:w', load);
    expect(loads).toBe(2);
    await sub?.close();
    await bus.close();
  });
});
