/**
 * Backfill: applies a query to the items already stored in a period, newest first, in chunks, with
 * progress on a job row. Candidates are prefiltered in SQL (toSqlFilter) and go through the same
 * reconcile step as live items. A worker takes one job at a time (SKIP LOCKED), works it for a time
 * budget and requeues the rest, so many jobs and workers share fairly.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { JOB_SUBJECT } from '../../platform/scheduler/scheduler.js';
import { toSqlFilter } from './domain/matcher.js';
import { loadItems, mentionedHandles, reconcile } from './matching.js';
import { prefilterSql } from './prefilter.js';
import type { CompiledQueries } from './query-compile.js';
import { iso, type BackfillRow, type ListeningDb, type QueryRow } from './listening.tables.js';
import type { BackfillView } from '../../contracts/listening.js';

export type { BackfillView };

export const BACKFILL_JOB = 'listening.backfill';
const CHUNK = 400;
const BUDGET_MS = 15_000;
const STALE_MS = 2 * 60_000;
const WORKER = `${os.hostname()}:${process.pid}`;

export class BackfillRunner {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly compiled: CompiledQueries,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  present(r: BackfillRow): BackfillView {
    const total = r.total === null ? null : Number(r.total);
    return {
      id: r.id,
      queryId: r.query_id,
      status: r.status,
      from: iso(r.range_from)!,
      to: iso(r.range_to)!,
      total,
      processed: Number(r.processed),
      matched: Number(r.matched),
      progress: r.status === 'done' ? 1 : total ? Math.min(1, Number(r.processed) / total) : 0,
      error: r.error,
      createdAt: iso(r.created_at)!,
      startedAt: iso(r.started_at),
      finishedAt: iso(r.finished_at),
    };
  }

  async enqueue(trx: Kysely<ListeningDb>, q: QueryRow, from: Date, to: Date, by: string | null): Promise<BackfillRow> {
    const row: BackfillRow = {
      id: crypto.randomUUID(),
      workspace_id: q.workspace_id,
      query_id: q.id,
      revision: q.revision,
      status: 'queued',
      range_from: from,
      range_to: to,
      total: null,
      processed: 0,
      matched: 0,
      cursor_at: null,
      cursor_id: null,
      worker: null,
      heartbeat_at: null,
      error: null,
      requested_by: by,
      created_at: this.clock.now(),
      started_at: null,
      finished_at: null,
    };
    await trx.insertInto('listening_backfills').values(row).execute();
    return row;
  }

  /** Asks a worker to start now (the recurring job would pick it up within seconds anyway). */
  kick(reason: string): void {
    this.bus.publish(JOB_SUBJECT, { name: BACKFILL_JOB }, { id: `${BACKFILL_JOB}@${reason}:${Date.now()}` }).catch((err) => this.log.warn({ err }, 'backfill kick failed'));
  }

  private async claim(): Promise<BackfillRow | undefined> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('listening_backfills')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', new Date(now.getTime() - STALE_MS))])]))
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return undefined;
      return trx
        .updateTable('listening_backfills')
        .set({ status: 'running', worker: WORKER, heartbeat_at: now, started_at: row.started_at ?? now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** Works queued jobs for about the budget; returns how many chunks were processed. */
  async drain(budgetMs = BUDGET_MS): Promise<number> {
    const until = Date.now() + budgetMs;
    let chunks = 0;
    while (Date.now() < until) {
      const job = await this.claim();
      if (!job) break;
      let state: 'more' | 'finished' = 'more';
      try {
        while (state === 'more' && Date.now() < until) {
          state = await this.step(job);
          chunks++;
        }
      } catch (err) {
        this.log.error({ err, backfill: job.id }, 'backfill failed');
        await this.db
          .updateTable('listening_backfills')
          .set({ status: 'failed', error: (err as Error).message.slice(0, 1000), finished_at: this.clock.now() })
          .where('id', '=', job.id)
          .execute();
        continue;
      }
      if (state === 'more') {
        await this.db.updateTable('listening_backfills').set({ status: 'queued', worker: null }).where('id', '=', job.id).where('status', '=', 'running').execute();
        this.kick(job.id);
        break;
      }
    }
    return chunks;
  }

  /** One chunk of one job (the job row is refreshed from the database first). */
  private async step(claimed: BackfillRow): Promise<'more' | 'finished'> {
    const job = await this.db.selectFrom('listening_backfills').selectAll().where('id', '=', claimed.id).executeTakeFirstOrThrow();
    if (job.status !== 'running') return 'finished';
    const q = await this.db.selectFrom('listening_queries').selectAll().where('id', '=', job.query_id).executeTakeFirst();
    const compiled = q ? this.compiled.get(q) : null;
    const now = this.clock.now();
    if (!q || q.revision !== job.revision || !compiled) {
      await this.db.updateTable('listening_backfills').set({ status: 'cancelled', finished_at: now, error: 'the query changed or was deleted' }).where('id', '=', job.id).execute();
      return 'finished';
    }
    const filter = prefilterSql(toSqlFilter(compiled.ast));
    const base = this.db
      .selectFrom('items as i')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .where('i.workspace_id', '=', job.workspace_id)
      .where('i.created_at', '>=', job.range_from)
      .where('i.created_at', '<', job.range_to)
      .where('i.deleted_at', 'is', null)
      .where('i.direction', '=', 'inbound')
      .where(filter);
    if (job.total === null) {
      const { n } = await base.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
      await this.db
        .updateTable('listening_backfills')
        .set({ total: Number(n) })
        .where('id', '=', job.id)
        .execute();
    }
    let page = base.select(['i.id', 'i.created_at']);
    if (job.cursor_at && job.cursor_id) {
      const at = job.cursor_at;
      const id = job.cursor_id;
      page = page.where((eb) => eb.or([eb('i.created_at', '<', at), eb.and([eb('i.created_at', '=', at), eb('i.id', '<', id)])]));
    }
    const ids = await page.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(CHUNK).execute();
    if (ids.length === 0) {
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('listening_backfills').set({ status: 'done', finished_at: now, heartbeat_at: now }).where('id', '=', job.id).execute();
        await trx
          .updateTable('listening_queries')
          .set({ history_from: sql`least(history_from, ${job.range_from})` })
          .where('id', '=', q.id)
          .where('revision', '=', job.revision)
          .execute();
      });
      return 'finished';
    }
    const last = ids[ids.length - 1]!;
    await this.db.transaction().execute(async (trx) => {
      const live = await trx.selectFrom('listening_queries').select('revision').where('id', '=', q.id).forShare().executeTakeFirst();
      if (live?.revision !== job.revision) return;
      const itemIds = ids.map((r) => r.id);
      const items = await loadItems(trx, itemIds);
      const existing = await trx.selectFrom('query_matches').selectAll().where('query_id', '=', q.id).where('item_id', 'in', itemIds).execute();
      const reach = await repostReach(
        trx,
        items.map((i) => ({ account_id: i.account_id, native_id: i.native_id, id: i.id })),
      );
      const res = await reconcile(trx, items, [{ id: q.id, predicate: compiled.predicate }], existing, await mentionedHandles(trx, itemIds), reach);
      await trx
        .updateTable('listening_backfills')
        .set({ processed: sql`processed + ${ids.length}`, matched: sql`matched + ${res.added}`, cursor_at: last.created_at, cursor_id: last.id, heartbeat_at: this.clock.now() })
        .where('id', '=', job.id)
        .execute();
    });
    return 'more';
  }
}

