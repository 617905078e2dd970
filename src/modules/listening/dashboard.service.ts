/**
 * Dashboards per query or share-of-voice set, for any period, from the rollups maintained at ingest
 * (hourly counts; keywords and authors per Seoul day) and the match index (top posts, drill-down).
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { decodeCursor, encodeCursor, itemsByIds } from './present.js';
import { bucketRange, buildCharts, buildKeywords, buildShareOfVoice, keywordDays, resolvePeriod, type BucketUnit, type Period, type ChannelRow, type PeriodParams, type SeriesRow, type SovRow } from './dashboard.build.js';
import { UUID_RE, type ListeningDb, type QueryRow, type SentimentKey } from './listening.tables.js';
import type { DashboardView, DrillPage, QueryRef } from '../../contracts/listening.js';

export interface Target {
  type: 'query' | 'set';
  id: string;
  name: string;
  queries: QueryRef[];
  /** The share-of-voice set compared (the set itself, or the query's set). */
  set: { id: string; queries: Array<{ id: string; name: string }> } | null;
}

export interface DashboardParams extends PeriodParams {
  channel?: string;
}

export interface DrillParams extends DashboardParams {
  at?: string;
  sentiment?: SentimentKey;
  complaint?: boolean;
  keyword?: string;
  authorId?: string;
  queryId?: string;
  cursor?: string;
  limit?: number;
}

const SET_RE = /^[A-Za-z0-9_-]{1,40}$/;

