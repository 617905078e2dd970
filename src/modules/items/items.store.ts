import crypto from 'node:crypto';
import { on, type AnyDb } from '../../platform/db/store.js';
import { sql, type Kysely } from 'kysely';
import type { CanonicalAuthor, ChannelEvent } from '../../channels/port.js';
import { jsonParam } from '../audit/index.js';
import type { Enricher } from './enrich.js';
import type { ItemsTables } from './items.tables.js';
import { documentText, searchVector } from '../../nlp/index.js';
import { columnList, unnestRows } from '../../platform/db/unnest.js';
import type { IngestedItem } from './items.events.js';

export interface AccountRef {
  id: string;
  workspaceId: string;
  type: string;
}

const authorKey = (a: CanonicalAuthor) => a.nativeId;

/** The columns written on insert, with their types (rows go in as one array per column: see unnestRows). */
const ITEM_INSERT = [
  ['id', 'uuid'],
  ['workspace_id', 'uuid'],
  ['account_id', 'uuid'],
  ['channel', 'text'],
  ['native_id', 'text'],
  ['kind', 'text'],
  ['author_id', 'uuid'],
  ['parent_native_id', 'text'],
  ['thread_native_id', 'text'],
  ['title', 'text'],
  ['text', 'text'],
  ['original_text_enc', 'text'],
  ['lang', 'text'],
  ['links', 'jsonb'],
  ['media', 'jsonb'],
  ['url', 'text'],
  ['is_private', 'boolean'],
  ['direction', 'text'],
  ['created_at', 'timestamptz'],
  ['received_at', 'timestamptz'],
  ['edited_at', 'timestamptz'],
  ['deleted_at', 'timestamptz'],
  ['version', 'integer'],
  ['analysis', 'jsonb'],
  ['raw', 'jsonb'],
  ['search', 'tsvector'],
] as const;

/**
 * Writes a batch of channel events idempotently: authors are upserted, items inserted once per
 * (account, native id) — a replayed event changes nothing — edits bump the version, deletes mark.
 * Must run inside a transaction. Returns only what actually changed.
 */
/** Keeps an original that held personal data (encrypted), or drops it (null), per workspace policy. */
export type ProtectOriginal = (db: AnyDb, workspaceId: string, text: string) => Promise<string | null>;

/** When an event was received: one time for the whole batch, or each event's own (several deliveries written together). */
export type ReceivedAt = Date | ((event: ChannelEvent) => Date);

