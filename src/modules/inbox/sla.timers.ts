import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { appendAudit, auditEntriesFor, jsonParam } from '../audit/index.js';
import type { ItemsTables } from '../items/index.js';
import { evaluateSla, type ConversationEvent as SlaEvent, type TimerResult } from './domain/sla.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type ConversationStatus, type InboxDb, type InboxTables, type Priority } from './inbox.tables.js';
import type { SlaPolicies } from './sla.policies.js';
import type { SlaReason, SlaTimerView, SlaView } from '../../contracts/inbox.js';

export type { SlaReason, SlaTimerView, SlaView };

type Db = InboxDb;
type TimerRow = InboxTables['sla_timers'];
type ConvRef = Pick<InboxTables['conversations'], 'id' | 'workspace_id' | 'priority' | 'sla_policy_id'>;
type Conv = InboxTables['conversations'];

/** Messages written more than this long before they arrived (history imports, backfills) start no clock. */
export const HISTORY_CUTOFF_MS = 24 * 3_600_000;

/** A customer's message as an SLA event: it starts clocks unless it is history (written long before it arrived). */
function customerMessage(createdAt: Date, receivedAt: Date): SlaEvent | undefined {
  const at = new Date(createdAt).getTime();
  const arrived = new Date(receivedAt).getTime();
  return arrived - at <= HISTORY_CUTOFF_MS ? { type: 'customer_message', at: new Date(Math.min(at, arrived)) } : undefined;
}

/**
 * The SLA events of a conversation the grouper has just opened and nothing has touched since, from
 * the one message it holds; undefined when it may have more history. Such a conversation has no
 * timer rows either. Fresh means: never routed, one message (every later message and echo counts),
 * never updated (agents' changes, sent replies, snooze wake-ups and escalations all set updated_at,
 * and status changes, the only source of status-log rows, are among them), and still as the grouper
 * created it; the item must be its message (same customer, same time). With a clock that does not
 * move (tests), a change in the same instant leaves updated_at alone, so the visible state is checked
 * too: whatever moves SLA clocks or writes timer rows (status, priority, policy, replies) shows there.
 */
export function freshSlaEvents(conv: Conv, item: Pick<ItemsTables['items'], 'direction' | 'author_id' | 'created_at' | 'received_at'>): SlaEvent[] | undefined {
  const fresh =
    !conv.routed_at &&
    conv.message_count === 1 &&
    new Date(conv.updated_at).getTime() === new Date(conv.created_at).getTime() &&
    conv.status === 'open' &&
    conv.priority === 'normal' &&
    !conv.sla_policy_id &&
    !conv.first_response_at &&
    !conv.last_agent_reply_at &&
    !conv.resolved_at &&
    !conv.snoozed_until &&
    item.direction === 'inbound' &&
    item.author_id === conv.customer_author_id &&
    !!conv.last_customer_message_at &&
    new Date(conv.last_customer_message_at).getTime() === new Date(item.created_at).getTime();
  if (!fresh) return undefined;
  const e = customerMessage(item.created_at, item.received_at);
  return e ? [e] : [];
}
export const SLA_ACTOR = { userId: null, label: 'system:sla' } as const;
const RAISE: Record<Priority, Priority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const time = (d: Date | string | null | undefined): number | null => (d ? new Date(d).getTime() : null);

/**
 * SLA clocks per conversation. The domain recomputes every timer from the conversation's events
 * (customer messages, replies sent, status changes); `sync` writes the result to `sla_timers` in the
 * caller's transaction, so the rows (which survive restarts) always match the conversation. The
 * scheduler's job claims warnings and breaches from those rows with SKIP LOCKED and escalates.
 */
