/**
 * Attachment files of archived versions as timed work. Appending a version queues one row in
 * `archive_attachment_files` per attachment with an http(s) URL; a worker claims due rows with FOR UPDATE
 * SKIP LOCKED under a lease, fetches the file (attachments.fetch.ts: SSRF guard, size and time limits),
 * stores the bytes through the storage port under `archive/<workspace>/<seq>/<index>` and writes their
 * SHA-256 and size once. A failure that may pass (server error, timeout) is retried with backoff; after
 * MAX_ATTEMPTS, or at once for a refusal (non-public address, too large, not http), the row is `failed`
 * with the reason: the attachment is then not held. The same worker removes the held bytes of purged
 * versions (marked by the purge, in its transaction) and records when.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import type { ArchiveTables } from './archive.tables.js';
import { DEFAULT_FETCH_LIMITS, fetchAttachment, FetchRefused, type FetchLimits } from './attachments.fetch.js';
import type { Attachment } from './chain.js';

export const ATTACHMENTS_JOB = 'archive.attachments';
export const FETCH_LEASE_MS = 2 * 60_000;
export const FETCH_MAX_ATTEMPTS = 4;
/** Waits before the 2nd, 3rd, 4th attempt. */
export const FETCH_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000] as const;

type FileRow = ArchiveTables['archive_attachment_files'];

/** The queue rows of newly appended versions' attachments that have a fetchable URL. */
export function attachmentRows(workspaceId: string, seq: number, attachments: Attachment[], now: Date): FileRow[] {
  const rows: FileRow[] = [];
  for (const [idx, a] of attachments.entries()) {
    if (typeof a.url !== 'string' || !/^https?:\/\//i.test(a.url) || a.url.length > 4000) continue;
    rows.push({
      workspace_id: workspaceId,
      seq,
      idx,
      ref: a.ref,
      url: a.url,
      status: 'pending',
      attempts: 0,
      next_at: now,
      claimed_until: null,
      sha256: null,
      bytes: null,
      content_type: null,
      storage_key: null,
      fetched_at: null,
      error: null,
      purged_at: null,
      purge_id: null,
      removed_at: null,
    });
  }
  return rows;
}

export const storageKeyOf = (workspaceId: string, seq: number, idx: number) => `archive/${workspaceId}/${seq}/${idx}`;

export interface AttachmentJobDeps {
  db: Kysely<ArchiveTables>;
  clock: Clock;
  storage: BlobStorage;
  limits?: Partial<FetchLimits>;
  log?: Pick<Logger, 'warn' | 'error'>;
}

export class AttachmentFiles {
  private readonly limits: FetchLimits;
  constructor(private readonly d: AttachmentJobDeps) {
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...d.limits };
  }

  /** Fetches every due file, then removes the files of purged versions; returns how many rows it ended or retried. */
  async drain(): Promise<{ fetched: number; removed: number }> {
    let fetched = 0;
    for (;;) {
      const row = await this.claim();
      if (!row) break;
      fetched++;
      await this.work(row);
    }
    return { fetched, removed: await this.sweep() };
  }

  /** The oldest due pending row (or one whose worker's lease lapsed), leased to this worker. */
  claim(): Promise<FileRow | undefined> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('archive_attachment_files')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('next_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;
      return trx
        .updateTable('archive_attachment_files')
        .set({ attempts: next.attempts + 1, claimed_until: new Date(now.getTime() + FETCH_LEASE_MS) })
        .where('workspace_id', '=', next.workspace_id)
        .where('seq', '=', next.seq)
        .where('idx', '=', next.idx)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** Fetches and stores one claimed file, or records why not (retry later, or failed); never throws. */
  async work(row: FileRow): Promise<void> {
    // Every update names this attempt: a worker whose lease lapsed and was taken over writes nothing.
    const mine = (values: Partial<FileRow>) => this.update(row).set(values).where('status', '=', 'pending').where('attempts', '=', row.attempts);
    try {
      const got = await fetchAttachment(row.url, this.limits);
      const sha256 = crypto.createHash('sha256').update(got.bytes).digest('hex');
      const key = storageKeyOf(row.workspace_id, Number(row.seq), row.idx);
      const stored = await this.d.storage.put(key, got.bytes);
      if (stored.sha256 !== sha256) throw new FetchRefused('the storage kept other bytes than were fetched', true);
      await mine({ status: 'held', sha256, bytes: got.bytes.length, content_type: got.contentType, storage_key: key, fetched_at: this.d.clock.now(), claimed_until: null, error: null }).execute();
    } catch (err) {
      const retry = err instanceof FetchRefused ? err.retry : true;
      const reason = (err as Error).message.slice(0, 500);
      const now = this.d.clock.now();
      if (retry && row.attempts < FETCH_MAX_ATTEMPTS) {
        const wait = FETCH_BACKOFF_MS[row.attempts - 1] ?? 30 * 60_000;
        await mine({ next_at: new Date(now.getTime() + wait), claimed_until: null, error: reason }).execute();
      } else {
        const error = retry ? `failed after ${row.attempts} attempts: ${reason}` : reason;
        await mine({ status: 'failed', claimed_until: null, error, fetched_at: now }).execute();
      }
    }
  }

  private update(row: FileRow) {
    return this.d.db.updateTable('archive_attachment_files').where('workspace_id', '=', row.workspace_id).where('seq', '=', row.seq).where('idx', '=', row.idx);
  }

  /** Removes from the storage the held files of versions a purge emptied, and records when. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      const rows = await this.d.db.selectFrom('archive_attachment_files').selectAll().where('status', '=', 'purged').where('removed_at', 'is', null).orderBy('purged_at').limit(200).execute();
      if (!rows.length) return removed;
      for (const r of rows) {
        if (r.storage_key) await this.d.storage.delete(r.storage_key);
        await this.update(r).set({ removed_at: this.d.clock.now() }).execute();
        removed++;
      }
    }
  }
}
