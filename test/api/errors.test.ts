import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer({ env: { SOTONG_BODY_LIMIT: '4096', SOTONG_TRUST_PROXY: 'true' } });
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
});
afterAll(async () => server.close());

const expectError = (r: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string) => {
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.message.length).toBeGreaterThan(5);
  expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
};

describe('HTTP errors', () => {
  it('malformed JSON → 400 request.malformed_json', async () => {
    expectError(await admin.request('POST', `/api/v1/w/${server.admin.workspaceId}/users`, '{"email": '), 400, 'request.malformed_json');
  });
  it('schema violation → 400 naming the field', async () => {
    const r = await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'a@b.test', name: 'A', role: 'pope' });
    expectError(r, 400, 'validation');
    expect(r.body.error.field).toBe('role');
    const missing = await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'a@b.test', role: 'agent' });
    expect(missing.body.error.field).toBe('name');
  });
  it('unauthenticated → 401', async () => {
    expectError(await new ApiClient(server.url).get(`/api/v1/w/${server.admin.workspaceId}/users`), 401, 'auth.required');
  });
  it('unknown route → 404 JSON', async () => {
    expectError(await admin.get('/api/v1/nothing-here'), 404, 'route.not_found');
  });
  it('unknown user → 404', async () => {
    expectError(await admin.patch(`/api/v1/w/${server.admin.workspaceId}/users/00000000-0000-4000-8000-000000000000`, { role: 'agent' }), 404, 'user.not_found');
  });
  it('oversized body → 413', async () => {
    expectError(await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'big@bank.test', name: 'x'.repeat(10_000), role: 'agent' }), 413, 'request.too_large');
  });
  it('duplicate → 409', async () => {
    await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'dup@bank.test', name: 'D', role: 'agent' });
    expectError(await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'DUP@bank.test', name: 'D', role: 'agent' }), 409, 'user.exists');
  });
  it('every response carries a request id; an incoming one is kept', async () => {
    const r = await admin.request('GET', '/api/v1/auth/me', undefined, { 'x-request-id': 'trace-123' });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
    expect((await admin.get('/healthz')).headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });
  it('marks cookies Secure behind a TLS proxy', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
    });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('sotong_session='))).toMatch(/Secure/);
  });
  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await admin.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await admin.get('/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/sotong_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    const spec = (await admin.get('/docs/json')).body;
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain('/api/v1/w/{workspaceId}/users');
  });
});
