import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { arrayLiteral, unnestRows } from '../../platform/db/unnest.js';
import { churnFeatures, churnScore, type HistoryEvent } from './churn.js';
import type { CustomersDb } from './customers.tables.js';
import { isUuid, type CustomersService } from './customers.service.js';
import type { LeadWebhooks } from './lead-webhook.js';
import type { ChurnReasonView, LeadView, RiskRow } from '../../contracts/customers.js';

export type { LeadView };

/** The workspace's lifecycle rules (editable): when a customer is new, at risk, back to active. */
export interface LifecycleRules {
  /** A customer with products, created within this many days, is new. */
  newForDays: number;
  /** Churn score at or above which an active customer is at risk. */
  atRiskScore: number;
  /** Churn score below which an at-risk customer is active again. */
  recoveredScore: number;
}
export const DEFAULT_RULES: LifecycleRules = { newForDays: 30, atRiskScore: 0.6, recoveredScore: 0.4 };

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;

const DAY = 86_400_000;
const SCORE_BATCH = 2000;
const SCORE_COLUMNS = [
  ['id', 'uuid'],
  ['sentiment', 'real'],
  ['score', 'real'],
  ['reasons', 'jsonb'],
  ['lifecycle', 'text'],
] as const;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The next lifecycle from the rules: products make a prospect a customer; losing them all is churn. */
export function nextLifecycle(current: string, c: { products: number; createdAt: Date; score: number | null }, rules: LifecycleRules, now: Date): string {
  if (c.products === 0) return current === 'prospect' ? 'prospect' : 'churned';
  if (current === 'churned') return 'won_back';
  if (c.score !== null && c.score >= rules.atRiskScore) return 'at_risk';
  if (current === 'at_risk' && (c.score === null || c.score >= rules.recoveredScore)) return 'at_risk';
  if (now.getTime() - c.createdAt.getTime() <= rules.newForDays * DAY && (current === 'prospect' || current === 'new')) return 'new';
  return current === 'won_back' ? 'won_back' : 'active';
}

