/**
 * Influencers and the customer network over real HTTP: a small known network ingested through the pipeline
 * (signed webhook → worker → items, authors, interactions), a recompute run by the job mechanism, and the
 * stored metrics checked against the graph engine run on the same edges.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { analyzeGraph } from '../../src/graph/index.js';
import { influenceScore } from '../../src/modules/network/influence.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { deliver, knownEdges, knownNetwork, networkChannel } from './network-channel.js';

const SECRET = 'net-secret';
let server: TestServer;
let api: ApiClient;
let ws: string;
let hook: string;
const ids = new Map<string, string>();
const net = (path: string) => `/api/v1/w/${ws}/network${path}`;

async function waitForRun(runId: string, timeout = 15_000): Promise<{ status: string; mode: string; [k: string]: unknown }> {
  let run: { status: string; mode: string } | undefined;
  await expect
    .poll(
      async () => {
        run = (await api.get(net('/runs?limit=50'))).body.runs.find((r: { id: string }) => r.id === runId);
        return run?.status;
      },
      { timeout },
    )
    .toMatch(/succeeded|skipped|failed/);
  return run!;
}

/** For hooks, where expect.poll is not available. */
async function waitUntil(check: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the ingested items');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function recompute(body: Record<string, unknown> = {}) {
  const r = await api.post(net('/recompute'), body);
  expect(r.status).toBe(202);
  return waitForRun(r.body.run.id);
}

async function influencers(query = '') {
  const r = await api.get(net(`/influencers?${query.includes('limit=') ? '' : 'limit=100'}${query}`));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    total: number;
    slice: string;
    run: { communities: number } | null;
    communities: Array<{ id: number; size: number; color: string }>;
    influencers: Array<{ author: { id: string; handle: string; influence: number | null; followers: number }; metrics: Record<string, number | null>; sentiment: { negative: number; labelled: number } }>;
  };
}
const handles = async (query = '') => (await influencers(query)).influencers.map((i) => i.author.handle);

async function setSentiment(nativeId: string, label: string) {
  await sql`update items set analysis = ${JSON.stringify({ sentiment: { label, probs: {} } })}::jsonb where workspace_id = ${ws} and native_id = ${nativeId}`.execute(server.runtime.services.store.db);
}

beforeAll(async () => {
  server = await startTestServer({ adapters: fromAdapters([networkChannel()]) });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  // A workspace of its own: the demo workspace may be receiving demo posts.
  ws = (await api.post('/api/v1/workspaces', { name: '네트워크 테스트', slug: 'net-test' })).body.workspace.id;
  const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'netchan', name: 'network test', credentials: { secret: SECRET } });
  expect(acc.status).toBe(201);
  hook = acc.body.account.webhookPath;
  const events = knownNetwork();
  await deliver(server.url, hook, SECRET, events);
  const posts = events.filter((e) => !('follow' in e)).length;
  await waitUntil(async () => (await api.get(`/api/v1/w/${ws}/items?limit=200`)).body.items.length === posts);
  const authors = await server.runtime.services.store.db.selectFrom('authors').select(['id', 'handle']).where('workspace_id', '=', ws).execute();
  for (const a of authors) ids.set(a.handle, a.id);
  // The analytics engine labels items at ingest; these tests set the labels themselves.
  await sql`update items set analysis = null where workspace_id = ${ws}`.execute(server.runtime.services.store.db);
  for (const [id, label] of [
    ['k1', 'negative'],
    ['k2', 'negative'],
    ['j1', 'negative'],
    ['c1', 'neutral'],
    ['h1', 'positive'],
    ['h2', 'positive'],
  ])
    await setSentiment(id!, label!);
}, 60_000);
afterAll(async () => server.close());

