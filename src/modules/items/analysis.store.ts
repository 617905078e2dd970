/**
 * The stored analysis of items, for work that re-reads or rewrites it after ingest (a person's
 * correction, re-scoring under a workspace's adaptation). Every function takes the workspace.
 */
import { sql } from 'kysely';
import { jsonParam } from '../audit/index.js';
import { on, type AnyDb } from '../../platform/db/store.js';
import type { ItemsTables } from './items.tables.js';
import type { IngestedItem } from './items.events.js';

export interface AnalysedItem {
  id: string;
  account_id: string;
  native_id: string;
  version: number;
  title: string | null;
  text: string;
  lang: string | null;
  analysis: unknown;
}

const FIELDS = ['id', 'account_id', 'native_id', 'version', 'title', 'text', 'lang', 'analysis'] as const;

/** The analysed text of an item as ingest saw it: title and text. */
export const analysedText = (i: Pick<AnalysedItem, 'title' | 'text'>) => (i.title ? `${i.title}\n${i.text}` : i.text);

/** Items of the workspace, locked for update (call inside a transaction). */
export function lockItems(trx: AnyDb, workspaceId: string, ids: string[]): Promise<AnalysedItem[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return on<ItemsTables>(trx).selectFrom('items').select(FIELDS).where('workspace_id', '=', workspaceId).where('id', 'in', ids).forUpdate().execute();
}

/** The most recent live, analysed items of a workspace received since `since`, newest first. */
export function recentItems(db: AnyDb, workspaceId: string, since: Date, limit: number, before?: { at: Date; id: string }): Promise<Array<AnalysedItem & { received_at: Date }>> {
  let q = on<ItemsTables>(db)
    .selectFrom('items')
    .select([...FIELDS, 'received_at'])
    .where('workspace_id', '=', workspaceId)
    .where('received_at', '>=', since)
    .where('deleted_at', 'is', null)
    .where('analysis', 'is not', null);
  if (before) q = q.where(sql<boolean>`(received_at, id) < (${before.at}, ${before.id}::uuid)`);
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function writeAnalysis(trx: AnyDb, workspaceId: string, id: string, analysis: unknown): Promise<void> {
  await on<ItemsTables>(trx)
    .updateTable('items')
    .set({ analysis: jsonParam(analysis) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** What `item.ingested` announces for an item whose analysis changed (change: updated). */
export const changedRef = (workspaceId: string, i: Pick<AnalysedItem, 'id' | 'account_id' | 'native_id' | 'version'>): IngestedItem => ({
  id: i.id,
  workspaceId,
  accountId: i.account_id,
  nativeId: i.native_id,
  version: i.version,
  change: 'updated',
});
