import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { DEFAULT_RULES } from '../../src/modules/screening/index.js';

describe.each(['pglite', 'postgres'] as const)('screening API on %s', (store) => {
  let server: TestServer;
  let admin: ApiClient;
  let comp: ApiClient;
  let agent: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  let otherWs: string;
  const base = () => `/api/v1/w/${ws}/screening`;

  beforeAll(async () => {
    server = await startTestServer({ store });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'comp@bank.test', name: '준법', role: 'compliance', password: 'rules and rules 42' });
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'agent@bank.test', name: '상담', role: 'agent', password: 'support desk 9876' });
    comp = new ApiClient(server.url);
    await comp.login('comp@bank.test', 'rules and rules 42');
    agent = new ApiClient(server.url);
    await agent.login('agent@bank.test', 'support desk 9876');
    otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    const made = await admin.post(`/api/v1/w/${otherWs}/users`, { email: 'outsider.compliance@other.test', name: 'B', role: 'compliance', password: 'harbour lights 4821' });
    if (made.status !== 201) throw new Error(JSON.stringify(made.body));
    outsider = new ApiClient(server.url);
    const li = await outsider.login('outsider.compliance@other.test', 'harbour lights 4821');
    if (li.status !== 200) throw new Error(JSON.stringify(li.body));
  }, 120_000);
  afterAll(async () => server?.close());

  it('screens with the seeded Korean default (version 1); agents may screen', async () => {
    const text = '원금보장 확정 수익! 연락 010-1234-5678';
    const r = await agent.post(`${base()}/screen`, { text, product: 'investment' });
    expect(r.status).toBe(200);
    expect(r.body.ruleSetVersion).toBe(1);
    expect(r.body.ok).toBe(false);
    const rules = r.body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['claim.principal_guarantee', 'claim.certain_return', 'disclosure.investment_loss', 'pii.phone']));
    for (const f of r.body.findings) expect(text.slice(f.start, f.end)).toBe(f.text);
    const clean = await agent.post(`${base()}/screen`, { text: '원금 보장이 되지 않습니다. 원금 손실이 발생할 수 있습니다. 설명서 확인', product: 'investment' });
    expect(clean.body).toMatchObject({ ok: true, findings: [] });
    const list = await agent.get(`${base()}/rule-sets`);
    expect(list.body.ruleSets).toEqual([expect.objectContaining({ version: 1, active: true })]);
  });

  it('compliance saves, audits and activates versions; old versions stay; agents cannot edit', async () => {
    const rules = { ...DEFAULT_RULES, crisis: { ...DEFAULT_RULES.crisis, words: [...DEFAULT_RULES.crisis.words, '특가'] }, links: { ...DEFAULT_RULES.links, allowedHosts: ['bank.example'] } };
    expect((await agent.post(`${base()}/rule-sets`, { rules })).status).toBe(403);
    const created = await comp.post(`${base()}/rule-sets`, { rules, note: '특가 추가' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 2, active: false, note: '특가 추가' });
    expect((await agent.post(`${base()}/screen`, { text: '특가!', crisis: true })).body.findings).toEqual([]);
    expect((await agent.post(`${base()}/rule-sets/2/activate`)).status).toBe(403);
    const act = await comp.post(`${base()}/rule-sets/2/activate`);
    expect(act.status).toBe(200);
    const now = await agent.post(`${base()}/screen`, { text: '특가! https://bank.example/a', crisis: true });
    expect(now.body.ruleSetVersion).toBe(2);
    expect(now.body.findings.map((f: { text: string }) => f.text)).toEqual(['특가']);
    const list = (await comp.get(`${base()}/rule-sets`)).body.ruleSets;
    expect(list.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await comp.get(`${base()}/rule-sets/1`)).body.rules).toEqual(DEFAULT_RULES);
    // Rolling back is activating the old version.
    expect((await comp.post(`${base()}/rule-sets/1/activate`)).body.active).toBe(true);
    const third = await admin.post(`${base()}/rule-sets`, { rules: DEFAULT_RULES, activate: true });
    expect(third.body).toMatchObject({ version: 3, active: true });
    const audit = (await comp.get(`/api/v1/w/${ws}/audit?action=screening.&limit=20`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a === 'screening.rule_set_created')).toHaveLength(2);
    expect(audit.filter((a: string) => a === 'screening.rule_set_activated')).toHaveLength(3);
    expect(audit).toContain('screening.rule_set_seeded');
  });

  it('refuses a bad regular expression with 400 screening.bad_rule and saves nothing', async () => {
    const before = (await comp.get(`${base()}/rule-sets`)).body.ruleSets.length;
    for (const pattern of ['(unclosed', '[a-', 'x{2,1}', '.*']) {
      const bad = { ...DEFAULT_RULES, claims: [{ id: 'bad.one', patterns: [pattern], severity: 'block', message: 'm', source: 's' }] };
      const r = await comp.post(`${base()}/rule-sets`, { rules: bad });
      expect(r.status, pattern).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'screening.bad_rule', field: 'rules' });
      expect(r.body.error.message).toContain('bad.one');
    }
    const shape = await comp.post(`${base()}/rule-sets`, { rules: { claims: 'nope' } });
    expect(shape.status).toBe(400);
    expect(shape.body.error.code).toBe('validation');
    expect((await comp.get(`${base()}/rule-sets`)).body.ruleSets).toHaveLength(before);
  });

  it("keeps workspaces apart: another workspace's rule sets are 404, its own are separate", async () => {
    expect((await outsider.get(`${base()}/rule-sets/1`)).status).toBe(404);
    expect((await outsider.post(`${base()}/rule-sets/1/activate`)).status).toBe(404);
    expect((await outsider.post(`${base()}/screen`, { text: 'x' })).status).toBe(404);
    expect((await outsider.post(`${base()}/rule-sets`, { rules: DEFAULT_RULES })).status).toBe(404);
    const own = await outsider.get(`/api/v1/w/${otherWs}/screening/rule-sets`);
    expect(own.body.ruleSets).toEqual([expect.objectContaining({ version: 1, active: true })]);
    expect((await comp.get(`${base()}/rule-sets/99`)).body.error.code).toBe('screening.rule_set_not_found');
    for (const v of ['0', 'abc', '1.5', '99999999999', '00000000-0000-4000-8000-000000000000']) {
      const r = await comp.get(`${base()}/rule-sets/${v}`);
      expect(r.status, v).toBe(404);
      expect(r.body.error.code).toBe('screening.rule_set_not_found');
    }
  });

  it('never answers 5xx to fuzzed input', async () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pieces = ['원금', '보장', ' ', '않', '\uD83D', '\u0000', '"', '{', 'https://', '010-', '%', '🎉', 'null', '\\', '\n'];
    const bodies: unknown[] = [null, 7, 'text', [], { text: 5 }, { text: 'a', product: 'crypto' }, { text: 'a', extra: 1 }, { text: 'x'.repeat(100_001) }, { text: 'a', knownLinkHosts: [1] }, '{"text":'];
    for (let i = 0; i < 60; i++) {
      let text = '';
      for (let j = rnd(30); j > 0; j--) text += pieces[rnd(pieces.length)];
      bodies.push({ text, product: ['deposit', 'loan', 'investment', 'card', 'insurance', undefined][rnd(6)], crisis: rnd(2) === 1, knownLinkHosts: rnd(2) ? ['bank.example', text.slice(0, 20)] : undefined });
    }
    for (const body of bodies) {
      const r = await agent.request('POST', `${base()}/screen`, typeof body === 'string' ? body : JSON.stringify(body));
      expect(r.status, JSON.stringify(body)?.slice(0, 80)).toBeLessThan(500);
    }
    const junkRules = [{}, { rules: null }, { rules: { ...DEFAULT_RULES, disclosures: [{ id: 'A B', products: [], anyOf: [], severity: 'x', message: '', source: '' }] } }];
    for (const body of junkRules) expect((await comp.post(`${base()}/rule-sets`, body)).status).toBe(400);
  });
});
