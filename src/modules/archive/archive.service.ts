import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables, type AnyDb } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { Keyring } from '../secrets/index.js';
import type { ArchiveTables, VersionRow } from './archive.tables.js';
import { appendVersions, decryptBody, type VersionInput } from './archive.store.js';
import { purgeBatch, verifyStoredChain } from './archive.purge.js';
import { entryOfRow, VERSION_KINDS, type ArchiveEntry } from './chain.js';
import type { VersionDetail, VersionSummary } from '../../contracts/archive.js';
import type { IdentityPeriod } from './archive.export.js';

export type { VersionDetail, VersionSummary };

/**
 * The social identities a customer was linked to by consent, with when (the customers module's links; a
 * flow implements it over its tables). `null`: no such customer in the workspace.
 */
export interface CustomerIdentities {
  periods(workspaceId: string, customerId: string): Promise<IdentityPeriod[] | null>;
}

export interface SearchFilter {
  personId?: string;
  /** Every version of every identity linked to this customer (a revoked link: before its revocation). */
  customerId?: string;
  channel?: string;
  conversationId?: string;
  kind?: string;
  from?: Date;
  to?: Date;
  /** Words that must all appear in the (masked) text. */
  words?: string;
  /** Labels that must all be on the version. */
  labels?: string[];
  /** Page backwards from this seq (exclusive). */
  before?: number;
  limit: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');

const summary = (r: VersionRow): VersionSummary => ({
  seq: Number(r.seq),
  occurredAt: iso(r.occurred_at),
  recordedAt: iso(r.recorded_at),
  kind: r.kind ?? '',
  channel: r.channel ?? '',
  direction: r.direction ?? '',
  isPrivate: r.is_private === true,
  author: { id: r.author_id, label: r.author_label },
  conversationId: r.conversation_id,
  nativeId: r.native_id,
  labels: (r.labels as string[] | null) ?? [],
  attachments: ((r.attachments as unknown[] | null) ?? []).length,
  text: r.text_masked ?? '',
});

const like = (w: string) => `%${w.replace(/[%_\\]/g, '\\$&')}%`;

/**
 * The archive: appends message versions (from the capture flow), searches and shows them to the
 * compliance role (every search and view audited), purges what retention allows and no hold keeps.
 * Holds, retention and exports: see archive.admin.ts.
 */
export class ArchiveService {
  readonly db: Kysely<ArchiveTables>;
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly keyring: Keyring,
    private readonly customers?: CustomerIdentities,
  ) {
    this.db = tables<ArchiveTables>(store);
  }

  /** A customer's identities and their periods, or 404 when the workspace has no such customer. */
  async identitiesOf(workspaceId: string, customerId: string): Promise<IdentityPeriod[]> {
    const periods = this.customers ? await this.customers.periods(workspaceId, customerId) : null;
    if (!periods) throw notFound('archive.customer_not_found', 'No such customer in this workspace.');
    return periods;
  }

  /** Appends versions of one workspace in one transaction (dedupe keys make a repeat a no-op). */
  append(workspaceId: string, inputs: VersionInput[]): Promise<ArchiveEntry[]> {
    return this.db.transaction().execute((trx) => appendVersions(trx, this.keyring, workspaceId, inputs, this.clock.now()));
  }

  /** How far a scanned source (e.g. `microblog.versions`) has been archived; null before the first run. */
  async captureCursor(source: string): Promise<unknown> {
    const r = await this.db.selectFrom('archive_capture_cursors').select('position').where('source', '=', source).executeTakeFirst();
    return r?.position ?? null;
  }