export async function writeEvents(db: AnyDb, account: AccountRef, events: ChannelEvent[], receivedAt: ReceivedAt, enrich: Enricher, protect: ProtectOriginal = async () => null): Promise<IngestedItem[]> {
  const trx = on<ItemsTables>(db);
  const receivedOf = typeof receivedAt === 'function' ? receivedAt : () => receivedAt;
  let lastSeen = new Date(0);
  for (const e of events) {
    const t = receivedOf(e);
    if (t > lastSeen) lastSeen = t;
  }
  const authors = new Map<string, CanonicalAuthor>();
  const addAuthor = (a: CanonicalAuthor) => {
    const prev = authors.get(authorKey(a));
    authors.set(authorKey(a), prev ? { ...a, ...Object.fromEntries(Object.entries(prev).filter(([, v]) => v !== undefined)) } : a);
  };
  for (const e of events) {
    if (e.type === 'upsert') {
      addAuthor(e.item.author);
      for (const i of e.item.interactions) addAuthor(i.target);
    } else if (e.type === 'interaction') {
      addAuthor(e.interaction.source);
      addAuthor(e.interaction.target);
    }
  }
  const authorIds = await upsertAuthors(trx, account, [...authors.values()], lastSeen);
  const changed: IngestedItem[] = [];
  // One upsert for every item of the batch (the last event for a native id wins within a batch).
  const upserts = new Map<string, Extract<ChannelEvent, { type: 'upsert' }>['item']>();
  const arrived = new Map<string, Date>();
  for (const e of events) {
    if (e.type !== 'upsert') continue;
    upserts.set(e.item.nativeId, e.item);
    // Received when it first arrived (an edit later in the batch does not move it, as in the stored row).
    const t = receivedOf(e);
    if (!(arrived.get(e.item.nativeId)! <= t)) arrived.set(e.item.nativeId, t);
  }
  if (upserts.size) {
    const rows = await Promise.all(
      [...upserts.values()].map(async (it) => {
        const { lang, analysis, maskedText } = enrich(it, { workspaceId: account.workspaceId });
        return {
          id: crypto.randomUUID(),
          workspace_id: account.workspaceId,
          account_id: account.id,
          channel: account.type,
          native_id: it.nativeId,
          kind: it.kind,
          author_id: authorIds.get(authorKey(it.author))!,
          parent_native_id: it.parentNativeId ?? null,
          thread_native_id: it.threadNativeId ?? it.parentNativeId ?? it.nativeId,
          title: it.title ?? null,
          text: maskedText ?? it.text,
          original_text_enc: maskedText !== undefined ? await protect(trx, account.workspaceId, it.text) : null,
          lang,
          links: jsonParam(it.links),
          media: jsonParam(it.media),
          url: it.url ?? null,
          is_private: it.isPrivate,
          direction: it.direction,
          created_at: it.createdAt,
          received_at: arrived.get(it.nativeId)!,
          edited_at: it.editedAt ?? null,
          deleted_at: null,
          version: 1,
          analysis: jsonParam(analysis),
          // A payload that carried personal data is not archived on the item (the masked text stands in).
          raw: jsonParam(maskedText !== undefined ? { redacted: 'personal data' } : (it.raw ?? null)),
          // Full-text search document (listening): the stored, masked text through the Korean-aware tokenizer.
          search: searchVector(documentText(it.title, maskedText ?? it.text)),
        };
      }),
    );
    // Insert once; a later event changes the row only when it is an edit (newer edited_at) or new text.
    const res = (
      await sql<{ id: string; version: number; native_id: string; author_id: string; created_at: Date }>`
        insert into items ${columnList(ITEM_INSERT)} ${unnestRows(ITEM_INSERT, rows)}
        on conflict (account_id, native_id) do update set
          text = excluded.text, title = excluded.title, edited_at = excluded.edited_at, analysis = excluded.analysis, lang = excluded.lang,
          links = excluded.links, media = excluded.media, raw = excluded.raw, original_text_enc = excluded.original_text_enc, search = excluded.search,
          version = items.version + 1
        where items.text is distinct from excluded.text or coalesce(excluded.edited_at, 'epoch'::timestamptz) > coalesce(items.edited_at, 'epoch'::timestamptz)
        returning id, version, native_id, author_id, created_at`.execute(trx)
    ).rows;
    const rels: Array<ItemsTables['interactions']> = [];
    for (const r of res) {
      changed.push({ id: r.id, workspaceId: account.workspaceId, accountId: account.id, nativeId: r.native_id, version: r.version, change: r.version === 1 ? 'created' : 'updated' });
      for (const i of upserts.get(r.native_id)!.interactions) {
        const target = authorIds.get(authorKey(i.target))!;
        if (target !== r.author_id) rels.push({ id: crypto.randomUUID(), workspace_id: account.workspaceId, type: i.type, source_author_id: r.author_id, target_author_id: target, item_id: r.id, at: r.created_at });
      }
    }
    if (rels.length)
      await trx
        .insertInto('interactions')
        .values(rels)
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  for (const e of events) {
    if (e.type === 'delete') {
      const res = await trx
        .updateTable('items')
        .set({ deleted_at: e.at, version: sql<number>`version + 1` })
        .where('account_id', '=', account.id)
        .where('native_id', '=', e.nativeId)
        .where('deleted_at', 'is', null)
        .returning(['id', 'version'])
        .executeTakeFirst();
      if (res) changed.push({ id: res.id, workspaceId: account.workspaceId, accountId: account.id, nativeId: e.nativeId, version: res.version, change: 'deleted' });
    } else if (e.type === 'interaction') {
      const src = authorIds.get(authorKey(e.interaction.source))!;
      const dst = authorIds.get(authorKey(e.interaction.target))!;
      if (src !== dst) {
        await trx
          .insertInto('interactions')
          .values({ id: crypto.randomUUID(), workspace_id: account.workspaceId, type: e.interaction.type, source_author_id: src, target_author_id: dst, item_id: null, at: e.interaction.at })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
  }
  return changed;
}

async function upsertAuthors(trx: Kysely<ItemsTables>, account: AccountRef, list: CanonicalAuthor[], seen: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (list.length === 0) return ids;
  const rows = list.map((a) => ({
    id: crypto.randomUUID(),
    workspace_id: account.workspaceId,
    channel: account.type,
    native_id: a.nativeId,
    handle: a.handle ?? null,
    display_name: a.displayName ?? null,
    followers: a.followers ?? null,
    verified: a.verified ?? null,
    profile_url: a.profileUrl ?? null,
    avatar_url: a.avatarUrl ?? null,
    influence: null,
    first_seen_at: seen,
    last_seen_at: seen,
  }));
  const res = await trx
    .insertInto('authors')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'channel', 'native_id']).doUpdateSet((eb) => ({
        handle: sql`coalesce(excluded.handle, authors.handle)`,
        display_name: sql`coalesce(excluded.display_name, authors.display_name)`,
        followers: sql`coalesce(excluded.followers, authors.followers)`,
        verified: sql`coalesce(excluded.verified, authors.verified)`,
        profile_url: sql`coalesce(excluded.profile_url, authors.profile_url)`,
        avatar_url: sql`coalesce(excluded.avatar_url, authors.avatar_url)`,
        last_seen_at: sql`greatest(authors.last_seen_at, excluded.last_seen_at)`,
        first_seen_at: eb.ref('authors.first_seen_at'),
      })),
    )
    .returning(['id', 'native_id'])
    .execute();
  for (const r of res) ids.set(r.native_id, r.id);
  return ids;
}
