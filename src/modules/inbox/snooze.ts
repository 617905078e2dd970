import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { appendAudit } from '../audit/index.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type InboxDb } from './inbox.tables.js';
import type { SlaTimers } from './sla.timers.js';

export const WAKE_JOB = 'inbox.wake_snoozed';
export const SLA_JOB = 'inbox.sla_due';
const ACTOR = { userId: null, label: 'system:snooze' } as const;

/** Reopens snoozed conversations whose `snoozed_until` has passed (claimed with SKIP LOCKED). */
export class SnoozeWaker {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly timers: SlaTimers,
  ) {
    this.db = tables(store);
  }

  async wakeDue(limit = 500): Promise<number> {
    const now = this.clock.now();
    const woken = await this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('conversations')
        .select(['id', 'workspace_id', 'snoozed_until'])
        .where('status', '=', 'snoozed')
        .where('snoozed_until', '<=', now)
        .orderBy('snoozed_until')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const c of due) {
        await trx.updateTable('conversations').set({ status: 'open', snoozed_until: null, updated_at: now }).where('id', '=', c.id).execute();
        await appendAudit(trx, {
          workspaceId: c.workspace_id,
          actor: ACTOR,
          action: 'conversation.woken',
          targetType: 'conversation',
          targetId: c.id,
          before: { status: 'snoozed', snoozedUntil: c.snoozed_until },
          after: { status: 'open' },
          at: now,
        });
        await this.timers.sync(trx, c.id, now);
      }
      return due;
    });
    for (const c of woken) await this.bus.publish(CONVERSATION_SUBJECT, { workspaceId: c.workspace_id, conversationId: c.id, change: 'updated' } satisfies ConversationEvent);
    return woken.length;
  }
}
