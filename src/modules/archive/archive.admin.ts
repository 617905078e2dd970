import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/log/log.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { on, type AnyDb } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { WorkspacesTables } from '../workspaces/index.js';
import type { ArchiveTables } from './archive.tables.js';
import { PACKAGE_FILES, preparePackageDir, tarPackage, writePackage, type ExportFilters, type Manifest } from './archive.export.js';
import type { ArchiveService } from './archive.service.js';
import { ExportJobs } from './archive.jobs.js';
import { AttachmentFiles } from './attachments.jobs.js';
import type { FetchLimits } from './attachments.fetch.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import type { ExportView, HoldView, RetentionView } from '../../contracts/archive.js';

export type { ExportView, HoldView, RetentionView };

export interface HoldInput {
  name: string;
  reason?: string;
  personId?: string;
  channel?: string;
  conversationId?: string;
  from?: string;
  to?: string;
}
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const presentHold = (h: ArchiveTables['archive_holds'], labels = new Map<string, string>()): HoldView => ({
  id: h.id,
  name: h.name,
  reason: h.reason,
  personId: h.author_id,
  personLabel: h.author_id ? (labels.get(h.author_id) ?? null) : null,
  channel: h.channel,
  conversationId: h.conversation_id,
  from: iso(h.from_at),
  to: iso(h.to_at),
  createdAt: iso(h.created_at)!,
  createdBy: h.created_by,
  releasedAt: iso(h.released_at),
});
const presentExport = (e: ArchiveTables['archive_exports']): ExportView => ({
  id: e.id,
  status: e.status,
  filters: e.filters as ExportView['filters'],
  attempts: e.attempts,
  createdAt: iso(e.created_at)!,
  finishedAt: iso(e.finished_at),
  versions: e.versions,
  bytes: e.bytes === null ? null : Number(e.bytes),
  head: e.head_seq === null ? null : { seq: Number(e.head_seq), hash: e.head_hash! },
  error: e.error,
});

