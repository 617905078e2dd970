import { sql } from 'kysely';
import type { AnyDb } from '../../platform/db/store.js';
import { INFLUENCE_SLICE } from './slice.js';

/**
 * The influence score (0..100) on `authors.influence`, which inbox routing reads (VIP priority):
 *   influence = 100 × (0.6 × P + 0.4 × F)
 * P: the author's PageRank percentile in the workspace's `all` graph (0 for the lowest, 1 for the highest;
 *    0 when the author is not in the graph).
 * F: reach by followers on a log scale, min(1, ln(1 + followers) / ln(1 + 10⁶)): 1,000 followers ≈ 0.5,
 *    1,000,000 or more = 1; unknown followers count as 0.
 * Rounded to one decimal. An author with no interactions and 10,000 followers scores 26.7; the most
 * central author of the workspace scores at least 60.
 */
export const PAGERANK_SHARE = 0.6;
export const FOLLOWERS_SHARE = 0.4;
export const FOLLOWERS_FULL = 1_000_000;

export function followersScore(followers: number | null): number {
  const f = Math.max(0, followers ?? 0);
  return Math.min(1, Math.log1p(f) / Math.log1p(FOLLOWERS_FULL));
}

export function influenceScore(pagerankPct: number | null, followers: number | null): number {
  const raw = 100 * (PAGERANK_SHARE * (pagerankPct ?? 0) + FOLLOWERS_SHARE * followersScore(followers));
  return Math.round(raw * 10) / 10;
}

/**
 * Percentile of each value among all of them: the share of the other nodes with a lower value, ties counted
 * half (the lowest gets 0, the highest 1; a single node gets 1). Values within 1e-9 (relative) are ties.
 */
export function percentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n === 1) {
    out[0] = 1;
    return out;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    const v = values[order[start]!]!;
    while (end < n && Math.abs(values[order[end]!]! - v) <= 1e-9 * Math.max(Math.abs(v), 1e-300)) end++;
    // Positions start..end-1 tie: each has `start` lower values and (end - start - 1) equal others.
    const pct = (start + (end - start - 1) / 2) / (n - 1);
    for (let k = start; k < end; k++) out[order[k]!] = pct;
    start = end;
  }
  return out;
}

/** Writes the score of every author of the workspace (only rows whose score changed are written). */
export async function updateInfluence(db: AnyDb, workspaceId: string): Promise<number> {
  const res = await sql`
    with v as (
      select a.id,
        round((100 * (${PAGERANK_SHARE}::float8 * coalesce(m.pagerank_pct, 0)
          + ${FOLLOWERS_SHARE}::float8 * least(1.0, ln(1 + greatest(coalesce(a.followers, 0), 0)) / ln(${1 + FOLLOWERS_FULL}::float8))))::numeric, 1)::float8 as score
      from authors a
      left join author_metrics m on m.workspace_id = a.workspace_id and m.author_id = a.id and m.period = ${INFLUENCE_SLICE}
      where a.workspace_id = ${workspaceId}
    )
    update authors a set influence = v.score from v where a.id = v.id and a.influence is distinct from v.score`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
