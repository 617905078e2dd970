import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { ITEM_FIELDS, type ItemFields } from '../items/index.js';
import { INGESTED_SUBJECT, type IngestedBatch, type IngestedItem } from '../items/index.js';
import { CONVERSATION_BATCH_SUBJECT, type ConversationBatch, type ConversationEvent, type InboxDb } from './inbox.tables.js';

type Item = ItemFields;

/** The grouper's work queue (derived work: it yields to intake under load, see PriorityBus). */
export const GROUPING_QUEUE = 'inbox';

/** Key of a private conversation opened by moving a public one, until the customer's first DM names the thread. */
export const movedKey = (accountId: string, authorId: string) => `${accountId}:dm:author:${authorId}`;
const threadKey = (i: Item) => (i.is_private ? `${i.account_id}:dm:${i.thread_native_id}` : `${i.account_id}:t:${i.thread_native_id}:${i.author_id}`);

/**
 * Groups ingested items into conversations: one per customer and thread. A direct message or e-mail
 * thread is one conversation; in public, each customer's part of a thread (their comment and its
 * replies) is one. A new customer message reopens a resolved conversation. Idempotent per item.
 *
 * A whole ingested batch is attached in one transaction: the items' conversations are upserted with
 * one statement (per-conversation counts aggregated first, rows in key order so concurrent batches
 * lock them in the same order), and the links with another.
 */
export class ConversationGrouper {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {
    this.db = tables(store);
  }

  async attach(refs: IngestedItem[]): Promise<ConversationEvent[]> {
    const ids = [...new Set(refs.filter((r) => r.change === 'created').map((r) => r.id))];
    if (!ids.length) return [];
    const events = await this.db.transaction().execute((trx) => this.attachAll(trx, ids));
    const byWorkspace = new Map<string, ConversationEvent[]>();
    for (const e of events) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    for (const [workspaceId, list] of byWorkspace) {
      const id = crypto
        .createHash('sha256')
        .update(list.map((e) => `${e.conversationId}:${e.itemId}`).join(','))
        .digest('base64url');
      await this.bus.publish(CONVERSATION_BATCH_SUBJECT, { workspaceId, events: list } satisfies ConversationBatch, { id: `attached:${id}` });
    }
    return events;
  }

