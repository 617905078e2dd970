import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

/** A bank export with Korean headers; line 4 has a bad e-mail, line 5 a missing column, line 7 an empty id, line 8 spans two lines. */
const CSV = [
  '고객번호,성명,이메일,휴대폰,등급,보유상품,담당RM,수신거부,메모',
  'C-001,김민수,minsu@bank.test,010-1234-5678,VIP,예금;카드,박RM,sms,메모1',
  'C-002,이영희,younghee@bank.test,010-2222-3333,일반,대출,최RM,,',
  'C-003,박철수,not-an-email,010-3333-4444,일반,카드,최RM,,',
  'C-004,정수진,sujin@bank.test,010-4444-5555,일반,카드',
  'C-005,최지훈,jihoon@bank.test,010-5555-6666,VIP,펀드|예금,박RM,email;marketing,"두 줄',
  '메모"',
  ',무명,none@bank.test,010-6666-7777,일반,,,,',
  'C-006,한지민,jimin@bank.test,010-7777-8888,일반,보험,박RM,fax,',
].join('\n');
const MAPPING = { 고객번호: 'externalId', 성명: 'name', 이메일: 'email', 휴대폰: 'phone', 등급: 'segment', 보유상품: 'products', 담당RM: 'manager', 수신거부: 'optOuts', 메모: null };
const CLEAR = ['김민수', '이영희', '최지훈', 'minsu@bank.test', 'younghee@bank.test', 'jihoon@bank.test', '010-1234-5678', '010-2222-3333', '010-5555-6666', '1234-5678', '2222-3333'];