describe('network metrics', () => {
  it('has nothing before the first run', async () => {
    const r = await influencers();
    expect(r).toMatchObject({ total: 0, slice: 'all', run: null, influencers: [] });
  });

  it('recomputes on a worker when asked, audits the request, and stores what the graph engine computes', async () => {
    const run = await recompute();
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', trigger: 'request', slice: 'all', nodes: 10, edges: 11, communities: 2, interactions: 13, cascades: 3 });
    expect(run.betweenness).toMatchObject({ mode: 'exact' });
    expect(run.worker).toMatch(/:\d+$/);
    const audit = await api.get(`/api/v1/w/${ws}/audit?action=network.recompute_requested`);
    expect(audit.body.entries[0]).toMatchObject({ action: 'network.recompute_requested', targetType: 'network_run', targetId: run.id, after: { slice: 'all', force: false } });

    const reference = analyzeGraph(knownEdges(), { communities: { seed: 1 } });
    const refRank = reference.ids.map((h, i) => [h, reference.pagerank[i]!] as const).sort((a, b) => b[1] - a[1]);
    const r = await influencers('&sort=pagerank');
    expect(r.total).toBe(10);
    // The same order (the seven people nobody amplifies tie, at the teleport share alone).
    expect(r.influencers.map((i) => i.metrics.pagerank)).toEqual(refRank.map(([, v]) => expect.closeTo(v, 12)));
    expect(r.influencers.slice(0, 3).map((i) => i.author.handle)).toEqual(['kim', 'han', 'park']);
    expect(refRank.slice(0, 3).map(([h]) => h)).toEqual(['kim', 'han', 'park']);
    for (const inf of r.influencers) {
      const i = reference.ids.indexOf(inf.author.handle);
      expect(inf.metrics.pagerank).toBeCloseTo(reference.pagerank[i]!, 12);
      expect(inf.metrics).toMatchObject({ inDegree: reference.inDegree[i], outDegree: reference.outDegree[i], inStrength: reference.inStrength[i], outStrength: reference.outStrength[i], coreness: reference.coreness![i] });
      expect(inf.metrics.betweenness).toBeCloseTo(reference.betweenness![i]!, 12);
    }
    // Two communities: kim's star and han's star.
    expect(r.communities.map((c) => c.size).sort()).toEqual([4, 6]);
    const community = (h: string) => r.influencers.find((i) => i.author.handle === h)!.metrics.community;
    expect(new Set(['lee', 'park', 'choi', 'jung', 'yoon'].map(community))).toEqual(new Set([community('kim')]));
    expect(new Set(['seo', 'kang', 'cho'].map(community))).toEqual(new Set([community('han')]));
    expect(community('kim')).not.toBe(community('han'));
  });

  it('computes cascades per original post and the sneezer figures per author', async () => {
    const kim = (await influencers('&sort=sneezer')).influencers[0]!;
    // k1 reaches 5 posts (yoon through park), k2 reaches 1: max 5, average 3 over kim's two posts.
    expect(kim.author.handle).toBe('kim');
    expect(kim.metrics).toMatchObject({ sneezerMax: 5, sneezerAvg: 3, cascadesStarted: 2 });
    const park = (await influencers('&q=park')).influencers[0]!;
    expect(park.metrics).toMatchObject({ secondaryReach: 1, cascadesStarted: 0 });
    const profile = (await api.get(net(`/authors/${ids.get('kim')}`))).body;
    expect(profile.cascades[0]).toMatchObject({ size: 6, depth: 2, maxBreadth: 4 });
    expect(profile.cascades[0].t50Minutes).toBeCloseTo(120, 0); // arrivals at 0, 60, …, 300 minutes
  });

  it('stores an influence score on every author for inbox routing', async () => {
    const r = await influencers('&sort=influence');
    const kim = r.influencers.find((i) => i.author.handle === 'kim')!;
    expect(kim.author.influence).toBe(influenceScore(kim.metrics.pagerankPct!, 50_000));
    expect(kim.metrics.pagerankPct).toBe(1);
    expect(r.influencers[0]!.author.handle).toBe('kim');
    for (const i of r.influencers) expect(i.author.influence).toBe(influenceScore(i.metrics.pagerankPct ?? null, i.author.followers));
    const scores = r.influencers.map((i) => i.author.influence!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters and sorts influencers', async () => {
    expect(await handles('&sort=followers&limit=3')).toEqual(['kim', 'han', 'park']);
    expect(await handles('&sort=followers&order=asc&minFollowers=1000')).toEqual(['park', 'han', 'kim']);
    expect(await handles('&sentiment=negative&sort=pagerank')).toEqual(['kim', 'jung']);
    expect(await handles('&sentiment=positive')).toEqual(['han']);
    expect(await handles('&sentiment=neutral')).toEqual(['choi']);
    const kim = (await influencers('&q=kim')).influencers[0]!;
    expect(kim.sentiment).toMatchObject({ negative: 1, labelled: 2 });
    const hanCommunity = (await influencers('&q=han')).influencers[0]!.metrics.community;
    expect((await handles(`&community=${hanCommunity}&sort=in_degree`))[0]).toBe('han');
    expect((await handles(`&community=${hanCommunity}`)).sort()).toEqual(['cho', 'han', 'kang', 'seo']);
    expect((await handles('&sort=in_degree'))[0]).toBe('kim');
    expect((await handles('&sort=coreness')).length).toBe(10);
    expect((await handles('&sort=betweenness'))[0]).toMatch(/kim|han/);
    expect(await handles('&channel=netchan&sort=pagerank&limit=2')).toEqual(['kim', 'han']);
    expect(await handles('&channel=other')).toEqual([]);
    const page1 = await handles('&sort=pagerank&limit=4');
    const page2 = await handles('&sort=pagerank&limit=4&offset=4');
    expect(new Set([...page1, ...page2]).size).toBe(8);
    expect((await api.get(net('/influencers?sort=nonsense'))).status).toBe(400);
    expect((await api.get(net('/influencers?period=2d'))).status).toBe(400);
  });

  it('shows an author profile with metrics, community, recent items and ties; other authors are 404', async () => {
    const r = await api.get(net(`/authors/${ids.get('kim')}`));
    expect(r.status).toBe(200);
    const p = r.body;
    expect(p.author).toMatchObject({ handle: 'kim', followers: 50_000, channel: 'netchan' });
    expect(p.metrics).toMatchObject({ inDegree: 6, outDegree: 1, pagerankPct: 1 });
    expect(p.community.topMembers.map((m: { handle: string }) => m.handle)).toContain('park');
    expect(p.community.size).toBe(6);
    expect(p.recentItems.map((i: { text: string }) => i.text)).toEqual(['@han 카드 혜택 어떤 게 좋나요?', '국민은행 대출 금리가 또 올랐네요. 너무합니다']);
    expect(p.recentItems[0].sentiment).toBe('negative');
    expect(p.amplifiedBy[0]).toMatchObject({ handle: 'lee', weight: 3.5, interactions: 2 });
    expect(p.amplifies).toEqual([expect.objectContaining({ handle: 'han', weight: 1 })]);
    expect(p.slices).toContain('all');
    expect((await api.get(net('/authors/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    // An author of another workspace is not found from this one.
    const other = (await api.post('/api/v1/workspaces', { name: '다른은행', slug: 'net-other' })).body.workspace;
    const foreign = await server.runtime.services.store.db
      .insertInto('authors')
      .values({ id: '11111111-1111-4111-8111-111111111111', workspace_id: other.id, channel: 'netchan', native_id: 'x', handle: 'x', first_seen_at: new Date(), last_seen_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cross = await api.get(net(`/authors/${foreign.id}`));
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('network.author_not_found');
  });

  it('serves the top nodes with the edges among them for the graph view', async () => {
    const full = (await api.get(net('/graph'))).body;
    expect(full).toMatchObject({ slice: 'all', totalNodes: 10, truncated: false });
    expect(full.nodes).toHaveLength(10);
    expect(full.edges).toHaveLength(11);
    expect(full.nodes[0]).toMatchObject({ label: 'kim', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    const top = (await api.get(net('/graph?limit=3'))).body;
    expect(top.nodes.map((n: { label: string }) => n.label)).toEqual(['kim', 'han', 'park']);
    expect(top.truncated).toBe(true);
    const shown = new Set(top.nodes.map((n: { id: string }) => n.id));
    expect(top.edges.length).toBe(3); // park→kim, kim→han, han→kim
    for (const e of top.edges) expect(shown.has(e.source) && shown.has(e.target)).toBe(true);
    expect(top.nodes[0].size).toBeGreaterThan(top.nodes[2].size);
    expect((await api.get(net('/graph?limit=50001'))).status).toBe(400);
  });

  it('skips a run when nothing changed, unless forced', async () => {
    expect(await recompute()).toMatchObject({ status: 'skipped' });
    expect(await recompute({ force: true })).toMatchObject({ status: 'succeeded', mode: 'full' });
  });

  it('computes a topic slice from the items that mention the term', async () => {
    const run = await recompute({ topic: '대출' });
    expect(run).toMatchObject({ status: 'succeeded', slice: 'all/t:대출', nodes: 6, edges: 6 });
    expect((await handles('&topic=대출&sort=pagerank'))[0]).toBe('kim');
    expect((await handles('&topic=대출')).sort()).toEqual(['choi', 'jung', 'kim', 'lee', 'park', 'yoon']);
    const g = (await api.get(net('/graph?topic=%EB%8C%80%EC%B6%9C'))).body;
    expect(g.slice).toBe('all/t:대출');
    expect(g.nodes.map((n: { label: string }) => n.label)).not.toContain('han');
  });

  it('the recurring job queues changed slices and updates degrees incrementally', async () => {
    const runner = server.runtime.services.network.runner;
    // The 30-day slice was never computed: a full run; `all` is unchanged: nothing.
    expect(await runner.scheduleDue()).toBe(1);
    await runner.drain();
    const runs = (await api.get(net('/runs'))).body.runs;
    expect(runs[0]).toMatchObject({ slice: '30d', trigger: 'schedule', mode: 'full', status: 'succeeded', nodes: 10 });
    expect(await runner.scheduleDue()).toBe(0);
    // One more interaction: a degree-only run for both slices (the last full runs are recent, the graph grew little).
    await deliver(server.url, hook, SECRET, [{ id: 'n1', author: 'newbie', text: '@han 안녕하세요', at: new Date().toISOString(), to: [{ type: 'mention', target: 'han' }] }]);
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/items?q=${encodeURIComponent('안녕하세요')}`)).body.items.length, { timeout: 10_000 }).toBe(1);
    const before = (await influencers('&q=han')).influencers[0]!.metrics;
    expect(await runner.scheduleDue()).toBe(2);
    await runner.drain();
    const latest = (await api.get(net('/runs?limit=2'))).body.runs;
    expect(latest.map((r: { mode: string; status: string }) => `${r.mode}:${r.status}`)).toEqual(['degrees:succeeded', 'degrees:succeeded']);
    const after = (await influencers('&q=han')).influencers[0]!.metrics;
    expect(after).toMatchObject({ inDegree: Number(before.inDegree) + 1, inStrength: Number(before.inStrength) + 1, pagerank: before.pagerank });
    const newbie = (await influencers('&q=newbie')).influencers[0]!.metrics;
    expect(newbie).toMatchObject({ outDegree: 1, pagerank: null });
  });

  it('keeps per-workspace interaction weights, audited', async () => {
    expect((await api.get(net('/settings'))).body.weights).toEqual({ repost: 3, quote: 2, reply: 1, mention: 1, follow: 0.5 });
    const r = await api.request('PUT', net('/settings'), { weights: { follow: 0 } });
    expect(r.status).toBe(200);
    expect(r.body.weights.follow).toBe(0);
    expect((await api.request('PUT', net('/settings'), { weights: { like: 1 } })).status).toBe(400);
    const audit = await api.get(`/api/v1/w/${ws}/audit?action=network.settings_updated`);
    expect(audit.body.entries[0].after.weights.follow).toBe(0);
    const run = await recompute();
    expect(run).toMatchObject({ status: 'succeeded' });
    const lee = (await api.get(net(`/authors/${ids.get('kim')}`))).body.amplifiedBy.find((t: { handle: string }) => t.handle === 'lee');
    expect(lee.weight).toBe(3);
  });

  it('needs network.read to read and listening.manage to recompute', async () => {
    await api.post(`/api/v1/w/${ws}/users`, { email: 'agent@net.test', name: 'Agent', role: 'agent', password: 'call centre pass 1' });
    await api.post(`/api/v1/w/${ws}/users`, { email: 'analyst@net.test', name: 'Analyst', role: 'analyst', password: 'data team pass 22' });
    const agent = new ApiClient(server.url);
    await agent.login('agent@net.test', 'call centre pass 1');
    expect((await agent.get(net('/influencers'))).status).toBe(403);
    expect((await agent.post(net('/recompute'), {})).status).toBe(403);
    const analyst = new ApiClient(server.url);
    await analyst.login('analyst@net.test', 'data team pass 22');
    expect((await analyst.get(net('/graph'))).status).toBe(200);
    expect((await analyst.post(net('/recompute'), { period: '7d' })).status).toBe(202);
    const token = (await api.post(`/api/v1/w/${ws}/tokens`, { name: 'reader', scopes: ['read'] })).body.secret;
    const reader = Object.assign(new ApiClient(server.url), { bearer: token });
    expect((await reader.get(net('/influencers'))).status).toBe(200);
    expect((await reader.post(net('/recompute'), {})).status).toBe(403);
  });

  it("keeps the institution's own accounts (authors of its outbound posts) out of the influencers", async () => {
    const db = server.runtime.services.store.db;
    const before = await handles();
    expect(before).toContain('kim');
    await sql`update items set direction = 'outbound' where workspace_id = ${ws} and author_id = ${ids.get('kim')}`.execute(db);
    try {
      const after = await handles();
      expect(after).not.toContain('kim');
      expect((await influencers()).total).toBe(before.length - 1);
    } finally {
      await sql`update items set direction = 'inbound' where workspace_id = ${ws} and author_id = ${ids.get('kim')}`.execute(db);
    }
  });
});