  private async attachAll(trx: InboxDb, ids: string[]): Promise<ConversationEvent[]> {
    const [rows, linked] = await Promise.all([trx.selectFrom('items').select(ITEM_FIELDS).where('id', 'in', ids).execute(), trx.selectFrom('conversation_items').select('item_id').where('item_id', 'in', ids).execute()]);
    const done = new Set(linked.map((l) => l.item_id));
    const items = rows.filter((i) => i.kind !== 'repost' && !i.deleted_at && !done.has(i.id)).sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at));
    const now = this.clock.now();
    // History (items older than their account's history_until) is grouped but closed, never queued.
    const accountIds = [...new Set(items.map((i) => i.account_id))];
    const cutoffs = new Map(
      accountIds.length ? (await trx.selectFrom('channel_accounts').select(['id', 'history_until']).where('id', 'in', accountIds).execute()).filter((a) => a.history_until).map((a) => [a.id, new Date(a.history_until!).getTime()]) : [],
    );
    const isHistory = (i: Item) => cutoffs.has(i.account_id) && new Date(i.created_at).getTime() < cutoffs.get(i.account_id)!;
    const events: ConversationEvent[] = [];
    const links: Array<{ conversation_id: string; item_id: string; workspace_id: string }> = [];

    // Customers' messages, grouped by conversation key.
    const groups = new Map<string, Item[]>();
    for (const item of items.filter((i) => i.direction === 'inbound')) {
      const key = `${item.workspace_id}|${threadKey(item)}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const keys = [...groups.keys()].sort();
    for (const key of keys) {
      const first = groups.get(key)![0]!;
      if (!first.is_private) continue;
      // A conversation moved private by an agent waits for the customer's first direct message to
      // learn its thread: adopt it, unless that thread already has its own conversation.
      const known = await trx.selectFrom('conversations').select('id').where('workspace_id', '=', first.workspace_id).where('thread_key', '=', threadKey(first)).executeTakeFirst();
      if (!known)
        await trx
          .updateTable('conversations')
          .set({ thread_key: threadKey(first) })
          .where('workspace_id', '=', first.workspace_id)
          .where('thread_key', '=', movedKey(first.account_id, first.author_id))
          .execute();
    }
    if (keys.length) {
      const values = keys.map((key) => {
        const group = groups.get(key)!;
        const first = group[0]!;
        const last = group.reduce((m, i) => (+new Date(i.created_at) > +new Date(m) ? i.created_at : m), first.created_at);
        const history = group.every(isHistory);
        return {
          id: crypto.randomUUID(),
          workspace_id: first.workspace_id,
          account_id: first.account_id,
          channel: first.channel,
          thread_key: threadKey(first),
          customer_author_id: first.author_id,
          is_private: first.is_private,
          subject: first.title ?? first.text.slice(0, 120),
          status: history ? ('closed' as const) : ('open' as const),
          priority: 'normal' as const,
          tags: sql<string[]>`'[]'::jsonb`,
          team_id: null,
          assignee_id: null,
          sla_policy_id: null,
          snoozed_until: null,
          linked_conversation_id: null,
          last_message_at: last,
          last_customer_message_at: last,
          last_agent_reply_at: null,
          first_response_at: null,
          resolved_at: history ? last : null,
          message_count: group.length,
          is_history: history,
          created_at: now,
          updated_at: now,
          routed_at: null,
        };
      });
      const upserted = await trx
        .insertInto('conversations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'thread_key']).doUpdateSet({
            last_message_at: sql`greatest(conversations.last_message_at, excluded.last_message_at)`,
            last_customer_message_at: sql`greatest(conversations.last_customer_message_at, excluded.last_customer_message_at)`,
            message_count: sql`conversations.message_count + excluded.message_count`,
            // History never reopens anything; a live message reopens a resolved (or history) conversation, which is then live.
            status: sql`case when excluded.is_history then conversations.status when conversations.status in ('resolved', 'closed') then 'open' else conversations.status end`,
            resolved_at: sql`case when excluded.is_history then conversations.resolved_at when conversations.status in ('resolved', 'closed') then null else conversations.resolved_at end`,
            is_history: sql`conversations.is_history and excluded.is_history`,
            updated_at: now,
          }),
        )
        .returning(['id', 'workspace_id', 'thread_key', sql<boolean>`(xmax = 0)`.as('inserted')])
        .execute();
      const byKey = new Map(upserted.map((u) => [`${u.workspace_id}|${u.thread_key}`, u]));
      for (const key of keys) {
        const conv = byKey.get(key)!;
        groups.get(key)!.forEach((item, k) => {
          links.push({ conversation_id: conv.id, item_id: item.id, workspace_id: item.workspace_id });
          events.push({ workspaceId: item.workspace_id, conversationId: conv.id, change: conv.inserted && k === 0 ? 'created' : 'message', itemId: item.id });
        });
      }
    }
    if (links.length)
      await trx
        .insertInto('conversation_items')
        .values(links.splice(0))
        .onConflict((oc) => oc.column('item_id').doNothing())
        .execute();

    // The bank's own messages (echoes) join the conversation of what they answer.
    for (const item of items.filter((i) => i.direction === 'outbound')) {
      const parent = item.parent_native_id
        ? await trx
            .selectFrom('conversation_items as ci')
            .innerJoin('items as p', 'p.id', 'ci.item_id')
            .select('ci.conversation_id')
            .where('p.account_id', '=', item.account_id)
            .where('p.native_id', '=', item.parent_native_id)
            .executeTakeFirst()
        : await trx.selectFrom('conversations').select('id as conversation_id').where('workspace_id', '=', item.workspace_id).where('thread_key', '=', `${item.account_id}:dm:${item.thread_native_id}`).executeTakeFirst();
      if (!parent) continue;
      links.push({ conversation_id: parent.conversation_id, item_id: item.id, workspace_id: item.workspace_id });
      // The bank answered (here or elsewhere): that is a response, for the reports as for the SLA timers.
      await trx
        .updateTable('conversations')
        .set({
          last_message_at: sql`greatest(last_message_at, ${item.created_at})`,
          last_agent_reply_at: sql`greatest(last_agent_reply_at, ${item.created_at})`,
          first_response_at: sql`coalesce(first_response_at, ${item.created_at})`,
          message_count: sql`message_count + 1`,
          updated_at: now,
        })
        .where('id', '=', parent.conversation_id)
        .execute();
      events.push({ workspaceId: item.workspace_id, conversationId: parent.conversation_id, change: 'message', itemId: item.id });
    }
    if (links.length)
      await trx
        .insertInto('conversation_items')
        .values(links)
        .onConflict((oc) => oc.column('item_id').doNothing())
        .execute();
    return events;
  }

  /** Worker side: every ingested batch, on its own durable queue. */
  work(): Promise<Subscription> {
    return this.bus.consume<IngestedBatch>(
      GROUPING_QUEUE,
      [INGESTED_SUBJECT],
      async (msg) => {
        await this.attach(msg.data.items);
      },
      { concurrency: 4 },
    );
  }
}
