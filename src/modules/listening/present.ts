/** Items by id for dashboards and drill-downs (presented as GET /items does), and keyset cursors. */
import type { Kysely } from 'kysely';
import { AUTHOR_COLUMNS, ITEM_COLUMNS, presentItem, type ItemRowView, type ItemView } from '../items/index.js';
import type { ListeningDb } from './listening.tables.js';

/** Items by id, in the order given (missing ids are skipped). */
export async function itemsByIds(db: Kysely<ListeningDb>, workspaceId: string, ids: string[]): Promise<Map<string, ItemView>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('authors as a', 'a.id', 'i.author_id')
    .select([...ITEM_COLUMNS, ...AUTHOR_COLUMNS])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, presentItem(r as ItemRowView)]));
}

/** Keyset cursor: the last row's time and id, opaque to clients. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(d.getTime())) return null;
    return { at: d, id };
  } catch {
    return null;
  }
}
