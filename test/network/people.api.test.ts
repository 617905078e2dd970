/**
 * One person, one row; the institution apart from customers (issue #15, point 4) — over real HTTP on a
 * real store: channel identities linked by consent to one customer are ranked as one person with their
 * figures combined (docs/network.md), the bank's own accounts never rank among customers, and the demo
 * seeds customers whose identities across channels are linked the way the bank's data would have them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccount } from '../../src/app/demo-replay.js';
import { seedDemoCustomers } from '../../src/app/demo-customers.js';
import { fromAdapters, loadAdapters } from '../../src/channels/registry.js';
import { demoAuthorsById, demoCustomers, demoPosts } from '../../src/demo/dataset/index.js';
import { followEvents, toChannelBatches } from '../../src/demo/to-events.js';
import { CustomerIdentities } from '../../src/flows/people/index.js';
import { systemActor } from '../../src/platform/actor.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deliver, networkChannel, type NetEvent } from './network-channel.js';

const SECRET = 'people-secret';
let server: TestServer;
let api: ApiClient;
let ws: string;
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

interface Identity {
  id: string;
  channel: string;
  handle: string;
  name: string | null;
  followers: number | null;
  influence: number | null;
}
interface Row {
  author: Identity;
  metrics: { pagerank: number | null; inDegree: number; inStrength: number; cascadesStarted: number };
  sentiment: { labelled: number };
  person: { customer: { id: string; name: string | null } | null; followers: number | null; influence: number | null; identities: Identity[] };
}

async function influencers(workspace: string, query = ''): Promise<{ total: number; influencers: Row[] }> {
  const r = await api.get(`/api/v1/w/${workspace}/network/influencers?${query.includes('limit=') ? '' : 'limit=500'}${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** For hooks, where expect.poll is not available. */
async function waitUntil(what: string, check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function recompute(workspace: string): Promise<void> {
  const r = await api.post(`/api/v1/w/${workspace}/network/recompute`, { force: true });
  expect(r.status).toBe(202);
  const status = async () => (await api.get(`/api/v1/w/${workspace}/network/runs?limit=50`)).body.runs.find((x: { id: string }) => x.id === r.body.run.id)?.status;
  await waitUntil('the network run', async () => /succeeded|skipped|failed/.test((await status()) ?? ''));
  expect(await status()).toBe('succeeded');
}

async function account(type: string): Promise<string> {
  const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type, name: `people ${type}`, credentials: { secret: SECRET } });
  expect(acc.status).toBe(201);
  return acc.body.account.webhookPath;
}

async function authorId(channel: string, handle: string): Promise<string> {
  const row = await server.runtime.services.store.db.selectFrom('authors').select('id').where('workspace_id', '=', ws).where('channel', '=', channel).where('handle', '=', handle).executeTakeFirstOrThrow();
  return row.id as string;
}

/** A customer imported through the REST API, and consented links of the given identities. */
async function customer(externalId: string, name: string, identities: string[]): Promise<{ id: string; links: string[] }> {
  const put = await api.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId, name }] });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const row = (await server.runtime.services.customers.customers.rowByExternalId(ws, externalId))!;
  const links: string[] = [];
  for (const authorId of identities) {
    const link = await server.runtime.services.customers.consent.recordLink(ws, { customerId: row.id, authorId, purpose: '문의 답변', proof: { method: 'bank_app' } }, systemActor);
    links.push(link!.id);
  }
  return { id: row.id, links };
}

