import { sql, type Kysely } from 'kysely';
import { EdgeListBuilder, type CascadeEdges, type EdgeList } from '../../graph/index.js';
import { interactionsFrom, itemsWhere, likePattern, weightSql, type InteractionWeights, type SliceParams } from './slice.js';

/** Reads a slice's inputs from the store: weighted edges, reply/repost/quote trees, per-author item counts. */

export interface LoadedEdges {
  list: EdgeList;
  /** Interaction rows behind the edges. */
  interactions: number;
}

/** Interactions merged into one weighted edge per (source, target); zero-weight edges are left out. */
export async function loadEdges(db: Kysely<unknown>, workspaceId: string, s: SliceParams, from: Date | null, w: InteractionWeights): Promise<LoadedEdges> {
  const rows = (
    await sql<{ s: string; t: string; w: number; n: number }>`
      select x.source_author_id as s, x.target_author_id as t, sum(${weightSql(w)})::float8 as w, count(*)::int8 as n
      ${interactionsFrom(workspaceId, s, from)}
      group by x.source_author_id, x.target_author_id
      having sum(${weightSql(w)}) > 0
      order by x.source_author_id, x.target_author_id`.execute(db)
  ).rows;
  const b = new EdgeListBuilder();
  let interactions = 0;
  for (const r of rows) {
    b.add(r.s, r.t, Number(r.w));
    interactions += Number(r.n);
  }
  return { list: b.finish(), interactions };
}

export interface LoadedCascades {
  edges: CascadeEdges;
  /** Node key → item id and author id (cascade ids are the root items' ids). */
  itemIds: string[];
}

interface TreeItem {
  id: string;
  channel: string;
  native_id: string;
  parent_native_id: string | null;
  author_id: string;
  created_at: Date;
  on_topic: boolean;
}

const SPREAD_KINDS = sql`('reply', 'repost', 'quote', 'comment')`;

/**
 * Propagation trees: every public reply, repost, quote or comment of the slice with its parent (matched by
 * channel and native id, even when the parent is older than the period). Items whose parent is unknown start
 * their own cascade; for a topic, only cascades whose root mentions it are kept.
 */
export async function loadCascades(db: Kysely<unknown>, workspaceId: string, s: SliceParams, from: Date | null): Promise<LoadedCascades> {
  const childSlice: SliceParams = { ...s, topic: null };
  const onTopic = s.topic ? sql<boolean>`(i.text ilike ${likePattern(s.topic)})` : sql<boolean>`true`;
  const rows = (
    await sql<TreeItem>`
      with kids as (
        select i.id, i.channel, i.native_id, i.parent_native_id, i.author_id, i.created_at, ${onTopic} as on_topic
        from items i
        where ${itemsWhere(workspaceId, childSlice, from)} and i.parent_native_id is not null and i.is_private = false and i.kind in ${SPREAD_KINDS}
      )
      select * from kids
      union all
      select i.id, i.channel, i.native_id, i.parent_native_id, i.author_id, i.created_at, ${onTopic} as on_topic
      from items i
      where i.workspace_id = ${workspaceId} and i.deleted_at is null and i.is_private = false
        and (i.channel, i.native_id) in (select k.channel, k.parent_native_id from kids k)
      order by created_at, id`.execute(db)
  ).rows;
  return buildTrees(rows);
}