export class SlaTimers {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly policies: SlaPolicies,
    private readonly log: Logger,
  ) {
    this.db = tables(store);
  }

  /** The Outbox's hook: a reply was sent (inside its transaction). */
  readonly onReplySent = (trx: InboxDb, conversationId: string, sentAt: Date): Promise<void> => this.sync(trx, conversationId, sentAt);

  /** The SLA events of conversations, in the domain's terms (one query for all of them). */
  private async events(db: Db, conversationIds: string[]): Promise<Map<string, SlaEvent[]>> {
    const ids = sql.join(conversationIds.map((id) => sql`${id}::uuid`));
    const rows = (
      await sql<{ cid: string; src: 'i' | 'o' | 's'; kind: string | null; t1: Date; t2: Date | null; native_id: string | null; automatic: boolean | null }>`
        select ci.conversation_id as cid, 'i' as src, i.direction as kind, i.created_at as t1, i.received_at as t2, i.native_id, null::boolean as automatic
          from conversation_items ci join items i on i.id = ci.item_id where ci.conversation_id in (${ids})
        union all
        select o.conversation_id, 'o', null, o.sent_at, null, o.native_id, o.is_automatic from outbox o where o.conversation_id in (${ids}) and o.status = 'sent'
        union all
        select l.conversation_id, 's', l.status, l.at, null, null, null from conversation_status_log l where l.conversation_id in (${ids})`.execute(db)
    ).rows;
    const ours = new Set(rows.filter((r) => r.src === 'o' && r.native_id).map((r) => `${r.cid}:${r.native_id}`));
    const out = new Map<string, SlaEvent[]>(conversationIds.map((id) => [id, []]));
    for (const r of rows) {
      const list = out.get(r.cid)!;
      const at = new Date(r.t1);
      if (r.src === 'i') {
        if (r.kind === 'inbound') {
          const e = customerMessage(at, r.t2!);
          if (e) list.push(e);
        } else if (!ours.has(`${r.cid}:${r.native_id}`)) list.push({ type: 'agent_reply', at });
      } else if (r.src === 'o') {
        if (!r.automatic) list.push({ type: 'agent_reply', at });
      } else list.push({ type: 'status', at, status: r.kind as ConversationStatus });
    }
    return out;
  }

  private async evaluate(db: Db, conv: ConvRef, now: Date, events?: SlaEvent[]) {
    const compiled = await this.policies.forConversation(db, conv.workspace_id, conv.sla_policy_id);
    const result = evaluateSla({ policy: compiled.policy, priority: conv.priority, events: events ?? (await this.events(db, [conv.id])).get(conv.id)!, now, schedule: compiled.schedule });
    return { compiled, result };
  }

  /** Recomputes one conversation's timers and writes them (call inside the transaction that changed it). */
  async sync(db: Db, conversationId: string, now: Date, known?: ConvRef): Promise<void> {
    const conv = known ?? (await db.selectFrom('conversations').select(['id', 'workspace_id', 'priority', 'sla_policy_id']).where('id', '=', conversationId).executeTakeFirst());
    if (conv) await this.syncMany(db, [conv], now);
  }

  /**
   * `sync` for several conversations with a few statements in all (the router's batches). `fresh`: the
   * events of conversations known to have no other history and no timer rows (`freshSlaEvents`); only
   * the others are read from the database.
   */
  async syncMany(db: Db, convs: ConvRef[], now: Date, fresh?: ReadonlyMap<string, SlaEvent[]>): Promise<void> {
    if (!convs.length) return;
    const ids = convs.map((c) => c.id).filter((id) => !fresh?.has(id));
    const [read, existingRows] = ids.length ? await Promise.all([this.events(db, ids), db.selectFrom('sla_timers').selectAll().where('conversation_id', 'in', ids).execute()]) : [new Map<string, SlaEvent[]>(), []];
    const events = new Map([...read, ...(fresh ?? [])]);
    const inserts: Array<TimerRow> = [];
    const updates: Array<{ id: string; set: Partial<TimerRow> }> = [];
    for (const conv of convs) {
      const { compiled, result } = await this.evaluate(db, conv, now, events.get(conv.id)!);
      const existing = existingRows.filter((e) => e.conversation_id === conv.id);
      const keep = new Set<string>();
      for (const t of [result.firstResponse, result.nextResponse, result.resolution]) {
        if (t.state === 'inactive' || !t.startedAt) continue;
        const key = `${t.kind}@${t.startedAt.getTime()}`;
        keep.add(key);
        const prev = existing.find((e) => `${e.kind}@${new Date(e.started_at).getTime()}` === key);
        const stopped = t.clock === 'stopped';
        let state: TimerRow['state'] = stopped ? (t.state === 'met' || t.state === 'breached' || t.state === 'cancelled' ? t.state : 'met') : t.clock === 'paused' ? 'paused' : 'running';
        // A breach is declared by the job (which escalates); once declared it stays.
        if (prev?.breached_at && (state === 'running' || state === 'paused')) state = 'breached';
        const breachedAt = prev?.breached_at ?? (state === 'breached' ? t.breachedAt : null);
        const warnedAt = prev?.warned_at && t.warningAt && t.warningAt.getTime() > now.getTime() && !prev.breached_at ? null : (prev?.warned_at ?? null);
        const next = { state, due_at: t.dueAt, warn_at: t.warningAt, stopped_at: t.stoppedAt, breached_at: breachedAt, warned_at: warnedAt, target_ms: t.targetMs, policy_id: compiled.id === 'builtin' ? null : compiled.id };
        if (prev && same(prev, next)) continue;
        if (prev) updates.push({ id: prev.id, set: next });
        else inserts.push({ id: crypto.randomUUID(), workspace_id: conv.workspace_id, conversation_id: conv.id, kind: t.kind, started_at: t.startedAt, ...next });
      }
      // Timers no longer owed (priority without a target, history rewritten): cancelled, not left counting.
      for (const e of existing) {
        if (keep.has(`${e.kind}@${new Date(e.started_at).getTime()}`) || e.stopped_at || !['running', 'paused'].includes(e.state)) continue;
        if (e.kind === 'next_response' && result.nextResponse.startedAt && new Date(e.started_at) < result.nextResponse.startedAt) {
          updates.push({ id: e.id, set: { state: e.breached_at ? 'breached' : 'met', stopped_at: result.nextResponse.startedAt } });
        } else updates.push({ id: e.id, set: { state: 'cancelled', stopped_at: now } });
      }
    }
    if (inserts.length) {
      await db
        .insertInto('sla_timers')
        .values(inserts)
        .onConflict((oc) =>
          oc.columns(['conversation_id', 'kind', 'started_at']).doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            due_at: eb.ref('excluded.due_at'),
            warn_at: eb.ref('excluded.warn_at'),
            stopped_at: eb.ref('excluded.stopped_at'),
            breached_at: eb.ref('excluded.breached_at'),
            warned_at: eb.ref('excluded.warned_at'),
            target_ms: eb.ref('excluded.target_ms'),
            policy_id: eb.ref('excluded.policy_id'),
          })),
        )
        .execute();
    }
    for (const u of updates) await db.updateTable('sla_timers').set(u.set).where('id', '=', u.id).execute();
  }

  /** Live timers for the conversation screen (remaining business time now). */
  async view(conv: Pick<InboxTables['conversations'], 'id' | 'workspace_id' | 'priority' | 'sla_policy_id'>): Promise<SlaView> {
    const [{ compiled, result }, rows] = await Promise.all([this.evaluate(this.db, conv, this.clock.now()), this.db.selectFrom('sla_timers').select(['kind', 'started_at', 'breached_at']).where('conversation_id', '=', conv.id).execute()]);
    // A breach declared by the job stands, at the time it was due then (a later priority change re-evaluates the rest).
    const declared = (t: TimerResult) => rows.find((r) => r.kind === t.kind && r.breached_at && t.startedAt && new Date(r.started_at).getTime() === t.startedAt.getTime())?.breached_at;
    const timers = [result.firstResponse, result.nextResponse, result.resolution]
      .filter((t) => t.state !== 'inactive')
      .map((t) => {
        const at = declared(t);
        return at ? { ...t, state: 'breached' as const, breachedAt: new Date(at) } : t;
      })
      .map(
        (t): SlaTimerView => ({
          kind: t.kind,
          state: t.state,
          clock: t.clock,
          targetMs: t.targetMs,
          elapsedMs: t.elapsedMs,
          remainingMs: t.remainingMs,
          startedAt: iso(t.startedAt),
          dueAt: iso(t.dueAt),
          warningAt: iso(t.warningAt),
          metAt: iso(t.metAt),
          breachedAt: iso(t.breachedAt),
          stoppedAt: iso(t.stoppedAt),
          ...(t.kind === 'next_response' ? { cycles: t.cycles ?? 0, breaches: t.breaches ?? 0 } : {}),
        }),
      );
    return { policy: compiled.id === 'builtin' ? null : { id: compiled.id, name: compiled.name }, reason: await this.reason(conv), priority: conv.priority, timers };
  }

  /** The latest audit entry that set the conversation's policy says why it has it. */
  private async reason(conv: Pick<InboxTables['conversations'], 'id' | 'workspace_id' | 'sla_policy_id'>): Promise<SlaReason> {
    if (!conv.sla_policy_id) return { kind: 'default' };
    const db = this.db;
    const entries = await auditEntriesFor(db, { workspaceId: conv.workspace_id, targetId: conv.id, actions: ['routing.applied', 'conversation.updated'], limit: 50 });
    for (const e of entries) {
      const after = (e.after ?? {}) as { slaPolicyId?: string | null; setBy?: { slaPolicyId?: string } };
      const before = (e.before ?? {}) as { slaPolicyId?: string | null };
      if (after.slaPolicyId !== conv.sla_policy_id || before.slaPolicyId === after.slaPolicyId) continue;
      const ruleId = e.action === 'routing.applied' ? after.setBy?.slaPolicyId : undefined;
      if (!ruleId) return { kind: 'manual' };
      const rule = await db.selectFrom('routing_rules').select('name').where('workspace_id', '=', conv.workspace_id).where('id', '=', ruleId).executeTakeFirst();
      return { kind: 'rule', ruleId, ruleName: rule?.name ?? null };
    }
    return { kind: 'manual' };
  }

  /**
   * The scheduler's job: marks timers whose warning time has come, then declares breaches and
   * escalates (priority one step up and/or the policy's escalation team, tag `sla-breach`). Claims
   * rows with FOR UPDATE SKIP LOCKED, so several workers never handle one twice.
   */
  async runDue(limit = 200): Promise<{ warned: number; breached: number }> {
    const now = this.clock.now();
    const events: ConversationEvent[] = [];
    const warned = await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('sla_timers')
        .selectAll()
        .where('state', '=', 'running')
        .where('warned_at', 'is', null)
        .where('warn_at', '<=', now)
        .where('due_at', '>', now)
        .orderBy('warn_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const r of rows) {
        await trx.updateTable('sla_timers').set({ warned_at: now }).where('id', '=', r.id).execute();
        await appendAudit(trx, {
          workspaceId: r.workspace_id,
          actor: SLA_ACTOR,
          action: 'sla.warning',
          targetType: 'conversation',
          targetId: r.conversation_id,
          after: { kind: r.kind, dueAt: iso(r.due_at), warnAt: iso(r.warn_at) },
          at: now,
        });
        events.push({ workspaceId: r.workspace_id, conversationId: r.conversation_id, change: 'sla', sla: { kind: r.kind, state: 'warning' } });
      }
      return rows.length;
    });
    const due = await this.db.selectFrom('sla_timers').select(['conversation_id']).distinct().where('state', '=', 'running').where('due_at', '<=', now).limit(limit).execute();
    let breached = 0;
    for (const { conversation_id } of due) {
      try {
        breached += await this.breach(conversation_id, now, events);
      } catch (err) {
        this.log.error({ err, conversationId: conversation_id }, 'sla breach handling failed');
      }
    }
    for (const e of events) await this.bus.publish(CONVERSATION_SUBJECT, e);
    return { warned, breached };
  }

  /** One conversation's due timers: the conversation is locked first (the order every writer uses). */
  private async breach(conversationId: string, now: Date, events: ConversationEvent[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const conv = await trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).forUpdate().skipLocked().executeTakeFirst();
      if (!conv) return 0;
      const rows = await trx.selectFrom('sla_timers').selectAll().where('conversation_id', '=', conversationId).where('state', '=', 'running').where('due_at', '<=', now).forUpdate().skipLocked().execute();
      if (!rows.length) return 0;
      const compiled = await this.policies.forConversation(trx, conv.workspace_id, conv.sla_policy_id);
      const esc = compiled.definition.escalation;
      for (const r of rows)
        await trx
          .updateTable('sla_timers')
          .set({ state: 'breached', breached_at: r.due_at, warned_at: r.warned_at ?? now })
          .where('id', '=', r.id)
          .execute();
      const priority = esc.raisePriority ? RAISE[conv.priority] : conv.priority;
      let teamId = conv.team_id;
      if (esc.teamId) {
        const team = await trx.selectFrom('teams').select('id').where('workspace_id', '=', conv.workspace_id).where('id', '=', esc.teamId).executeTakeFirst();
        if (team) teamId = team.id;
      }
      const tags = conv.tags.includes('sla-breach') ? conv.tags : [...conv.tags, 'sla-breach'];
      await trx
        .updateTable('conversations')
        .set({ priority, team_id: teamId, tags: jsonParam(tags), updated_at: now })
        .where('id', '=', conv.id)
        .execute();
      await appendAudit(trx, {
        workspaceId: conv.workspace_id,
        actor: SLA_ACTOR,
        action: 'sla.breached',
        targetType: 'conversation',
        targetId: conv.id,
        before: { priority: conv.priority, teamId: conv.team_id, tags: conv.tags },
        after: { timers: rows.map((r) => ({ kind: r.kind, dueAt: iso(r.due_at) })), priority, teamId, tags },
        at: now,
      });
      if (priority !== conv.priority) await this.sync(trx, conv.id, now);
      for (const r of rows) events.push({ workspaceId: conv.workspace_id, conversationId: conv.id, change: 'sla', sla: { kind: r.kind, state: 'breached' } });
      return rows.length;
    });
  }
}

function same(a: TimerRow, b: { state: string; due_at: Date | null; warn_at: Date | null; stopped_at: Date | null; breached_at: Date | null; warned_at: Date | null; target_ms: number | null; policy_id: string | null }): boolean {
  return (
    a.state === b.state &&
    time(a.due_at) === time(b.due_at) &&
    time(a.warn_at) === time(b.warn_at) &&
    time(a.stopped_at) === time(b.stopped_at) &&
    time(a.breached_at) === time(b.breached_at) &&
    time(a.warned_at) === time(b.warned_at) &&
    Number(a.target_ms) === Number(b.target_ms) &&
    a.policy_id === b.policy_id
  );
}
