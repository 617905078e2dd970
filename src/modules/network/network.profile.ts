import { safeUrl } from '../../platform/safe-url.js';
import { sql } from 'kysely';
import { notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { readWeights } from './network.runner.js';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { NetworkTables, RunRow } from './network.tables.js';
import type { SliceParams, SliceQuery } from './slice.js';

export type { SliceQuery } from './slice.js';
import { communityColor, presentAuthor, presentMetrics, presentRun, presentSentiment } from './network.tables.js';
import { interactionsFrom, weightSql, windowStart } from './slice.js';
import type { AuthorProfileView } from '../../contracts/network.js';

export interface ResolvedSlice {
  key: string;
  params: SliceParams;
  /** The author channel to filter by, when the slice itself is not per channel. */
  channel: string | null;
  /** The latest successful full run of the slice. */
  run: RunRow | undefined;
}

/** What a profile read needs of the network service. */
export interface ProfileSource {
  readonly db: Kysely<NetworkTables>;
  readonly clock: Clock;
  resolveSlice(scope: Scope, q: SliceQuery): Promise<ResolvedSlice>;
}

const UUID = /^[0-9a-f-]{36}$/i;
const RECENT_ITEMS = 20;
const TOP = 10;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * One author as the network sees them: profile fields, metrics in the slice (and which other slices hold
 * some), their community with its most central members, recent items, their largest cascades and strongest ties.
 */
export async function authorProfile(svc: ProfileSource, scope: Scope, authorId: string, q: SliceQuery): Promise<AuthorProfileView> {
  assertCan(scope, 'network.read');
  const db = svc.db;
  const ws = scope.workspaceId;
  const author = UUID.test(authorId) ? await db.selectFrom('authors').selectAll().where('workspace_id', '=', ws).where('id', '=', authorId).executeTakeFirst() : undefined;
  if (!author) throw notFound('network.author_not_found', 'No such author in this workspace.');
  const slice = await svc.resolveSlice(scope, { ...q, channel: undefined });
  const metrics = await db.selectFrom('author_metrics').selectAll().where('workspace_id', '=', ws).where('period', '=', slice.key).where('author_id', '=', author.id).executeTakeFirst();
  const slices = await db.selectFrom('author_metrics').select('period').where('workspace_id', '=', ws).where('author_id', '=', author.id).orderBy('period').execute();

  let community = null;
  if (metrics?.community !== null && metrics?.community !== undefined) {
    const members = await db
      .selectFrom('author_metrics as m')
      .innerJoin('authors as a', 'a.id', 'm.author_id')
      .select(['a.id', 'a.handle', 'a.display_name', 'a.influence', 'm.pagerank'])
      .where('m.workspace_id', '=', ws)
      .where('m.period', '=', slice.key)
      .where('m.community', '=', metrics.community)
      .where('m.author_id', '!=', author.id)
      .orderBy('m.pagerank', (ob) => ob.desc().nullsLast())
      .orderBy('a.id')
      .limit(TOP)
      .execute();
    community = {
      id: metrics.community,
      size: slice.run?.community_sizes?.[metrics.community] ?? members.length + 1,
      color: communityColor(metrics.community),
      topMembers: members.map((m) => ({ id: m.id, handle: m.handle, name: m.display_name, influence: m.influence, pagerank: m.pagerank })),
    };
  }

  const items = await db
    .selectFrom('items')
    .select(['id', 'channel', 'kind', 'text', 'url', 'created_at', 'parent_native_id', 'analysis'])
    .where('workspace_id', '=', ws)
    .where('author_id', '=', author.id)
    .where('deleted_at', 'is', null)
    .where('is_private', '=', false)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_ITEMS)
    .execute();

  const cascades = await db
    .selectFrom('network_cascades as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['c.item_id', 'c.size', 'c.depth', 'c.max_breadth', 'c.t50_min', 'c.t90_min', 'i.text', 'i.created_at'])
    .where('c.workspace_id', '=', ws)
    .where('c.period', '=', slice.key)
    .where('c.author_id', '=', author.id)
    .orderBy('c.size', 'desc')
    .orderBy('c.item_id')
    .limit(TOP)
    .execute();

  const weights = await readWeights(db, ws);
  const from = windowStart(slice.params.period, slice.run?.started_at ? new Date(slice.run.started_at) : svc.clock.now());
  const ties = (
    await sql<{ other: string; direction: 'in' | 'out'; weight: number; interactions: number; handle: string | null; display_name: string | null }>`
      select e.other, e.direction, e.weight, e.interactions, a.handle, a.display_name from (
        select case when x.source_author_id = ${author.id} then x.target_author_id else x.source_author_id end as other,
          case when x.source_author_id = ${author.id} then 'out' else 'in' end as direction,
          sum(${weightSql(weights)})::float8 as weight, count(*)::int8 as interactions
        ${interactionsFrom(ws, slice.params, from)} and (x.source_author_id = ${author.id} or x.target_author_id = ${author.id})
        group by 1, 2
      ) e join authors a on a.id = e.other
      order by e.weight desc, e.other limit ${2 * TOP}`.execute(db)
  ).rows;
  const tie = (t: (typeof ties)[number]) => ({ id: t.other, handle: t.handle, name: t.display_name, weight: Number(t.weight), interactions: Number(t.interactions) });

  return {
    slice: slice.key,
    run: slice.run ? presentRun(slice.run) : null,
    author: presentAuthor(author),
    metrics: metrics ? presentMetrics(metrics) : null,
    sentiment: metrics ? presentSentiment(metrics) : null,
    slices: slices.map((s) => s.period),
    community,
    recentItems: items.map((i) => ({
      id: i.id,
      channel: i.channel,
      kind: i.kind,
      text: i.text.length > 500 ? `${i.text.slice(0, 500)}…` : i.text,
      url: safeUrl(i.url),
      createdAt: iso(i.created_at)!,
      isReply: i.parent_native_id !== null,
      sentiment: ((i.analysis as { sentiment?: { label?: string } } | null)?.sentiment?.label ?? null) as string | null,
    })),
    cascades: cascades.map((c) => ({ itemId: c.item_id, size: c.size, depth: c.depth, maxBreadth: c.max_breadth, t50Minutes: c.t50_min, t90Minutes: c.t90_min, text: c.text.slice(0, 200), createdAt: iso(c.created_at)! })),
    amplifiedBy: ties
      .filter((t) => t.direction === 'in')
      .slice(0, TOP)
      .map(tie),
    amplifies: ties
      .filter((t) => t.direction === 'out')
      .slice(0, TOP)
      .map(tie),
  };
}