/** Builds Twitter15/16-form cascade edges (root marker rows, per-post node keys, minutes since the root). */
export function buildTrees(rows: TreeItem[]): LoadedCascades {
  const key = (channel: string, nativeId: string) => `${channel}\u0000${nativeId}`;
  const byKey = new Map<string, number>();
  const items: TreeItem[] = [];
  for (const r of rows) {
    const k = key(r.channel, r.native_id);
    if (byKey.has(k)) continue; // the same post seen through two accounts, or as parent and child
    byKey.set(k, items.length);
    items.push(r);
  }
  const parentOf = new Int32Array(items.length).fill(-1);
  const children: number[][] = items.map(() => []);
  items.forEach((it, i) => {
    const p = it.parent_native_id ? byKey.get(key(it.channel, it.parent_native_id)) : undefined;
    if (p !== undefined && p !== i) {
      parentOf[i] = p;
      children[p]!.push(i);
    }
  });
  const users: string[] = [];
  const userIndex = new Map<string, number>();
  const userOf = (authorId: string) => {
    let u = userIndex.get(authorId);
    if (u === undefined) {
      u = users.length;
      users.push(authorId);
      userIndex.set(authorId, u);
    }
    return u;
  };
  const cascadeIds: string[] = [];
  const cascade: number[] = [];
  const parent: number[] = [];
  const child: number[] = [];
  const parentUser: number[] = [];
  const childUser: number[] = [];
  const delay: number[] = [];
  const seen = new Uint8Array(items.length);
  items.forEach((root, r) => {
    if (parentOf[r] !== -1 || children[r]!.length === 0 || !root.on_topic) return;
    const c = cascadeIds.length;
    cascadeIds.push(root.id);
    const t0 = new Date(root.created_at).getTime();
    const minutes = (i: number) => Math.max(0, (new Date(items[i]!.created_at).getTime() - t0) / 60_000);
    const push = (p: number, ch: number) => {
      cascade.push(c);
      parent.push(p);
      child.push(ch);
      parentUser.push(p < 0 ? -1 : userOf(items[p]!.author_id));
      childUser.push(userOf(items[ch]!.author_id));
      delay.push(minutes(ch));
    };
    push(-1, r);
    seen[r] = 1;
    const queue = [r];
    for (let h = 0; h < queue.length; h++) {
      for (const k of children[queue[h]!]!) {
        if (seen[k]) continue;
        seen[k] = 1;
        push(queue[h]!, k);
        queue.push(k);
      }
    }
  });
  return {
    edges: {
      format: 'twitter',
      cascadeIds,
      users,
      nodeKeys: items.length,
      cascade: Int32Array.from(cascade),
      parent: Int32Array.from(parent),
      child: Int32Array.from(child),
      parentUser: Int32Array.from(parentUser),
      childUser: Int32Array.from(childUser),
      delay: Float64Array.from(delay),
      errors: [],
      errorCount: 0,
      lines: cascade.length,
      unrooted: 0,
    },
    itemIds: items.map((i) => i.id),
  };
}

export interface AuthorItemCounts {
  authorId: string;
  /** Original posts (no parent) in the slice: the denominator of the sneezer average. */
  posts: number;
  negative: number;
  neutral: number;
  positive: number;
}

/** Per author: original posts, and inbound items by `analysis.sentiment.label` (items without one are not counted). */
export function itemCountsSql(workspaceId: string, s: SliceParams, from: Date | null) {
  const label = sql`(i.analysis -> 'sentiment' ->> 'label')`;
  return sql<{ author_id: string; posts: number; negative: number; neutral: number; positive: number }>`
    select i.author_id,
      count(*) filter (where i.parent_native_id is null and i.kind = 'post')::int8 as posts,
      count(*) filter (where i.direction = 'inbound' and ${label} = 'negative')::int8 as negative,
      count(*) filter (where i.direction = 'inbound' and ${label} = 'neutral')::int8 as neutral,
      count(*) filter (where i.direction = 'inbound' and ${label} = 'positive')::int8 as positive
    from items i
    where ${itemsWhere(workspaceId, s, from)}
    group by i.author_id`;
}

export async function loadItemCounts(db: Kysely<unknown>, workspaceId: string, s: SliceParams, from: Date | null): Promise<AuthorItemCounts[]> {
  const rows = (await itemCountsSql(workspaceId, s, from).execute(db)).rows;
  return rows.map((r) => ({ authorId: r.author_id, posts: Number(r.posts), negative: Number(r.negative), neutral: Number(r.neutral), positive: Number(r.positive) }));
}
