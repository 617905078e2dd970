import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { SecretsStore } from '../secrets/index.js';
import type { CustomersDb, CustomersTables } from './customers.tables.js';
import { isUuid } from './customers.service.js';
import type { ConsentSettingsView, LinkView } from '../../contracts/customers.js';

export type { ConsentSettingsView, LinkView };

export type ConsentRequestRow = CustomersTables['consent_requests'];
export type LinkRow = CustomersTables['customer_links'];

export const DEFAULT_PURPOSE = '소셜 채널 문의에 고객님의 계좌·카드 정보를 확인해 답변하기 위해 이 소셜 계정을 고객 정보와 연결합니다.';
const SECRET_OWNER = 'customers.consent';
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Consent requests and the links they make, with the workspace's consent settings. The link-signing
 * key and the bank's assertion secret live in `secrets` (rotated with the others).
 */
export class ConsentStore {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsStore,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  /** The workspace's keys, made on first use: `link` signs consent links, `assertion` is shared with the bank's login. */
  async keys(workspaceId: string): Promise<{ link: string; assertion: string }> {
    const have = await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId);
    if (have?.link && have.assertion) return { link: have.link, assertion: have.assertion };
    const made = { link: crypto.randomBytes(32).toString('base64url'), assertion: crypto.randomBytes(32).toString('base64url') };
    // First use can race (the demo's bank login, a consent link, the demo's customers at start-up): all get one pair.
    return (await this.secrets.putIfAbsent(workspaceId, SECRET_OWNER, workspaceId, made)) as { link: string; assertion: string };
  }

  /** The keys if the workspace has them (never makes any: for checking what strangers send). */
  async existingKeys(workspaceId: string): Promise<{ link: string; assertion: string } | undefined> {
    if (!isUuid(workspaceId)) return undefined;
    const have = await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId);
    return have?.link && have.assertion ? { link: have.link, assertion: have.assertion } : undefined;
  }

  async settings(workspaceId: string): Promise<ConsentSettingsView> {
    const row = await this.db.selectFrom('customer_consent_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return { purpose: row?.purpose ?? DEFAULT_PURPOSE, loginUrl: row?.login_url ?? null, linkTtlMinutes: row?.link_ttl_minutes ?? 1440 };
  }

  async getSettings(scope: Scope): Promise<ConsentSettingsView & { assertionSecret?: string }> {
    assertCan(scope, 'customers.read');
    const view = await this.settings(scope.workspaceId);
    return view;
  }

  /** Sets purpose, bank login and link lifetime; `rotateAssertionSecret` makes a new secret and returns it once. */
  async setSettings(scope: Scope, input: { purpose?: string; loginUrl?: string | null; linkTtlMinutes?: number; rotateAssertionSecret?: boolean }): Promise<ConsentSettingsView & { assertionSecret?: string }> {
    assertCan(scope, 'settings.manage');
    if (input.loginUrl && !/^https?:\/\//.test(input.loginUrl)) throw invalid('consent.login_url_invalid', 'The bank login address must start with http:// or https://.', 'loginUrl');
    if (input.purpose !== undefined && !input.purpose.trim()) throw invalid('consent.purpose_empty', 'State the purpose the customer consents to.', 'purpose');
    const before = await this.settings(scope.workspaceId);
    const next = { purpose: input.purpose?.trim() ?? before.purpose, loginUrl: input.loginUrl === undefined ? before.loginUrl : input.loginUrl, linkTtlMinutes: input.linkTtlMinutes ?? before.linkTtlMinutes };
    let assertionSecret: string | undefined;
    // Read before the transaction: on the embedded store a second connection inside it would wait for ever.
    const keys = input.rotateAssertionSecret ? await this.keys(scope.workspaceId) : undefined;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('customer_consent_settings')
        .values({ workspace_id: scope.workspaceId, purpose: next.purpose, login_url: next.loginUrl, link_ttl_minutes: next.linkTtlMinutes, updated_at: this.clock.now() })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ purpose: next.purpose, login_url: next.loginUrl, link_ttl_minutes: next.linkTtlMinutes, updated_at: this.clock.now() }))
        .execute();
      if (keys) {
        assertionSecret = crypto.randomBytes(32).toString('base64url');
        await this.secrets.put(scope.workspaceId, SECRET_OWNER, scope.workspaceId, { ...keys, assertion: assertionSecret }, trx);
      }
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'consent.settings_changed',
        targetType: 'workspace',
        targetId: scope.workspaceId,
        before,
        after: { ...next, assertionSecretRotated: !!input.rotateAssertionSecret },
        at: this.clock.now(),
      });
    });
    return { ...next, ...(assertionSecret ? { assertionSecret } : {}) };
  }

  async createRequest(scope: Scope, input: { conversationId: string; authorId: string; purpose: string; ttlMinutes: number }): Promise<ConsentRequestRow> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('consent_requests')
        .values({
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          conversation_id: input.conversationId,
          author_id: input.authorId,
          purpose: input.purpose,
          created_by: scope.actor.userId ?? null,
          created_at: now,
          expires_at: new Date(now.getTime() + input.ttlMinutes * 60_000),
          authenticated_at: null,
          customer_external_id: null,
          completed_at: null,
          session_hash: null,
          link_id: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'consent.requested',
        targetType: 'conversation',
        targetId: input.conversationId,
        after: { requestId: row.id, authorId: input.authorId, purpose: input.purpose, expiresAt: iso(row.expires_at) },
        at: now,
      });
      return row;
    });
  }

  async request(workspaceId: string, id: string): Promise<ConsentRequestRow | undefined> {
    if (!isUuid(id) || !isUuid(workspaceId)) return undefined;
    return this.db.selectFrom('consent_requests').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** A public page was seen (the link opened, the consent form shown): audited with the customer as actor. */
  async audit(workspaceId: string, action: string, requestId: string, after: Record<string, unknown>, actor: Actor): Promise<void> {
    await appendAudit(this.db, { workspaceId, actor, action, targetType: 'consent_request', targetId: requestId, after, at: this.clock.now() });
  }

  /** The bank vouched for the customer: once per request (a replayed assertion finds it spent). Returns the browser's session secret. */
  async authenticated(workspaceId: string, requestId: string, externalId: string, actor: Actor): Promise<string> {
    const session = crypto.randomBytes(24).toString('base64url');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('consent_requests')
        .set({ authenticated_at: now, customer_external_id: externalId, session_hash: sha256(session) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', requestId)
        .where('authenticated_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw conflict('consent.spent', 'This link was already used.');
      await appendAudit(trx, { workspaceId, actor, action: 'consent.authenticated', targetType: 'consent_request', targetId: requestId, after: { customerExternalId: externalId }, at: now });
    });
    return session;
  }

  /** The customer consented: the link is made (replacing none: an identity has one living link). */
  async complete(workspaceId: string, requestId: string, session: string, customerId: string, proof: Record<string, unknown>, actor: Actor): Promise<LinkRow> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const req = await trx.selectFrom('consent_requests').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', requestId).forUpdate().executeTakeFirst();
      if (!req || req.completed_at || !req.session_hash || req.session_hash !== sha256(session)) throw conflict('consent.spent', 'This link was already used.');
      if (new Date(req.expires_at) <= now) throw invalid('consent.expired', 'This link has expired.');
      const live = await trx.selectFrom('customer_links').select(['id', 'customer_id']).where('workspace_id', '=', workspaceId).where('author_id', '=', req.author_id).where('revoked_at', 'is', null).executeTakeFirst();
      if (live) throw conflict('consent.already_linked', 'This social account is already linked to a customer.');
      const link = await insertLink(trx, { workspaceId, customerId, authorId: req.author_id, purpose: req.purpose, proof, requestId: req.id, actor, now });
      await trx.updateTable('consent_requests').set({ completed_at: now, link_id: link.id }).where('id', '=', req.id).execute();
      return link;
    });
  }

  /**
   * A link the bank already holds with the customer's consent (the customer registered the social account
   * in the bank's own app or branch, with the purpose shown): recorded with its proof and audited like a
   * consent-link link. An identity that was ever linked (living or revoked) is left alone: a revoked link is
   * never made again behind the customer's back. Returns the link, or undefined when left alone.
   */
  async recordLink(workspaceId: string, input: { customerId: string; authorId: string; purpose: string; proof: Record<string, unknown> }, actor: Actor): Promise<LinkRow | undefined> {
    if (!input.purpose.trim() || !input.proof.method) throw invalid('consent.proof_missing', 'A recorded link needs its purpose and how consent was given.');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const ever = await trx.selectFrom('customer_links').select('id').where('workspace_id', '=', workspaceId).where('author_id', '=', input.authorId).executeTakeFirst();
      if (ever) return undefined;
      return insertLink(trx, { workspaceId, customerId: input.customerId, authorId: input.authorId, purpose: input.purpose, proof: input.proof, requestId: null, actor, now });
    });
  }

  /** Revokes a link at once; the customer (through the revoke link) or the bank. */
  async revoke(workspaceId: string, linkId: string, actor: Actor, reason: string): Promise<LinkRow> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = isUuid(linkId)
        ? await trx
            .updateTable('customer_links')
            .set({ revoked_at: now, revoked_by: actor.label, revoke_reason: reason })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', linkId)
            .where('revoked_at', 'is', null)
            .returningAll()
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('link.not_found', 'No such link, or it was already revoked.');
      await appendAudit(trx, { workspaceId, actor, action: 'customer.unlinked', targetType: 'customer', targetId: row.customer_id, before: { linkId: row.id, authorId: row.author_id }, after: { reason }, at: now });
      return row;
    });
  }

  async link(workspaceId: string, linkId: string): Promise<LinkRow | undefined> {
    return isUuid(linkId) ? this.db.selectFrom('customer_links').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', linkId).executeTakeFirst() : undefined;
  }

  /** Links of a customer (living first), with the social identity's name. */
  async links(workspaceId: string, customerId: string, includeRevoked: boolean): Promise<LinkView[]> {
    let q = this.db
      .selectFrom('customer_links as l')
      .innerJoin('authors as a', 'a.id', 'l.author_id')
      .select(['l.id', 'l.customer_id', 'l.purpose', 'l.linked_by', 'l.linked_at', 'l.proof', 'l.revoked_at', 'l.revoked_by', 'a.id as author_id', 'a.channel', 'a.handle', 'a.display_name'])
      .where('l.workspace_id', '=', workspaceId)
      .where('l.customer_id', '=', customerId);
    if (!includeRevoked) q = q.where('l.revoked_at', 'is', null);
    const rows = await q.orderBy('l.linked_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      author: { id: r.author_id, channel: r.channel, handle: r.handle, name: r.display_name },
      purpose: r.purpose,
      linkedBy: r.linked_by,
      linkedAt: iso(r.linked_at)!,
      proof: r.proof,
      revokedAt: iso(r.revoked_at),
      revokedBy: r.revoked_by,
    }));
  }

  /** The customer a social identity is linked to now (revoked links are never used). */
  async customerIdOfAuthor(workspaceId: string, authorId: string): Promise<string | undefined> {
    if (!isUuid(authorId)) return undefined;
    const row = await this.db.selectFrom('customer_links').select('customer_id').where('workspace_id', '=', workspaceId).where('author_id', '=', authorId).where('revoked_at', 'is', null).executeTakeFirst();
    return row?.customer_id;
  }

  async linkedAuthorIds(workspaceId: string, customerId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('customer_links').select('author_id').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.author_id);
  }
}

/** A new living link with its proof, audited as `customer.linked` (consent link and recorded link alike). */
async function insertLink(trx: Kysely<CustomersDb>, l: { workspaceId: string; customerId: string; authorId: string; purpose: string; proof: Record<string, unknown>; requestId: string | null; actor: Actor; now: Date }): Promise<LinkRow> {
  const link = await trx
    .insertInto('customer_links')
    .values({
      id: crypto.randomUUID(),
      workspace_id: l.workspaceId,
      customer_id: l.customerId,
      author_id: l.authorId,
      purpose: l.purpose,
      proof: jsonParam(l.proof),
      request_id: l.requestId,
      linked_by: l.actor.label,
      linked_at: l.now,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    workspaceId: l.workspaceId,
    actor: l.actor,
    action: 'customer.linked',
    targetType: 'customer',
    targetId: l.customerId,
    after: { linkId: link.id, authorId: l.authorId, purpose: l.purpose, proof: l.proof },
    at: l.now,
  });
  return link;
}
