import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { isInstantInRange } from '../../platform/validate.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { ItemsTables } from './items.tables.js';
import type { Keyring } from '../secrets/index.js';
import { appendAudit } from '../audit/index.js';
import { originalAad } from './pii-policy.js';
import { AUTHOR_COLUMNS, ITEM_COLUMNS, presentItem, type ItemView } from './items.present.js';
import type { ItemPage } from '../../contracts/items.js';

export interface ItemFilter {
  channel?: string;
  kind?: string;
  lang?: string;
  accountId?: string;
  q?: string;
  /** Keyset paging: items written before this ISO time (the `nextBefore` of the previous page). */
  before?: string;
  limit: number;
}

export class ItemsService {
  private readonly db: Kysely<ItemsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<ItemsTables>(store);
  }

  private base(workspaceId: string) {
    return baseQuery(this.db, workspaceId);
  }

  async list(scope: Scope, f: ItemFilter): Promise<ItemPage> {
    assertCan(scope, 'listening.read');
    let q = this.base(scope.workspaceId);
    if (f.channel) q = q.where('i.channel', '=', f.channel);
    if (f.kind) q = q.where('i.kind', '=', f.kind as never);
    if (f.lang) q = q.where('i.lang', '=', f.lang);
    if (f.accountId) q = q.where('i.account_id', '=', f.accountId);
    if (f.q) q = q.where('i.text', 'ilike', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
    if (f.before) {
      // Keyset cursor "createdAt|id": the feed is in the posts' own time (a history import or a late
      // delivery sits where it was written, not on top); items of one second share it, so the id breaks ties.
      const [at, id] = f.before.split('|');
      const when = new Date(at!);
      if (!isInstantInRange(when) || (id !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))) throw invalid('validation', 'before is not a cursor from this list.', 'before');
      q = id ? q.where(sql<boolean>`(i.created_at, i.id) < (${when}, ${id}::uuid)`) : q.where('i.created_at', '<', when);
    }
    const rows = await q
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(f.limit + 1)
      .execute();
    const page = rows.slice(0, f.limit).map(presentItem);
    const last = page[page.length - 1];
    return { items: page, nextBefore: rows.length > f.limit && last ? `${last.createdAt}|${last.id}` : null };
  }

  /** The original of a masked text, for compliance; every read is audited. */
  async original(scope: Scope, id: string, keyring: Keyring): Promise<{ text: string }> {
    assertCan(scope, 'pii.read');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.selectFrom('items').select(['id', 'original_text_enc']).where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('item.not_found', 'No such item.');
    if (!row.original_text_enc) throw notFound('item.no_original', 'No original is kept for this item (it held no personal data, or the workspace keeps masked text only).');
    const text = keyring.decrypt(row.original_text_enc, originalAad(scope.workspaceId));
    await this.db.transaction().execute((trx) => appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'pii.original_viewed', targetType: 'item', targetId: id, at: this.clock.now() }));
    return { text };
  }

  async get(scope: Scope, id: string): Promise<ItemView> {
    assertCan(scope, 'listening.read');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.base(scope.workspaceId).where('i.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('item.not_found', 'No such item.');
    return presentItem(row);
  }
}

function baseQuery(db: Kysely<ItemsTables>, workspaceId: string) {
  return db
    .selectFrom('items as i')
    .innerJoin('authors as a', 'a.id', 'i.author_id')
    .select([...ITEM_COLUMNS, ...AUTHOR_COLUMNS])
    .where('i.workspace_id', '=', workspaceId);
}
