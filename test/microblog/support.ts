import { ApiClient } from '../support/client.js';
import type { TestServer } from '../support/server.js';

export const PEOPLE = [
  { email: 'kim.minsu@bank.test', name: '김민수', department: '디지털금융부', title: '차장', extension: '2101', password: 'kim minsu pass 1' },
  { email: 'lee.jiyoung@bank.test', name: '이지영', department: '소비자보호부', title: '과장', extension: '3302', password: 'lee jiyoung pass 2' },
  { email: 'park.junho@bank.test', name: '박준호', department: 'IT운영부', title: '대리', extension: '4410', password: 'park junho pass 3' },
  { email: 'choi.sora@bank.test', name: '최소라', department: '준법감시부', title: '부장', extension: '5100', password: 'choi sora pass 4' },
];

/** Creates the employees (with known passwords) and imports the directory CSV that ties them to profiles. */
export async function seedPeople(server: TestServer): Promise<ApiClient> {
  const admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  for (const p of PEOPLE) {
    const r = await admin.post(`/api/v1/w/${ws}/users`, { email: p.email, name: p.name, role: p.email.startsWith('choi') ? 'compliance' : 'employee', password: p.password });
    if (r.status !== 201) throw new Error(`user ${p.email}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const csv = ['email,name,department,title,extension,employee_no,status', ...PEOPLE.map((p, i) => `${p.email},${p.name},${p.department},${p.title},${p.extension},E${1000 + i},active`)].join('\n');
  const imp = await admin.post(`/api/v1/w/${ws}/microblog/people/import`, { csv });
  if (imp.status !== 200 || imp.body.created !== PEOPLE.length) throw new Error(`import: ${imp.status} ${JSON.stringify(imp.body)}`);
  return admin;
}

/** An OAuth app and a password-grant token, as a form client would get them. */
export async function passwordToken(url: string, email: string, password: string, scopes = 'read write follow'): Promise<{ token: string; clientId: string; clientSecret: string }> {
  const app = await (
    await fetch(`${url}/api/v1/apps`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_name: 'test', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes }) })
  ).json();
  const tok = await (
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: email, password, scope: scopes }),
    })
  ).json();
  if (!tok.access_token) throw new Error(`token: ${JSON.stringify(tok)}`);
  return { token: tok.access_token, clientId: app.client_id, clientSecret: app.client_secret };
}
