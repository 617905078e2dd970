import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

/** Builds a small valid instance of a JSON schema, so requests pass validation and reach the handler. */
function sample(schema: Record<string, any>, name = ''): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties[key], key);
      return out;
    }
    case 'array':
      return [sample(schema.items ?? { type: 'string' }, name)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date-time') return new Date().toISOString();
      if (/email/i.test(name)) return 'probe@bank.test';
      if (/password/i.test(name)) return 'probe probe probe';
      if (/slug/i.test(name)) return 'probe';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

let server: TestServer;
let ownerA: ApiClient;
let intruder: ApiClient;
let intruderToken: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  ownerA = new ApiClient(server.url);
  await ownerA.login(server.admin.email, server.admin.password);
  ids.workspaceId = server.admin.workspaceId;
  ids.userId = (await ownerA.get('/api/v1/auth/me')).body.user.id;
  ids.tokenId = (await ownerA.post(`/api/v1/w/${ids.workspaceId}/tokens`, { name: 'a-token', scopes: ['read'] })).body.token.id;
  // Workspace B with an admin who belongs to B only.
  const b = (await ownerA.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace;
  await ownerA.post(`/api/v1/w/${b.id}/users`, { email: 'b.admin@other.test', name: 'B Admin', role: 'admin', password: 'other bank admin pw' });
  intruder = new ApiClient(server.url);
  await intruder.login('b.admin@other.test', 'other bank admin pw');
  intruderToken = (await intruder.post(`/api/v1/w/${b.id}/tokens`, { name: 'b-token', scopes: ['read', 'write', 'admin'] })).body.secret;
});
afterAll(async () => server.close());

describe('workspace isolation', () => {
  it('every workspace route answers 404 to a member of another workspace, for sessions and tokens', async () => {
    const spec = (await ownerA.get('/docs/json')).body as { paths: Record<string, Record<string, { parameters?: any[]; requestBody?: any }>> };
    let walked = 0;
    for (const [path, methods] of Object.entries(spec.paths)) {
      if (!path.includes('{workspaceId}')) continue;
      for (const [method, op] of Object.entries(methods)) {
        const query = (op.parameters ?? [])
          .filter((p: { in: string; required?: boolean }) => p.in === 'query' && p.required)
          .map((p: { name: string; schema: Record<string, any> }) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`)
          .join('&');
        const url = path.replace(/\{(\w+)\}/g, (_, p: string) => ids[p] ?? '00000000-0000-4000-8000-000000000000') + (query ? `?${query}` : '');
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const body = bodySchema ? sample(bodySchema) : method === 'get' || method === 'delete' ? undefined : {};
        for (const client of ['session', 'token'] as const) {
          const c = client === 'session' ? intruder : Object.assign(new ApiClient(server.url), { bearer: intruderToken });
          const r = await c.request(method.toUpperCase(), url, body);
          expect.soft(r.status, `${client} ${method.toUpperCase()} ${path}`).toBe(404);
          expect.soft(r.body?.error?.code, `${client} ${method.toUpperCase()} ${path}`).toBe('workspace.not_found');
          expect(JSON.stringify(r.body ?? '')).not.toContain(server.admin.email);
        }
        walked++;
      }
    }
    expect(walked).toBeGreaterThanOrEqual(8);
    // Nothing in A changed.
    const users = await ownerA.get(`/api/v1/w/${ids.workspaceId}/users`);
    expect(users.body.users.map((u: { email: string }) => u.email)).toContain(server.admin.email);
    const tokens = await ownerA.get(`/api/v1/w/${ids.workspaceId}/tokens`);
    expect(tokens.body.tokens.map((t: { id: string }) => t.id)).toContain(ids.tokenId);
  });

  it('lists only the caller’s own workspaces', async () => {
    const mine = await intruder.get('/api/v1/workspaces');
    expect(mine.body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['other-bank']);
  });

  it('refuses workspace creation to non-instance-admins', async () => {
    const r = await intruder.post('/api/v1/workspaces', { name: 'X', slug: 'x-bank' });
    expect(r.status).toBe(403);
  });
});
