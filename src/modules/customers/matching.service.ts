import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, notFound } from '../../platform/errors.js';
import { systemActor } from '../../platform/actor.js';
import { allows, assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { Keyring, SecretsStore } from '../secrets/index.js';
import { originalAad } from '../items/index.js';
import type { CustomersDb } from './customers.tables.js';
import { isUuid, type CustomersService } from './customers.service.js';
import { unseal } from './personal.js';
import { blindHash, combine, extractClaims, type IndexedKind, type MatchKind } from './matching.js';
import type { MatchEvidenceView, MatchSuggestionView } from '../../contracts/customers.js';

export type { MatchSuggestionView };

const SECRET_OWNER = 'customers.match';
const DAY = 86_400_000;
interface Evidence {
  kind: MatchKind;
  itemId: string | null;
  at: string;
}

/**
 * Suggested matches: Sotong notices that an unlinked social identity is likely a known customer (a
 * customer number, e-mail or phone written in a private message, or the same full name as exactly one
 * customer) and a person confirms or dismisses it. Confirming never links: the agent goes on to send the
 * consent link, and only the customer's consent makes a link. A dismissed pair is never suggested again.
 */
export class CustomerMatching {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
    private readonly secrets: SecretsStore,
    private readonly customers: CustomersService,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  /** The workspace's blind-index key, made on first use (kept in `secrets`). */
  private async key(workspaceId: string): Promise<string> {
    const have = await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId);
    if (have?.key) return have.key;
    await this.secrets.put(workspaceId, SECRET_OWNER, workspaceId, { key: crypto.randomBytes(32).toString('base64url') });
    return (await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId))!.key!;
  }

  /**
   * The text as the person wrote it: e-mails and phones are masked at ingest (m***@…, 010-****-5678), so
   * they can be compared only where the workspace keeps originals (`keepOriginalPii`, encrypted); otherwise
   * the masked text, where only customer numbers survive.
   */
  private original(workspaceId: string, it: { text: string; original_text_enc: string | null }): string {
    if (!it.original_text_enc) return it.text;
    try {
      return this.keyring.decrypt(it.original_text_enc, originalAad(workspaceId));
    } catch {
      return it.text;
    }
  }

  /** Brings the blind index up to date for customers changed since they were indexed (at most `limit`). */
  async index(workspaceId: string, limit = 2000): Promise<number> {
    const rows = await this.db
      .selectFrom('customers as c')
      .leftJoin('customer_match_indexed as m', 'm.customer_id', 'c.id')
      .select(['c.id', 'c.workspace_id', 'c.external_id', 'c.name_enc', 'c.email_enc', 'c.phone_enc', 'c.updated_at'])
      .where('c.workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('m.customer_id', 'is', null), eb('m.customer_updated_at', '<', eb.ref('c.updated_at'))]))
      .limit(limit)
      .execute();
    if (!rows.length) return 0;
    const key = await this.key(workspaceId);
    const keys: CustomersDb['customer_match_keys'][] = [];
    for (const r of rows) {
      for (const kind of ['name', 'email', 'phone'] as IndexedKind[]) {
        const clear = unseal(this.keyring, workspaceId, r.external_id, kind, r[`${kind}_enc`]);
        const hash = clear ? blindHash(key, kind, clear) : null;
        if (hash) keys.push({ workspace_id: workspaceId, customer_id: r.id, kind, hash });
      }
    }
    const ids = rows.map((r) => r.id);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('customer_match_keys').where('workspace_id', '=', workspaceId).where('customer_id', 'in', ids).execute();
      if (keys.length) await trx.insertInto('customer_match_keys').values(keys).execute();
      await trx
        .insertInto('customer_match_indexed')
        .values(rows.map((r) => ({ customer_id: r.id, workspace_id: workspaceId, customer_updated_at: r.updated_at })))
        .onConflict((oc) => oc.column('customer_id').doUpdateSet({ customer_updated_at: sql.ref('excluded.customer_updated_at') }))
        .execute();
    });
    return rows.length;
  }

  /** A manager asks for suggestions now (the job does it every five minutes). */
  async scanNow(scope: Scope): Promise<{ created: number }> {
    assertCan(scope, 'customers.manage');
    return this.scan(scope.workspaceId);
  }

  /** The job: every workspace with customers. */
  async scanAll(): Promise<void> {
    const ws = await this.db.selectFrom('customers').select('workspace_id').distinct().execute();
    for (const w of ws) await this.scan(w.workspace_id);
  }

  /**
   * Looks at inbound messages of the last `days` from identities never linked: private messages for
   * customer numbers, e-mails and phones, every author's display name for a unique same name.
   */
  async scan(workspaceId: string, days = 7): Promise<{ created: number }> {
    // The blind index first (at most 50 rounds of 2,000 customers per scan; the next scan goes on).
    for (let round = 0; round < 50; round++) if ((await this.index(workspaceId)) === 0) break;
    const since = new Date(this.clock.now().getTime() - days * DAY);
    const items = await this.db
      .selectFrom('items as i')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .select(['i.id', 'i.author_id', 'i.text', 'i.original_text_enc', 'i.is_private', 'i.created_at', 'a.display_name'])
      .where('i.workspace_id', '=', workspaceId)
      .where('i.direction', '=', 'inbound')
      .where('i.created_at', '>=', since)
      .where('i.deleted_at', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('customer_links as l').select('l.id').whereRef('l.author_id', '=', 'i.author_id').where('l.workspace_id', '=', workspaceId))))
      .orderBy('i.created_at', 'desc')
      .limit(5000)
      .execute();
    if (!items.length) return { created: 0 };
    const key = await this.key(workspaceId);
    const found = new Map<string, Map<string, Evidence[]>>(); // author → customer → evidence
    const add = (author: string, customer: string, e: Evidence) => {
      const byCustomer = found.get(author) ?? new Map<string, Evidence[]>();
      const list = byCustomer.get(customer) ?? [];
      if (!list.some((x) => x.kind === e.kind)) list.push(e);
      byCustomer.set(customer, list);
      found.set(author, byCustomer);
    };
    const hashLookup = async (kind: IndexedKind, hashes: string[]) =>
      hashes.length ? await this.db.selectFrom('customer_match_keys').select(['customer_id', 'hash']).where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('hash', 'in', hashes).execute() : [];
    for (const it of items.filter((x) => x.is_private)) {
      const claims = extractClaims(this.original(workspaceId, it));
      const ev = (kind: MatchKind): Evidence => ({ kind, itemId: it.id, at: new Date(it.created_at).toISOString() });
      if (claims.tokens.length) {
        const rows = await this.db.selectFrom('customers').select('id').where('workspace_id', '=', workspaceId).where('external_id', 'in', claims.tokens).execute();
        for (const r of rows) add(it.author_id, r.id, ev('dm_external_id'));
      }
      for (const r of await hashLookup(
        'email',
        claims.emails.map((e) => blindHash(key, 'email', e)).filter((h): h is string => !!h),
      ))
        add(it.author_id, r.customer_id, ev('dm_email'));
      for (const r of await hashLookup(
        'phone',
        claims.phones.map((p) => blindHash(key, 'phone', p)).filter((h): h is string => !!h),
      ))
        add(it.author_id, r.customer_id, ev('dm_phone'));
    }
    // The same full name as exactly one customer (a name shared by several customers says nothing).
    const names = new Map<string, { hash: string; at: string }>(); // author → hash of the display name
    for (const it of items) {
      const hash = it.display_name ? blindHash(key, 'name', it.display_name) : null;
      if (hash && !names.has(it.author_id)) names.set(it.author_id, { hash, at: new Date(it.created_at).toISOString() });
    }
    const hashes = [...new Set([...names.values()].map((n) => n.hash))];
    const nameRows = await hashLookup('name', hashes);
    const byHash = new Map<string, string[]>();
    for (const r of nameRows) byHash.set(r.hash, [...(byHash.get(r.hash) ?? []), r.customer_id]);
    for (const [author, n] of names) {
      const customers = byHash.get(n.hash);
      if (customers?.length === 1) add(author, customers[0]!, { kind: 'same_name', itemId: null, at: n.at });
    }
    return { created: await this.save(workspaceId, found) };
  }

  private async save(workspaceId: string, found: Map<string, Map<string, Evidence[]>>): Promise<number> {
    const now = this.clock.now();
    let created = 0;
    for (const [author, byCustomer] of found) {
      for (const [customer, evidence] of byCustomer) {
        const confidence = combine(evidence.map((e) => e.kind));
        await this.db.transaction().execute(async (trx) => {
          const have = await trx.selectFrom('customer_match_suggestions').select(['id', 'status', 'confidence']).where('workspace_id', '=', workspaceId).where('author_id', '=', author).where('customer_id', '=', customer).executeTakeFirst();
          if (have) {
            // Decided pairs stay decided; an open one gains stronger evidence.
            if (have.status === 'open' && confidence > Number(have.confidence))
              await trx
                .updateTable('customer_match_suggestions')
                .set({ evidence: jsonParam(evidence), confidence, updated_at: now })
                .where('id', '=', have.id)
                .execute();
            return;
          }
          const id = crypto.randomUUID();
          await trx
            .insertInto('customer_match_suggestions')
            .values({
              id,
              workspace_id: workspaceId,
              author_id: author,
              customer_id: customer,
              evidence: jsonParam(evidence),
              confidence,
              status: 'open',
              decided_by: null,
              decided_at: null,
              decision_reason: null,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.columns(['workspace_id', 'author_id', 'customer_id']).doNothing())
            .execute();
          await appendAudit(trx, {
            workspaceId,
            actor: systemActor,
            action: 'customer.match_suggested',
            targetType: 'customer',
            targetId: customer,
            after: { suggestionId: id, authorId: author, kinds: evidence.map((e) => e.kind), confidence },
            at: now,
          });
          created++;
        });
      }
    }
    return created;
  }

  /** Suggestions to decide (or decided ones), strongest first; personal fields as the viewer may see them. */
  async list(scope: Scope, f: { status?: 'open' | 'confirmed' | 'dismissed'; authorId?: string; limit?: number } = {}): Promise<MatchSuggestionView[]> {
    assertCan(scope, 'customers.read');
    let q = this.db
      .selectFrom('customer_match_suggestions as s')
      .innerJoin('customers as c', 'c.id', 's.customer_id')
      .innerJoin('authors as a', 'a.id', 's.author_id')
      .selectAll('c')
      .select(['s.id as s_id', 's.evidence', 's.confidence', 's.status', 's.decided_by', 's.decided_at', 's.decision_reason', 's.created_at as s_created_at', 's.author_id', 'a.channel', 'a.handle', 'a.display_name'])
      .where('s.workspace_id', '=', scope.workspaceId)
      .where('c.workspace_id', '=', scope.workspaceId)
      .where('s.status', '=', f.status ?? 'open');
    if (f.authorId) {
      if (!isUuid(f.authorId)) return [];
      q = q.where('s.author_id', '=', f.authorId);
    }
    // A same-name suggestion states the customer's name: only for those who may see personal fields.
    if (!allows(scope, 'customers.pii')) q = q.where(sql<boolean>`not (s.evidence @> '[{"kind":"same_name"}]'::jsonb)`);
    if ((f.status ?? 'open') === 'open')
      q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('customer_links as l').select('l.id').whereRef('l.author_id', '=', 's.author_id').where('l.workspace_id', '=', scope.workspaceId).where('l.revoked_at', 'is', null))));
    const rows = await q
      .orderBy('s.confidence', 'desc')
      .orderBy('s.created_at', 'desc')
      .limit(f.limit ?? 100)
      .execute();
    return rows.map((r) => {
      const customer = this.customers.present(scope, r);
      const fieldOf = (k: MatchKind) => (k === 'dm_external_id' ? customer.externalId : k === 'dm_email' ? customer.email : k === 'dm_phone' ? customer.phone : customer.name);
      return {
        id: r.s_id,
        author: { id: r.author_id, channel: r.channel, handle: r.handle, name: r.display_name },
        customer,
        evidence: (r.evidence as Evidence[]).map((e): MatchEvidenceView => ({ kind: e.kind, itemId: e.itemId, at: e.at, value: fieldOf(e.kind) })),
        confidence: Number(r.confidence),
        status: r.status as MatchSuggestionView['status'],
        decidedBy: r.decided_by,
        decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
        decisionReason: r.decision_reason,
        createdAt: new Date(r.s_created_at).toISOString(),
      };
    });
  }

  /**
   * A person confirms or dismisses a suggestion (audited with the reason). Confirming creates no link: it
   * answers the author's latest conversation, where the agent sends the consent link.
   */
  async decide(scope: Scope, id: string, decision: 'confirmed' | 'dismissed', reason: string): Promise<{ suggestionId: string; status: string; conversationId: string | null }> {
    assertCan(scope, 'customers.read');
    assertCan(scope, 'inbox.reply');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = isUuid(id) ? await trx.selectFrom('customer_match_suggestions').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      const namesCustomer = (row?.evidence as Evidence[] | undefined)?.some((e) => e.kind === 'same_name') ?? false;
      if (!row || (namesCustomer && !allows(scope, 'customers.pii'))) throw notFound('match.not_found', 'No such suggestion.');
      if (row.status !== 'open') throw conflict('match.decided', 'This suggestion was already decided.');
      if (decision === 'confirmed') {
        const live = await trx.selectFrom('customer_links').select('id').where('workspace_id', '=', scope.workspaceId).where('author_id', '=', row.author_id).where('revoked_at', 'is', null).executeTakeFirst();
        if (live) throw conflict('match.already_linked', 'This social identity is already linked to a customer.');
      }
      await trx
        .updateTable('customer_match_suggestions')
        .set({ status: decision, decided_by: scope.actor.label, decided_at: now, decision_reason: reason.trim() || null, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: decision === 'confirmed' ? 'customer.match_confirmed' : 'customer.match_dismissed',
        targetType: 'customer',
        targetId: row.customer_id,
        after: { suggestionId: row.id, authorId: row.author_id, reason: reason.trim() || null, linked: false },
        at: now,
      });
      const conv =
        decision === 'confirmed'
          ? await trx.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).where('customer_author_id', '=', row.author_id).orderBy('created_at', 'desc').limit(1).executeTakeFirst()
          : undefined;
      return { suggestionId: row.id, status: decision, conversationId: conv?.id ?? null };
    });
  }
}