describe('customers API', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agent: ApiClient;
  let analyst: ApiClient;
  let comp: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  let otherWs: string;
  const P = () => `/api/v1/w/${ws}/customers`;

  beforeAll(async () => {
    server = await startTestServer();
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    const people = [
      ['agent@bank.test', 'agent'],
      ['analyst@bank.test', 'analyst'],
      ['comp@bank.test', 'compliance'],
    ] as const;
    for (const [email, role] of people) await admin.post(`/api/v1/w/${ws}/users`, { email, name: role, role, password: 'customer care 2468' });
    agent = new ApiClient(server.url);
    await agent.login('agent@bank.test', 'customer care 2468');
    analyst = new ApiClient(server.url);
    await analyst.login('analyst@bank.test', 'customer care 2468');
    comp = new ApiClient(server.url);
    await comp.login('comp@bank.test', 'customer care 2468');
    otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    const made = await admin.post(`/api/v1/w/${otherWs}/users`, { email: 'outsider.admin@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    if (made.status !== 201) throw new Error(JSON.stringify(made.body));
    outsider = new ApiClient(server.url);
    const li = await outsider.login('outsider.admin@other.test', 'harbour lights 4821');
    if (li.status !== 200) throw new Error(JSON.stringify(li.body));
  }, 120_000);
  afterAll(async () => server?.close());

  it('refuses mappings that do not fit the file, with a code and the column named', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...MAPPING, 성명: 'fullName' }, 'customers.mapping_unknown_field', /성명/],
      [{ ...MAPPING, 주소: 'name' }, 'customers.mapping_unknown_column', /주소/],
      [{ ...MAPPING, 고객번호: null }, 'customers.mapping_no_external_id', /externalId/],
      [{ ...MAPPING, 메모: 'name' }, 'customers.mapping_duplicate_field', /성명.*메모/],
    ];
    for (const [mapping, code, message] of cases) {
      const r = await admin.post(`${P()}/import`, { csv: CSV, mapping });
      if (code === 'customers.mapping_unknown_field') {
        // The schema knows the fields too: rejected before the service, still a 400 with a code.
        expect(r.status).toBe(400);
        continue;
      }
      expect(r.status, code).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(message);
    }
    const empty = await admin.post(`${P()}/import`, { csv: '', mapping: MAPPING });
    expect(empty.body.error.code).toBe('customers.import_empty');
    const noId = await admin.post(`${P()}/import`, { csv: 'name,email\n김,a@b.test' });
    expect(noId.body.error.code).toBe('customers.mapping_no_external_id');
    expect((await admin.get(P())).body.total).toBe(0);
  });

  it('imports through the mapping and reports bad rows by their line', async () => {
    const r = await admin.post(`${P()}/import`, { csv: CSV, mapping: MAPPING });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 7, created: 3, updated: 0, failed: 4 });
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 8, 9]);
    expect(r.body.errors[0].message).toContain('not-an-email');
    expect(r.body.errors[1].message).toMatch(/6 columns.*9/);
    expect(r.body.errors[2].message).toMatch(/externalId/);
    expect(r.body.errors[3].message).toMatch(/fax/);
    const c5 = (await admin.get(`${P()}?externalId=C-005`)).body.customers[0];
    expect(c5).toMatchObject({ name: '최지훈', segment: 'VIP', products: ['펀드', '예금'], optOuts: ['email', 'marketing'], manager: '박RM', masked: false });
  });

  it('re-importing updates by external id, never duplicates; unmapped fields are kept', async () => {
    const again = `id,grade\nC-001,VVIP\nC-002,VIP\nC-007,일반\n`;
    const r = await admin.post(`${P()}/import`, { csv: again, mapping: { id: 'externalId', grade: 'segment' } });
    expect(r.body).toMatchObject({ created: 1, updated: 2, failed: 0 });
    const list = (await admin.get(`${P()}?limit=200`)).body;
    expect(list.total).toBe(4);
    const c1 = list.customers.find((c: { externalId: string }) => c.externalId === 'C-001');
    expect(c1).toMatchObject({ segment: 'VVIP', name: '김민수', email: 'minsu@bank.test', products: ['예금', '카드'] });
    // The same file twice: no new rows.
    expect((await admin.post(`${P()}/import`, { csv: CSV, mapping: MAPPING })).body).toMatchObject({ created: 0, updated: 3 });
    expect((await admin.get(P())).body.total).toBe(4);
  });

  it('takes records from the REST API (by external id), reporting bad ones by position', async () => {
    const r = await admin.request('PUT', P(), {
      customers: [
        { externalId: 'C-002', segment: 'VIP', products: ['대출', '카드'] },
        { externalId: 'C-100', name: '오세훈', phone: '010-9999-0000' },
        { externalId: 'C-101', email: 'bad@' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, created: 1, updated: 1, failed: 1 });
    expect(r.body.errors).toEqual([{ line: 3, message: expect.stringContaining('bad@') }]);
    const c2 = (await admin.get(`${P()}?externalId=C-002`)).body.customers[0];
    expect(c2).toMatchObject({ name: '이영희', products: ['대출', '카드'] });
    expect((await admin.request('PUT', P(), { customers: [{ externalId: 'x', optOuts: ['fax'] }] })).status).toBe(400);
    expect((await agent.request('PUT', P(), { customers: [{ externalId: 'C-200' }] })).status).toBe(403);
    expect((await agent.post(`${P()}/import`, { csv: 'externalId\nC-201' })).status).toBe(403);
  });

  it('keeps personal fields encrypted at rest', async () => {
    const rows = await sql<Record<string, unknown>>`select * from customers`.execute(server.runtime.services.store.db);
    const dump = JSON.stringify(rows.rows);
    for (const v of CLEAR) expect(dump).not.toContain(v);
    expect(dump).toContain('김*수');
  });

  it('never shows a personal field to roles without customers.pii: every response checked field by field', async () => {
    const clear = (await comp.get(`${P()}?limit=200`)).body.customers as Record<string, unknown>[];
    expect(clear.find((c) => c.externalId === 'C-001')).toMatchObject({ name: '김민수', masked: false });
    const token = (await admin.post(`/api/v1/w/${ws}/tokens`, { name: 'crm-read', scopes: ['read'] })).body.secret as string;
    const bearer = Object.assign(new ApiClient(server.url), { bearer: token });
    for (const who of [agent, analyst, bearer]) {
      const list = await who.get(`${P()}?limit=200`);
      expect(list.status).toBe(200);
      for (const v of CLEAR) expect(JSON.stringify(list.body)).not.toContain(v);
      for (const c of list.body.customers) {
        const truth = clear.find((x) => x.id === c.id)!;
        expect(c.masked).toBe(true);
        for (const f of ['name', 'email', 'phone']) {
          if (truth[f] === null) expect(c[f]).toBeNull();
          else expect(c[f], `${f} of ${c.externalId}`).not.toBe(truth[f]);
        }
        const one = await who.get(`${P()}/${c.id}`);
        for (const v of CLEAR) expect(JSON.stringify(one.body)).not.toContain(v);
        expect(one.body.customer.name).toBe(c.name);
      }
    }
    const c1 = (await agent.get(`${P()}?externalId=C-001`)).body.customers[0];
    expect(c1).toMatchObject({ name: '김*수', email: 'm***@bank.test', phone: '***-****-5678' });
  });

  it('audits views; another workspace gets 404 for a customer id', async () => {
    const c1 = (await agent.get(`${P()}?externalId=C-001`)).body.customers[0];
    await agent.get(`${P()}/${c1.id}`);
    const audit = (await comp.get(`/api/v1/w/${ws}/audit?action=customer.viewed&limit=200`)).body.entries;
    expect(audit.some((e: { targetId: string; actor: string }) => e.targetId === c1.id && /agent@bank/.test(JSON.stringify(e)))).toBe(true);
    expect((await outsider.get(`/api/v1/w/${otherWs}/customers/${c1.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/v1/w/${ws}/customers/${c1.id}`)).status).toBe(404);
    expect((await agent.patch(`${P()}/${c1.id}`, { lifecycle: 'active' })).status).toBe(403);
    expect((await admin.patch(`${P()}/${c1.id}`, { lifecycle: 'at_risk', tags: ['민원'] })).body.customer).toMatchObject({ lifecycle: 'at_risk', tags: ['민원'] });
    expect((await admin.get(`${P()}?lifecycle=at_risk`)).body.customers.map((c: { id: string }) => c.id)).toEqual([c1.id]);
  });
});
