/** Row helpers shared by the publishing services (internal to the module). */
import crypto from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import { jsonParam } from '../audit/index.js';
import { chainFor, DEFAULT_SETTINGS } from './publishing.settings.js';
import type { PublishingSettings } from './publishing.tables.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import { arrayLiteral } from '../../platform/db/unnest.js';
import type { Scope } from '../../platform/access/scope.js';
import { notFound } from '../../platform/errors.js';
import { iso, UUID_RE, type PostRow, type PublishingTables, type Snapshot, type VariantRow } from './publishing.tables.js';

export type Db = Kysely<PublishingTables> | Transaction<PublishingTables>;

export async function loadPost(db: Db, scope: Scope, id: string, lock = false): Promise<PostRow> {
  let q = db.selectFrom('publishing_posts').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = UUID_RE.test(id) ? await q.executeTakeFirst() : undefined;
  if (!row) throw notFound('publishing.post_not_found', 'No such post.');
  return row;
}

export function variantsOf(db: Db, postId: string): Promise<VariantRow[]> {
  return db.selectFrom('publishing_variants').selectAll().where('post_id', '=', postId).orderBy('position').execute();
}

export function snapshotOf(post: PostRow, variants: VariantRow[]): Snapshot {
  return { title: post.title, masterText: post.master_text, scheduledAt: iso(post.scheduled_at), variants: variants.map((v) => ({ target: v.target, accountId: v.account_id, text: v.text })) };
}

/**
 * The text that goes out: the variant's text (with its links tracked, once the round made them) and,
 * where the rule requires it, the 심의필 stamp.
 */
export function finalText(post: Pick<PostRow, 'stamp'>, v: Pick<VariantRow, 'text' | 'stamp_required'> & { tracked_text?: string | null }): string {
  const text = v.tracked_text ?? v.text;
  return v.stamp_required && post.stamp ? `${text}\n\n${post.stamp}` : text;
}

/** The text the screen reads: as written (the links' real addresses, not their short links), with the stamp. */
export function screenedText(post: Pick<PostRow, 'stamp'>, v: Pick<VariantRow, 'text' | 'stamp_required'>): string {
  return finalText(post, { text: v.text, stamp_required: v.stamp_required });
}

/** Variants that have gone (or may have gone) to a channel: the post can no longer be edited. */
export const SENT_STATES = new Set(['sending', 'published', 'unknown']);

export async function loadSettings(db: Db, workspaceId: string): Promise<PublishingSettings> {
  const row = await db.selectFrom('publishing_settings').select('settings').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.settings ?? DEFAULT_SETTINGS;
}

/**
 * Starts a review round: the chain for the post's product as it stands now, step 0, the actor among the
 * makers, the approval deadline before the slot, any 심의필 cleared; the round's content is kept for diffs.
 */
export async function openRound(trx: Db, post: PostRow, variants: VariantRow[], settings: PublishingSettings, actor: Actor, now: Date, comment = ''): Promise<PostRow> {
  const chain = chainFor(settings, post.product);
  const makers = [...new Set([...(post.makers ?? []), ...(post.owner_id ? [post.owner_id] : []), ...(actor.userId ? [actor.userId] : [])])];
  const due = post.scheduled_at ? new Date(new Date(post.scheduled_at).getTime() - settings.deadlineMinutes * 60_000) : null;
  const updated = await trx
    .updateTable('publishing_posts')
    .set({
      status: 'in_review',
      round: post.round + 1,
      step: 0,
      chain: jsonParam(chain.steps),
      reapprove_on_reschedule: chain.reapproveOnReschedule,
      makers: jsonParam(makers),
      approval_due_at: due,
      escalated_at: null,
      review_number: null,
      review_valid_from: null,
      review_valid_until: null,
      stamp: null,
      updated_at: now,
    })
    .where('id', '=', post.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.updateTable('publishing_variants').set({ status: 'draft', due_at: null, claim_until: null }).where('post_id', '=', post.id).where('status', 'in', ['draft', 'scheduled', 'paused', 'stopped', 'failed']).execute();
  await trx
    .insertInto('publishing_reviews')
    .values({
      id: crypto.randomUUID(),
      post_id: post.id,
      workspace_id: post.workspace_id,
      round: updated.round,
      step: null,
      action: 'submitted',
      user_id: actor.userId,
      user_label: actor.label,
      comment,
      snapshot: jsonParam(snapshotOf(updated, variants)),
      at: now,
    })
    .execute();
  return updated;
}

/**
 * Staged variants (claimed ahead of their slot, never called: see migration 0039) of one post, one
 * workspace or a list of variants go back to `to` — on the schedule by default — and their idempotency records go, since
 * nothing was sent under them. A variant the sender confirmed in the meantime is not touched (it may be
 * on its way): the row lock of the update orders the two. Returns the variants put back.
 */
export async function unstage(trx: Db, which: { postId: string } | { workspaceId: string } | { ids: string[] }, to: { status: VariantRow['status']; error?: string | null } = { status: 'scheduled' }): Promise<string[]> {
  let q = trx
    .updateTable('publishing_variants')
    .set({ status: to.status, staged_at: null, claim_until: null, attempts: sql`greatest(attempts - 1, 0)`, ...(to.error !== undefined ? { error: to.error } : {}) })
    .where('status', '=', 'sending')
    .where('staged_at', 'is not', null);
  if ('postId' in which) q = q.where('post_id', '=', which.postId);
  else if ('workspaceId' in which) q = q.where('workspace_id', '=', which.workspaceId);
  else {
    if (!which.ids.length) return [];
    q = q.where(sql<boolean>`id = any(${arrayLiteral(which.ids)}::uuid[])`);
  }
  const ids = (await q.returning('id').execute()).map((r) => r.id);
  await dropOpenRecords(trx, ids);
  return ids;
}

/** The unfinished idempotency records of variants known never to have been called (nothing went out under them). */
export async function dropOpenRecords(trx: Db, variantIds: string[]): Promise<void> {
  if (variantIds.length)
    await trx
      .deleteFrom('publishing_sends')
      .where(sql<boolean>`variant_id = any(${arrayLiteral(variantIds)}::uuid[])`)
      .where('finished_at', 'is', null)
      .execute();
}
