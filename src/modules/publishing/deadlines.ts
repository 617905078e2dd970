/**
 * The recurring deadlines job of publishing: approvals past their deadline are escalated (audit, event),
 * and a post still unapproved at its slot misses it (it does not go out) and its owner is told.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import type { PublishingDeps } from './posts.service.js';
import { POST_APPROVAL_LATE, POST_FAILED, type PostApprovalLateEvent, type PostFailedEvent } from './publishing.events.js';
import { iso, type PublishingTables } from './publishing.tables.js';

const SENDER: Actor = { ...systemActor, label: 'system:publisher' };

/** Escalates approvals past their deadline; a post still unapproved at its slot misses it and its owner is told. */
export async function runDeadlines(db: Kysely<PublishingTables>, d: PublishingDeps, limit = 200): Promise<{ escalated: number; missed: number }> {
  const now = d.clock.now();
  const late: PostApprovalLateEvent[] = [];
  const missed: PostFailedEvent[] = [];
  await db.transaction().execute(async (trx) => {
    const toEscalate = await trx
      .selectFrom('publishing_posts')
      .selectAll()
      .where('status', 'in', ['in_review', 'changes_requested'])
      .where('escalated_at', 'is', null)
      .where('approval_due_at', '<=', now)
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const p of toEscalate) {
      await trx.updateTable('publishing_posts').set({ escalated_at: now }).where('id', '=', p.id).execute();
      const step = p.chain[p.step]?.name ?? '';
      await appendAudit(trx, {
        workspaceId: p.workspace_id,
        actor: SENDER,
        action: 'publishing.approval_escalated',
        targetType: 'publishing_post',
        targetId: p.id,
        after: { step, approvalDueAt: iso(p.approval_due_at), scheduledAt: iso(p.scheduled_at) },
        at: now,
      });
      late.push({ workspaceId: p.workspace_id, postId: p.id, step, approvalDueAt: iso(p.approval_due_at)!, scheduledAt: iso(p.scheduled_at) });
    }
    const overdue = await trx.selectFrom('publishing_posts').selectAll().where('status', 'in', ['in_review', 'changes_requested']).where('scheduled_at', '<=', now).limit(limit).forUpdate().skipLocked().execute();
    for (const p of overdue) {
      await trx.updateTable('publishing_posts').set({ status: 'missed', updated_at: now }).where('id', '=', p.id).execute();
      await appendAudit(trx, {
        workspaceId: p.workspace_id,
        actor: SENDER,
        action: 'publishing.missed_slot',
        targetType: 'publishing_post',
        targetId: p.id,
        after: { scheduledAt: iso(p.scheduled_at), owner: p.owner_label, step: p.chain[p.step]?.name ?? null },
        at: now,
      });
      missed.push({ workspaceId: p.workspace_id, postId: p.id, variantId: null, reason: 'not_approved', message: `Not approved by its slot ${iso(p.scheduled_at)}; it did not go out.`, ownerId: p.owner_id });
    }
  });
  for (const e of late) await d.bus?.publish(POST_APPROVAL_LATE, e).catch(() => undefined);
  for (const e of missed) await d.bus?.publish(POST_FAILED, e).catch(() => undefined);
  return { escalated: late.length, missed: missed.length };
}
