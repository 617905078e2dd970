import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { allows, assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { Keyring } from '../secrets/index.js';
import type { CustomersDb, CustomersTables } from './customers.tables.js';
import { checkRecord, parseCustomersCsv, type CustomerRecord, type Mapping, type RowError } from './mapping.js';
import { PERSONAL_FIELDS, seal, unseal } from './personal.js';
import { columnList, unnestRows, type ArrayElement } from '../../platform/db/unnest.js';
import type { CustomerView } from '../../contracts/customers.js';

export type { CustomerView };

export const LIFECYCLES = ['prospect', 'new', 'active', 'at_risk', 'churned', 'won_back'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  failed: number;
  errors: RowError[];
}

type Row = CustomersTables['customers'];
const BATCH = 1000;
const IN_FLIGHT = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string) => UUID.test(s);

/** Customers imported from the bank's systems: upserted by external id, personal fields sealed. */
export class CustomersService {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  present(scope: Scope, r: Row): CustomerView {
    const clear = allows(scope, 'customers.pii');
    const personal = (f: (typeof PERSONAL_FIELDS)[number]) => (clear ? unseal(this.keyring, r.workspace_id, r.external_id, f, r[`${f}_enc`]) : r[`${f}_masked`]);
    return {
      id: r.id,
      externalId: r.external_id,
      name: personal('name'),
      email: personal('email'),
      phone: personal('phone'),
      masked: !clear,
      segment: r.segment,
      products: r.products ?? [],
      manager: r.manager,
      optOuts: r.opt_outs ?? [],
      tags: r.tags ?? [],
      lifecycle: r.lifecycle,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  async list(scope: Scope, f: { lifecycle?: string; segment?: string; product?: string; externalId?: string; limit?: number; offset?: number } = {}): Promise<{ customers: CustomerView[]; total: number }> {
    assertCan(scope, 'customers.read');
    let q = this.db.selectFrom('customers').where('workspace_id', '=', scope.workspaceId);
    if (f.lifecycle) q = q.where('lifecycle', '=', f.lifecycle);
    if (f.segment) q = q.where('segment', '=', f.segment);
    if (f.externalId) q = q.where('external_id', '=', f.externalId);
    if (f.product) q = q.where(sql<boolean>`products @> ${JSON.stringify([f.product])}::jsonb`);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(f.limit ?? 50)
        .offset(f.offset ?? 0)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { customers: rows.map((r) => this.present(scope, r)), total: Number(count.n) };
  }

  async row(scope: Scope, id: string): Promise<Row> {
    const row = isUuid(id) ? await this.db.selectFrom('customers').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('customer.not_found', 'No such customer.');
    return row;
  }

  async rowByExternalId(workspaceId: string, externalId: string): Promise<Row | undefined> {
    return this.db.selectFrom('customers').selectAll().where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  }

  /** One customer; every view is audited (who saw whom, in clear or masked). */
  async get(scope: Scope, id: string, context: Record<string, string> = {}): Promise<CustomerView> {
    assertCan(scope, 'customers.read');
    const row = await this.row(scope, id);
    const view = this.present(scope, row);
    await appendAudit(this.db, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customer.viewed', targetType: 'customer', targetId: row.id, after: { masked: view.masked, ...context }, at: this.clock.now() });
    return view;
  }

  async update(scope: Scope, id: string, patch: { lifecycle?: string; tags?: string[] }): Promise<CustomerView> {
    assertCan(scope, 'customers.manage');
    if (patch.lifecycle !== undefined && !(LIFECYCLES as readonly string[]).includes(patch.lifecycle)) throw invalid('customer.lifecycle_invalid', `Lifecycle must be one of ${LIFECYCLES.join(', ')}.`, 'lifecycle');
    const before = await this.row(scope, id);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('customers')
        .set({
          ...(patch.lifecycle !== undefined ? { lifecycle: patch.lifecycle } : {}),
          ...(patch.tags !== undefined ? { tags: jsonParam([...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))]) } : {}),
          updated_at: this.clock.now(),
        })
        .where('workspace_id', '=', scope.workspaceId)
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'customer.updated',
        targetType: 'customer',
        targetId: row.id,
        before: { lifecycle: before.lifecycle, tags: before.tags },
        after: { lifecycle: row.lifecycle, tags: row.tags },
        at: this.clock.now(),
      });
      return this.present(scope, row);
    });
  }

  /** A CSV file with a mapping (file column → field): rows that cannot be read are reported by line. */
  async importCsv(scope: Scope, input: { csv: string; mapping?: Mapping; source?: string }, progress?: (done: number, total: number) => void): Promise<ImportResult> {
    assertCan(scope, 'customers.manage');
    const parsed = parseCustomersCsv(input.csv, input.mapping);
    const total = parsed.records.length + parsed.errors.length;
    const r = await this.write(
      scope,
      parsed.records.map((x) => x.record),
      input.source ?? 'csv',
      (done) => progress?.(done + parsed.errors.length, total),
    );
    return { total, created: r.created, updated: r.updated, failed: parsed.errors.length, errors: parsed.errors.sort((a, b) => a.line - b.line) };
  }

  /** Records from the bank's systems (REST): bad records are reported by their position (1-based). */
  async upsert(scope: Scope, records: CustomerRecord[]): Promise<ImportResult> {
    assertCan(scope, 'customers.manage');
    const good: CustomerRecord[] = [];
    const errors: RowError[] = [];
    records.forEach((rec, i) => {
      const problem = checkRecord(rec);
      if (problem) errors.push({ line: i + 1, message: problem });
      else good.push(rec);
    });
    const r = await this.write(scope, good, 'api');
    return { total: records.length, created: r.created, updated: r.updated, failed: errors.length, errors };
  }

  private async write(scope: Scope, records: CustomerRecord[], source: string, progress?: (done: number) => void): Promise<{ created: number; updated: number }> {
    // The last record of an external id wins (one upsert cannot touch a row twice).
    const byId = new Map<string, CustomerRecord>();
    for (const r of records) byId.set(r.externalId.trim(), { ...r, externalId: r.externalId.trim() });
    // Records that name the same fields are written together: a field left out is kept as stored.
    const groups = new Map<string, CustomerRecord[]>();
    for (const r of byId.values()) {
      const key = Object.keys(r)
        .filter((k) => r[k as keyof CustomerRecord] !== undefined)
        .sort()
        .join(',');
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    let created = 0;
    let updated = 0;
    let done = 0;
    const batches: CustomerRecord[][] = [];
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += BATCH) batches.push(group.slice(i, i + BATCH));
    }
    // Batches are sealed while the database writes earlier ones (at most two in flight, each on its own
    // connection where the store has a pool): the process and the database are busy at the same time.
    // A failed batch stops the import (the batches already written stay) and is the error thrown.
    const inFlight: Promise<void>[] = [];
    let failure: { error: unknown } | undefined;
    for (const batch of batches) {
      if (failure) break;
      const prepared = this.prepareBatch(scope, batch);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      inFlight.push(
        this.writeBatch(prepared).then(
          (n) => {
            created += n.created;
            updated += n.updated;
            done += batch.length;
            progress?.(done);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        ),
      );
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    await appendAudit(this.db, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customers.imported', targetType: 'customers', after: { source, created, updated }, at: this.clock.now() });
    return { created, updated };
  }

  /** The rows of a batch, personal fields sealed: CPU work done while the previous batch is written. */
  private prepareBatch(scope: Scope, batch: CustomerRecord[]): { columns: [string, string][]; rows: Record<string, ArrayElement>[] } {
    const now = this.clock.now();
    const has = (k: keyof CustomerRecord) => batch[0]![k] !== undefined;
    const columns: [string, string][] = [
      ['id', 'uuid'],
      ['workspace_id', 'uuid'],
      ['external_id', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
      ...PERSONAL_FIELDS.flatMap((f): [string, string][] =>
        has(f)
          ? [
              [`${f}_enc`, 'text'],
              [`${f}_masked`, 'text'],
            ]
          : [],
      ),
      ...(has('segment') ? [['segment', 'text'] as [string, string]] : []),
      ...(has('manager') ? [['manager', 'text'] as [string, string]] : []),
      ...(has('products') ? [['products', 'jsonb'] as [string, string]] : []),
      ...(has('optOuts') ? [['opt_outs', 'jsonb'] as [string, string]] : []),
    ];
    const rows = batch.map((r) => {
      const v: Record<string, ArrayElement> = { id: crypto.randomUUID(), workspace_id: scope.workspaceId, external_id: r.externalId, created_at: now, updated_at: now };
      for (const f of PERSONAL_FIELDS) {
        if (r[f] === undefined) continue;
        const s = r[f] ? seal(this.keyring, scope.workspaceId, r.externalId, f, r[f]!) : null;
        v[`${f}_enc`] = s?.enc ?? null;
        v[`${f}_masked`] = s?.masked ?? null;
      }
      if (r.segment !== undefined) v.segment = r.segment;
      if (r.manager !== undefined) v.manager = r.manager;
      if (r.products !== undefined) v.products = JSON.stringify([...new Set(r.products)]);
      if (r.optOuts !== undefined) v.opt_outs = JSON.stringify([...new Set(r.optOuts)]);
      return v;
    });
    return { columns, rows };
  }

  /** One statement per batch: one array parameter per column (unnest), upserted by external id. */
  private async writeBatch(prepared: { columns: [string, string][]; rows: Record<string, ArrayElement>[] }): Promise<{ created: number; updated: number }> {
    const { columns, rows } = prepared;
    const updates = columns.filter(([c]) => c !== 'id' && c !== 'workspace_id' && c !== 'external_id' && c !== 'created_at').map(([c]) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
    const res = await sql<{ inserted: boolean }>`
      insert into customers ${columnList(columns)} ${unnestRows(columns, rows)}
      on conflict (workspace_id, external_id) do update set ${sql.join(updates)}
      returning (xmax = 0) as inserted`.execute(this.db);
    const created = res.rows.filter((r) => r.inserted).length;
    return { created, updated: res.rows.length - created };
  }
}
