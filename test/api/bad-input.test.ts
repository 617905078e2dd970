import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { badText, jsonDepth } from '../../src/http/input-guard.js';

/** Issue #14 finding 8: inputs that passed the schemas and ended in 500s; each must be a 400 now. */
let server: TestServer;
let admin: ApiClient;
let ws: string;
beforeAll(async () => {
  server = await startTestServer({ store: 'postgres', roles: ['web'] });
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
});
afterAll(async () => server.close());

const expect400 = (r: { status: number; body: { error: { code: string } } }, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe(code);
};

describe('the input guard', () => {
  it('finds NUL and lone surrogates but passes pairs and Korean', () => {
    expect(badText('a\u0000b')).toBe('nul');
    expect(badText('\ud800')).toBe('surrogate');
    expect(badText('x\udc00')).toBe('surrogate');
    expect(badText('\ud83d\ude42 한국어')).toBeNull();
  });
  it('counts JSON depth without counting brackets in strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth('['.repeat(5000), 64)).toBe(65);
  });
});

describe('bad input answers 400, never 500 (PostgreSQL)', () => {
  it('NUL in a team name, a note, a query name and a search', async () => {
    expect400(await admin.post(`/api/v1/w/${ws}/inbox/teams`, { name: 'Cards\u0000', skills: [] }), 'request.bad_text');
    expect400(await admin.post(`/api/v1/w/${ws}/listening/queries`, { name: 'q\u0000', expression: '카드' }), 'request.bad_text');
    const conv = '00000000-0000-4000-8000-000000000000';
    const note = await admin.post(`/api/v1/w/${ws}/inbox/conversations/${conv}/notes`, { text: 'note \u0000' });
    expect400(note, 'request.bad_text');
    expect(note.body.error.field).toBe('text');
    expect400(await admin.get(`/api/v1/w/${ws}/listening/search?q=%00abc`), 'request.bad_text');
    expect400(await admin.get(`/api/v1/w/${ws}/inbox/canned-replies?q=a%00`), 'request.bad_text');
  });
  it('lone surrogates in the body (JSON escapes) and in the query (raw bytes)', async () => {
    expect400(await admin.request('POST', `/api/v1/w/${ws}/inbox/teams`, '{"name":"x\\ud800","skills":[]}'), 'request.bad_text');
    expect400(await admin.request('POST', `/api/v1/w/${ws}/inbox/teams`, '{"name":"ok","skills":[],"\\udc00":1}'), 'request.bad_text');
    const r = await admin.get(`/api/v1/w/${ws}/listening/search?q=%ED%A0%80`);
    expect(r.status).toBeLessThan(500);
  });
  it('Korean text and emoji still pass', async () => {
    const r = await admin.post(`/api/v1/w/${ws}/inbox/teams`, { name: '카드 민원팀 🙂', skills: [] });
    expect(r.status).toBe(201);
  });
  it('settings nested 5,000 deep → 400 request.too_deep, and the server stays up', async () => {
    const deep = '{"settings":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}';
    expect400(await admin.request('PATCH', `/api/v1/w/${ws}/settings`, deep), 'request.too_deep');
    expect400(await admin.request('POST', '/api/v1/analyze', '['.repeat(100_000) + ']'.repeat(100_000)), 'request.too_deep');
    expect((await admin.get('/healthz')).status).toBe(200);
    // 64 levels is still fine for the parser (the schema then judges it).
    const ok = await admin.request('PATCH', `/api/v1/w/${ws}/settings`, '{"timezone":"Asia/Seoul"}');
    expect(ok.status).toBe(200);
    // One clock (docs/adr/0004-one-clock.md): another zone is refused, not stored and ignored.
    expect400(await admin.request('PATCH', `/api/v1/w/${ws}/settings`, '{"timezone":"UTC"}'), 'validation');
  });
  it('numbers that overflow to Infinity (1e309) → 400, in the query and in JSON bodies', async () => {
    expect400(await admin.get(`/api/v1/w/${ws}/publishing/best-times?days=1e309`), 'validation');
    expect400(await admin.get(`/api/v1/w/${ws}/items?limit=1e309`), 'validation');
    expect400(await admin.request('PUT', `/api/v1/w/${ws}/customer-rules`, '{"atRiskScore":1e309}'), 'validation');
    expect((await admin.get(`/api/v1/w/${ws}/publishing/best-times?days=30`)).status).toBe(200);
    // A search for the text "1e309" is text, not a number.
    expect((await admin.get(`/api/v1/w/${ws}/listening/search?q=1e309`)).status).toBe(200);
  });
  it('dates outside years 1000–9999 → 400', async () => {
    expect400(await admin.get(`/api/v1/w/${ws}/items?before=0000-01-01T00:00:00.000Z`), 'validation');
    expect400(await admin.get(`/api/v1/w/${ws}/items?before=2024-01-01T00:00:00.000Z|------------------------------------`), 'validation');
    expect400(await admin.get(`/api/v1/w/${ws}/listening/search?from=0000-01-01T00:00:00Z`), 'validation');
    expect400(await admin.get(`/api/v1/w/${ws}/audit?from=0000-01-01T00:00:00Z`), 'validation');
    expect((await admin.get(`/api/v1/w/${ws}/listening/search?from=2020-01-01T00:00:00Z`)).status).toBe(200);
    expect((await admin.get(`/api/v1/w/${ws}/items?before=2999-01-01T00:00:00.000Z`)).status).toBe(200);
  });
  it('a follower count past the 32-bit column is refused when the query is saved', async () => {
    const r = await admin.post(`/api/v1/w/${ws}/listening/queries`, { name: 'big', expression: '카드 followers:>=99999999999999999999999' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/at most 2,000,000,000/);
  });
});