function date(value: string | undefined, field: string): Date | null {
  if (value === undefined || value === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid('archive.bad_date', `${field} is not a date.`, field);
  return d;
}

/** Legal holds, retention and export packages of the archive (compliance). */
export class ArchiveAdmin {
  private readonly running = new Set<Promise<unknown>>();
  /** The export queue's worker side (the recurring job `archive.exports` runs `jobs.drain()`). */
  readonly jobs: ExportJobs;
  private readonly wake: (() => Promise<void>) | undefined;
  /** Where attachment files are held (the storage port); without it, attachments keep only their reference. */
  private readonly storage: BlobStorage | undefined;
  /** The worker side of attachment files (the recurring job `archive.attachments` runs `attachments.drain()`). */
  readonly attachments: AttachmentFiles | undefined;
  private readonly log: Pick<Logger, 'warn' | 'error'> | undefined;
  constructor(
    private readonly archive: ArchiveService,
    /** Where packages made through the API are written (one folder each). */
    private readonly exportsDir: string,
    opts: { wake?: () => Promise<void>; log?: Pick<Logger, 'warn' | 'error'>; heartbeatMs?: number; storage?: BlobStorage; fetch?: Partial<FetchLimits> } = {},
  ) {
    this.storage = opts.storage;
    if (opts.storage) this.attachments = new AttachmentFiles({ db: archive.db, clock: archive.clock, storage: opts.storage, ...(opts.fetch ? { limits: opts.fetch } : {}), ...(opts.log ? { log: opts.log } : {}) });
    this.wake = opts.wake;
    this.log = opts.log;
    this.jobs = new ExportJobs({ db: archive.db, clock: archive.clock, exportsDir, write: (ws, f, dir) => this.exportTo(ws, f, dir), ...(opts.log ? { log: opts.log } : {}), ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}) });
  }

  private get db() {
    return this.archive.db;
  }
  private now() {
    return this.archive.clock.now();
  }

  async listHolds(scope: Scope): Promise<HoldView[]> {
    assertCan(scope, 'archive.manage');
    const rows = await this.db.selectFrom('archive_holds').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').execute();
    const people = [...new Set(rows.map((r) => r.author_id).filter((a): a is string => !!a))];
    const labels = new Map<string, string>();
    if (people.length) {
      const found = await this.db
        .selectFrom('archive_versions')
        .select(['author_id', (eb) => eb.fn.max('author_label').as('label')])
        .where('workspace_id', '=', scope.workspaceId)
        .where('author_id', 'in', people)
        .groupBy('author_id')
        .execute();
      for (const f of found) if (f.author_id && f.label) labels.set(f.author_id, f.label);
    }
    return rows.map((r) => presentHold(r, labels));
  }

  async createHold(scope: Scope, input: HoldInput): Promise<HoldView> {
    assertCan(scope, 'archive.manage');
    const name = input.name.trim();
    if (!name) throw invalid('archive.hold_name', 'A hold needs a name.', 'name');
    const from = date(input.from, 'from');
    const to = date(input.to, 'to');
    if (from && to && from >= to) throw invalid('archive.bad_range', 'from must be before to.', 'to');
    if (!input.personId && !input.channel && !input.conversationId && !from && !to) throw invalid('archive.hold_scope', 'A hold names a person, a channel, a conversation or a date range.', 'personId');
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('archive_holds')
        .values({
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          name,
          reason: (input.reason ?? '').trim(),
          author_id: input.personId ?? null,
          channel: input.channel ?? null,
          conversation_id: input.conversationId ?? null,
          from_at: from,
          to_at: to,
          created_by: scope.actor.userId,
          created_at: this.now(),
          released_at: null,
          released_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = presentHold(row);
      await this.archive.audit(scope, 'archive.hold_created', 'archive_hold', row.id, view, trx);
      return view;
    });
  }

  async releaseHold(scope: Scope, id: string): Promise<HoldView> {
    assertCan(scope, 'archive.manage');
    return this.db.transaction().execute(async (trx) => {
      const row = UUID.test(id)
        ? await trx
            .updateTable('archive_holds')
            .set({ released_at: this.now(), released_by: scope.actor.userId })
            .where('workspace_id', '=', scope.workspaceId)
            .where('id', '=', id)
            .where('released_at', 'is', null)
            .returningAll()
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('archive.hold_not_found', 'No active hold with that id.');
      await this.archive.audit(scope, 'archive.hold_released', 'archive_hold', row.id, { name: row.name }, trx);
      return presentHold(row);
    });
  }

  async retention(scope: Scope): Promise<RetentionView[]> {
    assertCan(scope, 'archive.manage');
    const rows = await this.db.selectFrom('archive_retention').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('channel').execute();
    return rows.map((r) => ({ channel: r.channel, days: r.days, updatedAt: iso(r.updated_at)! }));
  }

  /** Sets (days) or removes (null: keep for ever) the retention of a channel, or of every channel ('*'). */
  async setRetention(scope: Scope, channel: string, days: number | null): Promise<RetentionView[]> {
    assertCan(scope, 'archive.manage');
    if (!/^(\*|[a-z0-9_-]{1,40})$/.test(channel)) throw invalid('archive.bad_channel', 'channel is a channel type or "*".', 'channel');
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 36_500)) throw invalid('archive.bad_days', 'days is a whole number from 1 to 36500.', 'days');
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('archive_retention').select('days').where('workspace_id', '=', scope.workspaceId).where('channel', '=', channel).executeTakeFirst();
      if (days === null) await trx.deleteFrom('archive_retention').where('workspace_id', '=', scope.workspaceId).where('channel', '=', channel).execute();
      else
        await trx
          .insertInto('archive_retention')
          .values({ workspace_id: scope.workspaceId, channel, days, updated_at: this.now(), updated_by: scope.actor.userId })
          .onConflict((oc) => oc.columns(['workspace_id', 'channel']).doUpdateSet({ days, updated_at: this.now(), updated_by: scope.actor.userId }))
          .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'archive.retention_set', targetType: 'archive_retention', targetId: channel, before: before ?? null, after: { days }, at: this.now() });
    });
    return this.retention(scope);
  }

  async purges(scope: Scope, limit = 50): Promise<Array<{ id: string; at: string; removed: number; held: number; seqs: string }>> {
    assertCan(scope, 'archive.manage');
    const rows = await this.db.selectFrom('archive_purges').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, at: iso(r.at)!, removed: r.removed, held: r.held, seqs: r.seqs as string }));
  }

  /** Purges the workspace now (what the recurring job does), as the compliance member. */
  async purgeNow(scope: Scope): Promise<{ removed: number; held: number }> {
    assertCan(scope, 'archive.manage');
    return this.archive.purgeWorkspace(scope.workspaceId, scope.actor);
  }

  async listExports(scope: Scope): Promise<ExportView[]> {
    assertCan(scope, 'archive.manage');
    const rows = await this.db.selectFrom('archive_exports').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').limit(100).execute();
    return rows.map(presentExport);
  }

  async getExport(scope: Scope, id: string): Promise<ExportView> {
    assertCan(scope, 'archive.manage');
    const row = UUID.test(id) ? await this.db.selectFrom('archive_exports').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('archive.export_not_found', 'No such export.');
    return presentExport(row);
  }

  /**
   * Queues an export package (a worker writes it: archive.jobs.ts; poll `getExport`). With `customerId`,
   * the customer must exist (404 otherwise); their identities are resolved when the worker writes it.
   */
  async createExport(scope: Scope, input: { from?: string; to?: string; personId?: string; customerId?: string }): Promise<ExportView> {
    assertCan(scope, 'archive.manage');
    const from = date(input.from, 'from');
    const to = date(input.to, 'to');
    if (from && to && from >= to) throw invalid('archive.bad_range', 'from must be before to.', 'to');
    if (input.customerId) {
      if (!UUID.test(input.customerId)) throw notFound('archive.customer_not_found', 'No such customer in this workspace.');
      await this.archive.identitiesOf(scope.workspaceId, input.customerId);
    }
    const id = crypto.randomUUID();
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('archive_exports')
        .values({
          id,
          workspace_id: scope.workspaceId,
          status: 'queued',
          filters: jsonParam({ from: iso(from), to: iso(to), personId: input.personId ?? null, customerId: input.customerId ?? null }),
          created_by: scope.actor.userId,
          created_at: this.now(),
          finished_at: null,
          versions: null,
          bytes: null,
          head_seq: null,
          head_hash: null,
          error: null,
          attempts: 0,
          claimed_until: null,
          started_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.archive.audit(scope, 'archive.export_started', 'archive_export', id, r.filters, trx);
      return r;
    });
    await this.kick();
    return presentExport(row);
  }

  /**
   * Asks a worker to take queued exports now: the composition root passes the bus job; without one (tests,
   * single process) this process drains the queue in the background.
   */
  private async kick(): Promise<void> {
    if (!this.wake) return this.work();
    // The row is queued either way: if the bus cannot take the wake-up now, the recurring job (every
    // minute) finds the export.
    await this.wake().catch((err: unknown) => this.log?.warn({ err }, 'archive export queued; the workers will find it on their next round'));
  }

  /**
   * The worker side (the recurring job `archive.exports` and its wake-ups): starts draining the queue in
   * the background unless this process already is, and returns at once, so a long package never holds the
   * job consumer (other jobs keep running) nor outlives its bus delivery.
   */
  work(): void {
    if (this.running.size) {
      // A drain is under way; it may already have looked for the last time: go round once more after it.
      this.again = true;
      return;
    }
    this.again = false;
    const job = this.jobs
      .drain()
      .catch((err: unknown) => this.log?.error({ err }, 'archive exports: the queue could not be worked (the next round tries again)'))
      .finally(() => {
        this.running.delete(job);
        if (this.again) this.work();
      });
    this.running.add(job);
  }
  private again = false;

  /** Exports this process is writing (tests and shutdown wait for them). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /**
   * Writes a package of one workspace to `dir` (new or empty) from one consistent snapshot. Used by the
   * export jobs and by `sotong archive export` (which audits it itself). A customer's identities are read
   * first (outside the snapshot's transaction: on the embedded store, one connection).
   */
  async exportTo(workspaceId: string, filters: ExportFilters, dir: string): Promise<Manifest> {
    const f: ExportFilters = filters.customerId && !filters.identities ? { ...filters, identities: await this.archive.identitiesOf(workspaceId, filters.customerId) } : filters;
    const out = preparePackageDir(dir);
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx: AnyDb) => {
        const ws = await on<WorkspacesTables>(trx).selectFrom('workspaces').select(['id', 'slug', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
        return writePackage(trx, this.archive.keyring, ws, f, out, this.now(), this.storage);
      });
  }

  /** Writes a package to a folder of the caller's choosing (the CLI), audited. */
  async exportPackage(scope: Scope, filters: ExportFilters, dir: string): Promise<Manifest> {
    assertCan(scope, 'archive.manage');
    const manifest = await this.exportTo(scope.workspaceId, filters, dir);
    await this.archive.audit(scope, 'archive.exported', 'archive_package', null, { dir: path.resolve(dir), versions: manifest.counts.versions, head: manifest.anchors.head, filters: manifest.filters });
    return manifest;
  }

  /** The package of a finished export as a tar stream (its files under `sotong-archive-<id>/`). */
  async download(scope: Scope, id: string): Promise<{ name: string; stream: AsyncGenerator<Buffer> }> {
    const e = await this.getExport(scope, id);
    if (e.status !== 'done') throw conflict('archive.export_not_ready', 'This export is not finished.');
    const dir = path.join(this.exportsDir, e.id);
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw notFound('archive.export_gone', 'The files of this export are no longer on this server.');
    await this.archive.audit(scope, 'archive.export_downloaded', 'archive_export', e.id, {});
    const prefix = `sotong-archive-${e.id}`;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const names = manifest.files.map((f) => f.path).filter((p) => (PACKAGE_FILES as readonly string[]).includes(p) || /^attachments\/[0-9a-f]{64}$/.test(p));
    return { name: `${prefix}.tar`, stream: tarPackage(dir, ['manifest.json', ...names], prefix) };
  }
}
