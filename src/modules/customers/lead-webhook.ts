/**
 * Leads flow out to the bank's systems through a signed webhook (issue #17, capability 4). A lead that is
 * made or changed writes a delivery row in the same transaction (an outbox: what is acknowledged is
 * queued); the job `customers.lead_webhooks` claims due rows with FOR UPDATE SKIP LOCKED under a lease,
 * POSTs them signed like every Sotong webhook (`x-sotong-signature: sha256=hex(HMAC(secret, "<timestamp>."
 * + body))`, `x-sotong-timestamp`), and retries failures with backoff (30 s doubling, at most an hour) up
 * to 12 attempts. Delivery is at least once: the body's `id` (also `x-sotong-delivery`) lets the receiver
 * drop a repeat.
 */
import crypto from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { signedHeaders } from '../../channels/webhook/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock/clock.js';
import { tables, type Store } from '../../platform/db/store.js';
import { invalid } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { SecretsStore } from '../secrets/index.js';
import type { LeadDeliveryView, LeadWebhookView } from '../../contracts/customers.js';
import type { CustomersDb } from './customers.tables.js';

const SECRET_OWNER = 'customers.lead_webhook';
export const LEAD_WEBHOOK_MAX_ATTEMPTS = 12;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export type LeadEvent = 'lead.created' | 'lead.updated' | 'lead.test';

export type { LeadDeliveryView, LeadWebhookView };

type Db = Kysely<CustomersDb>;

export class LeadWebhooks {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsStore,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  async get(scope: Scope): Promise<LeadWebhookView> {
    assertCan(scope, 'customers.manage');
    const row = await this.db.selectFrom('customer_lead_webhooks').select('url').where('workspace_id', '=', scope.workspaceId).executeTakeFirst();
    const counts = await this.db
      .selectFrom('customer_lead_deliveries')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('workspace_id', '=', scope.workspaceId)
      .groupBy('status')
      .execute();
    const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
    return { url: row?.url ?? null, pending: n('pending'), failed: n('failed'), delivered: n('delivered') };
  }