export class DashboardService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async target(workspaceId: string, type: 'query' | 'set', id: string): Promise<Target> {
    const setOf = async (setId: string) => {
      const rows = await this.db.selectFrom('listening_queries').select(['id', 'name', 'kind']).where('workspace_id', '=', workspaceId).where('set_id', '=', setId).orderBy('created_at').orderBy('id').execute();
      return rows;
    };
    if (type === 'query') {
      const q: QueryRow | undefined = UUID_RE.test(id) ? await this.db.selectFrom('listening_queries').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
      if (!q) throw notFound('listening.query_not_found', 'No such monitoring query.');
      const set = q.set_id ? await setOf(q.set_id) : null;
      return { type, id: q.id, name: q.name, queries: [{ id: q.id, name: q.name, kind: q.kind }], set: set && q.set_id ? { id: q.set_id, queries: set } : null };
    }
    const rows = SET_RE.test(id) ? await setOf(id) : [];
    if (rows.length === 0) throw notFound('listening.set_not_found', 'No such share-of-voice set.');
    return { type, id, name: id, queries: rows, set: { id, queries: rows } };
  }

  period(p: PeriodParams): Period {
    return resolvePeriod(p, this.clock.now());
  }

  async forScope(scope: Scope, type: 'query' | 'set', id: string): Promise<Target> {
    assertCan(scope, 'listening.read');
    return this.target(scope.workspaceId, type, id);
  }

  private bucketExpr(p: Period) {
    return p.bucket === 'hour' ? sql<number>`(extract(epoch from bucket_hour)::float8 * 1000)::int8` : sql<number>`((floor((extract(epoch from bucket_hour)::float8 + 32400) / 86400) * 86400 - 32400) * 1000)::int8`;
  }

  private base(ids: string[], p: Period, channel?: string) {
    let q = this.db.selectFrom('listening_rollups_hourly').where('query_id', 'in', ids).where('bucket_hour', '>=', p.from).where('bucket_hour', '<', p.to);
    if (channel) q = q.where('channel', '=', channel);
    return q;
  }

  /** Aggregated in the database, so only buckets × sentiments rows travel (not hours × channels × sentiments). */
  private async series(ids: string[], p: Period, channel?: string): Promise<SeriesRow[]> {
    const rows = await this.base(ids, p, channel)
      .select([this.bucketExpr(p).as('bucket'), 'sentiment', sql<number>`sum(count)::int8`.as('count'), sql<number>`sum(complaint_count)::int8`.as('complaints'), sql<number>`sum(reach_sum)::int8`.as('reach')])
      .groupBy([sql`1`, 'sentiment'])
      .execute();
    return rows.map((r) => ({ bucket: Number(r.bucket), sentiment: r.sentiment, count: Number(r.count), complaints: Number(r.complaints), reach: Number(r.reach) }));
  }

  private async channelSplit(ids: string[], p: Period, channel?: string): Promise<ChannelRow[]> {
    const rows = await this.base(ids, p, channel)
      .select(['channel', 'sentiment', sql<number>`sum(count)::int8`.as('count')])
      .groupBy(['channel', 'sentiment'])
      .execute();
    return rows.map((r) => ({ channel: r.channel, sentiment: r.sentiment, count: Number(r.count) }));
  }

  private async sovRows(ids: string[], p: Period, channel?: string): Promise<SovRow[]> {
    const rows = await this.base(ids, p, channel)
      .select(['query_id', this.bucketExpr(p).as('bucket'), sql<number>`sum(count)::int8`.as('count')])
      .groupBy(['query_id', sql`2`])
      .execute();
    return rows.map((r) => ({ query_id: r.query_id, bucket: Number(r.bucket), count: Number(r.count) }));
  }

  private async previousCount(ids: string[], p: Period, channel?: string): Promise<number> {
    const len = p.to.getTime() - p.from.getTime();
    let q = this.db
      .selectFrom('listening_rollups_hourly')
      .select(sql<number>`coalesce(sum(count), 0)::int8`.as('n'))
      .where('query_id', 'in', ids)
      .where('bucket_hour', '>=', new Date(p.from.getTime() - len))
      .where('bucket_hour', '<', p.from);
    if (channel) q = q.where('channel', '=', channel);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  private async keywords(ids: string[], p: Period) {
    const d = keywordDays(p);
    const rows = await this.db
      .selectFrom('listening_keywords_daily')
      .select(['term', sql<number>`coalesce(sum(count) filter (where day >= ${d.from}::date), 0)::int8`.as('w'), sql<number>`coalesce(sum(count) filter (where day < ${d.from}::date), 0)::int8`.as('b')])
      .where('query_id', 'in', ids)
      .where('day', '>=', d.bgFrom)
      .where('day', '<=', d.to)
      .groupBy('term')
      .execute();
    return buildKeywords(rows.map((r) => ({ term: r.term, w: Number(r.w), b: Number(r.b) })));
  }

  private async topPosts(workspaceId: string, ids: string[], p: Period, channel?: string) {
    const best = new Map<string, { reach: number; followers: number; reposts: number }>();
    for (const id of ids) {
      let q = this.db.selectFrom('query_matches').select(['item_id', 'reach', 'followers', 'reposts']).where('query_id', '=', id).where('created_at', '>=', p.from).where('created_at', '<', p.to);
      if (channel) q = q.where('channel', '=', channel);
      for (const r of await q.orderBy('reach', 'desc').orderBy('created_at', 'desc').limit(10).execute()) {
        if (!best.has(r.item_id) || best.get(r.item_id)!.reach < Number(r.reach)) best.set(r.item_id, { reach: Number(r.reach), followers: r.followers, reposts: r.reposts });
      }
    }
    const top = [...best].sort((a, b) => b[1].reach - a[1].reach).slice(0, 10);
    const items = await itemsByIds(
      this.db,
      workspaceId,
      top.map(([id]) => id),
    );
    return top.filter(([id]) => items.has(id)).map(([id, r]) => ({ item: items.get(id)!, ...r }));
  }

  private async topAuthors(ids: string[], p: Period) {
    const d = keywordDays(p);
    // Rank on the rollup alone, then read the ten authors (a join first would scan every author).
    const top = this.db
      .selectFrom('listening_authors_daily as r')
      .select(['r.author_id', sql<number>`sum(r.count)::int8`.as('count'), sql<number>`sum(r.negative)::int8`.as('negative')])
      .where('r.query_id', 'in', ids)
      .where('r.day', '>=', d.from)
      .where('r.day', '<=', d.to)
      // The institution's own accounts (authors of its outbound items) are not among the customers who talk most.
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('items as o').select('o.id').whereRef('o.author_id', '=', 'r.author_id').where('o.direction', '=', 'outbound'))))
      .groupBy('r.author_id')
      .orderBy(sql`sum(r.count)`, 'desc')
      .orderBy('r.author_id')
      .limit(10)
      .as('x');
    const rows = await this.db
      .selectFrom(top)
      .innerJoin('authors as a', 'a.id', 'x.author_id')
      .select(['a.id', 'a.handle', 'a.display_name', 'a.channel', 'a.followers', 'x.count', 'x.negative'])
      .orderBy('x.count', 'desc')
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({ author: { id: r.id, handle: r.handle, name: r.display_name, channel: r.channel, followers: r.followers }, count: Number(r.count), negative: Number(r.negative) }));
  }

  /** Every chart of one dashboard (workspace access already checked by the caller). */
  async build(workspaceId: string, target: Target, params: DashboardParams): Promise<DashboardView> {
    const p = this.period(params);
    const ids = target.queries.map((q) => q.id);
    const setIds = target.set?.queries.map((q) => q.id) ?? [];
    const previous = await this.previousCount(ids, p, params.channel);
    const charts = buildCharts(p, await this.series(ids, p, params.channel), await this.channelSplit(ids, p, params.channel), previous);
    const shareOfVoice = target.set ? buildShareOfVoice(p, await this.sovRows(setIds, p, params.channel), target.set.id, target.set.queries, new Set(target.type === 'query' ? ids : [])) : null;
    const { keywords, wordCloud } = await this.keywords(ids, p);
    return {
      target: { type: target.type, id: target.id, name: target.name, queries: target.queries },
      period: { from: p.from.toISOString(), to: p.to.toISOString(), bucket: p.bucket, timezone: 'Asia/Seoul' as const },
      ...charts,
      shareOfVoice,
      keywords,
      wordCloud,
      topPosts: await this.topPosts(workspaceId, ids, p, params.channel),
      topAuthors: await this.topAuthors(ids, p),
    };
  }

  async dashboard(scope: Scope, type: 'query' | 'set', id: string, params: DashboardParams): Promise<DashboardView> {
    const target = await this.forScope(scope, type, id);
    return this.build(scope.workspaceId, target, params);
  }

  /** The items behind a number on the dashboard, newest first. */
  async items(scope: Scope, type: 'query' | 'set', id: string, f: DrillParams): Promise<DrillPage> {
    const target = await this.forScope(scope, type, id);
    let ids = target.queries.map((q) => q.id);
    if (f.queryId) {
      const pool = target.set?.queries.map((q) => q.id) ?? ids;
      if (!pool.includes(f.queryId)) throw invalid('listening.bad_query_id', 'queryId is not a query of this dashboard.', 'queryId');
      ids = [f.queryId];
    }
    let p = this.period(f);
    if (f.at) {
      const unit: BucketUnit = f.bucket ?? p.bucket;
      const r = bucketRange(unit, f.at);
      p = { from: r.from, to: r.to, bucket: unit };
    }
    const limit = Math.min(200, Math.max(1, f.limit ?? 50));
    // Walk the match index (query, created_at desc, item) and read only the page's items; with several
    // queries an item matching two of them comes twice in a row, so fetch enough and de-duplicate.
    let q = this.db.selectFrom('query_matches as qm').select(['qm.item_id', 'qm.created_at', 'qm.reach']).where('qm.query_id', 'in', ids).where('qm.created_at', '>=', p.from).where('qm.created_at', '<', p.to);
    if (f.channel) q = q.where('qm.channel', '=', f.channel);
    if (f.sentiment) q = q.where('qm.sentiment', '=', f.sentiment);
    if (f.complaint !== undefined) q = q.where('qm.complaint', '=', f.complaint);
    if (f.keyword) q = q.where(sql<boolean>`qm.keywords @> array[${f.keyword}]::text[]`);
    if (f.authorId) {
      if (!UUID_RE.test(f.authorId)) throw invalid('listening.bad_author', 'authorId must be an author id.', 'authorId');
      q = q.where('qm.author_id', '=', f.authorId);
    }
    const cursor = decodeCursor(f.cursor);
    if (f.cursor && !cursor) throw invalid('listening.bad_cursor', 'The cursor is not valid; start again without it.', 'cursor');
    if (cursor) q = q.where(sql<boolean>`(qm.created_at, qm.item_id) < (${cursor.at}, ${cursor.id}::uuid)`);
    const matches = await q
      .orderBy('qm.created_at', 'desc')
      .orderBy('qm.item_id', 'desc')
      .limit((limit + 1) * ids.length)
      .execute();
    const seen = new Map<string, { created_at: Date; reach: number }>();
    for (const m of matches) {
      const prev = seen.get(m.item_id);
      if (!prev) seen.set(m.item_id, { created_at: m.created_at, reach: Number(m.reach) });
      else prev.reach = Math.max(prev.reach, Number(m.reach));
    }
    const ordered = [...seen].slice(0, limit + 1);
    const page = ordered.slice(0, limit);
    const items = await itemsByIds(
      this.db,
      scope.workspaceId,
      page.map(([id]) => id),
    );
    const last = page[page.length - 1];
    return {
      items: page.filter(([id]) => items.has(id)).map(([id, m]) => ({ ...items.get(id)!, reach: m.reach })),
      nextCursor: ordered.length > limit && last ? encodeCursor(last[1].created_at, last[0]) : null,
    };
  }
}

export type Dashboard = DashboardView;