/** Churn risk, lifecycle and leads: scored from linked identities' history. */
export class CustomerInsights {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly customers: CustomersService,
    private readonly webhooks?: LeadWebhooks,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  /** Leads as the bank's systems receive them in webhooks (the customer by the bank's own id). */
  private async leadBodies(trx: Kysely<CustomersDb>, ids: string[]): Promise<Map<string, { workspaceId: string; lead: Record<string, unknown> }>> {
    if (!ids.length) return new Map();
    const rows = await trx
      .selectFrom('customer_leads as d')
      .innerJoin('authors as a', 'a.id', 'd.author_id')
      .leftJoin('customers as c', 'c.id', 'd.customer_id')
      .select(['d.id', 'd.workspace_id', 'd.item_id', 'd.excerpt', 'd.owner_id', 'd.status', 'd.follow_up_at', 'd.created_at', 'd.updated_at', 'a.channel', 'a.handle', 'a.display_name', 'c.external_id'])
      .where('d.id', 'in', ids)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          workspaceId: r.workspace_id,
          lead: {
            id: r.id,
            status: r.status,
            ownerId: r.owner_id,
            followUpAt: iso(r.follow_up_at),
            customer: r.external_id ? { externalId: r.external_id } : null,
            author: { channel: r.channel, handle: r.handle, name: r.display_name },
            excerpt: r.excerpt,
            itemId: r.item_id,
            createdAt: iso(r.created_at),
            updatedAt: iso(r.updated_at),
          },
        },
      ]),
    );
  }

  /** Queues the webhook deliveries of these leads in `trx` (workspaces without a webhook queue nothing). */
  private async notify(trx: Kysely<CustomersDb>, ids: string[], event: 'lead.created' | 'lead.updated'): Promise<void> {
    if (!this.webhooks || !ids.length) return;
    const byWorkspace = new Map<string, Array<{ leadId: string; event: typeof event; lead: Record<string, unknown> }>>();
    for (const [id, b] of await this.leadBodies(trx, ids)) {
      const list = byWorkspace.get(b.workspaceId) ?? [];
      list.push({ leadId: id, event, lead: b.lead });
      byWorkspace.set(b.workspaceId, list);
    }
    for (const [ws, events] of byWorkspace) await this.webhooks.queue(trx, ws, events);
  }

  async rules(workspaceId: string): Promise<LifecycleRules> {
    const row = await this.db.selectFrom('customer_rules').select('rules').where('workspace_id', '=', workspaceId).executeTakeFirst();
    return { ...DEFAULT_RULES, ...((row?.rules as Partial<LifecycleRules>) ?? {}) };
  }

  async getRules(scope: Scope): Promise<LifecycleRules> {
    assertCan(scope, 'customers.read');
    return this.rules(scope.workspaceId);
  }

  async setRules(scope: Scope, patch: Partial<LifecycleRules>): Promise<LifecycleRules> {
    assertCan(scope, 'customers.manage');
    const before = await this.rules(scope.workspaceId);
    const next = { ...before, ...patch };
    if (next.recoveredScore > next.atRiskScore) throw invalid('customers.rules_invalid', 'The recovered score must not be above the at-risk score.', 'recoveredScore');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('customer_rules')
        .values({ workspace_id: scope.workspaceId, rules: jsonParam(next), updated_at: this.clock.now() })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ rules: jsonParam(next), updated_at: this.clock.now() }))
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customers.rules_changed', targetType: 'workspace', targetId: scope.workspaceId, before, after: next, at: this.clock.now() });
    });
    return next;
  }

  /** Scores every customer of the workspace (churn risk and lifecycle); returns how many were scored. */
  async scoreWorkspace(workspaceId: string): Promise<number> {
    const now = this.clock.now();
    const rules = await this.rules(workspaceId);
    const since = new Date(now.getTime() - 90 * DAY);
    let after = '00000000-0000-0000-0000-000000000000';
    let scored = 0;
    for (;;) {
      const batch = await this.db.selectFrom('customers').select(['id', 'lifecycle', 'products', 'created_at']).where('workspace_id', '=', workspaceId).where('id', '>', after).orderBy('id').limit(SCORE_BATCH).execute();
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const ids = batch.map((b) => b.id);
      const links = await this.db
        .selectFrom('customer_links')
        .select(['customer_id', 'author_id'])
        .where('workspace_id', '=', workspaceId)
        .where(sql<boolean>`customer_id = any(${arrayLiteral(ids)}::uuid[])`)
        .where('revoked_at', 'is', null)
        .execute();
      const authors = links.map((l) => l.author_id);
      // Array parameters (= any) instead of lists of thousands of placeholders; both reads at once.
      const authorList = arrayLiteral(authors);
      const [items, open] = authors.length
        ? await Promise.all([
            this.db
              .selectFrom('items')
              .select(['author_id', 'created_at', 'text', sql<unknown>`analysis->'sentiment'->'probs'`.as('probs'), sql<unknown>`analysis->'intents'->'labels'`.as('labels')])
              .where('workspace_id', '=', workspaceId)
              .where(sql<boolean>`author_id = any(${authorList}::uuid[])`)
              .where('direction', '=', 'inbound')
              .where('created_at', '>=', since)
              .execute(),
            this.db
              .selectFrom('conversations')
              .select(['customer_author_id', sql<number>`count(*)::int`.as('n')])
              .where('workspace_id', '=', workspaceId)
              .where(sql<boolean>`customer_author_id = any(${authorList}::uuid[])`)
              .where('status', 'in', ['open', 'pending', 'snoozed'])
              .groupBy('customer_author_id')
              .execute(),
          ])
        : [[], []];
      const byAuthor = new Map<string, HistoryEvent[]>();
      for (const it of items) {
        const p = it.probs as Record<string, number> | null;
        const ev: HistoryEvent = { at: new Date(it.created_at), sentiment: p ? (p.positive ?? 0) - (p.negative ?? 0) : null, intents: Array.isArray(it.labels) ? (it.labels as string[]) : [], text: it.text };
        const list = byAuthor.get(it.author_id);
        if (list) list.push(ev);
        else byAuthor.set(it.author_id, [ev]);
      }
      const openBy = new Map(open.map((o) => [o.customer_author_id, Number(o.n)]));
      const authorsOf = new Map<string, string[]>();
      for (const l of links) {
        const list = authorsOf.get(l.customer_id);
        if (list) list.push(l.author_id);
        else authorsOf.set(l.customer_id, [l.author_id]);
      }
      const rows = batch.map((c) => {
        const mine = authorsOf.get(c.id) ?? [];
        const history = mine.flatMap((a) => byAuthor.get(a) ?? []);
        const s = mine.length
          ? churnScore(
              churnFeatures(
                history,
                now,
                mine.reduce((n, a) => n + (openBy.get(a) ?? 0), 0),
              ),
            )
          : null;
        const recent = history.filter((e) => e.sentiment !== null && now.getTime() - e.at.getTime() <= 30 * DAY);
        const sentiment = recent.length ? recent.reduce((n, e) => n + e.sentiment!, 0) / recent.length : null;
        const lifecycle = nextLifecycle(c.lifecycle, { products: (c.products ?? []).length, createdAt: new Date(c.created_at), score: s?.score ?? null }, rules, now);
        return { id: c.id, sentiment, score: s?.score ?? null, reasons: JSON.stringify(s?.reasons ?? []), lifecycle };
      });
      // One statement per batch (one array per column): a million customers are a few hundred statements.
      await sql`
        update customers c set sentiment_30d = u.sentiment, churn_score = u.score, churn_reasons = u.reasons, scored_at = ${now},
          lifecycle = u.lifecycle, updated_at = case when c.lifecycle is distinct from u.lifecycle then ${now} else c.updated_at end
        from (${unnestRows(SCORE_COLUMNS, rows)}) u
        where c.workspace_id = ${workspaceId} and c.id = u.id`.execute(this.db);
      scored += batch.length;
    }
    return scored;
  }

  async scoreNow(scope: Scope): Promise<{ scored: number }> {
    assertCan(scope, 'customers.manage');
    return { scored: await this.scoreWorkspace(scope.workspaceId) };
  }

  /** The recurring job: every workspace with customers. */
  async scoreAll(): Promise<void> {
    const ws = await this.db.selectFrom('customers').select('workspace_id').distinct().execute();
    for (const w of ws) await this.scoreWorkspace(w.workspace_id);
  }

  /** Customers to act on: highest churn risk first, with reasons. */
  async atRisk(scope: Scope, limit = 50): Promise<RiskRow[]> {
    assertCan(scope, 'customers.read');
    const rows = await this.db.selectFrom('customers').selectAll().where('workspace_id', '=', scope.workspaceId).where('churn_score', 'is not', null).orderBy('churn_score', 'desc').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ customer: this.customers.present(scope, r), score: Number(r.churn_score), reasons: r.churn_reasons as ChurnReasonView[], scoredAt: iso(r.scored_at) }));
  }

  /** Purchase-intent posts of the last day become leads (once per item); linked authors bring their customer. */
  async collectLeads(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - DAY);
    const rows = await this.db
      .selectFrom('items as i')
      .leftJoin('customer_links as l', (j) => j.onRef('l.author_id', '=', 'i.author_id').onRef('l.workspace_id', '=', 'i.workspace_id').on('l.revoked_at', 'is', null))
      .select(['i.id', 'i.workspace_id', 'i.author_id', 'i.text', 'l.customer_id'])
      .where('i.received_at', '>=', since)
      .where('i.direction', '=', 'inbound')
      .where(sql<boolean>`i.analysis->'intents'->'labels' @> '["purchase"]'::jsonb`)
      .limit(5000)
      .execute();
    if (!rows.length) return 0;
    const now = this.clock.now();
    // The leads and their webhook deliveries in one transaction: a lead the bank should hear of is queued.
    return this.db.transaction().execute(async (trx) => {
      const made = await trx
        .insertInto('customer_leads')
        .values(
          rows.map((r) => ({
            id: crypto.randomUUID(),
            workspace_id: r.workspace_id,
            item_id: r.id,
            author_id: r.author_id,
            customer_id: r.customer_id ?? null,
            excerpt: r.text.slice(0, 280),
            owner_id: null,
            status: 'new',
            follow_up_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'item_id']).doNothing())
        .returning('id')
        .execute();
      await this.notify(
        trx,
        made.map((m) => m.id),
        'lead.created',
      );
      return made.length;
    });
  }

  async leads(scope: Scope, f: { status?: string; ownerId?: string; limit?: number } = {}): Promise<LeadView[]> {
    assertCan(scope, 'customers.read');
    let q = this.db
      .selectFrom('customer_leads as d')
      .innerJoin('authors as a', 'a.id', 'd.author_id')
      .select(['d.id', 'd.item_id', 'd.customer_id', 'd.excerpt', 'd.owner_id', 'd.status', 'd.follow_up_at', 'd.created_at', 'a.id as author_id', 'a.channel', 'a.handle', 'a.display_name'])
      .where('d.workspace_id', '=', scope.workspaceId);
    if (f.status) q = q.where('d.status', '=', f.status);
    if (f.ownerId) q = q.where('d.owner_id', '=', f.ownerId);
    const rows = await q
      .orderBy('d.created_at', 'desc')
      .limit(f.limit ?? 100)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      author: { id: r.author_id, channel: r.channel, handle: r.handle, name: r.display_name },
      customerId: r.customer_id,
      excerpt: r.excerpt,
      ownerId: r.owner_id,
      status: r.status,
      followUpAt: iso(r.follow_up_at),
      createdAt: iso(r.created_at)!,
    }));
  }

  async updateLead(scope: Scope, id: string, patch: { ownerId?: string | null; status?: string; followUpAt?: string | null }): Promise<LeadView> {
    assertCan(scope, 'customers.read');
    assertCan(scope, 'inbox.reply');
    if (!isUuid(id)) throw notFound('lead.not_found', 'No such lead.');
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('customer_leads')
        .set({
          ...(patch.ownerId !== undefined ? { owner_id: patch.ownerId } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.followUpAt !== undefined ? { follow_up_at: patch.followUpAt ? new Date(patch.followUpAt) : null } : {}),
          updated_at: this.clock.now(),
        })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', id)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw notFound('lead.not_found', 'No such lead.');
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'lead.updated', targetType: 'lead', targetId: id, after: patch, at: this.clock.now() });
      await this.notify(trx, [id], 'lead.updated');
    });
    const [lead] = (await this.leads(scope, { limit: 1000 })).filter((l) => l.id === id);
    return lead!;
  }
}