  async setCaptureCursor(source: string, position: unknown): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('archive_capture_cursors')
      .values({ source, position: JSON.stringify(position) as never, updated_at: now })
      .onConflict((oc) => oc.column('source').doUpdateSet({ position: JSON.stringify(position) as never, updated_at: now }))
      .execute();
  }

  /** Records which conversation archived items joined (not part of any version: holds and search use it). */
  async linkConversation(workspaceId: string, links: Array<{ itemId: string; conversationId: string }>): Promise<void> {
    if (!links.length) return;
    await this.db
      .insertInto('archive_conversation_links')
      .values(links.map((l) => ({ workspace_id: workspaceId, item_id: l.itemId, conversation_id: l.conversationId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async search(scope: Scope, f: SearchFilter): Promise<{ versions: VersionSummary[]; nextBefore: number | null }> {
    assertCan(scope, 'archive.read');
    if (f.kind && !(VERSION_KINDS as readonly string[]).includes(f.kind)) throw invalid('archive.bad_kind', `kind must be one of ${VERSION_KINDS.join(', ')}.`, 'kind');
    const identities = f.customerId ? await this.identitiesOf(scope.workspaceId, f.customerId) : null;
    let q = this.db.selectFrom('archive_versions as v').selectAll('v').where('v.workspace_id', '=', scope.workspaceId).where('v.purged_at', 'is', null);
    if (f.personId) q = q.where('v.author_id', '=', f.personId);
    if (identities) q = q.where((eb) => eb.or([sql<boolean>`false`, ...identities.map((p) => (p.revokedAt ? eb.and([eb('v.author_id', '=', p.authorId), eb('v.occurred_at', '<', p.revokedAt)]) : eb('v.author_id', '=', p.authorId)))]));
    if (f.channel) q = q.where('v.channel', '=', f.channel);
    if (f.kind) q = q.where('v.kind', '=', f.kind);
    if (f.from) q = q.where('v.occurred_at', '>=', f.from);
    if (f.to) q = q.where('v.occurred_at', '<', f.to);
    if (f.before !== undefined) q = q.where('v.seq', '<', f.before);
    if (f.conversationId) {
      const c = f.conversationId;
      q = q.where((eb) =>
        eb.or([eb('v.conversation_id', '=', c), eb('v.source_id', 'in', eb.selectFrom('archive_conversation_links as l').select('l.item_id').where('l.workspace_id', '=', scope.workspaceId).where('l.conversation_id', '=', c))]),
      );
    }
    for (const w of (f.words ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) q = q.where(sql<boolean>`v.text_masked ilike ${like(w)}`);
    if (f.labels?.length) q = q.where(sql<boolean>`v.labels @> ${JSON.stringify(f.labels)}::jsonb`);
    const rows = await q
      .orderBy('v.seq', 'desc')
      .limit(f.limit + 1)
      .execute();
    const page = rows.slice(0, f.limit);
    const resolved = identities ? { identities: identities.map((p) => ({ authorId: p.authorId, revokedAt: p.revokedAt ? new Date(p.revokedAt).toISOString() : null })) } : {};
    await this.audit(scope, 'archive.searched', 'archive', null, { filter: { ...f, from: f.from?.toISOString(), to: f.to?.toISOString() }, ...resolved, results: page.length });
    return { versions: page.map(summary), nextBefore: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null };
  }

  /** One version with its original (decrypted), audited. */
  async view(scope: Scope, seq: number): Promise<VersionDetail> {
    assertCan(scope, 'archive.read');
    const r = Number.isSafeInteger(seq) ? await this.db.selectFrom('archive_versions').selectAll().where('workspace_id', '=', scope.workspaceId).where('seq', '=', seq).where('purged_at', 'is', null).executeTakeFirst() : undefined;
    if (!r) throw notFound('archive.not_found', 'No such version in the archive (or it was purged).');
    const original = decryptBody(this.keyring, scope.workspaceId, seq, r.body_enc ?? '');
    await this.audit(scope, 'archive.viewed', 'archive_version', String(seq), { kind: r.kind, channel: r.channel });
    return { entry: entryOfRow(r), hash: r.hash, original };
  }

  /** Recomputes the workspace's chain in the store (compliance). */
  async verify(scope: Scope): Promise<Awaited<ReturnType<typeof verifyStoredChain>>> {
    assertCan(scope, 'archive.read');
    const r = await verifyStoredChain(this.db, this.keyring, scope.workspaceId);
    await this.audit(scope, 'archive.verified', 'archive', null, { ok: r.ok, versions: r.versions, problems: r.problems.length });
    return r;
  }

  /** The recurring purge: every workspace with a retention setting, in batches. */
  async purgeAll(actor: Actor = systemActor): Promise<{ removed: number; held: number }> {
    const ws = await this.db.selectFrom('archive_retention').select('workspace_id').distinct().execute();
    const total = { removed: 0, held: 0 };
    for (const w of ws) {
      const r = await this.purgeWorkspace(w.workspace_id, actor);
      total.removed += r.removed;
      total.held += r.held;
    }
    return total;
  }

  async purgeWorkspace(workspaceId: string, actor: Actor = systemActor): Promise<{ removed: number; held: number }> {
    let removed = 0;
    let held = 0;
    for (;;) {
      const r = await this.db.transaction().execute((trx) => purgeBatch(trx, workspaceId, this.clock.now(), actor));
      removed += r.removed;
      held = Math.max(held, r.held);
      if (!r.more) return { removed, held };
    }
  }

  async audit(scope: Scope, action: string, targetType: string, targetId: string | null, after: unknown, db: AnyDb = this.db): Promise<void> {
    const write = (trx: AnyDb) => appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action, targetType, ...(targetId ? { targetId } : {}), after, at: this.clock.now() });
    if (db === this.db) await this.db.transaction().execute(write);
    else await write(db);
  }
}
