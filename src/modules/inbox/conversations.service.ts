import type { ReplyLimits } from '../../channels/port.js';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { CONVERSATION_SUBJECT, type ConversationStatus, type InboxDb, type PresenceEvent, type Priority } from './inbox.tables.js';
import { presentConversation, presentThread, type ConversationView, type ThreadEntry } from './conversations.present.js';
import type { SlaTimers } from './sla.timers.js';
import type { ConversationDetail } from '../../contracts/inbox.js';

type Db = InboxDb;

/** What the conversation screen needs besides the conversation itself (SLA clocks, who else is on it). */
export interface ConversationExtras {
  timers: SlaTimers;
  presence: { list(workspaceId: string, conversationId: string): PresenceEvent[] };
  /** What a reply may be here (the outbox's check, served so the composer counts as the server does). */
  replyLimits?(workspaceId: string, conversationId: string): Promise<ReplyLimits | null>;
}
const UUID = /^[0-9a-f-]{36}$/i;

export interface QueueFilter {
  status?: ConversationStatus[];
  /** 'me', 'unassigned', or a user id. */
  assignee?: string;
  teamId?: string;
  channel?: string;
  priority?: Priority;
  tag?: string;
  q?: string;
  before?: string;
  limit: number;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: Priority;
  tags?: string[];
  assigneeId?: string | null;
  teamId?: string | null;
  snoozedUntil?: string | null;
  /** null: the workspace's default policy. */
  slaPolicyId?: string | null;
  /** Resolve (or close) although a reply of this conversation failed to send; recorded in the audit entry. */
  despiteFailedReply?: boolean;
}

