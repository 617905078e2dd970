import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { post, startCorrectionsEnv, waitFor, type CorrectionsEnv } from './support.js';

let env: CorrectionsEnv;
let items: Map<string, { id: string; text: string; analysis: any }>;
beforeAll(async () => {
  // No debounce: a new version is learned as soon as the scheduler hands out the job.
  env = await startCorrectionsEnv({ env: { SOTONG_ADAPT_DELAY_MS: '0' } });
  await env.deliver([post('p1', '소통페이 룰렛 이벤트 뿌잉뿌잉 대박'), post('p2', '소통페이 출석체크 뿌잉뿌잉 또 할래요'), post('p3', '카드 분실했어요 정지 어떻게 하나요?'), post('p4', '소통페이 적립 이벤트 뿌잉뿌잉 최고')]);
  items = await waitFor('items', async () => {
    const m = await env.items();
    return m.size === 4 && m;
  });
});
afterAll(async () => env?.close());

const base = () => `/api/v1/w/${env.ws}`;

describe('corrections over HTTP', () => {
  it("corrects an item: the person's label wins at once, marked with their name, and is audited", async () => {
    const id = items.get('p1')!.id;
    const r = await env.api.post(`${base()}/items/${id}/corrections`, { task: 'sentiment', label: 'positive' });
    expect(r.status).toBe(201);
    expect(r.body.correction).toMatchObject({ itemId: id, task: 'sentiment', newLabel: 'positive', by: expect.any(String) });
    expect(r.body.correction.text).toContain('뿌잉뿌잉');
    const item = (await env.api.get(`${base()}/items/${id}`)).body.item;
    expect(item.analysis.sentiment.label).toBe('positive');
    expect(item.analysis.sentiment.corrected).toMatchObject({ was: r.body.correction.oldLabel });
    expect(item.analysis.sentiment.corrected.by).not.toMatch(/^[0-9a-f-]{36}$/);
    const intents = await env.api.post(`${base()}/items/${id}/corrections`, { task: 'intents', label: 'praise' });
    expect(intents.status).toBe(201);
    const complaint = await env.api.post(`${base()}/items/${items.get('p3')!.id}/corrections`, { task: 'complaint', label: 'no' });
    expect(complaint.status).toBe(201);
    const again = (await env.api.get(`${base()}/items/${id}`)).body.item;
    expect(again.analysis.intents.labels).toContain('praise');
    expect(again.analysis.intents.corrected).toBeDefined();
    const audit = await env.api.get(`/api/v1/w/${env.ws}/audit?limit=20`);
    const entry = audit.body.entries.find((e: { action: string; targetId: string }) => e.action === 'analysis.corrected' && e.targetId === id);
    expect(entry).toBeDefined();
    const list = await env.api.get(`${base()}/corrections?itemId=${id}`);
    expect(list.body.corrections.map((c: { task: string }) => c.task).sort()).toEqual(['intents', 'sentiment']);
  });

  it('exports the corrections as labelled TSV (id text task label)', async () => {
    const r = await env.api.get(`${base()}/corrections/export.tsv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/tab-separated-values/);
    const lines = (r.body as string).trim().split('\n');
    expect(lines[0]).toBe('id\ttext\ttask\tlabel');
    const rows = lines.slice(1).map((l) => l.split('\t'));
    expect(rows.every((c) => c.length === 4)).toBe(true);
    expect(rows).toContainEqual([items.get('p1')!.id, expect.stringContaining('뿌잉뿌잉'), 'sentiment', 'positive']);
    expect(rows).toContainEqual([items.get('p3')!.id, expect.any(String), 'complaint', 'no']);
  });

  it('refuses fuzzed tasks and labels with 400 and a stable code', async () => {
    const id = items.get('p2')!.id;
    const bad: unknown[] = [
      { task: 'sentiment', label: 'furious' },
      { task: 'intents', label: 'complaint' },
      { task: 'intents', label: 'inquiry,,spam' },
      { task: 'abuse', label: '' },
      { task: 'horoscope', label: 'yes' },
      { task: 'complaint', label: 'x'.repeat(500) },
      { task: 'sentiment' },
      { task: 'sentiment', label: 7 },
      { task: 'sentiment', label: 'positive', extra: 1 },
      '{"task":',
    ];
    for (const body of bad) {
      const r = await env.api.post(`${base()}/items/${id}/corrections`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toMatch(/^(validation|correction\.bad_label|correction\.bad_task|http\.bad_json|[a-z_.]+)$/);
    }
    const unknown = await env.api.post(`${base()}/items/00000000-0000-4000-8000-000000000000/corrections`, { task: 'sentiment', label: 'positive' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('item.not_found');
    // nothing was stored by the refused requests
    expect((await env.api.get(`${base()}/corrections?itemId=${id}`)).body.corrections).toEqual([]);
  });

  it('denies read tokens and employees; a write token may correct', async () => {
    const id = items.get('p2')!.id;
    const read = (await env.api.post(`${base()}/tokens`, { name: 'reader', scopes: ['read'] })).body.secret;
    const reader = Object.assign(new ApiClient(env.server.url), { bearer: read });
    expect((await reader.post(`${base()}/items/${id}/corrections`, { task: 'sentiment', label: 'negative' })).status).toBe(403);
    expect((await reader.get(`${base()}/corrections/export.tsv`)).status).toBe(403);
    await env.api.post(`${base()}/users`, { email: 'employee@bank.test', name: '직원', role: 'employee', password: 'quiet river stone 41' });
    const employee = new ApiClient(env.server.url);
    expect((await employee.login('employee@bank.test', 'quiet river stone 41')).status).toBe(200);
    const denied = await employee.post(`${base()}/items/${id}/corrections`, { task: 'sentiment', label: 'negative' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('auth.forbidden');
    await env.api.post(`${base()}/users`, { email: 'agent@bank.test', name: '상담원 김', role: 'agent', password: 'amber hill lantern 7' });
    const agent = new ApiClient(env.server.url);
    await agent.login('agent@bank.test', 'amber hill lantern 7');
    const ok = await agent.post(`${base()}/items/${id}/corrections`, { task: 'sentiment', label: 'positive' });
    expect(ok.status).toBe(201);
    expect(ok.body.correction.by).toBe('상담원 김');
    expect((await agent.get(`${base()}/adaptation`)).status).toBe(403);
    const write = (await env.api.post(`${base()}/tokens`, { name: 'labeller', scopes: ['write'] })).body.secret;
    const writer = Object.assign(new ApiClient(env.server.url), { bearer: write });
    expect((await writer.post(`${base()}/items/${items.get('p4')!.id}/corrections`, { task: 'abuse', label: 'none' })).status).toBe(201);
  });

  it("another workspace's item is not found, and its members cannot see this workspace's corrections", async () => {
    const other = (await env.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank-corr' })).body.workspace;
    const r = await env.api.post(`/api/v1/w/${other.id}/items/${items.get('p1')!.id}/corrections`, { task: 'sentiment', label: 'negative' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('item.not_found');
    expect((await env.api.get(`/api/v1/w/${other.id}/corrections`)).body.corrections).toEqual([]);
    expect((await env.api.get(`${base()}/items/${items.get('p1')!.id}`)).body.item.analysis.sentiment.label).toBe('positive');
  });

  it('learns a version in the background, re-scores recent items, and rolls back (audited)', async () => {
    // Four items were corrected (one by two people): the latest version learns from all four.
    const view = await waitFor('an active version from every correction', async () => {
      const v = (await env.api.get(`${base()}/adaptation`)).body.adaptation;
      return v.activeVersion !== null && !v.pending.train && !v.pending.rescore && v.versions.find((x: { active: boolean; corrections: number }) => x.active && x.corrections === 4) && v;
    });
    const active = view.versions.find((v: { active: boolean }) => v.active);
    expect(active.folds).toBe(4);
    expect(active.before.sentiment.n).toBeGreaterThan(0);
    expect(active.after.sentiment).toBeDefined();
    // Every recent item now carries the version that scored it; a person's label still wins.
    const after = await env.items();
    expect(after.get('p4')!.analysis.adaptation).toEqual({ version: view.activeVersion });
    expect(after.get('p1')!.analysis.sentiment.label).toBe('positive');
    expect(after.get('p1')!.analysis.sentiment.corrected).toBeDefined();
    // Roll back to none: audited, items re-scored by the base models alone.
    const none = await env.api.request('PUT', `${base()}/adaptation/active`, { versionId: null });
    expect(none.status).toBe(200);
    expect(none.body.adaptation.activeVersion).toBeNull();
    await waitFor('re-scored without adaptation', async () => !(await env.items()).get('p4')!.analysis.adaptation);
    expect((await env.items()).get('p1')!.analysis.sentiment.label).toBe('positive');
    const audit = await env.api.get(`/api/v1/w/${env.ws}/audit?limit=50`);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('adaptation.rolled_back');
    expect(actions).toContain('adaptation.activated');
    // and back to the version
    const back = await env.api.request('PUT', `${base()}/adaptation/active`, { versionId: active.id });
    expect(back.body.adaptation.activeVersion).toBe(active.version);
    expect((await env.api.request('PUT', `${base()}/adaptation/active`, { versionId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('applies the active version to newly ingested items', async () => {
    await env.deliver([post('p5', '소통페이 새 이벤트도 뿌잉뿌잉', 1)]);
    const item = await waitFor('p5', async () => (await env.items()).get('p5'));
    expect(item.analysis.adaptation?.version).toBeGreaterThanOrEqual(1);
  });
});
