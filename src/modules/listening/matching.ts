/**
 * Applying queries to items, shared by the live consumer and the backfill: load the items (locked),
 * evaluate each compiled query, compare with the stored matches, and write the difference to
 * query_matches and the rollups. Idempotent: running it twice for the same item state changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import { defaultTokenizer } from '../../nlp/index.js';
import type { MatchItem, Predicate } from './domain/matcher.js';
import { seoulDateKey } from './domain/seoul-time.js';
import { documentText, hashtagsOf, mentionsOf } from '../../nlp/index.js';
import { RollupDeltas } from './rollups.js';
import type { ListeningDb, ListeningTables, SentimentKey } from './listening.tables.js';

type MatchRow = ListeningTables['query_matches'];

export interface LoadedItem {
  id: string;
  workspace_id: string;
  account_id: string;
  channel: string;
  kind: string;
  native_id: string;
  parent_native_id: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  direction: string;
  created_at: Date;
  deleted_at: Date | null;
  analysis: unknown;
  author_id: string;
  handle: string | null;
  followers: number | null;
}

interface Analysis {
  sentiment?: { label?: string };
  complaint?: { isComplaint?: boolean };
  intents?: { labels?: string[] };
  keywords?: string[];
}

export function sentimentOf(analysis: unknown): SentimentKey {
  const l = (analysis as Analysis | null)?.sentiment?.label;
  return l === 'negative' || l === 'neutral' || l === 'positive' ? l : 'unknown';
}

/** Items with their author, locked for update (in id order, so concurrent writers never deadlock). */
export async function loadItems(trx: Kysely<ListeningDb>, ids: string[], lock = true): Promise<LoadedItem[]> {
  if (ids.length === 0) return [];
  const sorted = [...new Set(ids)].sort();
  if (lock) await trx.selectFrom('items').select('id').where('id', 'in', sorted).orderBy('id').forUpdate().execute();
  const rows = await trx
    .selectFrom('items as i')
    .innerJoin('authors as a', 'a.id', 'i.author_id')
    .select([
      'i.id',
      'i.workspace_id',
      'i.account_id',
      'i.channel',
      'i.kind',
      'i.native_id',
      'i.parent_native_id',
      'i.title',
      'i.text',
      'i.lang',
      'i.direction',
      'i.created_at',
      'i.deleted_at',
      'i.analysis',
      'i.author_id',
      'a.handle',
      'a.followers',
    ])
    .where('i.id', 'in', sorted)
    .execute();
  return rows as LoadedItem[];
}

/** Handles of accounts an item mentions (from the channel's interactions, besides @handles in the text). */
export async function mentionedHandles(trx: Kysely<ListeningDb>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await trx.selectFrom('interactions as x').innerJoin('authors as a', 'a.id', 'x.target_author_id').select(['x.item_id', 'a.handle']).where('x.item_id', 'in', ids).where('x.type', '=', 'mention').execute();
  for (const r of rows) if (r.item_id && r.handle) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.handle]);
  return out;
}

export function toMatchItem(row: LoadedItem, mentions: readonly string[] = []): MatchItem {
  const text = documentText(row.title, row.text);
  const a = (row.analysis ?? null) as Analysis | null;
  return {
    text,
    tokens: defaultTokenizer.terms(text),
    hashtags: hashtagsOf(text),
    mentions: [...new Set([...mentionsOf(text), ...mentions.map((m) => m.toLowerCase())])],
    author: { handle: row.handle, followers: row.followers },
    lang: row.lang,
    channel: row.channel,
    kind: row.kind,
    sentiment: sentimentOf(row.analysis),
    intents: a?.intents?.labels ?? [],
  };
}

export interface CompiledQuery {
  id: string;
  predicate: Predicate;
}

function matchRow(item: LoadedItem, queryId: string, prev: MatchRow | undefined): MatchRow {
  const a = (item.analysis ?? null) as Analysis | null;
  const followers = Math.max(0, item.followers ?? 0);
  const fromReposts = prev ? Number(prev.reach) - prev.followers : 0;
  return {
    workspace_id: item.workspace_id,
    query_id: queryId,
    item_id: item.id,
    created_at: item.created_at,
    channel: item.channel,
    sentiment: sentimentOf(item.analysis),
    complaint: a?.complaint?.isComplaint === true,
    author_id: item.author_id,
    followers: prev ? prev.followers : followers,
    reposts: prev?.reposts ?? 0,
    reach: (prev ? prev.followers : followers) + fromReposts,
    keywords: (a?.keywords ?? []).filter((k) => typeof k === 'string' && k.length <= 100).slice(0, 10),
  };
}

const sameDims = (a: MatchRow, b: MatchRow) =>
  a.channel === b.channel &&
  a.sentiment === b.sentiment &&
  a.complaint === b.complaint &&
  a.author_id === b.author_id &&
  new Date(a.created_at).getTime() === new Date(b.created_at).getTime() &&
  a.keywords.join('\u0000') === b.keywords.join('\u0000');

