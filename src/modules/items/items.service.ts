import { sql, type Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../identity/scope.js';
import type { ItemsTables } from './items.tables.js';
import type { Keyring } from '../secrets/keyring.js';
import { appendAudit } from '../audit/audit.store.js';
import { originalAad } from './pii-policy.js';

export interface ItemView {
  id: string;
  accountId: string;
  channel: string;
  nativeId: string;
  kind: string;
  author: { id: string; handle: string | null; name: string | null; followers: number | null; verified: boolean | null; profileUrl: string | null };
  parentNativeId: string | null;
  threadNativeId: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  url: string | null;
  isPrivate: boolean;
  direction: string;
  createdAt: string;
  receivedAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  analysis: unknown;
}

export interface ItemFilter {
  channel?: string;
  kind?: string;
  lang?: string;
  accountId?: string;
  q?: string;
  /** Keyset paging: items received before this ISO time. */
  before?: string;
  limit: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export class ItemsService {
  private readonly db: Kysely<ItemsTables>;
  constructor(store: Store) {
    this.db = tables<ItemsTables>(store);
  }

  private base(workspaceId: string) {
    return baseQuery(this.db, workspaceId);
  }

  async list(scope: Scope, f: ItemFilter): Promise<{ items: ItemView[]; nextBefore: string | null }> {
    assertCan(scope, 'listening.read');
    let q = this.base(scope.workspaceId);
    if (f.channel) q = q.where('i.channel', '=', f.channel);
    if (f.kind) q = q.where('i.kind', '=', f.kind as never);
    if (f.lang) q = q.where('i.lang', '=', f.lang);
    if (f.accountId) q = q.where('i.account_id', '=', f.accountId);
    if (f.q) q = q.where('i.text', 'ilike', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
    if (f.before) {
      // Keyset cursor "receivedAt|id": items of one batch share receivedAt, so the id breaks ties.
      const [at, id] = f.before.split('|');
      const when = new Date(at!);
      if (Number.isNaN(when.getTime())) throw invalid('validation', 'before is not a cursor from this list.', 'before');
      q = id ? q.where(sql<boolean>`(i.received_at, i.id) < (${when}, ${id}::uuid)`) : q.where('i.received_at', '<', when);
    }
    const rows = await q.orderBy('i.received_at', 'desc').orderBy('i.id', 'desc').limit(f.limit + 1).execute();
    const page = rows.slice(0, f.limit).map(present);
    const last = page[page.length - 1];
    return { items: page, nextBefore: rows.length > f.limit && last ? `${last.receivedAt}|${last.id}` : null };
  }

  /** The original of a masked text, for compliance; every read is audited. */
  async original(scope: Scope, id: string, keyring: Keyring): Promise<{ text: string }> {
    assertCan(scope, 'pii.read');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.selectFrom('items').select(['id', 'original_text_enc']).where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('item.not_found', 'No such item.');
    if (!row.original_text_enc) throw notFound('item.no_original', 'No original is kept for this item (it held no personal data, or the workspace keeps masked text only).');
    const text = keyring.decrypt(row.original_text_enc, originalAad(scope.workspaceId));
    await this.db.transaction().execute((trx) => appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'pii.original_viewed', targetType: 'item', targetId: id, at: new Date() }));
    return { text };
  }

  async get(scope: Scope, id: string): Promise<ItemView> {
    assertCan(scope, 'listening.read');
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.base(scope.workspaceId).where('i.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('item.not_found', 'No such item.');
    return present(row);
  }
}

function baseQuery(db: Kysely<ItemsTables>, workspaceId: string) {
  return db
    .selectFrom('items as i')
    .innerJoin('authors as a', 'a.id', 'i.author_id')
    .select(['i.id', 'i.account_id', 'i.channel', 'i.native_id', 'i.kind', 'i.parent_native_id', 'i.thread_native_id', 'i.title', 'i.text', 'i.lang', 'i.url', 'i.is_private', 'i.direction', 'i.created_at', 'i.received_at', 'i.edited_at', 'i.deleted_at', 'i.analysis'])
    .select(['a.id as author_id', 'a.handle', 'a.display_name', 'a.followers', 'a.verified', 'a.profile_url'])
    .where('i.workspace_id', '=', workspaceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function present(r: Row): ItemView {
  return {
    id: r.id,
    accountId: r.account_id,
    channel: r.channel,
    nativeId: r.native_id,
    kind: r.kind,
    author: { id: r.author_id, handle: r.handle, name: r.display_name, followers: r.followers, verified: r.verified, profileUrl: r.profile_url },
    parentNativeId: r.parent_native_id,
    threadNativeId: r.thread_native_id,
    title: r.title,
    text: r.text,
    lang: r.lang,
    url: r.url,
    isPrivate: r.is_private,
    direction: r.direction,
    createdAt: iso(r.created_at)!,
    receivedAt: iso(r.received_at)!,
    editedAt: iso(r.edited_at),
    deletedAt: iso(r.deleted_at),
    analysis: r.analysis,
  };
}