beforeAll(async () => {
  // On PostgreSQL (network.api.test.ts runs the same ranking on the embedded store).
  server = await startTestServer({ store: 'postgres', adapters: fromAdapters([...(await loadAdapters()).all(), networkChannel('netchan'), networkChannel('netchan2')]) });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  ws = (await api.post('/api/v1/workspaces', { name: '한 사람 한 줄', slug: 'people-test' })).body.workspace.id;
  // Kim writes on two channels; the bank's own account is the most amplified author of the first.
  const one: NetEvent[] = [
    { id: 'k1', author: 'kim', followers: 5_000, text: '적금 금리 비교해 봤어요', at: ago(30) },
    { id: 'l1', author: 'lee', followers: 300, kind: 'repost', parent: 'k1', text: 'RT 적금 금리 비교', at: ago(29), to: [{ type: 'repost', target: 'kim' }] },
    { id: 'p1', author: 'park', followers: 120, kind: 'reply', parent: 'k1', text: '정리 감사합니다', at: ago(28), to: [{ type: 'reply', target: 'kim' }] },
    { id: 'b1', author: 'bank', followers: 900_000, outbound: true, text: '한빛은행 새 적금 출시 안내', at: ago(27) },
    { id: 'l2', author: 'lee', followers: 300, kind: 'repost', parent: 'b1', text: 'RT 새 적금 출시', at: ago(26), to: [{ type: 'repost', target: 'bank' }] },
    { id: 'p2', author: 'park', followers: 120, kind: 'repost', parent: 'b1', text: 'RT 새 적금', at: ago(25), to: [{ type: 'repost', target: 'bank' }] },
    { id: 'c2', author: 'choi', followers: 40, kind: 'quote', parent: 'b1', text: '이자 얼마예요?', at: ago(24), to: [{ type: 'quote', target: 'bank' }] },
  ];
  const two: NetEvent[] = [
    { id: 'k2', author: 'kim', followers: 3_000, text: '적금 후기 영상 올렸어요', at: ago(20) },
    { id: 's2', author: 'seo', followers: 60, kind: 'repost', parent: 'k2', text: 'RT 적금 후기', at: ago(19), to: [{ type: 'repost', target: 'kim' }] },
  ];
  await deliver(server.url, await account('netchan'), SECRET, one);
  await deliver(server.url, await account('netchan2'), SECRET, two);
  await waitUntil('the items', async () => (await api.get(`/api/v1/w/${ws}/items?limit=50`)).body.items.length === one.length + two.length);
  await recompute(ws);
}, 120_000);
afterAll(async () => server?.close());

describe('one person, one row', () => {
  it('ranks each identity alone while nothing links them, without the institution', async () => {
    const r = await influencers(ws, '&sort=pagerank');
    expect(r.influencers.map((i) => `${i.author.handle}@${i.author.channel}`).sort()).toEqual(['choi@netchan', 'kim@netchan', 'kim@netchan2', 'lee@netchan', 'park@netchan', 'seo@netchan2']);
    expect(r.total).toBe(6);
    for (const i of r.influencers) expect(i.person).toMatchObject({ customer: null, identities: [expect.objectContaining({ id: i.author.id })] });
  });

  it('joins the identities linked to one customer: one row, both channels, figures combined as documented', async () => {
    const kim1 = await authorId('netchan', 'kim');
    const kim2 = await authorId('netchan2', 'kim');
    const single = Object.fromEntries((await influencers(ws)).influencers.map((i) => [i.author.id, i]));
    const c = await customer('HB-1001', '김민지', [kim1, kim2]);
    await customer('HB-1002', '이서준', [await authorId('netchan', 'lee')]);

    const r = await influencers(ws, '&sort=pagerank');
    expect(r.total).toBe(5);
    const kims = r.influencers.filter((i) => i.author.handle === 'kim');
    expect(kims).toHaveLength(1);
    const kim = kims[0]!;
    expect(kim.person.customer).toEqual({ id: c.id, name: '김*지' });
    expect(kim.person.identities.map((a) => a.channel).sort()).toEqual(['netchan', 'netchan2']);
    expect(kim.person.identities[0]!.id).toBe(kim.author.id); // the lead identity first
    const [a, b] = [single[kim1]!, single[kim2]!];
    expect(kim.person.followers).toBe(8_000);
    expect(kim.person.influence).toBe(Math.max(a.author.influence!, b.author.influence!));
    expect(kim.metrics.pagerank).toBeCloseTo(a.metrics.pagerank! + b.metrics.pagerank!, 12);
    expect(kim.metrics.inDegree).toBe(a.metrics.inDegree + b.metrics.inDegree);
    expect(kim.metrics.inStrength).toBe(a.metrics.inStrength + b.metrics.inStrength);
    expect(kim.metrics.cascadesStarted).toBe(a.metrics.cascadesStarted + b.metrics.cascadesStarted);
    // A customer with one identity is still marked as the customer.
    expect(r.influencers.find((i) => i.author.handle === 'lee')!.person.customer?.name).toBe('이*준');
    // The person is first by PageRank now (the sum of both identities' shares), and by followers.
    expect(r.influencers[0]!.author.handle).toBe('kim');
    expect((await influencers(ws, '&sort=followers')).influencers[0]!.person.followers).toBe(8_000);
    expect((await influencers(ws, '&minFollowers=6000')).influencers.map((i) => i.author.handle)).toEqual(['kim']);
    expect((await influencers(ws, '&q=kim')).total).toBe(1);
    // Within one channel the person is their identity on it.
    const onTwo = await influencers(ws, '&channel=netchan2');
    expect(onTwo.influencers.find((i) => i.author.handle === 'kim')!.person.identities.map((x) => x.id)).toEqual([kim2]);
    // Paging counts persons.
    const firstTwo = (await influencers(ws, '&limit=2')).influencers.map((i) => i.author.id);
    const rest = (await influencers(ws, '&limit=10&offset=2')).influencers.map((i) => i.author.id);
    expect(new Set([...firstTwo, ...rest]).size).toBe(5);

    // Revoked consent joins nothing from that moment.
    const del = await api.request('DELETE', `/api/v1/w/${ws}/customers/${c.id}/links/${c.links[1]}?reason=${encodeURIComponent('고객 요청')}`);
    expect(del.status).toBeLessThan(300);
    const after = await influencers(ws);
    expect(after.total).toBe(6);
    expect(after.influencers.filter((i) => i.author.handle === 'kim').map((i) => i.person.identities.length)).toEqual([1, 1]);
  });

  it('uses the links only for viewers who may read customers', () => {
    const join = new CustomerIdentities(server.runtime.services.store);
    expect(join.relation({ workspaceId: ws, actor: systemActor, role: 'employee', tokenScopes: null })).toBeNull();
    expect(join.relation({ workspaceId: ws, actor: systemActor, role: 'analyst', tokenScopes: null })).not.toBeNull();
  });

  it("keeps the institution's own account out whatever the sort, though it is the most amplified", async () => {
    for (const sort of ['pagerank', 'influence', 'followers', 'in_degree', 'betweenness', 'coreness', 'sneezer']) expect((await influencers(ws, `&sort=${sort}`)).influencers.map((i) => i.author.handle)).not.toContain('bank');
    // It is in the graph all the same (it is a real node of the network).
    const graph = (await api.get(`/api/v1/w/${ws}/network/graph`)).body;
    expect(graph.nodes.map((n: { label: string }) => n.label)).toContain('bank');
  });
});

