import { sql, type Kysely, type Transaction } from 'kysely';
import type { AnyDb } from '../../platform/db/store.js';
import { analyzeCascades, analyzeGraph, type CascadeReport, type GraphAnalysis } from '../../graph/index.js';
import { jsonParam } from '../audit/index.js';
import { percentiles, updateInfluence } from './influence.js';
import { itemCountsSql, loadCascades, loadEdges, loadItemCounts, type AuthorItemCounts } from './network.load.js';
import type { MetricsRow, NetworkTables, RunRow } from './network.tables.js';
import { INFLUENCE_SLICE, interactionsFrom, weightSql, windowStart, type InteractionWeights } from './slice.js';

/** What a run found, written onto its row when it succeeds. */
export type RunOutcome = Pick<RunRow, 'interactions' | 'nodes' | 'edges' | 'modularity' | 'communities' | 'community_sizes' | 'betweenness' | 'pagerank' | 'cascades' | 'seconds'>;

const BATCH = 500;
/** Betweenness: exact up to this many nodes, else sampled from `SAMPLES` sources (the error is stored). */
export const EXACT_BETWEENNESS_LIMIT = 5000;
const SAMPLES = 1000;
const KEPT_COMMUNITY_SIZES = 100;

function stopwatch() {
  let last = performance.now();
  const seconds: Record<string, number> = {};
  return {
    seconds,
    lap(name: string) {
      const now = performance.now();
      seconds[name] = Math.round(now - last) / 1000;
      last = now;
    },
    total() {
      seconds.total = Math.round(Object.values(seconds).reduce((a, b) => a + b, 0) * 1000) / 1000;
      return seconds;
    },
  };
}

/**
 * A full run: every metric from scratch over the slice's graph and trees, replacing the slice's rows in one
 * transaction (readers see the old or the new slice, never a mix), then the influence scores for `all`.
 */
export async function computeFull(db: Kysely<NetworkTables>, run: RunRow, weights: InteractionWeights, now: Date): Promise<RunOutcome> {
  const watch = stopwatch();
  const ws = run.workspace_id;
  const from = windowStart(run.params.period, now);
  const raw: AnyDb = db;
  const edges = await loadEdges(raw, ws, run.params, from, weights);
  watch.lap('loadEdges');
  const trees = await loadCascades(raw, ws, run.params, from);
  const counts = await loadItemCounts(raw, ws, run.params, from);
  watch.lap('loadItems');
  const graph = edges.list.ids.length ? analyzeGraph(edges.list, { betweenness: { mode: 'auto', exactLimit: EXACT_BETWEENNESS_LIMIT, samples: SAMPLES, seed: 1 }, communities: { seed: 1 } }) : null;
  watch.lap('graph');
  const report = trees.edges.cascadeIds.length ? analyzeCascades(trees.edges) : null;
  watch.lap('cascades');
  const rows = metricRows(run, now, graph, report, counts);
  const cascadeRows = (report?.cascades ?? [])
    .filter((c) => c.size >= 2)
    .map((c) => ({ workspace_id: ws, period: run.period, item_id: c.id, author_id: c.source, size: c.size, depth: c.depth, max_breadth: c.maxBreadth, t50_min: c.t50, t90_min: c.t90, computed_at: now }));
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('author_metrics').where('workspace_id', '=', ws).where('period', '=', run.period).execute();
    for (let i = 0; i < rows.length; i += BATCH)
      await trx
        .insertInto('author_metrics')
        .values(rows.slice(i, i + BATCH))
        .execute();
    await trx.deleteFrom('network_cascades').where('workspace_id', '=', ws).where('period', '=', run.period).execute();
    for (let i = 0; i < cascadeRows.length; i += BATCH)
      await trx
        .insertInto('network_cascades')
        .values(cascadeRows.slice(i, i + BATCH))
        .execute();
    if (run.period === INFLUENCE_SLICE) await updateInfluence(trx, ws);
  });
  watch.lap('write');
  return {
    interactions: edges.interactions,
    nodes: graph?.nodes ?? 0,
    edges: graph?.edges ?? 0,
    modularity: graph?.modularity ?? null,
    communities: graph?.communityCount ?? 0,
    community_sizes: jsonParam(Array.from(graph?.communitySizes ?? []).slice(0, KEPT_COMMUNITY_SIZES)),
    betweenness: graph?.betweennessInfo ? jsonParam(graph.betweennessInfo) : null,
    pagerank: graph ? jsonParam(graph.pagerankInfo) : null,
    cascades: cascadeRows.length,
    seconds: jsonParam(watch.total()),
  };
}

