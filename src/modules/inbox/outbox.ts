import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { ChannelError, type ReplyLimits, type ReplyRequest } from '../../channels/port.js';
import { measurerFor, type AdapterRegistry } from '../../channels/registry.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { invalid, notFound, DomainError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import type { AccountsService } from '../accounts/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type InboxDb, type InboxDbTables, type InboxTables } from './inbox.tables.js';
import { checkReply } from './reply-policy.js';
import type { OutboxView } from '../../contracts/inbox.js';
import { presentOutbox, type Prepared, type ReplyInput, type ReplyLinks, type ReplySentHook } from './outbox.types.js';

export type { OutboxView };
export { presentOutbox, type Prepared, type ReplyInput, type ReplyLinks, type ReplySentHook } from './outbox.types.js';

export const OUTBOX_SUBJECT = 'outbox.send';

/** The channel accepted a reply but the store would not record it (see `Outbox.recordSent`). */
class SentNotRecorded extends Error {}
const OUTBOX_ACTOR = { userId: null, label: 'system:outbox' };
type Db = InboxDb;
type OutboxRow = InboxTables['outbox'];

/**
 * Agents' replies leave through a durable outbox: checked against the channel's rules before they are
 * accepted, then sent by a worker through the channel adapter. A row is claimed before sending, so it
 * is never sent twice; retryable channel errors are retried with backoff, others fail with the reason.
 */
