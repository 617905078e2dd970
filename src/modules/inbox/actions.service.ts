import crypto from 'node:crypto';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { pickAgent, savePools, type Pools } from './assign.js';
import { movedKey } from './attach.js';
import type { Strategy } from './domain/assignment.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type InboxDb } from './inbox.tables.js';
import type { ConversationsService } from './conversations.service.js';
import type { ConversationView } from './conversations.present.js';
import type { Outbox, OutboxView } from './outbox.js';
import { presentOutbox } from './outbox.js';

const UUID = /^[0-9a-f-]{36}$/i;

/** The agent-workspace actions that span several rows: "assign next" and moving a complaint private. */
export class ConversationActions {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
    private readonly outbox: Outbox,
    private readonly conversations: ConversationsService,
  ) {
    this.db = tables(store);
  }

  private publish(workspaceId: string, conversationId: string): Promise<void> {
    return this.bus.publish(CONVERSATION_SUBJECT, { workspaceId, conversationId, change: 'updated' } satisfies ConversationEvent);
  }

  /** "Assign next": an agent of the team by round-robin or least-loaded (skills, online, capacity). */
  async assignNext(scope: Scope, id: string, input: { strategy: Strategy; teamId?: string }): Promise<{ conversation: ConversationView; assignment: { agentId: string; strategy: Strategy } }> {
    assertCan(scope, 'inbox.reply');
    const now = this.clock.now();
    const agentId = await this.db.transaction().execute(async (trx) => {
      const conv = UUID.test(id) ? await trx.selectFrom('conversations').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
      const teamId = input.teamId ?? conv.team_id;
      if (!teamId) throw invalid('assignment.team_required', 'The conversation has no team: choose the team to assign in.', 'teamId');
      const team = await trx.selectFrom('teams').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', teamId).executeTakeFirst();
      if (!team) throw invalid('assignment.unknown_team', 'No such team.', 'teamId');
      const latest = await trx
        .selectFrom('conversation_items as ci')
        .innerJoin('items as i', 'i.id', 'ci.item_id')
        .select('i.lang')
        .where('ci.conversation_id', '=', id)
        .where('i.direction', '=', 'inbound')
        .orderBy('i.created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const pools: Pools = new Map();
      const r = await pickAgent(trx, scope.workspaceId, { teamId, strategy: input.strategy, ...(latest?.lang ? { language: latest.lang } : {}) }, now, pools);
      await savePools(trx, scope.workspaceId, pools);
      if (!r.ok) throw conflict(`assignment.${r.reason}`, `Nobody to assign: ${r.message}.`);
      await trx.updateTable('conversations').set({ assignee_id: r.agentId, team_id: teamId, updated_at: now }).where('id', '=', id).execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'conversation.assigned',
        targetType: 'conversation',
        targetId: id,
        before: { assigneeId: conv.assignee_id, teamId: conv.team_id },
        after: { assigneeId: r.agentId, teamId, strategy: input.strategy },
        at: now,
      });
      return r.agentId;
    });
    await this.publish(scope.workspaceId, id);
    return { conversation: (await this.conversations.get(scope, id)).conversation, assignment: { agentId, strategy: input.strategy } };
  }

  /**
   * Answers a public complaint publicly and continues privately: the public reply, then a private
   * message to the same customer on the same account (their existing private conversation there, or a
   * new one), both conversations linked. Both texts are checked before anything is queued.
   */
  async movePrivate(scope: Scope, id: string, input: { publicText: string; privateText: string }): Promise<{ publicReply: OutboxView; privateReply: OutboxView; privateConversation: ConversationView }> {
    assertCan(scope, 'inbox.reply');
    const conv = UUID.test(id) ? await this.db.selectFrom('conversations').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
    if (conv.is_private) throw invalid('conversation.already_private', 'This conversation is already private.');
    const pub = await this.outbox.prepare(scope.workspaceId, id, { text: input.publicText, private: false, field: 'publicText', trackLinks: true }, { actor: scope.actor });
    if (!pub.limits.canReplyPrivately) {
      const name = this.adapters.get(pub.account.type)?.displayName ?? pub.account.type;
      throw invalid('reply.private_reply_unsupported', `${name} cannot send private messages, so this conversation cannot be moved private. Answer publicly instead.`, 'privateText');
    }
    const priv = await this.outbox.prepare(scope.workspaceId, id, { text: input.privateText, private: true, inReplyToItemId: pub.target.id, field: 'privateText', trackLinks: true }, { actor: scope.actor });
    const now = this.clock.now();
    const out = await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', scope.workspaceId)
        .where('account_id', '=', conv.account_id)
        .where('customer_author_id', '=', conv.customer_author_id)
        .where('is_private', '=', true)
        .orderBy('last_message_at', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      let privateId: string;
      if (existing) {
        privateId = existing.id;
        await trx
          .updateTable('conversations')
          .set({ linked_conversation_id: id, status: 'open', resolved_at: null, snoozed_until: null, assignee_id: existing.assignee_id ?? conv.assignee_id, team_id: existing.team_id ?? conv.team_id, updated_at: now })
          .where('id', '=', privateId)
          .execute();
      } else {
        privateId = crypto.randomUUID();
        await trx
          .insertInto('conversations')
          .values({
            id: privateId,
            workspace_id: scope.workspaceId,
            account_id: conv.account_id,
            channel: conv.channel,
            thread_key: movedKey(conv.account_id, conv.customer_author_id),
            customer_author_id: conv.customer_author_id,
            is_private: true,
            subject: conv.subject,
            status: 'open',
            priority: conv.priority,
            tags: jsonParam(conv.tags),
            team_id: conv.team_id,
            assignee_id: conv.assignee_id ?? scope.actor.userId,
            sla_policy_id: conv.sla_policy_id,
            snoozed_until: null,
            linked_conversation_id: id,
            last_message_at: now,
            last_customer_message_at: null,
            last_agent_reply_at: null,
            first_response_at: null,
            resolved_at: null,
            message_count: 0,
            is_history: false,
            created_at: now,
            updated_at: now,
            routed_at: now,
          })
          .execute();
      }
      await trx.updateTable('conversations').set({ linked_conversation_id: privateId, updated_at: now }).where('id', '=', id).execute();
      const publicRow = (await this.outbox.insert(trx, scope, pub, { text: input.publicText, private: false }))!;
      const privateRow = (await this.outbox.insert(trx, scope, priv, { text: input.privateText, private: true, inReplyToItemId: pub.target.id, conversationId: privateId }))!;
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'conversation.moved_private',
        targetType: 'conversation',
        targetId: id,
        after: { privateConversationId: privateId, reused: !!existing, publicReplyId: publicRow.id, privateReplyId: privateRow.id },
        at: now,
      });
      return { privateId, publicRow, privateRow };
    });
    await this.outbox.dispatch(out.publicRow);
    await this.outbox.dispatch(out.privateRow);
    await this.publish(scope.workspaceId, id);
    await this.publish(scope.workspaceId, out.privateId);
    return { publicReply: presentOutbox(out.publicRow), privateReply: presentOutbox(out.privateRow), privateConversation: (await this.conversations.get(scope, out.privateId)).conversation };
  }
}
