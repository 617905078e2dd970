import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { on, tables, type AnyDb } from '../../platform/db/store.js';
import { conflict, notFound } from '../../platform/errors.js';
import { allows, assertCan, type Scope } from '../../platform/access/scope.js';
import { toCsv } from './csv.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { CustomersDb } from './customers.tables.js';
import { isUuid, type CustomersService, type CustomerView } from './customers.service.js';

import type { SegmentRules, SegmentView } from '../../contracts/customers.js';

export type { SegmentRules, SegmentView };

type SegmentRow = CustomersDb['customer_segments'];
const view = (r: SegmentRow): SegmentView => ({ id: r.id, name: r.name, rules: r.rules as SegmentRules, createdAt: new Date(r.created_at).toISOString(), updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null });
/** At most this many customers go into one CSV export. */
export const EXPORT_MAX = 100_000;

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

  async list(scope: Scope, opts: { counts?: boolean } = {}): Promise<SegmentView[]> {
    assertCan(scope, 'customers.read');
    const rows = await this.db.selectFrom('customer_segments').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('name').execute();
    const out = rows.map(view);
    if (opts.counts) for (const seg of out) seg.members = await this.count(scope.workspaceId, seg.rules);
    return out;
  }

  async one(scope: Scope, id: string): Promise<SegmentView> {
    assertCan(scope, 'customers.read');
    const row = isUuid(id) ? await this.db.selectFrom('customer_segments').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('segment.not_found', 'No such segment.');
    return view(row);
  }

  private async count(workspaceId: string, rules: SegmentRules): Promise<number> {
    const r = await this.db
      .selectFrom(segmentQuery(this.db, workspaceId, rules).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** What rules would select, before saving them: the count and the first customers (masked without customers.pii). */
  async preview(scope: Scope, rules: SegmentRules, limit = 20): Promise<{ total: number; customers: CustomerView[] }> {
    assertCan(scope, 'customers.read');
    const rows = await this.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', 'in', segmentQuery(this.db, scope.workspaceId, rules))
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return { total: await this.count(scope.workspaceId, rules), customers: rows.map((r) => this.customers.present(scope, r)) };
  }

  async update(scope: Scope, id: string, input: { name?: string; rules?: SegmentRules }): Promise<SegmentView> {
    assertCan(scope, 'customers.manage');
    const before = await this.one(scope, id);
    const name = input.name?.trim() ?? before.name;
    return this.db.transaction().execute(async (trx) => {
      if (name !== before.name) {
        const dup = await trx.selectFrom('customer_segments').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
        if (dup) throw conflict('segment.name_taken', 'A segment with this name exists.');
      }
      const now = this.clock.now();
      const row = await trx
        .updateTable('customer_segments')
        .set({ name, ...(input.rules ? { rules: jsonParam(input.rules) } : {}), updated_at: now })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'segment.updated',
        targetType: 'segment',
        targetId: row.id,
        before: { name: before.name, rules: before.rules },
        after: { name, rules: row.rules },
        at: now,
      });
      return view(row);
    });
  }

  /**
   * The social identities linked with consent (living links) to the customers of a segment: a listening
   * filter's authors. null when the segment does not exist in this workspace.
   */
  async authorsOf(workspaceId: string, segmentId: string, limit = 50_000): Promise<string[] | null> {
    const row = isUuid(segmentId) ? await this.db.selectFrom('customer_segments').select('rules').where('workspace_id', '=', workspaceId).where('id', '=', segmentId).executeTakeFirst() : undefined;
    if (!row) return null;
    const rows = await this.db
      .selectFrom('customer_links')
      .select('author_id')
      .distinct()
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .where('customer_id', 'in', segmentQuery(this.db, workspaceId, row.rules as SegmentRules))
      .limit(limit)
      .execute();
    return rows.map((r) => r.author_id);
  }

  /**
   * The segment's customers as CSV (UTF-8 with BOM): personal fields in clear only for customers.pii,
   * masked otherwise (the file says which). Audited with the count and whether it was masked.
   */
  async exportCsv(scope: Scope, id: string): Promise<{ filename: string; csv: string; rows: number; masked: boolean }> {
    assertCan(scope, 'customers.read');
    const seg = await this.one(scope, id);
    const rows = await this.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', 'in', segmentQuery(this.db, scope.workspaceId, seg.rules))
      .orderBy('external_id')
      .limit(EXPORT_MAX)
      .execute();
    const views = rows.map((r) => ({ v: this.customers.present(scope, r), r }));
    const masked = views.length ? views[0]!.v.masked : !allows(scope, 'customers.pii');
    const header = ['external_id', 'name', 'email', 'phone', 'masked', 'segment', 'products', 'manager', 'lifecycle', 'opt_outs', 'tags', 'churn_score'];
    const body = views.map(({ v, r }) => [v.externalId, v.name, v.email, v.phone, v.masked, v.segment, v.products.join(';'), v.manager, v.lifecycle, v.optOuts.join(';'), v.tags.join(';'), r.churn_score]);
    await appendAudit(this.db, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customers.exported', targetType: 'segment', targetId: seg.id, after: { segment: seg.name, rows: rows.length, masked }, at: this.clock.now() });
    return { filename: `segment-${seg.id}.csv`, csv: toCsv(header, body), rows: rows.length, masked };
  }

  async create(scope: Scope, input: { name: string; rules: SegmentRules }): Promise<SegmentView> {
    assertCan(scope, 'customers.manage');
    const name = input.name.trim();
    return this.db.transaction().execute(async (trx) => {
      const dup = await trx.selectFrom('customer_segments').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
      if (dup) throw conflict('segment.name_taken', 'A segment with this name exists.');
      const row = await trx
        .insertInto('customer_segments')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, name, rules: jsonParam(input.rules), created_at: this.clock.now(), updated_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'segment.created', targetType: 'segment', targetId: row.id, after: { name, rules: input.rules }, at: this.clock.now() });
      return view(row);
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
    const seg = await this.one(scope, id);
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
  // The scores are `real`: a value like 1e-320 would underflow it (an error, not a comparison), so thresholds
  // are compared at four decimals, finer than any score is meaningful.
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  if (rules.sentimentBelow !== undefined) q = q.where('c.sentiment_30d', '<', r4(rules.sentimentBelow));
  if (rules.sentimentAbove !== undefined) q = q.where('c.sentiment_30d', '>', r4(rules.sentimentAbove));
  if (rules.minChurnScore !== undefined) q = q.where('c.churn_score', '>=', r4(rules.minChurnScore));
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
