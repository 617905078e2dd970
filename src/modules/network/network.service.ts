import type { InfluencerPageView, InfluencerView } from '../../contracts/network.js';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { authorProfile } from './network.profile.js';
import { rankPersons, type IdentityJoin } from './network.people.js';
import type { NetworkRunner } from './network.runner.js';
import { readWeights } from './network.runner.js';
import { communityColor, presentRun, type NetworkTables, type RunRow, type RunView } from './network.tables.js';
import type { ResolvedSlice, SliceQuery } from './network.profile.js';
import { DEFAULT_WEIGHTS, interactionsFrom, normalizeSlice, sliceKey, validateWeights, weightSql, windowStart, type InteractionWeights } from './slice.js';

export const SORTS = ['pagerank', 'influence', 'betweenness', 'coreness', 'sneezer', 'followers', 'in_degree'] as const;
export type InfluencerSort = (typeof SORTS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export type { ResolvedSlice, SliceQuery } from './network.profile.js';

export interface InfluencerQuery extends SliceQuery {
  sort: InfluencerSort;
  order?: 'asc' | 'desc';
  community?: number;
  sentiment?: Sentiment;
  minFollowers?: number;
  q?: string;
  limit: number;
  offset: number;
}

export type Influencer = InfluencerView;

export interface CommunityView {
  id: number;
  size: number;
  color: string;
}

/** The per-person columns each sort orders by (docs/network.md: how a person's figures are combined). */
const SORT_COLUMNS: Record<InfluencerSort, string[]> = {
  pagerank: ['pagerank'],
  influence: ['influence', 'pagerank'],
  betweenness: ['betweenness', 'pagerank'],
  coreness: ['coreness', 'pagerank'],
  sneezer: ['sneezer_max', 'sneezer_avg', 'pagerank'],
  followers: ['followers', 'pagerank'],
  in_degree: ['in_degree', 'in_strength', 'pagerank'],
};

export const MAX_GRAPH_NODES = 50_000;
const MAX_GRAPH_EDGES = 200_000;

/** Network reads for people (all scoped, `network.read`) and the recompute request (`listening.manage`). */
export class NetworkService {
  readonly db: Kysely<NetworkTables>;
  constructor(
    store: Store,
    readonly clock: Clock,
    readonly runner: NetworkRunner,
    /** Where the data joins channel identities into one person (consented customer links); none: one row per identity. */
    private readonly identities?: IdentityJoin,
  ) {
    this.db = tables<NetworkTables>(store);
  }

  /** The stored slice for a query: a per-channel slice when one was computed, else the channel-less one filtered by author channel. */
  async resolveSlice(scope: Scope, q: SliceQuery): Promise<ResolvedSlice> {
    const base = normalizeSlice({ period: q.period, topic: q.topic ?? null, channel: null });
    const lastFull = (key: string) =>
      this.db
        .selectFrom('network_runs')
        .selectAll()
        .where('workspace_id', '=', scope.workspaceId)
        .where('period', '=', key)
        .where('status', '=', 'succeeded')
        .where('mode', '=', 'full')
        .orderBy('finished_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    if (q.channel) {
      const params = { ...base, channel: q.channel };
      const run = await lastFull(sliceKey(params));
      if (run) return { key: sliceKey(params), params, channel: null, run };
    }
    return { key: sliceKey(base), params: base, channel: q.channel ?? null, run: await lastFull(sliceKey(base)) };
  }

  communities(run: RunRow | undefined): CommunityView[] {
    return (run?.community_sizes ?? []).map((size, id) => ({ id, size, color: communityColor(id) }));
  }

  async influencers(scope: Scope, f: InfluencerQuery): Promise<InfluencerPageView> {
    assertCan(scope, 'network.read');
    const slice = await this.resolveSlice(scope, f);
    const { total, rows } = await rankPersons(this.db, scope, slice.key, { ...f, sort: SORT_COLUMNS[f.sort], order: f.order ?? 'desc', channel: slice.channel }, this.identities);
    return { slice: slice.key, run: slice.run ? presentRun(slice.run) : null, total, communities: this.communities(slice.run), influencers: rows };
  }

  /** The top `limit` nodes by influence (then PageRank) with the edges among them, for the graph view. */
  async graph(scope: Scope, f: SliceQuery & { limit: number }): Promise<import('../../contracts/network.js').NetworkGraphView> {
    assertCan(scope, 'network.read');
    const limit = Math.min(Math.max(1, f.limit), MAX_GRAPH_NODES);
    const slice = await this.resolveSlice(scope, f);
    const ws = scope.workspaceId;
    const channelFilter = slice.channel ? sql`and a.channel = ${slice.channel}` : sql``;
    const top = sql`select m.author_id from author_metrics m join authors a on a.id = m.author_id
      where m.workspace_id = ${ws} and m.period = ${slice.key} and m.pagerank is not null ${channelFilter}
      order by a.influence desc nulls last, m.pagerank desc, m.author_id limit ${limit}`;
    const nodes = await this.db
      .selectFrom('author_metrics as m')
      .innerJoin('authors as a', 'a.id', 'm.author_id')
      .select(['m.author_id', 'm.pagerank', 'm.pagerank_pct', 'm.community', 'm.in_degree', 'm.out_degree', 'a.channel', 'a.handle', 'a.display_name', 'a.followers', 'a.influence'])
      .where('m.workspace_id', '=', ws)
      .where('m.period', '=', slice.key)
      .where(sql<boolean>`m.author_id in (${top})`)
      .orderBy('a.influence', (ob) => ob.desc().nullsLast())
      .orderBy('m.pagerank', (ob) => ob.desc().nullsLast())
      .execute();
    const total = (
      await sql<{ n: number }>`select count(*)::int8 as n from author_metrics m join authors a on a.id = m.author_id where m.workspace_id = ${ws} and m.period = ${slice.key} and m.pagerank is not null ${channelFilter}`.execute(this.db)
    ).rows[0]!;
    const weights = await readWeights(this.db, ws);
    const from = windowStart(slice.params.period, slice.run?.started_at ? new Date(slice.run.started_at) : this.clock.now());
    const edges = nodes.length
      ? (
          await sql<{ s: string; t: string; w: number }>`
            select x.source_author_id as s, x.target_author_id as t, sum(${weightSql(weights)})::float8 as w
            ${interactionsFrom(ws, slice.params, from)}
              and x.source_author_id in (${top}) and x.target_author_id in (${top})
            group by x.source_author_id, x.target_author_id
            having sum(${weightSql(weights)}) > 0
            order by w desc limit ${MAX_GRAPH_EDGES + 1}`.execute(this.db)
        ).rows
      : [];
    return {
      slice: slice.key,
      run: slice.run ? presentRun(slice.run) : null,
      totalNodes: Number(total.n),
      truncated: Number(total.n) > nodes.length,
      edgesTruncated: edges.length > MAX_GRAPH_EDGES,
      communities: this.communities(slice.run),
      nodes: nodes.map((n) => {
        const score = n.influence ?? 60 * (n.pagerank_pct ?? 0);
        return {
          id: n.author_id,
          label: n.handle ?? n.display_name ?? n.author_id.slice(0, 8),
          name: n.display_name,
          channel: n.channel,
          followers: n.followers,
          influence: n.influence,
          pagerank: n.pagerank,
          inDegree: n.in_degree,
          outDegree: n.out_degree,
          community: n.community,
          color: communityColor(n.community),
          size: Math.round((3 + 17 * Math.sqrt(Math.max(0, score) / 100)) * 10) / 10,
        };
      }),
      edges: edges.slice(0, MAX_GRAPH_EDGES).map((e) => ({ source: e.s, target: e.t, weight: Number(e.w) })),
    };
  }

  author(scope: Scope, authorId: string, q: SliceQuery): ReturnType<typeof authorProfile> {
    return authorProfile(this, scope, authorId, q);
  }

  async runs(scope: Scope, limit: number): Promise<RunView[]> {
    assertCan(scope, 'network.read');
    const rows = await this.db.selectFrom('network_runs').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('queued_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(presentRun);
  }

  /** Queues a full run of the slice (or joins the one already queued or running) and asks a worker to start. */
  async requestRecompute(scope: Scope, input: { period?: string; channel?: string; topic?: string; force?: boolean }): Promise<{ run: RunView; created: boolean }> {
    assertCan(scope, 'listening.manage');
    const params = normalizeSlice(input);
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const r = await this.runner.enqueue(trx, scope.workspaceId, params, { trigger: 'request', mode: 'full', force: !!input.force, requestedBy: scope.actor.label });
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'network.recompute_requested',
        targetType: 'network_run',
        targetId: r.run.id,
        after: { slice: sliceKey(params), force: !!input.force, joined: !r.created },
        at: now,
      });
      return r;
    });
    if (result.run.status === 'queued') await this.runner.kick(`run:${result.run.id}:${now.getTime()}`);
    return { run: presentRun(result.run), created: result.created };
  }

  async settings(scope: Scope): Promise<{ weights: InteractionWeights; defaults: InteractionWeights }> {
    assertCan(scope, 'network.read');
    return { weights: await readWeights(this.db, scope.workspaceId), defaults: DEFAULT_WEIGHTS };
  }

  /** New interaction weights; the next scheduled check sees the changed fingerprint and recomputes. */
  async updateSettings(scope: Scope, input: { weights: Record<string, unknown> }): Promise<{ weights: InteractionWeights; defaults: InteractionWeights }> {
    assertCan(scope, 'listening.manage');
    const weights = validateWeights(input.weights);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = await readWeights(trx, scope.workspaceId);
      await trx
        .insertInto('network_settings')
        .values({ workspace_id: scope.workspaceId, weights: jsonParam(weights), updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ weights: jsonParam(weights), updated_at: now }))
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'network.settings_updated', targetType: 'network_settings', targetId: scope.workspaceId, before: { weights: before }, after: { weights }, at: now });
    });
    return { weights, defaults: DEFAULT_WEIGHTS };
  }
}
