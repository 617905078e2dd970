import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { ItemsTables } from '../items/items.tables.js';
import type { IngestedItem } from '../items/items.store.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type InboxTables } from './inbox.tables.js';

type Db = Kysely<InboxTables & ItemsTables>;

/**
 * Groups ingested items into conversations: one per customer and thread. A direct message or e-mail
 * thread is one conversation; in public, each customer's part of a thread (their comment and its
 * replies) is one. A new customer message reopens a resolved conversation. Idempotent per item.
 */
export class ConversationGrouper {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {
    this.db = tables(store);
  }

  async attach(items: IngestedItem[]): Promise<ConversationEvent[]> {
    const events: ConversationEvent[] = [];
    for (const ref of items) {
      if (ref.change !== 'created') continue;
      const ev = await this.attachOne(ref.id);
      if (ev) events.push(ev);
    }
    await Promise.all(events.map((e) => this.bus.publish(CONVERSATION_SUBJECT, e, { id: `${e.conversationId}:${e.itemId}` })));
    return events;
  }

  private async attachOne(itemId: string): Promise<ConversationEvent | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const item = await trx.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
      if (!item || item.kind === 'repost' || item.deleted_at) return undefined;
      const already = await trx.selectFrom('conversation_items').select('conversation_id').where('item_id', '=', itemId).executeTakeFirst();
      if (already) return undefined;
      const now = this.clock.now();
      if (item.direction === 'outbound') {
        // The bank's own message (an echo): it joins the conversation of what it answers.
        const parent = item.parent_native_id
          ? await trx
              .selectFrom('conversation_items as ci')
              .innerJoin('items as p', 'p.id', 'ci.item_id')
              .select('ci.conversation_id')
              .where('p.account_id', '=', item.account_id)
              .where('p.native_id', '=', item.parent_native_id)
              .executeTakeFirst()
          : await trx.selectFrom('conversations').select('id as conversation_id').where('workspace_id', '=', item.workspace_id).where('thread_key', '=', `${item.account_id}:dm:${item.thread_native_id}`).executeTakeFirst();
        if (!parent) return undefined;
        await trx.insertInto('conversation_items').values({ conversation_id: parent.conversation_id, item_id: item.id, workspace_id: item.workspace_id }).execute();
        await trx.updateTable('conversations').set({ last_message_at: sql`greatest(last_message_at, ${item.created_at})`, message_count: sql`message_count + 1`, updated_at: now }).where('id', '=', parent.conversation_id).execute();
        return { workspaceId: item.workspace_id, conversationId: parent.conversation_id, change: 'message', itemId: item.id };
      }
      const key = item.is_private ? `${item.account_id}:dm:${item.thread_native_id}` : `${item.account_id}:t:${item.thread_native_id}:${item.author_id}`;
      const row = await trx
        .insertInto('conversations')
        .values({
          id: crypto.randomUUID(),
          workspace_id: item.workspace_id,
          account_id: item.account_id,
          channel: item.channel,
          thread_key: key,
          customer_author_id: item.author_id,
          is_private: item.is_private,
          subject: item.title ?? item.text.slice(0, 120),
          status: 'open',
          priority: 'normal',
          tags: sql`'[]'::jsonb`,
          team_id: null,
          assignee_id: null,
          sla_policy_id: null,
          snoozed_until: null,
          linked_conversation_id: null,
          last_message_at: item.created_at,
          last_customer_message_at: item.created_at,
          last_agent_reply_at: null,
          first_response_at: null,
          resolved_at: null,
          message_count: 1,
          created_at: now,
          updated_at: now,
        } as never)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'thread_key']).doUpdateSet({
            last_message_at: sql`greatest(conversations.last_message_at, excluded.last_message_at)`,
            last_customer_message_at: sql`greatest(conversations.last_customer_message_at, excluded.last_customer_message_at)`,
            message_count: sql`conversations.message_count + 1`,
            status: sql`case when conversations.status in ('resolved', 'closed') then 'open' else conversations.status end`,
            resolved_at: sql`case when conversations.status in ('resolved', 'closed') then null else conversations.resolved_at end`,
            updated_at: now,
          }),
        )
        .returning(['id', 'message_count'])
        .executeTakeFirstOrThrow();
      await trx.insertInto('conversation_items').values({ conversation_id: row.id, item_id: item.id, workspace_id: item.workspace_id }).execute();
      return { workspaceId: item.workspace_id, conversationId: row.id, change: row.message_count === 1 ? 'created' : 'message', itemId: item.id };
    });
  }

  /** Worker side: every ingested batch, on its own durable queue. */
  work(): Promise<Subscription> {
    return this.bus.consume<{ items: IngestedItem[] }>('inbox', ['item.ingested'], async (msg) => {
      await this.attach(msg.data.items);
    }, { concurrency: 4 });
  }
}