  /** Sets (or, with null, removes) the endpoint; a new secret is made on first set and on `rotateSecret`, and shown once. */
  async set(scope: Scope, input: { url: string | null; rotateSecret?: boolean }): Promise<LeadWebhookView> {
    assertCan(scope, 'settings.manage');
    const url = input.url?.trim() || null;
    if (url !== null) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
        throw invalid('lead_webhook.url_invalid', 'The address must be an http:// or https:// URL without a user name or password.', 'url');
      }
    }
    const now = this.clock.now();
    // Read before the transaction: the embedded store has one connection, which the transaction holds.
    const have = url === null ? undefined : await this.secrets.get(scope.workspaceId, SECRET_OWNER, scope.workspaceId);
    let secret: string | undefined;
    await this.db.transaction().execute(async (trx) => {
      if (url === null) {
        await trx.deleteFrom('customer_lead_webhooks').where('workspace_id', '=', scope.workspaceId).execute();
      } else {
        await trx
          .insertInto('customer_lead_webhooks')
          .values({ workspace_id: scope.workspaceId, url, updated_at: now })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ url, updated_at: now }))
          .execute();
        if (!have?.secret || input.rotateSecret) {
          secret = crypto.randomBytes(32).toString('base64url');
          await this.secrets.put(scope.workspaceId, SECRET_OWNER, scope.workspaceId, { secret }, trx);
        }
      }
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'lead_webhook.updated',
        targetType: 'workspace',
        targetId: scope.workspaceId,
        after: { url, secretRotated: secret !== undefined },
        at: now,
      });
    });
    return { ...(await this.get(scope)), ...(secret ? { secret } : {}) };
  }

  /** Queues a test delivery (what the bank's side receives), sent by the next run of the job. */
  async test(scope: Scope): Promise<LeadDeliveryView> {
    assertCan(scope, 'settings.manage');
    const [id] = await this.queue(this.db, scope.workspaceId, [{ leadId: null, event: 'lead.test', lead: null }]);
    if (!id) throw invalid('lead_webhook.not_set', 'Set the webhook address first.', 'url');
    return (await this.deliveries(scope, 1))[0]!;
  }

  async deliveries(scope: Scope, limit = 50): Promise<LeadDeliveryView[]> {
    assertCan(scope, 'customers.manage');
    const rows = await this.db.selectFrom('customer_lead_deliveries').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      event: r.event,
      status: r.status as LeadDeliveryView['status'],
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: iso(r.created_at)!,
      deliveredAt: iso(r.delivered_at),
      nextAt: r.status === 'pending' ? iso(r.next_at) : null,
    }));
  }

  /**
   * Writes deliveries in the caller's transaction when the workspace has a webhook (none otherwise).
   * `lead` is the body's lead object, as the bank's system reads it.
   */
  async queue(trx: Db, workspaceId: string, events: Array<{ leadId: string | null; event: LeadEvent; lead: Record<string, unknown> | null }>): Promise<string[]> {
    if (!events.length) return [];
    const hook = await trx.selectFrom('customer_lead_webhooks').select('url').where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!hook) return [];
    const now = this.clock.now();
    const rows = events.map((e) => {
      const id = crypto.randomUUID();
      return {
        id,
        workspace_id: workspaceId,
        lead_id: e.leadId,
        event: e.event,
        body: JSON.stringify({ id, type: e.event, occurredAt: now.toISOString(), workspaceId, lead: e.lead }),
        status: 'pending',
        attempts: 0,
        next_at: now,
        last_status: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
      };
    });
    await trx.insertInto('customer_lead_deliveries').values(rows).execute();
    return rows.map((r) => r.id);
  }

  /** Sends due deliveries (the job): claimed under a lease, so a crash mid-send retries after it. */
  async deliverDue(limit = 50): Promise<{ delivered: number; failed: number }> {
    const now = this.clock.now();
    const claimed = await this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('customer_lead_deliveries as d')
        .innerJoin('customer_lead_webhooks as w', 'w.workspace_id', 'd.workspace_id')
        .select(['d.id', 'd.workspace_id', 'd.body', 'd.event', 'd.attempts', 'w.url'])
        .where('d.status', '=', 'pending')
        .where('d.next_at', '<=', now)
        .orderBy('d.next_at')
        .limit(limit)
        .forUpdate('d')
        .skipLocked()
        .execute();
      if (due.length)
        await trx
          .updateTable('customer_lead_deliveries')
          .set({ next_at: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute();
      return due;
    });
    let delivered = 0;
    let failed = 0;
    await Promise.all(
      claimed.map(async (d) => {
        const attempt = d.attempts + 1;
        const outcome = await this.post(d.workspace_id, d.url, d.id, d.event, JSON.stringify(d.body));
        const at = this.clock.now();
        if (outcome.ok) {
          delivered++;
          await this.db.updateTable('customer_lead_deliveries').set({ status: 'delivered', delivered_at: at, last_status: outcome.status, last_error: null }).where('id', '=', d.id).execute();
          return;
        }
        failed++;
        const last = attempt >= LEAD_WEBHOOK_MAX_ATTEMPTS;
        const backoff = Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
        await this.db
          .updateTable('customer_lead_deliveries')
          .set({ status: last ? 'failed' : 'pending', next_at: new Date(at.getTime() + backoff), last_status: outcome.status, last_error: outcome.error.slice(0, 500) })
          .where('id', '=', d.id)
          .execute();
      }),
    );
    return { delivered, failed };
  }

  private async post(workspaceId: string, url: string, id: string, event: string, body: string): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
    const secret = (await this.secrets.get(workspaceId, SECRET_OWNER, workspaceId))?.secret;
    if (!secret) return { ok: false, status: null, error: 'no signing secret' };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Sotong-Webhook/1', 'x-sotong-event': event, 'x-sotong-delivery': id, ...signedHeaders(secret, body, this.clock.now()) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? { ok: true, status: res.status } : { ok: false, status: res.status, error: `answered ${res.status}` };
    } catch (err) {
      return { ok: false, status: null, error: (err as Error).message || String(err) };
    }
  }
}