/** Adds (sign 1) or removes (sign −1) one match's contribution to the rollups. */
export function contribute(d: RollupDeltas, m: MatchRow, sign: 1 | -1): void {
  const at = new Date(m.created_at);
  const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  const day = seoulDateKey(at);
  d.hourly(m.workspace_id, m.query_id, hour, m.channel, m.sentiment, sign, m.complaint ? sign : 0, sign * Number(m.reach));
  for (const term of m.keywords) d.keyword(m.workspace_id, m.query_id, day, term, sign);
  d.author(m.workspace_id, m.query_id, day, m.author_id, sign, m.sentiment === 'negative' ? sign : 0);
}

export interface ReconcileResult {
  added: number;
  removed: number;
  /** New matches, for callers that report or count them. */
  matched: MatchRow[];
}

/**
 * Evaluates `queries` on `items` and brings query_matches and the rollups in line. `existing` are the
 * stored matches of these items for these queries.
 */
export async function reconcile(
  trx: Kysely<ListeningDb>,
  items: LoadedItem[],
  queries: CompiledQuery[],
  existing: MatchRow[],
  mentions: Map<string, string[]>,
  extraReach: Map<string, { reposts: number; reach: number }> = new Map(),
): Promise<ReconcileResult> {
  const stored = new Map(existing.map((m) => [`${m.query_id}:${m.item_id}`, m]));
  const deltas = new RollupDeltas();
  const inserts: MatchRow[] = [];
  const deletes: Array<{ query_id: string; item_id: string }> = [];
  for (const item of items) {
    const live = item.deleted_at === null && item.direction === 'inbound';
    const mi = live ? toMatchItem(item, mentions.get(item.id)) : null;
    for (const q of queries) {
      const prev = stored.get(`${q.id}:${item.id}`);
      const hit = mi !== null && q.predicate(mi);
      let next = hit ? matchRow(item, q.id, prev) : undefined;
      const extra = extraReach.get(item.id);
      if (next && !prev && extra) next = { ...next, reposts: extra.reposts, reach: next.followers + extra.reach };
      if (prev && next && sameDims(prev, next)) continue;
      if (prev) {
        contribute(deltas, prev, -1);
        deletes.push({ query_id: prev.query_id, item_id: prev.item_id });
      }
      if (next) {
        contribute(deltas, next, 1);
        inserts.push(next);
      }
    }
  }
  for (const d of deletes) await trx.deleteFrom('query_matches').where('query_id', '=', d.query_id).where('item_id', '=', d.item_id).execute();
  for (let i = 0; i < inserts.length; i += 500) {
    const chunk = inserts.slice(i, i + 500).map((m) => ({ ...m, keywords: sql`${m.keywords}::text[]` as never }));
    await trx.insertInto('query_matches').values(chunk).execute();
  }
  await deltas.apply(trx);
  return { added: inserts.length, removed: deletes.length, matched: inserts };
}

/**
 * Reposts and quotes seen for the first time add their author's followers to the original's reach (in
 * every query it matches). Marked so a redelivery does not count twice.
 */
export async function countReposts(trx: Kysely<ListeningDb>, items: LoadedItem[]): Promise<void> {
  const reposts = items.filter((i) => (i.kind === 'repost' || i.kind === 'quote') && i.parent_native_id && i.deleted_at === null);
  if (reposts.length === 0) return;
  const fresh = await trx
    .insertInto('listening_repost_marks')
    .values(reposts.map((r) => ({ item_id: r.id, workspace_id: r.workspace_id })))
    .onConflict((oc) => oc.column('item_id').doNothing())
    .returning('item_id')
    .execute();
  const freshIds = new Set(fresh.map((f) => f.item_id));
  const deltas = new RollupDeltas();
  for (const r of reposts) {
    if (!freshIds.has(r.id)) continue;
    const parent = await trx.selectFrom('items').select('id').where('account_id', '=', r.account_id).where('native_id', '=', r.parent_native_id!).executeTakeFirst();
    if (!parent) continue;
    const add = Math.max(0, r.followers ?? 0);
    const updated = await trx
      .updateTable('query_matches')
      .set({ reposts: sql`reposts + 1`, reach: sql`reach + ${add}` })
      .where('item_id', '=', parent.id)
      .returning(['workspace_id', 'query_id', 'created_at', 'channel', 'sentiment'])
      .execute();
    for (const m of updated) {
      const hour = new Date(Math.floor(new Date(m.created_at).getTime() / 3_600_000) * 3_600_000);
      deltas.hourly(m.workspace_id, m.query_id, hour, m.channel, m.sentiment, 0, 0, add);
    }
  }
  await deltas.apply(trx);
}
