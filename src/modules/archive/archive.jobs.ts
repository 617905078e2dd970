/**
 * Archive exports as timed work. The web role only queues a row in `archive_exports`; a worker claims the
 * oldest open row with FOR UPDATE SKIP LOCKED and a lease (renewed while it writes), so two workers never
 * write one package. A worker that dies mid-export (killed, machine lost) stops renewing: once the lease
 * lapses the next claim starts that package again from an empty folder (a package is one snapshot, so it
 * is rewritten whole rather than resumed). After MAX_ATTEMPTS starts the export is failed with the
 * reason. A failure inside the export (store down, disk full) fails it at once with the error. So an
 * export is never left `running` without a live worker behind it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import { appendAudit } from '../audit/index.js';
import type { ArchiveTables } from './archive.tables.js';
import type { ExportFilters, Manifest } from './archive.export.js';

export const EXPORT_JOB = 'archive.exports';
export const EXPORT_LEASE_MS = 2 * 60_000;
export const EXPORT_HEARTBEAT_MS = 20_000;
export const EXPORT_MAX_ATTEMPTS = 3;

type ExportRow = ArchiveTables['archive_exports'];

/** The filters stored on the row (JSON) as the export's filters. */
export function filtersOfRow(row: ExportRow): ExportFilters {
  const f = (row.filters ?? {}) as { from?: string | null; to?: string | null; personId?: string | null; customerId?: string | null };
  return {
    ...(f.from ? { from: new Date(f.from) } : {}),
    ...(f.to ? { to: new Date(f.to) } : {}),
    ...(f.personId ? { personId: f.personId } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
  };
}

export interface ExportJobDeps {
  db: Kysely<ArchiveTables>;
  clock: Clock;
  exportsDir: string;
  /** Writes the package of one workspace into an empty folder (ArchiveAdmin.exportTo). */
  write(workspaceId: string, filters: ExportFilters, dir: string): Promise<Manifest>;
  log?: Pick<Logger, 'warn' | 'error'>;
  /** How often the lease is renewed while writing (tests shorten it). */
  heartbeatMs?: number;
}

export class ExportJobs {
  constructor(private readonly d: ExportJobDeps) {}

  /** Works open exports one at a time until none is left that this worker may take; returns how many ended. */
  async drain(): Promise<number> {
    let ended = 0;
    for (;;) {
      const row = await this.claim();
      if (!row) return ended;
      ended++;
      if (row.status === 'failed') continue;
      await this.work(row);
    }
  }

  /**
   * The oldest queued export, or a running one whose worker's lease lapsed, leased to this worker; one that
   * lapsed too often is failed here (and returned failed, so the caller moves on).
   */
  claim(): Promise<ExportRow | undefined> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('archive_exports')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('claimed_until', '<', now)])]))
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;
      if (next.status === 'running' && next.attempts >= EXPORT_MAX_ATTEMPTS) {
        const error = `abandoned: the worker writing it stopped before it finished, ${next.attempts} times; start a new export`;
        const failed = await trx.updateTable('archive_exports').set({ status: 'failed', finished_at: now, claimed_until: null, error }).where('id', '=', next.id).returningAll().executeTakeFirstOrThrow();
        await appendAudit(trx, { workspaceId: next.workspace_id, actor: systemActor, action: 'archive.export_failed', targetType: 'archive_export', targetId: next.id, after: { error }, at: now });
        return failed;
      }
      if (next.status === 'running') this.d.log?.warn({ export: next.id, attempts: next.attempts }, 'archive export abandoned by its worker; starting it again');
      return trx
        .updateTable('archive_exports')
        .set({ status: 'running', attempts: next.attempts + 1, claimed_until: new Date(now.getTime() + EXPORT_LEASE_MS), started_at: now, error: null })
        .where('id', '=', next.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** Writes a claimed export to its end state (done, or failed with the error); never throws. */
  async work(row: ExportRow): Promise<void> {
    const dir = path.join(this.d.exportsDir, row.id);
    // Every update below names this attempt: a worker whose lease lapsed and was taken over writes nothing.
    const heartbeat = setInterval(() => {
      this.d.db
        .updateTable('archive_exports')
        .set({ claimed_until: new Date(this.d.clock.now().getTime() + EXPORT_LEASE_MS) })
        .where('id', '=', row.id)
        .where('status', '=', 'running')
        .where('attempts', '=', row.attempts)
        .execute()
        .catch((err: unknown) => this.d.log?.warn({ err, export: row.id }, 'archive export: lease not renewed'));
    }, this.d.heartbeatMs ?? EXPORT_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      // Whatever an earlier, dead attempt left in the folder goes: the package is written whole again.
      fs.rmSync(dir, { recursive: true, force: true });
      const manifest = await this.d.write(row.workspace_id, filtersOfRow(row), dir);
      const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
      await this.d.db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('archive_exports')
          .set({ status: 'done', finished_at: this.d.clock.now(), claimed_until: null, versions: manifest.counts.versions, bytes, head_seq: manifest.anchors.head.seq, head_hash: manifest.anchors.head.hash })
          .where('id', '=', row.id)
          .where('status', '=', 'running')
          .where('attempts', '=', row.attempts)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return; // another worker took it over after this one's lease lapsed
        const actor: Actor = row.created_by ? { userId: row.created_by, label: 'archive.exports job' } : systemActor;
        await appendAudit(trx, {
          workspaceId: row.workspace_id,
          actor,
          action: 'archive.exported',
          targetType: 'archive_export',
          targetId: row.id,
          after: { versions: manifest.counts.versions, head: manifest.anchors.head, attempts: row.attempts },
          at: this.d.clock.now(),
        });
      });
    } catch (err) {
      this.d.log?.error({ err, export: row.id }, 'archive export failed');
      await this.d.db
        .updateTable('archive_exports')
        .set({ status: 'failed', finished_at: this.d.clock.now(), claimed_until: null, error: (err as Error).message.slice(0, 500) })
        .where('id', '=', row.id)
        .where('status', '=', 'running')
        .where('attempts', '=', row.attempts)
        .execute()
        .catch((e: unknown) => this.d.log?.error({ err: e, export: row.id }, 'archive export: could not record the failure (the lease will lapse)'));
    } finally {
      clearInterval(heartbeat);
    }
  }
}