export class Outbox {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
    private readonly accounts: AccountsService,
    private readonly log: Logger,
    private readonly onSent: ReplySentHook = async () => undefined,
    private readonly links?: ReplyLinks,
  ) {
    this.db = tables(store);
  }

  /**
   * The item a reply answers: the given one (of this conversation, unless `anywhere`: a private message
   * moved out of a public thread answers the public item), or the customer's latest message.
   */
  private async target(workspaceId: string, conversationId: string, itemId?: string, anywhere = false) {
    if (itemId && anywhere) {
      return this.db
        .selectFrom('items as i')
        .innerJoin('authors as a', 'a.id', 'i.author_id')
        .select(['i.id', 'i.native_id', 'i.thread_native_id', 'i.kind', 'i.is_private', 'i.created_at', 'i.title', 'a.native_id as author_native_id', 'a.handle', 'a.display_name'])
        .where('i.workspace_id', '=', workspaceId)
        .where('i.id', '=', itemId)
        .executeTakeFirst();
    }
    let q = this.db
      .selectFrom('conversation_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .select(['i.id', 'i.native_id', 'i.thread_native_id', 'i.kind', 'i.is_private', 'i.created_at', 'i.title', 'a.native_id as author_native_id', 'a.handle', 'a.display_name'])
      .where('ci.conversation_id', '=', conversationId)
      .where('ci.workspace_id', '=', workspaceId)
      .where('i.direction', '=', 'inbound');
    if (itemId) q = q.where('i.id', '=', itemId);
    return q.orderBy('i.created_at', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * Checks a reply against the channel's rules before anything is queued (400 with the reason):
   * length in the channel's unit, public/private support, the private-messaging window, personal data.
   */
  async prepare(workspaceId: string, conversationId: string, input: ReplyInput, opts: { anywhere?: boolean; actor?: Scope['actor'] } = {}): Promise<Prepared> {
    const conv = await this.db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', conversationId).executeTakeFirst();
    if (!conv) throw notFound('conversation.not_found', 'No such conversation.');
    // The links become tracked short links first, so the channel's count and the checks see what goes out.
    const text = input.trackLinks && this.links ? await this.links.rewrite(workspaceId, opts.actor ?? OUTBOX_ACTOR, input.text, { conversationId: conv.id, channel: conv.channel }) : input.text;
    const account = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', conv.account_id).executeTakeFirstOrThrow();
    const adapter = this.adapters.get(account.type);
    if (!adapter) throw new DomainError('unavailable', 'reply.channel_unavailable', 'This channel is not available on this server.');
    const target = await this.target(workspaceId, conversationId, input.inReplyToItemId, opts.anywhere);
    if (!target) throw invalid('reply.nothing_to_answer', 'There is no customer message to answer in this conversation.');
    const ctx = await this.accounts.context(account);
    const limits = adapter.limits(ctx, {
      nativeId: target.native_id,
      kind: target.kind,
      isPrivate: target.is_private,
      author: { nativeId: target.author_native_id },
      createdAt: target.created_at,
      ...(target.thread_native_id ? { threadNativeId: target.thread_native_id } : {}),
    });
    const verdict = checkReply({
      text,
      private: input.private,
      limits,
      lastCustomerMessageAt: conv.last_customer_message_at ?? target.created_at,
      now: this.clock.now(),
      measureFor: (t) => measurerFor(this.adapters, t),
    });
    const blocking = verdict.errors[0] ?? (!input.acknowledgePii ? verdict.warnings.find((w) => w.code === 'reply.pii_in_public_reply') : undefined);
    if (blocking) {
      const piiTypes = (blocking as { piiTypes?: string[] }).piiTypes;
      throw new DomainError('invalid', blocking.code, blocking.message, { field: input.field ?? 'text', ...(piiTypes ? { params: { piiTypes } } : {}) });
    }
    return { text, conv, account, target, limits };
  }

  /**
   * What a reply to this conversation may be, as `prepare` will check it: the directions, the limit and
   * how it is counted (the browser counts with the same channel counter). Null when nothing can be answered.
   */
  async replyLimits(workspaceId: string, conversationId: string): Promise<ReplyLimits | null> {
    const conv = await this.db.selectFrom('conversations').select(['account_id']).where('workspace_id', '=', workspaceId).where('id', '=', conversationId).executeTakeFirst();
    if (!conv) return null;
    const account = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', conv.account_id).executeTakeFirst();
    const adapter = account ? this.adapters.get(account.type) : undefined;
    const target = await this.target(workspaceId, conversationId);
    if (!account || !adapter || !target) return null;
    const ctx = await this.accounts.context(account);
    const limits = adapter.limits(ctx, {
      nativeId: target.native_id,
      kind: target.kind,
      isPrivate: target.is_private,
      author: { nativeId: target.author_native_id },
      createdAt: target.created_at,
      ...(target.thread_native_id ? { threadNativeId: target.thread_native_id } : {}),
    });
    const sample = await this.links?.sample(workspaceId);
    return sample ? { ...limits, trackedLinkSample: sample } : limits;
  }

  /** Writes a prepared reply and its audit entry (inside the caller's transaction); send it with `dispatch`. */
  async insert(trx: Transaction<InboxDbTables>, scope: Scope, p: Prepared, input: ReplyInput & { automatic?: boolean; idempotencyKey?: string; conversationId?: string }): Promise<OutboxRow | undefined> {
    const now = this.clock.now();
    const conversationId = input.conversationId ?? p.conv.id;
    const r = await trx
      .insertInto('outbox')
      .values({
        id: crypto.randomUUID(),
        workspace_id: scope.workspaceId,
        conversation_id: conversationId,
        account_id: p.account.id,
        in_reply_to_item_id: p.target.id,
        author_user_id: scope.actor.userId,
        text: p.text,
        is_private: input.private,
        status: 'sending',
        attempts: 0,
        error: null,
        error_code: null,
        claimed_until: null,
        native_id: null,
        url: null,
        idempotency_key: input.idempotencyKey ?? crypto.randomUUID(),
        created_at: now,
        sent_at: null,
        is_automatic: input.automatic === true,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!r) return undefined;
    await appendAudit(trx, {
      workspaceId: scope.workspaceId,
      actor: scope.actor,
      action: 'reply.queued',
      targetType: 'conversation',
      targetId: conversationId,
      after: { outboxId: r.id, private: r.is_private, length: [...r.text].length, ...(r.is_automatic ? { automatic: true } : {}) },
      at: now,
    });
    return r;
  }

  /** Hands a queued reply to the sending workers. */
  dispatch(row: Pick<OutboxRow, 'id' | 'attempts'>): Promise<void> {
    return this.bus.publish(OUTBOX_SUBJECT, { outboxId: row.id }, { id: `outbox:${row.id}:${row.attempts}` });
  }

  async queue(scope: Scope, conversationId: string, input: { text: string; private: boolean; inReplyToItemId?: string; acknowledgePii?: boolean; trackLinks?: boolean }): Promise<OutboxView> {
    assertCan(scope, 'inbox.reply');
    const p = await this.prepare(scope.workspaceId, conversationId, input, { actor: scope.actor });
    const row = (await this.db.transaction().execute((trx) => this.insert(trx, scope, p, input)))!;
    // Stored is accepted: a lost hand-over (the bus restarting) is made good by requeueStuck.
    await this.dispatch(row).catch((err: unknown) => this.log.error({ err, outboxId: row.id }, 'outbox dispatch failed; the reply will be requeued'));
    return presentOutbox(row);
  }

  /** An automatic reply (auto-acknowledgement) by the system: once per key; not a response for SLA. */
  async queueAutomatic(workspaceId: string, conversationId: string, text: string, idempotencyKey: string): Promise<OutboxView | undefined> {
    const scope: Scope = { workspaceId, actor: { userId: null, label: 'system:routing' }, role: 'agent', tokenScopes: null };
    const conv = await this.db.selectFrom('conversations').select('is_private').where('id', '=', conversationId).executeTakeFirst();
    const input = { text, private: conv?.is_private ?? false };
    const p = await this.prepare(workspaceId, conversationId, input);
    const row = await this.db.transaction().execute((trx) => this.insert(trx, scope, p, { ...input, automatic: true, idempotencyKey }));
    if (row) await this.dispatch(row).catch((err: unknown) => this.log.error({ err, outboxId: row.id }, 'outbox dispatch failed; the reply will be requeued'));
    return row ? presentOutbox(row) : undefined;
  }

  /**
   * Hands out again replies still to be sent that nobody holds: a dispatch lost while the bus
   * restarted, or a claim left by a worker that died (its message was acknowledged by a colleague
   * that saw the claim). The claim in `send` keeps a reply from being sent by two workers at once.
   */
  async requeueStuck(olderThanMs = 30_000): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - olderThanMs);
    const rows = await this.db
      .selectFrom('outbox')
      .select(['id', 'attempts'])
      .where('status', '=', 'sending')
      .where('created_at', '<', cutoff)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .limit(500)
      .execute();
    // A fresh message id each round (JetStream drops repeats of an id within its window).
    for (const r of rows) await this.bus.publish(OUTBOX_SUBJECT, { outboxId: r.id }, { id: `outbox:${r.id}:${r.attempts}:${cutoff.getTime()}` });
    return rows.length;
  }

  /** Sends one queued reply, if no one else holds it. Throws on a retryable channel error (the bus retries). */
  async send(outboxId: string, finalAttempt = false): Promise<void> {
    const now = this.clock.now();
    const row = await this.db
      .updateTable('outbox')
      .set({ claimed_until: new Date(now.getTime() + 60_000), attempts: sql`attempts + 1` })
      .where('id', '=', outboxId)
      .where('status', '=', 'sending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .returningAll()
      .executeTakeFirst();
    if (!row) return; // sent, failed, or in someone else's hands
    const account = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', row.account_id).executeTakeFirstOrThrow();
    const adapter = this.adapters.get(account.type);
    const target = await this.target(row.workspace_id, row.conversation_id, row.in_reply_to_item_id ?? undefined, true);
    try {
      if (!adapter || !target) throw new ChannelError('invalid_request', !adapter ? `channel ${account.type} is not available` : 'the message being answered is gone', false);
      const req: ReplyRequest = {
        inReplyTo: {
          nativeId: target.native_id,
          kind: target.kind,
          isPrivate: target.is_private,
          createdAt: target.created_at,
          author: { nativeId: target.author_native_id, ...(target.handle ? { handle: target.handle } : {}), ...(target.display_name ? { displayName: target.display_name } : {}) },
          ...(target.thread_native_id ? { threadNativeId: target.thread_native_id } : {}),
          ...(target.title ? { title: target.title } : {}),
        },
        text: row.text,
        private: row.is_private,
        idempotencyKey: row.idempotency_key,
      };
      const result = await adapter.sendReply(await this.accounts.context(account), req);
      // The channel has it now: from here on nothing may send it again. Recording can meet a store
      // that is restarting, so it is retried here (inside the claim) instead of failing the attempt,
      // which would hand the reply to the bus and send it a second time.
      await this.recordSent(row, result);
    } catch (err) {
      if (err instanceof SentNotRecorded) return; // the claim lapses; requeueStuck takes it from there
      const ce = err instanceof ChannelError ? err : new ChannelError('unavailable', (err as Error).message, true);
      if (ce.retryable && !finalAttempt) {
        await this.db
          .updateTable('outbox')
          .set({ claimed_until: null, error: ce.message.slice(0, 1000), error_code: ce.code })
          .where('id', '=', row.id)
          .execute();
        throw ce;
      }
      await this.fail(row.id, ce);
    }
  }

  /** Marks a reply the channel accepted as sent, retrying through a store outage for up to ~45 s. */
  private async recordSent(row: OutboxRow, result: { nativeId: string; url?: string }): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.markSent(row, result);
        return;
      } catch (err) {
        if (attempt >= 12) {
          // The claim lapses and requeueStuck sends again with the same idempotency key; the channel's
          // receiver drops the repeat. Said loudly, since it is the one way a reply can go out twice.
          this.log.error({ err, outboxId: row.id }, 'reply sent but not recorded; it will be resent with the same idempotency key');
          throw new SentNotRecorded((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

  private async markSent(row: OutboxRow, result: { nativeId: string; url?: string }): Promise<void> {
    const sentAt = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set({ status: 'sent', native_id: result.nativeId, url: result.url ?? null, sent_at: sentAt, error: null, error_code: null, claimed_until: null })
        .where('id', '=', row.id)
        .execute();
      await trx
        .updateTable('conversations')
        .set(row.is_automatic ? { updated_at: sentAt } : { last_agent_reply_at: sentAt, first_response_at: sql`coalesce(first_response_at, ${sentAt})`, last_message_at: sql`greatest(last_message_at, ${sentAt})`, updated_at: sentAt })
        .where('id', '=', row.conversation_id)
        .execute();
      await appendAudit(trx, {
        workspaceId: row.workspace_id,
        actor: OUTBOX_ACTOR,
        action: 'reply.sent',
        targetType: 'conversation',
        targetId: row.conversation_id,
        after: { outboxId: row.id, nativeId: result.nativeId, attempts: row.attempts },
        at: sentAt,
      });
      await this.onSent(trx, row.conversation_id, sentAt);
    });
    await this.announce({ workspaceId: row.workspace_id, conversationId: row.conversation_id, change: 'reply_sent' }).catch(() => undefined);
  }

  private async fail(id: string, ce: ChannelError): Promise<void> {
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('outbox')
        .set({ status: 'failed', error: ce.message.slice(0, 1000), error_code: ce.code, claimed_until: null })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .returningAll()
        .executeTakeFirst();
      if (r)
        await appendAudit(trx, {
          workspaceId: r.workspace_id,
          actor: OUTBOX_ACTOR,
          action: 'reply.failed',
          targetType: 'conversation',
          targetId: r.conversation_id,
          after: { outboxId: r.id, errorCode: ce.code, error: r.error, attempts: r.attempts },
          at: this.clock.now(),
        });
      return r;
    });
    if (row) await this.announce({ workspaceId: row.workspace_id, conversationId: row.conversation_id, change: 'reply_failed' });
  }

  async retry(scope: Scope, outboxId: string): Promise<OutboxView> {
    assertCan(scope, 'inbox.reply');
    const row = /^[0-9a-f-]{36}$/i.test(outboxId)
      ? await this.db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('outbox')
            .set({ status: 'sending', error: null, error_code: null, claimed_until: null })
            .where('workspace_id', '=', scope.workspaceId)
            .where('id', '=', outboxId)
            .where('status', '=', 'failed')
            .returningAll()
            .executeTakeFirst();
          if (r)
            await appendAudit(trx, {
              workspaceId: scope.workspaceId,
              actor: scope.actor,
              action: 'reply.retried',
              targetType: 'conversation',
              targetId: r.conversation_id,
              after: { outboxId: r.id, attempts: r.attempts },
              at: this.clock.now(),
            });
          return r;
        })
      : undefined;
    if (!row) throw notFound('reply.not_found', 'No failed reply with that id.');
    await this.dispatch(row);
    return presentOutbox(row);
  }

  private announce(e: ConversationEvent): Promise<void> {
    return this.bus.publish(CONVERSATION_SUBJECT, e);
  }

  work(): Promise<Subscription> {
    const maxDeliver = 4;
    return this.bus.consume<{ outboxId: string }>(
      'outbox',
      [OUTBOX_SUBJECT],
      async (msg) => {
        await this.send(msg.data.outboxId, msg.attempt >= maxDeliver);
      },
      {
        concurrency: 4,
        maxDeliver,
        backoffMs: 1000,
        onDeadLetter: async (msg, error) => {
          await this.fail((msg.data as { outboxId: string }).outboxId, error instanceof ChannelError ? error : new ChannelError('unavailable', error.message, false));
        },
      },
    );
  }
}