describe('the demo links its customers across channels', () => {
  let demo: string;
  beforeAll(async () => {
    demo = (await api.post('/api/v1/workspaces', { name: '데모 사람들', slug: 'people-demo' })).body.workspace.id;
    const s = server.runtime.services;
    const start = new Date(Date.now() - 2 * 86_400_000);
    for (const { channel, events } of toChannelBatches(demoPosts, { start })) await s.ingest.ingestEvents(await demoAccount(s, demo, channel), events, 'demo');
    await s.ingest.ingestEvents(await demoAccount(s, demo, 'x'), followEvents(start), 'demo');
    await recompute(demo);
  }, 240_000);

  it('seeds customers with consented links of all their identities, once', async () => {
    const s = server.runtime.services;
    const made = await seedDemoCustomers(s, demo);
    expect(made).toBeGreaterThanOrEqual(demoCustomers.length * 2);
    expect(await seedDemoCustomers(s, demo)).toBe(0);
    const moneytalk = (await s.customers.customers.rowByExternalId(demo, demoCustomers[0]!.externalId))!;
    const links = await s.customers.consent.links(demo, moneytalk.id, false);
    expect(links.map((l) => l.author.channel).sort()).toEqual(['blog', 'x', 'youtube']);
    expect(links[0]!.proof).toMatchObject({ method: 'bank_app' });
  });

  it('shows each demo customer once, with their channels, and none of the bank’s own accounts', async () => {
    const r = await influencers(demo);
    const names = r.influencers.map((i) => i.author.name);
    for (const c of demoCustomers) {
      const person = demoAuthorsById.get(c.author)!;
      const rows = r.influencers.filter((i) => i.person.customer?.name && i.person.identities.some((a) => a.name === person.displayName));
      expect(rows, person.displayName).toHaveLength(1);
      expect(rows[0]!.person.identities.length, person.displayName).toBeGreaterThan(1);
      expect(
        names.filter((n) => n === person.displayName),
        person.displayName,
      ).toHaveLength(1);
    }
    for (const bank of ['hanbitbank', 'hanbitcard', 'hanbit_care']) expect(names).not.toContain(demoAuthorsById.get(bank)!.displayName);
  });

  it('never links again an identity whose link was revoked', async () => {
    const s = server.runtime.services;
    const moneytalk = (await s.customers.customers.rowByExternalId(demo, demoCustomers[0]!.externalId))!;
    const [first] = await s.customers.consent.links(demo, moneytalk.id, false);
    await s.customers.consent.revoke(demo, first!.id, systemActor, 'test');
    expect(await seedDemoCustomers(s, demo)).toBe(0);
    expect(await s.customers.consent.links(demo, moneytalk.id, false)).toHaveLength(2);
  });
});