export class ConversationsService {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly extras?: ConversationExtras,
  ) {
    this.db = tables(store);
  }

  private base(workspaceId: string) {
    return this.db
      .selectFrom('conversations as c')
      .innerJoin('authors as a', 'a.id', 'c.customer_author_id')
      .leftJoin('users as u', 'u.id', 'c.assignee_id')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .selectAll('c')
      .select(['a.handle', 'a.display_name', 'a.followers', 'a.verified', 'a.influence', 'a.profile_url', 'u.name as assignee_name', 't.name as team_name'])
      .select((eb) =>
        eb
          .selectFrom('sla_timers as s')
          .select((e) => e.fn.min('s.due_at').as('due'))
          .whereRef('s.conversation_id', '=', 'c.id')
          .where('s.state', 'in', ['running', 'breached'])
          .where('s.stopped_at', 'is', null)
          .as('sla_due_at'),
      )
      .where('c.workspace_id', '=', workspaceId);
  }

  async list(scope: Scope, f: QueueFilter): Promise<{ conversations: ConversationView[]; nextBefore: string | null }> {
    assertCan(scope, 'inbox.read');
    let q = this.base(scope.workspaceId);
    if (f.status?.length) q = q.where('c.status', 'in', f.status);
    if (f.assignee === 'me') q = q.where('c.assignee_id', '=', scope.actor.userId ?? '00000000-0000-0000-0000-000000000000');
    else if (f.assignee === 'unassigned') q = q.where('c.assignee_id', 'is', null);
    else if (f.assignee && UUID.test(f.assignee)) q = q.where('c.assignee_id', '=', f.assignee);
    if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
    if (f.channel) q = q.where('c.channel', '=', f.channel);
    if (f.priority) q = q.where('c.priority', '=', f.priority);
    if (f.tag) q = q.where(sql<boolean>`c.tags ? ${f.tag}`);
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
      q = q.where((eb) =>
        eb.or([
          eb('c.subject', 'ilike', like),
          eb('a.handle', 'ilike', like),
          eb('a.display_name', 'ilike', like),
          eb.exists(eb.selectFrom('conversation_items as ci').innerJoin('items as i', 'i.id', 'ci.item_id').select('ci.item_id').whereRef('ci.conversation_id', '=', 'c.id').where('i.text', 'ilike', like)),
        ]),
      );
    }
    if (f.before) q = q.where('c.last_message_at', '<', new Date(f.before));
    const rows = await q
      .orderBy('c.last_message_at', 'desc')
      .orderBy('c.id')
      .limit(f.limit + 1)
      .execute();
    const page = rows.slice(0, f.limit).map(presentConversation);
    return { conversations: page, nextBefore: rows.length > f.limit ? page[page.length - 1]!.lastMessageAt : null };
  }

  async get(scope: Scope, id: string): Promise<ConversationDetail> {
    assertCan(scope, 'inbox.read');
    const row = UUID.test(id) ? await this.base(scope.workspaceId).where('c.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('conversation.not_found', 'No such conversation.');
    const [items, replies, notes, history] = await Promise.all([
      this.db
        .selectFrom('conversation_items as ci')
        .innerJoin('items as i', 'i.id', 'ci.item_id')
        .innerJoin('authors as a', 'a.id', 'i.author_id')
        .selectAll('i')
        .select(['a.handle', 'a.display_name'])
        .where('ci.conversation_id', '=', id)
        .execute(),
      this.db.selectFrom('outbox').selectAll().where('conversation_id', '=', id).execute(),
      this.db.selectFrom('conversation_notes as n').leftJoin('users as u', 'u.id', 'n.author_user_id').selectAll('n').select(['u.name as author_name']).where('n.conversation_id', '=', id).execute(),
      this.base(scope.workspaceId).where('c.customer_author_id', '=', row.customer_author_id).where('c.id', '!=', id).orderBy('c.last_message_at', 'desc').limit(20).execute(),
    ]);
    const sla = this.extras ? await this.extras.timers.view(row) : null;
    const presence = this.extras?.presence.list(scope.workspaceId, id) ?? [];
    const replyLimits = (await this.extras?.replyLimits?.(scope.workspaceId, id).catch(() => null)) ?? null;
    return { conversation: presentConversation(row), thread: presentThread(items, replies, notes), history: history.map(presentConversation), sla, presence, replyLimits };
  }

  async update(scope: Scope, id: string, patch: ConversationPatch): Promise<ConversationView> {
    assertCan(scope, patch.assigneeId !== undefined && patch.assigneeId !== scope.actor.userId ? 'inbox.manage' : 'inbox.reply');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = UUID.test(id) ? await trx.selectFrom('conversations').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!before) throw notFound('conversation.not_found', 'No such conversation.');
      if (patch.assigneeId) {
        const member = await trx.selectFrom('memberships').select('user_id').where('workspace_id', '=', scope.workspaceId).where('user_id', '=', patch.assigneeId).where('status', '=', 'active').executeTakeFirst();
        if (!member) throw invalid('conversation.unknown_assignee', 'That person is not an active member of this workspace.', 'assigneeId');
      }
      if (patch.teamId) {
        const team = await trx.selectFrom('teams').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', patch.teamId).executeTakeFirst();
        if (!team) throw invalid('conversation.unknown_team', 'No such team.', 'teamId');
      }
      const ending = (patch.status === 'resolved' || patch.status === 'closed') && before.status !== 'resolved' && before.status !== 'closed';
      const failed = ending ? await trx.selectFrom('outbox').select(['id']).where('conversation_id', '=', id).where('status', '=', 'failed').execute() : [];
      if (failed.length && !patch.despiteFailedReply)
        throw conflict(
          'conversation.reply_failed',
          `${failed.length === 1 ? 'A reply' : `${failed.length} replies`} of this conversation failed to send: the customer has not been answered. Retry the reply, or resolve anyway (despiteFailedReply).`,
        );
      if (patch.status === 'snoozed' && !patch.snoozedUntil) throw invalid('conversation.snooze_needs_time', 'Snoozing needs a time to wake up.', 'snoozedUntil');
      if (patch.slaPolicyId) {
        const policy = await trx.selectFrom('sla_policies').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', patch.slaPolicyId).executeTakeFirst();
        if (!policy) throw invalid('conversation.unknown_sla_policy', 'No such SLA policy.', 'slaPolicyId');
      }
      const set = {
        ...(patch.status ? { status: patch.status, resolved_at: patch.status === 'resolved' || patch.status === 'closed' ? now : null } : {}),
        ...(patch.priority ? { priority: patch.priority } : {}),
        ...(patch.tags ? { tags: jsonParam([...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))]) } : {}),
        ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
        ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
        ...(patch.snoozedUntil !== undefined ? { snoozed_until: patch.snoozedUntil ? new Date(patch.snoozedUntil) : null } : patch.status && patch.status !== 'snoozed' ? { snoozed_until: null } : {}),
        ...(patch.slaPolicyId !== undefined ? { sla_policy_id: patch.slaPolicyId } : {}),
        updated_at: now,
      };
      await trx.updateTable('conversations').set(set).where('id', '=', id).execute();
      const pick = (c: typeof before) => ({ status: c.status, priority: c.priority, tags: c.tags, assigneeId: c.assignee_id, teamId: c.team_id, snoozedUntil: c.snoozed_until, slaPolicyId: c.sla_policy_id });
      const after = await trx.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'conversation.updated',
        targetType: 'conversation',
        targetId: id,
        before: pick(before),
        after: { ...pick(after), ...(failed.length ? { despiteFailedReplies: failed.map((f) => f.id) } : {}) },
        at: now,
      });
      // Status, priority and policy move the SLA clocks.
      if (after.status !== before.status || after.priority !== before.priority || after.sla_policy_id !== before.sla_policy_id) await this.extras?.timers.sync(trx, id, now);
    });
    await this.bus.publish(CONVERSATION_SUBJECT, { workspaceId: scope.workspaceId, conversationId: id, change: 'updated' });
    return (await this.get(scope, id)).conversation;
  }

  /** The same change to many conversations (bulk actions in the queue). */
  async bulkUpdate(scope: Scope, ids: string[], patch: ConversationPatch): Promise<number> {
    let n = 0;
    for (const id of ids) {
      await this.update(scope, id, patch);
      n++;
    }
    return n;
  }

  async addNote(scope: Scope, id: string, text: string): Promise<ThreadEntry> {
    assertCan(scope, 'inbox.note');
    const conv = UUID.test(id) ? await this.db.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
    const handles = [...text.matchAll(/@([\w.+-]+@[\w.-]+\.\w+|[\w.-]+)/g)].map((m) => m[1]!.toLowerCase());
    const members = handles.length ? await this.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email']).where('m.workspace_id', '=', scope.workspaceId).execute() : [];
    const mentioned = members.filter((u) => handles.includes(u.email) || handles.includes(u.email.split('@')[0]!)).map((u) => u.id);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('conversation_notes')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, conversation_id: id, author_user_id: scope.actor.userId, text, mentions: jsonParam(mentioned), created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'conversation.note_added',
        targetType: 'conversation',
        targetId: id,
        after: { noteId: r.id, mentions: mentioned, length: [...text].length },
        at: now,
      });
      return r;
    });
    await this.bus.publish(CONVERSATION_SUBJECT, { workspaceId: scope.workspaceId, conversationId: id, change: 'note' });
    return presentThread([], [], [{ ...row, author_name: null }])[0]!;
  }
}
