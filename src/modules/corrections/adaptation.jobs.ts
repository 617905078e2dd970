/**
 * The adaptation's timed work, in a table: one row per workspace and kind (train, rescore). Scheduling
 * again moves the due time (a debounce: a burst of corrections leads to one training). Rows are claimed
 * with FOR UPDATE SKIP LOCKED and a lease, so several workers never take the same one.
 */
import type { Kysely } from 'kysely';
import type { CorrectionsTables } from './corrections.tables.js';

export type JobKind = 'train' | 'rescore';
export type Job = CorrectionsTables['adaptation_jobs'];

const LEASE_MS = 10 * 60_000;

export async function schedule(db: Kysely<CorrectionsTables>, workspaceId: string, kind: JobKind, dueAt: Date): Promise<void> {
  await db
    .insertInto('adaptation_jobs')
    .values({ workspace_id: workspaceId, kind, due_at: dueAt, claimed_until: null, attempts: 0, last_error: null })
    .onConflict((oc) => oc.columns(['workspace_id', 'kind']).doUpdateSet({ due_at: dueAt, attempts: 0 }))
    .execute();
}

/** The next due job not held by another worker, leased to this one. */
export function claim(db: Kysely<CorrectionsTables>, now: Date): Promise<Job | undefined> {
  return db.transaction().execute(async (trx) => {
    const next = await trx
      .selectFrom('adaptation_jobs')
      .selectAll()
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('due_at')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!next) return undefined;
    return trx
      .updateTable('adaptation_jobs')
      .set({ claimed_until: new Date(now.getTime() + LEASE_MS), attempts: next.attempts + 1 })
      .where('workspace_id', '=', next.workspace_id)
      .where('kind', '=', next.kind)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Done: the row goes, unless it was scheduled again meanwhile (then it is released to run again). */
export async function finish(db: Kysely<CorrectionsTables>, job: Job): Promise<void> {
  const gone = await db.deleteFrom('adaptation_jobs').where('workspace_id', '=', job.workspace_id).where('kind', '=', job.kind).where('due_at', '=', job.due_at).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) await release(db, job, null);
}

/** Failed: tried again later (1, 2, 4 … minutes, at most an hour), with the error kept. */
export async function fail(db: Kysely<CorrectionsTables>, job: Job, error: string, now: Date): Promise<void> {
  const wait = Math.min(60, 2 ** Math.max(0, job.attempts - 1)) * 60_000;
  await db
    .updateTable('adaptation_jobs')
    .set({ claimed_until: null, last_error: error.slice(0, 1000), due_at: new Date(now.getTime() + wait) })
    .where('workspace_id', '=', job.workspace_id)
    .where('kind', '=', job.kind)
    .execute();
}

async function release(db: Kysely<CorrectionsTables>, job: Job, error: string | null): Promise<void> {
  await db.updateTable('adaptation_jobs').set({ claimed_until: null, last_error: error }).where('workspace_id', '=', job.workspace_id).where('kind', '=', job.kind).execute();
}
