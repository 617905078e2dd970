/**
 * Issue #14, finding 4 (a removed admin's API token kept full power) and finding 7 (a read token
 * wrote notes). Over real HTTP against the started program, on the embedded store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery, webhookEvents } from '../support/webhook-sender.js';

let server: TestServer;
let admin: ApiClient;
let ws: string;
let convId: string;

const bearer = (secret: string) => Object.assign(new ApiClient(server.url), { bearer: secret });
async function member(email: string, role: string): Promise<{ client: ApiClient; id: string }> {
  const r = await admin.post(`/api/v1/w/${ws}/users`, { email, name: email.split('@')[0], role, password: 'a long enough password 1' });
  expect(r.status).toBe(201);
  const client = new ApiClient(server.url);
  expect((await client.login(email, 'a long enough password 1')).status).toBe(200);
  return { client, id: r.body.user.id };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
  const acct = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'notes hook', settings: {}, credentials: { signingSecret: 'notes-signing-secret-123' } });
  expect(acct.status).toBe(201);
  const body = webhookEvents('note', 1);
  expect((await fetch(server.url + acct.body.account.webhookPath, { method: 'POST', headers: signedDelivery('notes-signing-secret-123', body), body })).status).toBe(200);
  for (let i = 0; i < 150 && !convId; i++) {
    convId = (await admin.get(`/api/v1/w/${ws}/inbox/conversations`)).body.conversations?.[0]?.id;
    if (!convId) await new Promise((r) => setTimeout(r, 100));
  }
  expect(convId).toBeTruthy();
});
afterAll(async () => server.close());

describe('API tokens die with their maker and never exceed the maker (finding 4)', () => {
  it("a removed admin's admin token stops working at once", async () => {
    const other = await member('second.admin@bank.test', 'admin');
    const t = await other.client.post(`/api/v1/w/${ws}/tokens`, { name: 'ci', scopes: ['read', 'write', 'admin'] });
    expect(t.status).toBe(201);
    const bot = bearer(t.body.secret);
    expect((await bot.get(`/api/v1/w/${ws}/users`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/w/${ws}/users/${other.id}`)).status).toBe(204);
    const after = await bot.get(`/api/v1/w/${ws}/users`);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.invalid_token');
    expect((await bot.post(`/api/v1/w/${ws}/users`, { email: 'evil@bank.test', name: 'E', role: 'admin', password: 'a long enough password 1' })).status).toBe(401);
    // Re-inviting the person does not revive the token.
    const again = await admin.post(`/api/v1/w/${ws}/users`, { email: 'second.admin@bank.test', name: 'x', role: 'admin' });
    expect(again.status).toBe(201);
    const inv = await other.client.get('/api/v1/invitations');
    expect((await other.client.post(`/api/v1/invitations/${inv.body.invitations[0].id}/accept`)).status).toBe(204);
    expect((await bot.get(`/api/v1/w/${ws}/users`)).status).toBe(401);
  });

  it("a demoted admin's admin token can do only what the maker can now do; disabling kills it", async () => {
    const m = await member('demoted@bank.test', 'admin');
    const t = await m.client.post(`/api/v1/w/${ws}/tokens`, { name: 'ops', scopes: ['read', 'write', 'admin'] });
    const bot = bearer(t.body.secret);
    expect((await bot.get(`/api/v1/w/${ws}/audit`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/w/${ws}/users/${m.id}`, { role: 'agent' })).status).toBe(200);
    const denied = await bot.get(`/api/v1/w/${ws}/audit`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('auth.forbidden');
    expect((await bot.get(`/api/v1/w/${ws}/inbox/conversations`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/w/${ws}/users/${m.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await bot.get(`/api/v1/w/${ws}/inbox/conversations`)).status).toBe(401);
  });

  it('a token made by a token belongs to the same maker', async () => {
    const m = await member('maker@bank.test', 'admin');
    const t = await m.client.post(`/api/v1/w/${ws}/tokens`, { name: 'parent', scopes: ['admin', 'read'] });
    const child = await bearer(t.body.secret).post(`/api/v1/w/${ws}/tokens`, { name: 'child', scopes: ['read'] });
    expect(child.status).toBe(201);
    expect(child.body.token.createdBy).toBe(m.id);
    expect((await admin.delete(`/api/v1/w/${ws}/users/${m.id}`)).status).toBe(204);
    expect((await bearer(child.body.secret).get(`/api/v1/w/${ws}/users`)).status).toBe(401);
  });
});

describe('notes need a write permission (finding 7)', () => {
  it('a read token cannot write a note; a write token can', async () => {
    const read = await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'reader', scopes: ['read'] });
    const r = await bearer(read.body.secret).post(`/api/v1/w/${ws}/inbox/conversations/${convId}/notes`, { text: 'read token note' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('auth.forbidden');
    expect((await bearer(read.body.secret).get(`/api/v1/w/${ws}/inbox/conversations/${convId}`)).status).toBe(200);
    const write = await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'writer', scopes: ['write'] });
    expect((await bearer(write.body.secret).post(`/api/v1/w/${ws}/inbox/conversations/${convId}/notes`, { text: 'write token note' })).status).toBe(201);
  });

  it('analyst and compliance read the thread but cannot write notes; an agent can', async () => {
    for (const role of ['analyst', 'compliance']) {
      const m = await member(`${role}.notes@bank.test`, role);
      expect((await m.client.get(`/api/v1/w/${ws}/inbox/conversations/${convId}`)).status).toBe(200);
      const r = await m.client.post(`/api/v1/w/${ws}/inbox/conversations/${convId}/notes`, { text: `${role} note` });
      expect(r.status, role).toBe(403);
    }
    const agent = await member('agent.notes@bank.test', 'agent');
    expect((await agent.client.post(`/api/v1/w/${ws}/inbox/conversations/${convId}/notes`, { text: 'agent note' })).status).toBe(201);
    const thread = await admin.get(`/api/v1/w/${ws}/inbox/conversations/${convId}`);
    const notes = thread.body.thread.filter((e: { type: string }) => e.type === 'note').map((e: { text: string }) => e.text);
    expect(notes).toEqual(expect.arrayContaining(['write token note', 'agent note']));
    expect(notes).not.toContain('analyst note');
    expect(notes).not.toContain('compliance note');
  });
});
