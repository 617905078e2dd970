/**
 * Issue #14, finding 2: a workspace admin could take over users of other workspaces. Over real HTTP
 * against the started program, on the embedded store.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { backupWorkspace } from '../../src/modules/backup/backup.service.js';

const PW = 'a long enough password 1';
let server: TestServer;
let ownerA: ApiClient; // the instance admin, admin of A
let adminB: ApiClient;
let agentA: ApiClient;
let wsA: string;
let wsB: string;
let agentId: string;

beforeAll(async () => {
  server = await startTestServer();
  ownerA = new ApiClient(server.url);
  await ownerA.login(server.admin.email, server.admin.password);
  wsA = server.admin.workspaceId;
  wsB = (await ownerA.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
  expect((await ownerA.post(`/api/v1/w/${wsB}/users`, { email: 'b.admin@other.test', name: 'B Admin', role: 'admin', password: PW })).status).toBe(201);
  // ownerA leaves B, so B's admin is B's alone.
  const me = (await ownerA.get('/api/v1/auth/me')).body.user.id;
  adminB = new ApiClient(server.url);
  expect((await adminB.login('b.admin@other.test', PW)).status).toBe(200);
  expect((await adminB.delete(`/api/v1/w/${wsB}/users/${me}`)).status).toBe(204);
  const agent = await ownerA.post(`/api/v1/w/${wsA}/users`, { email: 'agent@a.test', name: '에이전트 A', role: 'agent', password: PW });
  agentId = agent.body.user.id;
  agentA = new ApiClient(server.url);
  expect((await agentA.login('agent@a.test', PW)).status).toBe(200);
});
afterAll(async () => server.close());

const strip = (r: { invitation?: Record<string, unknown> }) => ({ ...r, invitation: r.invitation && { ...r.invitation, id: 'ID', createdAt: 'T', email: 'E' } });

describe('a workspace admin manages memberships, not other workspaces’ identities', () => {
  it('adding an existing address makes an invitation, answered exactly as for an unknown address', async () => {
    const existing = await adminB.post(`/api/v1/w/${wsB}/users`, { email: 'agent@a.test', name: 'Taken Over', role: 'admin', password: 'attacker chosen pw 1' });
    const unknown = await adminB.post(`/api/v1/w/${wsB}/users`, { email: 'nobody@nowhere.test', name: 'Nobody', role: 'admin', password: 'attacker chosen pw 1' });
    expect(existing.status).toBe(201);
    expect(unknown.status).toBe(201);
    expect(strip(existing.body)).toEqual(strip(unknown.body));
    expect(existing.body.invitation).toMatchObject({ email: 'agent@a.test', role: 'admin', status: 'pending' });
    expect(Object.keys(existing.body)).toEqual(['invitation']);
    // Not a member of B until they accept; their name and password are untouched.
    const members = (await adminB.get(`/api/v1/w/${wsB}/users`)).body.users.map((u: { email: string }) => u.email);
    expect(members).not.toContain('agent@a.test');
    expect((await new ApiClient(server.url).login('agent@a.test', 'attacker chosen pw 1')).status).toBe(401);
    expect((await agentA.get('/api/v1/auth/me')).body.user.name).toBe('에이전트 A');
    const pending = (await adminB.get(`/api/v1/w/${wsB}/invitations`)).body.invitations.map((i: { email: string }) => i.email);
    expect(pending).toEqual(expect.arrayContaining(['agent@a.test', 'nobody@nowhere.test']));
  });

  it('the person sees the invitation after login and may decline or accept it', async () => {
    const mine = await agentA.get('/api/v1/invitations');
    expect(mine.body.invitations).toEqual([expect.objectContaining({ role: 'admin', workspace: expect.objectContaining({ id: wsB, name: '다른은행' }) })]);
    expect((await agentA.post(`/api/v1/invitations/${mine.body.invitations[0].id}/decline`)).status).toBe(204);
    expect((await agentA.get('/api/v1/invitations')).body.invitations).toEqual([]);
    expect((await agentA.get(`/api/v1/w/${wsB}/users`)).status).toBe(404);
    // Someone else cannot accept an invitation that is not theirs.
    await adminB.post(`/api/v1/w/${wsB}/users`, { email: 'agent@a.test', name: 'x', role: 'agent' });
    const inv = (await agentA.get('/api/v1/invitations')).body.invitations[0];
    expect((await adminB.post(`/api/v1/invitations/${inv.id}/accept`)).status).toBe(404);
    expect((await agentA.post(`/api/v1/invitations/${inv.id}/accept`)).status).toBe(204);
    expect((await agentA.get('/api/v1/auth/me')).body.workspaces.map((w: { id: string }) => w.id).sort()).toEqual([wsA, wsB].sort());
  });

  it('B cannot rename the user, cannot see their last login, and disabling them in B leaves A alone', async () => {
    const rename = await adminB.patch(`/api/v1/w/${wsB}/users/${agentId}`, { name: 'Renamed by B' });
    expect(rename.status).toBe(403);
    expect((await agentA.get('/api/v1/auth/me')).body.user.name).toBe('에이전트 A');
    const inB = (await adminB.get(`/api/v1/w/${wsB}/users`)).body.users.find((u: { id: string }) => u.id === agentId);
    expect(inB.lastLoginAt).toBeNull();
    const inA = (await ownerA.get(`/api/v1/w/${wsA}/users`)).body.users.find((u: { id: string }) => u.id === agentId);
    expect(inA.lastLoginAt).not.toBeNull();
    for (let i = 0; i < 2; i++) {
      expect((await adminB.patch(`/api/v1/w/${wsB}/users/${agentId}`, { status: 'disabled' })).status).toBe(200);
      expect((await agentA.get(`/api/v1/w/${wsB}/users`)).status).toBe(404);
      // The same session still works in A.
      expect((await agentA.get('/api/v1/auth/me')).status).toBe(200);
      expect((await agentA.get(`/api/v1/w/${wsA}/inbox/conversations`)).status).toBe(200);
      expect((await adminB.patch(`/api/v1/w/${wsB}/users/${agentId}`, { status: 'active' })).status).toBe(200);
    }
    // The instance admin of A cannot even be invited into B without consent, let alone disabled.
    const me = (await ownerA.get('/api/v1/auth/me')).body.user.id;
    expect((await adminB.patch(`/api/v1/w/${wsB}/users/${me}`, { status: 'disabled' })).status).toBe(404);
    expect((await ownerA.get('/api/v1/auth/me')).status).toBe(200);
  });

  it("B's backup carries no password hash of a member whose home is A", async () => {
    const file = path.join(server.dataDir, 'b.backup.gz');
    await backupWorkspace(server.runtime.services.store, wsB, file);
    const users = zlib
      .gunzipSync(fs.readFileSync(file))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((o) => o.t === 'users')
      .map((o) => o.r);
    expect(users.find((u: { email: string }) => u.email === 'agent@a.test').password_hash).toBeNull();
    expect(users.find((u: { email: string }) => u.email === 'b.admin@other.test').password_hash).toMatch(/\S/);
  });
});