/** One row per author in the graph, in a cascade, or with items in the slice. */
function metricRows(run: RunRow, now: Date, g: GraphAnalysis | null, report: CascadeReport | null, counts: AuthorItemCounts[]): MetricsRow[] {
  const rows = new Map<string, MetricsRow>();
  const row = (authorId: string): MetricsRow => {
    let r = rows.get(authorId);
    if (!r) {
      r = {
        workspace_id: run.workspace_id,
        author_id: authorId,
        period: run.period,
        run_id: run.id,
        pagerank: null,
        pagerank_pct: null,
        in_degree: 0,
        out_degree: 0,
        in_strength: 0,
        out_strength: 0,
        coreness: null,
        betweenness: null,
        community: null,
        cascades_started: 0,
        sneezer_avg: null,
        sneezer_max: null,
        secondary_reach: null,
        items_negative: 0,
        items_neutral: 0,
        items_positive: 0,
        computed_at: now,
        degrees_at: now,
      };
      rows.set(authorId, r);
    }
    return r;
  };
  if (g) {
    const pct = percentiles(g.pagerank);
    g.ids.forEach((id, i) => {
      const r = row(id);
      r.pagerank = g.pagerank[i]!;
      r.pagerank_pct = pct[i]!;
      r.in_degree = g.inDegree[i]!;
      r.out_degree = g.outDegree[i]!;
      r.in_strength = g.inStrength[i]!;
      r.out_strength = g.outStrength[i]!;
      r.coreness = g.coreness?.[i] ?? null;
      r.betweenness = g.betweenness?.[i] ?? null;
      r.community = g.communities?.[i] ?? null;
    });
  }
  const posts = new Map(counts.map((c) => [c.authorId, c.posts]));
  if (report) {
    const sp = report.spread;
    report.users.forEach((id, u) => {
      const r = row(id);
      r.cascades_started = sp.started[u]!;
      r.secondary_reach = sp.secondaryReach[u]!;
      const own = Math.max(sp.started[u]!, posts.get(id) ?? 0);
      if (own > 0) {
        r.sneezer_avg = sp.startedReachSum[u]! / own;
        r.sneezer_max = sp.startedReachMax[u]!;
      }
    });
  }
  for (const c of counts) {
    const r = row(c.authorId);
    r.items_negative = c.negative;
    r.items_neutral = c.neutral;
    r.items_positive = c.positive;
    if (r.sneezer_avg === null && c.posts > 0) {
      r.sneezer_avg = 0;
      r.sneezer_max = 0;
    }
  }
  return [...rows.values()];
}

/**
 * The cheap incremental step: in/out degree and strength (and the sentiment counts) of every author brought
 * up to date with SQL aggregates, without rebuilding the graph. PageRank, coreness, betweenness, communities,
 * cascades and influence keep the values of the last full run. New authors get a row with degrees only.
 */
export async function computeDegrees(db: Kysely<NetworkTables>, run: RunRow, weights: InteractionWeights, now: Date): Promise<RunOutcome> {
  const watch = stopwatch();
  const ws = run.workspace_id;
  const s = run.params;
  const from = windowStart(s.period, now);
  const pairs = sql`select x.source_author_id as s, x.target_author_id as t, sum(${weightSql(weights)}) as w, count(*) as n
    ${interactionsFrom(ws, s, from)} group by x.source_author_id, x.target_author_id having sum(${weightSql(weights)}) > 0`;
  const totals = await db.transaction().execute(async (trx: Transaction<NetworkTables>) => {
    await trx
      .updateTable('author_metrics')
      .set({ in_degree: 0, out_degree: 0, in_strength: 0, out_strength: 0, items_negative: 0, items_neutral: 0, items_positive: 0, degrees_at: now })
      .where('workspace_id', '=', ws)
      .where('period', '=', run.period)
      .execute();
    for (const [side, other, degree, strength] of [
      ['t', 's', 'in_degree', 'in_strength'],
      ['s', 't', 'out_degree', 'out_strength'],
    ] as const) {
      await sql`
        with e as (${pairs})
        insert into author_metrics (workspace_id, author_id, period, run_id, ${sql.ref(degree)}, ${sql.ref(strength)}, computed_at, degrees_at)
        select ${ws}, e.${sql.ref(side)}, ${run.period}, ${run.id}, count(distinct e.${sql.ref(other)}), sum(e.w), ${now}, ${now} from e group by e.${sql.ref(side)}
        on conflict (workspace_id, period, author_id) do update set ${sql.ref(degree)} = excluded.${sql.ref(degree)}, ${sql.ref(strength)} = excluded.${sql.ref(strength)}, degrees_at = excluded.degrees_at`.execute(trx);
    }
    await sql`
      update author_metrics m set items_negative = c.negative, items_neutral = c.neutral, items_positive = c.positive
      from (${itemCountsSql(ws, s, from)}) c
      where m.workspace_id = ${ws} and m.period = ${run.period} and m.author_id = c.author_id`.execute(trx);
    return (await sql<{ edges: number; interactions: number }>`select count(*)::int8 as edges, coalesce(sum(e.n), 0)::int8 as interactions from (${pairs}) e`.execute(trx)).rows[0]!;
  });
  const nodes = await db
    .selectFrom('author_metrics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws)
    .where('period', '=', run.period)
    .where((eb) => eb.or([eb('in_degree', '>', 0), eb('out_degree', '>', 0)]))
    .executeTakeFirstOrThrow();
  watch.lap('degrees');
  return {
    interactions: Number(totals.interactions),
    nodes: Number(nodes.n),
    edges: Number(totals.edges),
    modularity: null,
    communities: null,
    community_sizes: null,
    betweenness: null,
    pagerank: null,
    cascades: null,
    seconds: jsonParam(watch.total()),
  };
}