/** Reposts and quotes already stored for these items: count and the followers they add to the reach. */
async function repostReach(trx: Kysely<ListeningDb>, items: Array<{ id: string; account_id: string; native_id: string }>): Promise<Map<string, { reposts: number; reach: number }>> {
  const out = new Map<string, { reposts: number; reach: number }>();
  if (items.length === 0) return out;
  const accounts = [...new Set(items.map((i) => i.account_id))];
  const rows = await trx
    .selectFrom('items as r')
    .leftJoin('authors as ra', 'ra.id', 'r.author_id')
    .select(['r.account_id', 'r.parent_native_id', sql<number>`count(*)::int8`.as('n'), sql<number>`coalesce(sum(greatest(ra.followers, 0)), 0)::int8`.as('f')])
    .where('r.account_id', 'in', accounts)
    .where(
      'r.parent_native_id',
      'in',
      items.map((i) => i.native_id),
    )
    .where('r.kind', 'in', ['repost', 'quote'])
    .where('r.deleted_at', 'is', null)
    .groupBy(['r.account_id', 'r.parent_native_id'])
    .execute();
  const byKey = new Map(rows.map((r) => [`${r.account_id}|${r.parent_native_id}`, r]));
  for (const i of items) {
    const r = byKey.get(`${i.account_id}|${i.native_id}`);
    if (r) out.set(i.id, { reposts: Number(r.n), reach: Number(r.f) });
  }
  return out;
}
