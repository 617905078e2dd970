import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { on, tables, type AnyDb } from '../../platform/db/store.js';
import { conflict, notFound } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { CustomersDb } from './customers.tables.js';
import { isUuid, type CustomersService, type CustomerView } from './customers.service.js';

/** A segment's rules; every rule given must hold (lists: any of). */
export interface SegmentRules {
  lifecycle?: string[];
  products?: string[];
  segments?: string[];
  tags?: string[];
  /** Channels of the customer's living linked identities. */
  channels?: string[];
  /** Mean sentiment of the last 30 days (−1..1), as last scored. */
  sentimentBelow?: number;
  sentimentAbove?: number;
  minChurnScore?: number;
}

export interface SegmentView {
  id: string;
  name: string;
  rules: SegmentRules;
  createdAt: string;
}

/** Segments by rules, evaluated in the database when asked (usable by routing, listening, exports through the face). */
export class SegmentsService {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly customers: CustomersService,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  async list(scope: Scope): Promise<SegmentView[]> {
    assertCan(scope, 'customers.read');
    const rows = await this.db.selectFrom('customer_segments').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, rules: r.rules as SegmentRules, createdAt: new Date(r.created_at).toISOString() }));
  }

  async create(scope: Scope, input: { name: string; rules: SegmentRules }): Promise<SegmentView> {
    assertCan(scope, 'customers.manage');
    const name = input.name.trim();
    return this.db.transaction().execute(async (trx) => {
      const dup = await trx.selectFrom('customer_segments').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
      if (dup) throw conflict('segment.name_taken', 'A segment with this name exists.');
      const row = await trx
        .insertInto('customer_segments')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, name, rules: jsonParam(input.rules), created_at: this.clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'segment.created', targetType: 'segment', targetId: row.id, after: { name, rules: input.rules }, at: this.clock.now() });
      return { id: row.id, name: row.name, rules: row.rules as SegmentRules, createdAt: new Date(row.created_at).toISOString() };
    });
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'customers.manage');
    await this.db.transaction().execute(async (trx) => {
      const row = isUuid(id) ? await trx.deleteFrom('customer_segments').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).returningAll().executeTakeFirst() : undefined;
      if (!row) throw notFound('segment.not_found', 'No such segment.');
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'segment.deleted', targetType: 'segment', targetId: id, before: { name: row.name }, at: this.clock.now() });
    });
  }

  /** The ids of the customers a segment's rules select (for other modules through the face). */
  async memberIds(workspaceId: string, rules: SegmentRules, limit = 10_000): Promise<string[]> {
    const q = segmentQuery(this.db, workspaceId, rules);
    return (await q.orderBy('c.id').limit(limit).execute()).map((r) => r.id);
  }

  async members(scope: Scope, id: string, limit = 100): Promise<{ segment: SegmentView; customers: CustomerView[]; total: number }> {
    assertCan(scope, 'customers.read');
    const seg = (await this.list(scope)).find((s) => s.id === id);
    if (!seg) throw notFound('segment.not_found', 'No such segment.');
    const ids = await this.memberIds(scope.workspaceId, seg.rules);
    const rows = ids.length ? await this.db.selectFrom('customers').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', 'in', ids.slice(0, limit)).orderBy('id').execute() : [];
    return { segment: seg, customers: rows.map((r) => this.customers.present(scope, r)), total: ids.length };
  }
}

/** Customers of a workspace that a segment's rules select (every rule given must hold; lists: any of). */
function segmentQuery(db: Kysely<CustomersDb>, workspaceId: string, rules: SegmentRules) {
  let q = db.selectFrom('customers as c').select('c.id').where('c.workspace_id', '=', workspaceId);
  if (rules.lifecycle?.length) q = q.where('c.lifecycle', 'in', rules.lifecycle);
  if (rules.segments?.length) q = q.where('c.segment', 'in', rules.segments);
  if (rules.products?.length) q = q.where(sql<boolean>`c.products ?| ${sql.val(rules.products)}::text[]`);
  if (rules.tags?.length) q = q.where(sql<boolean>`c.tags ?| ${sql.val(rules.tags)}::text[]`);
  if (rules.sentimentBelow !== undefined) q = q.where('c.sentiment_30d', '<', rules.sentimentBelow);
  if (rules.sentimentAbove !== undefined) q = q.where('c.sentiment_30d', '>', rules.sentimentAbove);
  if (rules.minChurnScore !== undefined) q = q.where('c.churn_score', '>=', rules.minChurnScore);
  if (rules.channels?.length) {
    const channels = rules.channels;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('customer_links as l').innerJoin('authors as a', 'a.id', 'l.author_id').select('l.id').whereRef('l.customer_id', '=', 'c.id').where('l.revoked_at', 'is', null).where('a.channel', 'in', channels)),
    );
  }
  return q;
}

/**
 * The names of the segments each author's linked customer belongs to (consented, unrevoked links only),
 * for inbox routing rules (`author.segments`). Runs on the executor given, so it can join the caller's
 * transaction. Authors without a linked customer, or in no segment, are absent from the map.
 */
export async function segmentsOfAuthors(executor: AnyDb, workspaceId: string, authorIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!authorIds.length) return out;
  const db = on<CustomersDb>(executor);
  const links = await db
    .selectFrom('customer_links')
    .select(['author_id', 'customer_id'])
    .where('workspace_id', '=', workspaceId)
    .where('author_id', 'in', [...authorIds])
    .where('revoked_at', 'is', null)
    .execute();
  if (!links.length) return out;
  const segments = await db.selectFrom('customer_segments').select(['name', 'rules']).where('workspace_id', '=', workspaceId).orderBy('name').execute();
  const customers = [...new Set(links.map((l) => l.customer_id))];
  const namesOf = new Map<string, string[]>();
  for (const seg of segments) {
    const members = await segmentQuery(db, workspaceId, seg.rules as SegmentRules)
      .where('c.id', 'in', customers)
      .execute();
    for (const m of members) namesOf.set(m.id, [...(namesOf.get(m.id) ?? []), seg.name]);
  }
  for (const l of links) {
    const names = namesOf.get(l.customer_id);
    if (names) out.set(l.author_id, [...new Set([...(out.get(l.author_id) ?? []), ...names])]);
  }
  return out;
}
