/**
 * The module's side of sending (the publish flow drives it): due variants claimed with FOR UPDATE SKIP
 * LOCKED under a lease, the idempotency record written before the channel is called, the outcome recorded
 * and audited, events announced; late approvals escalated and posts that missed their slot told to their
 * owner; crisis pauses and the one-click stop-all.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { tables } from '../../platform/db/store.js';
import { conflict } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { appendAudit, appendAuditMany } from '../audit/index.js';
import { arrayLiteral } from '../../platform/db/unnest.js';
import { runDeadlines } from './deadlines.js';
import { anyId, claimAhead, claimDue, confirmStaged, type BeginResult, type DueVariant } from './claims.js';

export { idempotencyKeyOf, type BeginResult, type DueVariant } from './claims.js';
import { loadPost, unstage, type Db } from './posts.store.js';
import type { PublishingDeps } from './posts.service.js';
import { POST_FAILED, POST_PUBLISHED, POST_PUBLISHED_BATCH, type PostFailedEvent, type PostPublishedBatch, type PostPublishedEvent } from './publishing.events.js';
import type { PublishingTables, VariantRow } from './publishing.tables.js';

const SENDER: Actor = { ...systemActor, label: 'system:publisher' };

export class DeliveryService {
  private readonly db: Kysely<PublishingTables>;
  constructor(private readonly d: PublishingDeps) {
    this.db = tables<PublishingTables>(d.store);
  }

  /** Claims due variants (and those whose claim lapsed) for `leaseMs`; several workers never share one. */
  claimDue(limit = 50, leaseMs = 60_000): Promise<DueVariant[]> {
    return claimDue(this.db, this.d.clock.now(), limit, leaseMs);
  }

  /** Claims variants due within the next `aheadMs`, staged (claims.ts). */
  claimAhead(limit: number, aheadMs: number, leaseMs = 60_000): Promise<DueVariant[]> {
    return claimAhead(this.db, this.d.clock.now(), limit, aheadMs, leaseMs);
  }

  /** At the slot: the staged variants still staged become plain claims; the ones that may be called. */
  confirmStaged(ids: string[]): Promise<Set<string>> {
    return confirmStaged(this.db, this.d.clock.now(), ids);
  }

  /** Staged variants that will not be called after all (the worker stops): back on the schedule, their records dropped. */
  async releaseStaged(ids: string[]): Promise<number> {
    return (await this.db.transaction().execute((trx) => unstage(trx, { ids }))).length;
  }

  /** Staged variants held back at their slot by a crisis: paused, records dropped, each audited. */
  async pauseStaged(vs: DueVariant[], reason: string): Promise<void> {
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const paused = new Set(await unstage(trx, { ids: vs.map((v) => v.variantId) }, { status: 'paused', error: reason }));
      await appendAuditMany(
        trx,
        vs
          .filter((v) => paused.has(v.variantId))
          .map((v) => ({ workspaceId: v.workspaceId, actor: SENDER, action: 'publishing.paused', targetType: 'publishing_variant', targetId: v.variantId, after: { postId: v.postId, reason }, at: now })),
      );
    });
  }

  /** Writes the idempotency record before the call; a record already there means an earlier call may have gone out. */
  async begin(v: DueVariant): Promise<BeginResult> {
    const now = this.d.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('publishing_sends')
        .values({ variant_id: v.variantId, workspace_id: v.workspaceId, idempotency_key: v.idempotencyKey, started_at: now, calls: 1, finished_at: null, native_id: null, url: null })
        .onConflict((oc) => oc.column('variant_id').doNothing())
        .returning('variant_id')
        .executeTakeFirst();
      if (inserted) {
        await appendAudit(trx, {
          workspaceId: v.workspaceId,
          actor: SENDER,
          action: 'publishing.send_started',
          targetType: 'publishing_variant',
          targetId: v.variantId,
          after: { postId: v.postId, target: v.target, idempotencyKey: v.idempotencyKey, attempt: v.attempts },
          at: now,
        });
        return { kind: 'fresh' as const };
      }
      const rec = await trx.selectFrom('publishing_sends').selectAll().where('variant_id', '=', v.variantId).forUpdate().executeTakeFirstOrThrow();
      if (rec.finished_at && rec.native_id) return { kind: 'done' as const, nativeId: rec.native_id, url: rec.url };
      return { kind: 'reconcile' as const, calls: rec.calls };
    });
  }

  /** `begin` for a whole claimed batch in one transaction (the records are committed before any call). */
  async beginMany(vs: DueVariant[]): Promise<Map<string, BeginResult>> {
    const out = new Map<string, BeginResult>();
    if (!vs.length) return out;
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('publishing_sends')
        .values(vs.map((v) => ({ variant_id: v.variantId, workspace_id: v.workspaceId, idempotency_key: v.idempotencyKey, started_at: now, calls: 1, finished_at: null, native_id: null, url: null })))
        .onConflict((oc) => oc.column('variant_id').doNothing())
        .returning('variant_id')
        .execute();
      const fresh = new Set(inserted.map((r) => r.variant_id));
      const old = vs.filter((v) => !fresh.has(v.variantId));
      const records = old.length
        ? await trx
            .selectFrom('publishing_sends')
            .selectAll()
            .where(
              'variant_id',
              'in',
              old.map((v) => v.variantId),
            )
            .execute()
        : [];
      for (const r of records) out.set(r.variant_id, r.finished_at && r.native_id ? { kind: 'done', nativeId: r.native_id, url: r.url } : { kind: 'reconcile', calls: r.calls });
      for (const v of vs) if (fresh.has(v.variantId)) out.set(v.variantId, { kind: 'fresh' });
      await appendAuditMany(
        trx,
        vs
          .filter((v) => fresh.has(v.variantId))
          .map((v) => ({
            workspaceId: v.workspaceId,
            actor: SENDER,
            action: 'publishing.send_started',
            targetType: 'publishing_variant',
            targetId: v.variantId,
            after: { postId: v.postId, target: v.target, idempotencyKey: v.idempotencyKey, attempt: v.attempts },
            at: now,
          })),
      );
    });
    return out;
  }

  /** Reconciliation found nothing at the channel: the next call is recorded before it is made. */
  async recall(v: DueVariant): Promise<void> {
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('publishing_sends').set({ calls: sql`calls + 1`, started_at: now }).where('variant_id', '=', v.variantId).execute();
      await appendAudit(trx, {
        workspaceId: v.workspaceId,
        actor: SENDER,
        action: 'publishing.send_retried',
        targetType: 'publishing_variant',
        targetId: v.variantId,
        after: { postId: v.postId, reconciled: 'not_found', attempt: v.attempts },
        at: now,
      });
    });
  }

  async published(v: DueVariant, result: { nativeId: string; url?: string | null }, how: 'sent' | 'reconciled'): Promise<void> {
    await this.publishedMany([{ v, result, how }]);
  }

  /** Records a batch of sends in one transaction (set-wise); each variant audited, its post settled, each announced. */
  async publishedMany(list: Array<{ v: DueVariant; result: { nativeId: string; url?: string | null }; how: 'sent' | 'reconciled' }>): Promise<void> {
    if (!list.length) return;
    const now = this.d.clock.now();
    const ids = list.map((x) => x.v.variantId);
    const nids = list.map((x) => x.result.nativeId);
    const urls = list.map((x) => x.result.url ?? null);
    const announced = await this.db.transaction().execute(async (trx) => {
      await sql`update publishing_sends s set finished_at = ${now}, native_id = x.nid, url = x.url
        from unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(nids)}::text[], ${arrayLiteral(urls)}::text[]) as x(id, nid, url) where s.variant_id = x.id`.execute(trx);
      const done = await sql<{ id: string }>`update publishing_variants v set status = 'published', native_id = x.nid, url = x.url, published_at = ${now}, claim_until = null, error = null
        from unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(nids)}::text[], ${arrayLiteral(urls)}::text[]) as x(id, nid, url)
        where v.id = x.id and v.status in ('sending', 'scheduled', 'unknown') returning v.id`.execute(trx);
      const recorded = new Set(done.rows.map((r) => r.id));
      const mine = list.filter((x) => recorded.has(x.v.variantId));
      await appendAuditMany(
        trx,
        mine.map(({ v, result, how }) => ({
          workspaceId: v.workspaceId,
          actor: SENDER,
          action: 'publishing.published',
          targetType: 'publishing_variant',
          targetId: v.variantId,
          after: { postId: v.postId, target: v.target, nativeId: result.nativeId, url: result.url ?? null, how, lagMs: now.getTime() - Date.parse(v.dueAt) },
          at: now,
        })),
      );
      await this.settlePosts(trx, [...new Set(mine.map((x) => x.v.postId))], now);
      return mine.map(({ v, result }): PostPublishedEvent => ({ workspaceId: v.workspaceId, postId: v.postId, variantId: v.variantId, target: v.target, nativeId: result.nativeId, url: result.url ?? null }));
    });
    await this.announcePublished(announced);
  }

  /** One `post.published` per variant (at the same time) and one `post.published_batch` per workspace of the batch. */
  private async announcePublished(events: PostPublishedEvent[]): Promise<void> {
    const bus = this.d.bus;
    if (!bus || !events.length) return;
    const byWorkspace = new Map<string, PostPublishedEvent[]>();
    for (const e of events) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    const batches = [...byWorkspace].map(([workspaceId, posts]): PostPublishedBatch => ({ workspaceId, posts }));
    await Promise.all([...events.map((e) => bus.publish(POST_PUBLISHED, e).catch(() => undefined)), ...batches.map((b) => bus.publish(POST_PUBLISHED_BATCH, b).catch(() => undefined))]);
  }

  /** The variant does not go out (blocked, expired, refused); its owner is told. */
  async failed(v: DueVariant, reason: string, message: string, status: 'failed' | 'unknown' = 'failed'): Promise<void> {
    const now = this.d.clock.now();
    const owner = await this.db.transaction().execute(async (trx) => {
      const error = `${reason}: ${message}`.slice(0, 1000);
      // A staged variant was never called: its record goes with its claim.
      if (!(await unstage(trx, { ids: [v.variantId] }, { status, error })).length) await trx.updateTable('publishing_variants').set({ status, error, claim_until: null }).where('id', '=', v.variantId).execute();
      await appendAudit(trx, {
        workspaceId: v.workspaceId,
        actor: SENDER,
        action: status === 'unknown' ? 'publishing.send_uncertain' : 'publishing.send_failed',
        targetType: 'publishing_variant',
        targetId: v.variantId,
        after: { postId: v.postId, target: v.target, reason, message },
        at: now,
      });
      await this.settlePost(trx, v.postId, now);
      return (await trx.selectFrom('publishing_posts').select('owner_id').where('id', '=', v.postId).executeTakeFirst())?.owner_id ?? null;
    });
    const e: PostFailedEvent = { workspaceId: v.workspaceId, postId: v.postId, variantId: v.variantId, reason, message, ownerId: owner };
    await this.d.bus?.publish(POST_FAILED, e).catch(() => undefined);
  }

  /** A retryable failure: back to the schedule after `delayMs` (the record stays; the next try reconciles first). */
  async retryLater(v: DueVariant, delayMs: number, message: string, sentNothing = false): Promise<void> {
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      // The channel said no (a rate limit): nothing went out, so the next try need not reconcile.
      if (sentNothing) await trx.deleteFrom('publishing_sends').where('variant_id', '=', v.variantId).where('finished_at', 'is', null).execute();
      await unstage(trx, { ids: [v.variantId] });
      await trx
        .updateTable('publishing_variants')
        .set({ status: 'scheduled', due_at: new Date(now.getTime() + delayMs), claim_until: null, error: message.slice(0, 1000) })
        .where('id', '=', v.variantId)
        .where('status', '=', 'sending')
        .execute();
    });
  }

  /** Crisis mode: the variant waits (paused) until someone resumes it. */
  async pause(v: DueVariant, reason: string): Promise<void> {
    const now = this.d.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (!(await unstage(trx, { ids: [v.variantId] }, { status: 'paused', error: reason })).length)
        await trx.updateTable('publishing_variants').set({ status: 'paused', claim_until: null, error: reason }).where('id', '=', v.variantId).where('status', '=', 'sending').execute();
      await appendAudit(trx, { workspaceId: v.workspaceId, actor: SENDER, action: 'publishing.paused', targetType: 'publishing_variant', targetId: v.variantId, after: { postId: v.postId, reason }, at: now });
    });
  }

  /** One click: everything scheduled or paused in the workspace stops (and stays stopped until resumed). */
  async stopAll(scope: Scope, reason = ''): Promise<{ stopped: number }> {
    assertCan(scope, 'publishing.manage');
    const now = this.d.clock.now();
    return this.db.transaction().execute(async (trx) => {
      // Claimed ahead of their slot but not called: they stop too (their records go).
      await unstage(trx, { workspaceId: scope.workspaceId });
      const rows = await trx
        .updateTable('publishing_variants')
        .set({ status: 'stopped', claim_until: null, error: 'stopped' })
        .where('workspace_id', '=', scope.workspaceId)
        .where('status', 'in', ['scheduled', 'paused'])
        .returning('post_id')
        .execute();
      const posts = [...new Set(rows.map((r) => r.post_id))];
      if (posts.length) await trx.updateTable('publishing_posts').set({ status: 'stopped', updated_at: now }).where('id', 'in', posts).where('status', '=', 'approved').execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'publishing.stop_all',
        targetType: 'workspace',
        targetId: scope.workspaceId,
        after: { variants: rows.length, posts: posts.length, reason },
        at: now,
      });
      return { stopped: rows.length };
    });
  }

  /** Puts a paused or stopped post back on its schedule (due now when its slot has passed). */
  async resume(scope: Scope, postId: string): Promise<{ resumed: number }> {
    assertCan(scope, 'publishing.manage');
    const now = this.d.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const post = await loadPost(trx, scope, postId, true);
      if (post.status !== 'approved' && post.status !== 'stopped') throw conflict('publishing.not_approved', 'Only an approved post can be resumed.');
      const slot = post.scheduled_at && post.scheduled_at > now ? post.scheduled_at : now;
      const rows = await trx.updateTable('publishing_variants').set({ status: 'scheduled', due_at: slot, error: null }).where('post_id', '=', postId).where('status', 'in', ['paused', 'stopped']).returning('id').execute();
      await trx.updateTable('publishing_posts').set({ status: 'approved', updated_at: now }).where('id', '=', postId).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'publishing.resumed', targetType: 'publishing_post', targetId: postId, after: { variants: rows.length, dueAt: slot.toISOString() }, at: now });
      return { resumed: rows.length };
    });
  }

  /** Recurring: escalates approvals past their deadline; a post still unapproved at its slot misses it and its owner is told. */
  runDeadlines(limit = 200): Promise<{ escalated: number; missed: number }> {
    return runDeadlines(this.db, this.d, limit);
  }

  /** settlePost for many posts at once. */
  private async settlePosts(trx: Db, postIds: string[], now: Date): Promise<void> {
    if (!postIds.length) return;
    const rows = await sql<{ post_id: string; open: boolean; all_published: boolean }>`select post_id, bool_or(status in ('scheduled', 'sending', 'paused', 'draft')) as open, bool_and(status = 'published') as all_published
      from publishing_variants where post_id = any(${arrayLiteral(postIds)}::uuid[]) group by post_id`.execute(trx);
    const published = rows.rows.filter((r) => !r.open && r.all_published).map((r) => r.post_id);
    const failed = rows.rows.filter((r) => !r.open && !r.all_published).map((r) => r.post_id);
    if (published.length) await trx.updateTable('publishing_posts').set({ status: 'published', updated_at: now }).where(anyId('id', published)).where('status', '=', 'approved').execute();
    if (failed.length) await trx.updateTable('publishing_posts').set({ status: 'failed', updated_at: now }).where(anyId('id', failed)).where('status', '=', 'approved').execute();
  }

  /** A post whose variants have all settled is published (all went out) or failed (any did not). */
  private async settlePost(trx: Db, postId: string, now: Date): Promise<void> {
    const states = (await trx.selectFrom('publishing_variants').select('status').where('post_id', '=', postId).execute()).map((r) => r.status as VariantRow['status']);
    if (states.some((s) => s === 'scheduled' || s === 'sending' || s === 'paused' || s === 'draft')) return;
    const status = states.every((s) => s === 'published') ? 'published' : 'failed';
    await trx.updateTable('publishing_posts').set({ status, updated_at: now }).where('id', '=', postId).where('status', '=', 'approved').execute();
  }
}
