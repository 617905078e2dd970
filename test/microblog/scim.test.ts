import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passwordToken } from './support.js';

/** Requests shaped as Microsoft Entra ID and Okta send them (their documented SCIM 2.0 provisioning calls). */
describe('SCIM 2.0 provisioning of the employee directory', () => {
  let server: TestServer;
  let admin: ApiClient;
  let ws: string;
  let token = '';
  let readOnly = '';
  const base = () => `${server.url}/api/v1/w/${ws}/scim/v2`;
  const scim = (method: string, path: string, body?: unknown, t = token) =>
    fetch(`${base()}${path}`, { method, headers: { authorization: `Bearer ${t}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    server = await startTestServer();
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    token = (await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'entra-id', scopes: ['read', 'write', 'admin'] })).body.secret;
    readOnly = (await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'reader', scopes: ['read'] })).body.secret;
  }, 180_000);
  afterAll(async () => server?.close(), 60_000);

  const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const entraUser = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
    externalId: 'a1b2c3d4-entra-object-id',
    userName: 'Jung.Haeun@Bank.test',
    active: true,
    displayName: '정하은',
    title: '대리',
    emails: [{ primary: true, type: 'work', value: 'jung.haeun@bank.test' }],
    phoneNumbers: [{ type: 'work', value: '2207' }],
    name: { formatted: '정하은', familyName: '정', givenName: '하은' },
    [ENT]: { department: '여신심사부', employeeNumber: 'E2207' },
  };

  it('says what it supports, and refuses tokens that may not manage users', async () => {
    const cfg = await scim('GET', '/ServiceProviderConfig');
    expect(cfg.status).toBe(200);
    expect(cfg.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect((await cfg.json()).patch.supported).toBe(true);
    expect((await scim('GET', '/Users', undefined, readOnly)).status).toBe(403);
    const none = await fetch(`${base()}/Users`);
    expect(none.status).toBe(401);
  });

  it('provisions a user as Entra ID does: filter first, then POST; the person is in the directory with a login', async () => {
    const look = await (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Jung.Haeun@Bank.test"')}`)).json();
    expect(look).toMatchObject({ totalResults: 0, Resources: [] });
    const made = await scim('POST', '/Users', entraUser);
    expect(made.status).toBe(201);
    const u = await made.json();
    expect(u).toMatchObject({ userName: 'jung.haeun@bank.test', displayName: '정하은', title: '대리', active: true, externalId: 'a1b2c3d4-entra-object-id', [ENT]: { department: '여신심사부', employeeNumber: 'E2207' } });
    expect(u.meta.location).toBe(`${base()}/Users/${u.id}`);
    // Again: 409 uniqueness, in SCIM's error shape.
    const again = await scim('POST', '/Users', entraUser);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' });
    // The directory shows them; they can sign in to the microblog once they have a password (here: the admin sets one).
    const users = (await admin.get(`/api/v1/w/${ws}/users`)).body.users as Array<{ email: string; role: string }>;
    expect(users.find((x) => x.email === 'jung.haeun@bank.test')?.role).toBe('employee');
    const byExt = await (await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "a1b2c3d4-entra-object-id"')}`)).json();
    expect(byExt.Resources.map((r: { id: string }) => r.id)).toEqual([u.id]);
  });

  it('changes and deactivates with PATCH as Entra ID and Okta send it; DELETE deprovisions', async () => {
    const [u] = (await (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "jung.haeun@bank.test"')}`)).json()).Resources;
    // Entra ID: replace with paths, booleans as strings.
    const p1 = await scim('PATCH', `/Users/${u.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'title', value: '과장' },
        { op: 'Replace', path: `${ENT}:department`, value: '기업금융부' },
        { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '3301' },
      ],
    });
    expect(p1.status).toBe(200);
    expect(await p1.json()).toMatchObject({ title: '과장', phoneNumbers: [{ value: '3301' }], [ENT]: { department: '기업금융부' } });
    // Okta: replace without a path, a value object.
    const p2 = await scim('PATCH', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect((await p2.json()).active).toBe(false);
    const person = (await admin.get(`/api/v1/w/${ws}/microblog/people/${u.id}`)).body;
    expect(JSON.stringify(person)).toContain('기업금융부');
    // Entra ID's string boolean brings them back.
    const p3 = await scim('PATCH', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect((await p3.json()).active).toBe(true);
    // PUT replaces; the login e-mail cannot be changed from the IdP.
    const put = await scim('PUT', `/Users/${u.id}`, { ...entraUser, title: '차장' });
    expect((await put.json()).title).toBe('차장');
    const rename = await scim('PUT', `/Users/${u.id}`, { ...entraUser, userName: 'other@bank.test', emails: [] });
    expect(rename.status).toBe(409);
    expect((await rename.json()).scimType).toBe('mutability');
    expect((await scim('DELETE', `/Users/${u.id}`)).status).toBe(204);
    expect((await (await scim('GET', `/Users/${u.id}`)).json()).active).toBe(false);
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?limit=100`)).body.entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['microblog.person_imported', 'microblog.person_deactivated']));
  });

  it('answers bad requests with 400 in SCIM shape, never 500', async () => {
    const cases: Array<[string, string, unknown, number]> = [
      ['POST', '/Users', { userName: 'not-an-email' }, 400],
      ['POST', '/Users', { userName: 'x@bank.test', active: 'yes' }, 400],
      ['POST', '/Users', [1, 2, 3], 400],
      ['GET', `/Users?filter=${encodeURIComponent('displayName co "정"')}`, undefined, 400],
      ['PATCH', '/Users/1', { Operations: [] }, 400],
      ['PATCH', '/Users/1', { Operations: [{ op: 'explode', path: 'title' }] }, 400],
      ['GET', '/Users/999999', undefined, 404],
      ['GET', '/Users/abc', undefined, 404],
      ['DELETE', '/Users/0', undefined, 404],
    ];
    for (const [m, path, body, status] of cases) {
      const r = await scim(m, path, body);
      expect(r.status, `${m} ${path}`).toBe(status);
      expect((await r.json()).schemas, `${m} ${path}`).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    }
    const junk = await fetch(`${base()}/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: '{not json' });
    expect(junk.status).toBe(400);
  });

  it('another workspace cannot read or provision here', async () => {
    const other = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    const t = (await admin.post(`/api/v1/w/${other}/tokens`, { name: 'b', scopes: ['read', 'write', 'admin'] })).body.secret;
    expect([403, 404]).toContain((await scim('GET', '/Users', undefined, t)).status);
    expect([403, 404]).toContain((await scim('POST', '/Users', { ...entraUser, userName: 'z@bank.test', externalId: 'z' }, t)).status);
    // A Mastodon token of an employee is not an API token.
    const person = await passwordToken(server.url, server.admin.email, server.admin.password).catch(() => null);
    if (person) expect([401, 403]).toContain((await scim('GET', '/Users', undefined, person.token)).status);
  });
});
