import { sql, type Transaction } from 'kysely';
import { ITEM_FIELDS, type ItemFields } from '../items/index.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { AnyDb, Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { DomainError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { isActiveMember, pickAgent, savePools, type Pools } from './assign.js';
import { renderTemplate } from './domain/templates.js';
import { evaluateRules, type RoutingOutcome } from './domain/rules.js';
import { CONVERSATION_BATCH_SUBJECT, CONVERSATION_SUBJECT, type ConversationBatch, type ConversationEvent, type InboxDb, type InboxDbTables, type InboxTables, type Priority } from './inbox.tables.js';
import type { CannedReplies } from './canned.service.js';
import type { Outbox } from './outbox.js';
import { contextOf, customerFlags, ruleEnv } from './routing.context.js';
import type { RulesService } from './rules.service.js';
import type { SlaPolicies } from './sla.policies.js';
import { freshSlaEvents, type SlaTimers } from './sla.timers.js';
import { Batcher } from '../../platform/batcher.js';
import type { ConversationEvent as SlaEvent } from './domain/sla.js';

export const ROUTING_ACTOR = { userId: null, label: 'system:routing' } as const;
const BATCH = 50;
/** The router's work queue (derived work: it yields to intake under load, see PriorityBus). */
export const ROUTING_QUEUE = 'inbox-routing';
const RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
type Conv = InboxTables['conversations'];
interface Batch {
  /** Per workspace: each team's agents, loads and round-robin cursor (see assign.ts). */
  pools: Map<string, Pools>;
  flags: Map<string, { vip: boolean; customer: boolean; segments?: readonly string[] }>;
  /** Teams and SLA policies known to exist (references in rules are checked once per batch). */
  known: Map<string, boolean>;
}
type Item = ItemFields & { followers: number | null; influence: number | null };

export interface RouterDeps {
  rules: RulesService;
  policies: SlaPolicies;
  timers: SlaTimers;
  canned: CannedReplies;
  outbox: Outbox;
  /** Segment names of the authors' linked customers, on the router's transaction (customers' face, passed in). */
  segmentsOf?: (trx: AnyDb, workspaceId: string, authorIds: string[]) => Promise<Map<string, string[]>>;
}

/**
 * Runs as items arrive: a worker consumer of `conversation.updated` (`created` and `message`). For a
 * new conversation every enabled rule runs; for a later customer message only rules marked
 * `every_message`, and then only to raise priority, add tags, escalate, set the SLA policy, or assign
 * / set a team when there is none. A customer message also reopens a pending or snoozed conversation
 * (policy `reopenOnCustomerMessage`). Then the SLA timers are recomputed. One transaction per event,
 * audited as `routing.applied`; the auto-acknowledgement is queued through the outbox afterwards.
 */
export class Router {
  private readonly db: InboxDb;
  constructor(
    store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly d: RouterDeps,
  ) {
    this.db = tables(store);
  }

  /**
   * Events are routed in small batches (up to 50, or what arrived within 10 ms): one transaction and
   * one commit per batch. A handler resolves (and its message is acked) once its batch committed; if a
   * batch fails, its events are retried one by one, so one bad event fails only itself.
   */
  work(): Promise<Subscription> {
    return this.bus.consume<ConversationEvent | ConversationBatch>(
      ROUTING_QUEUE,
      [CONVERSATION_BATCH_SUBJECT, CONVERSATION_SUBJECT],
      async (msg) => {
        const events = 'events' in msg.data ? msg.data.events : [msg.data];
        await Promise.all(events.filter((e) => (e.change === 'created' || e.change === 'message') && e.itemId).map((e) => this.enqueue(e)));
      },
      { concurrency: 16 },
    );
  }

  /**
   * At most two batches at once (each holds a database connection); small batches keep the time the
   * conversations of a batch stay locked short (the grouper waits for them on follow-up messages).
   */
  private readonly batcher = new Batcher<ConversationEvent, void>(
    async (events) => (await this.handleMany(events), events.map(() => undefined)),
    (e) => this.handle(e),
    { max: BATCH, delayMs: 10, parallel: 2 },
  );

  private enqueue(e: ConversationEvent): Promise<void> {
    return this.batcher.add(e);
  }

  /** Routes one event (its own transaction). */
  handle(e: ConversationEvent): Promise<void> {
    return this.handleMany([e]);
  }

  /** Routes events in one transaction: conversations locked in (workspace, thread key) order, like the grouper does. */
  async handleMany(events: ConversationEvent[]): Promise<void> {
    events = events.filter((e) => e.itemId);
    if (!events.length) return;
    const now = this.clock.now();
    const active = new Map(await Promise.all([...new Set(events.map((e) => e.workspaceId))].map(async (ws) => [ws, await this.d.rules.active(ws)] as const)));
    const results = await this.db.transaction().execute(async (trx) => {
      const convs = new Map(
        (
          await trx
            .selectFrom('conversations')
            .selectAll()
            .where('id', 'in', [...new Set(events.map((e) => e.conversationId))])
            .orderBy('workspace_id')
            .orderBy(sql`thread_key collate "C"`)
            .forUpdate()
            .execute()
        ).map((c) => [c.id, c]),
      );
      const items = new Map(
        (
          await trx
            .selectFrom('items as i')
            .innerJoin('authors as a', 'a.id', 'i.author_id')
            .select(ITEM_FIELDS.map((c) => `i.${c}` as const))
            .select(['a.followers', 'a.influence'])
            .where(
              'i.id',
              'in',
              events.map((e) => e.itemId!),
            )
            .execute()
        ).map((i) => [i.id, i]),
      );
      // Shared by the batch: customer flags (when rules may look at them) and each team's agents and loads.
      const batch: Batch = { pools: new Map(), flags: new Map(), known: new Map() };
      for (const [ws, rules] of active) {
        if (!rules.some((r) => r.rule.enabled)) continue;
        const authors = [...new Set([...items.values()].filter((i) => i.workspace_id === ws).map((i) => i.author_id))];
        for (const [id, f] of await customerFlags(trx, ws, authors)) batch.flags.set(id, f);
        // Segments only when a rule looks at them (a lookup per segment of the workspace).
        if (this.d.segmentsOf && rules.some((r) => r.rule.enabled && JSON.stringify(r.rule.conditions).includes('"author.segments"'))) {
          for (const [id, names] of await this.d.segmentsOf(trx, ws, authors)) batch.flags.set(id, { ...(batch.flags.get(id) ?? { vip: false, customer: false }), segments: names });
        }
      }
      // Conversations the grouper has just opened: their SLA events are their one message, read above.
      const fresh = new Map<string, SlaEvent[]>();
      const named = new Map<string, Set<string>>();
      for (const e of events) named.set(e.conversationId, (named.get(e.conversationId) ?? new Set()).add(e.itemId!));
      for (const [id, itemIds] of named) {
        const conv = convs.get(id);
        const item = itemIds.size === 1 ? items.get([...itemIds][0]!) : undefined;
        const known = conv && item ? freshSlaEvents(conv, item) : undefined;
        if (known) fresh.set(id, known);
      }
      const out: Array<{ conv: Conv; changed: boolean; dirty: boolean; ack?: string }> = [];
      for (const e of events) {
        const conv = convs.get(e.conversationId);
        const item = items.get(e.itemId!);
        if (!conv || !item || item.direction === 'outbound') continue;
        const r = await this.route(trx, conv, item, active.get(e.workspaceId) ?? [], now, batch);
        convs.set(conv.id, r.conv);
        out.push(r);
      }
      await this.write(trx, [...new Map(out.filter((r) => r.dirty).map((r) => [r.conv.id, convs.get(r.conv.id)!])).values()]);
      for (const [ws, pools] of batch.pools) await savePools(trx, ws, pools);
      // SLA clocks once per conversation, with its final state (routing a first message changes no status, so writes no status-log row).
      for (const id of fresh.keys()) if (convs.get(id)!.status !== 'open') fresh.delete(id);
      await this.d.timers.syncMany(
        trx,
        [...new Set(events.map((e) => e.conversationId))].map((id) => convs.get(id)).filter((c): c is Conv => !!c && !c.is_history),
        now,
        fresh,
      );
      return out;
    });
    for (const r of results) {
      if (r.ack) await this.acknowledge(r.conv, r.ack);
      if (r.changed) await this.bus.publish(CONVERSATION_SUBJECT, { workspaceId: r.conv.workspace_id, conversationId: r.conv.id, change: 'updated' } satisfies ConversationEvent);
    }
  }

  /** One customer message: reopen if pending/snoozed, the rules, the changes and their audit entry. */
  /** The routed conversations' new state, in one statement for the whole batch. */
  private async write(trx: InboxDb, convs: Conv[]): Promise<void> {
    if (!convs.length) return;
    const rows = convs.map(
      (c) =>
        sql`(${c.id}::uuid, ${c.status}, ${c.snoozed_until}::timestamptz, ${c.priority}, ${JSON.stringify(c.tags)}::jsonb, ${c.team_id}::uuid, ${c.assignee_id}::uuid, ${c.sla_policy_id}::uuid, ${c.routed_at}::timestamptz, ${c.updated_at}::timestamptz)`,
    );
    await sql`update conversations c set status = v.status, snoozed_until = v.snoozed_until, priority = v.priority, tags = v.tags, team_id = v.team_id, assignee_id = v.assignee_id,
        sla_policy_id = v.sla_policy_id, routed_at = v.routed_at, updated_at = v.updated_at
      from (values ${sql.join(rows)}) as v(id, status, snoozed_until, priority, tags, team_id, assignee_id, sla_policy_id, routed_at, updated_at)
      where c.id = v.id`.execute(trx);
  }

  private async route(trx: InboxDb, conv: Conv, item: Item, active: Awaited<ReturnType<RulesService['active']>>, now: Date, batch: Batch): Promise<{ conv: Conv; changed: boolean; dirty: boolean; ack?: string }> {
    const first = !conv.routed_at;
    // History is stored, analysed and searchable, but never routed into a queue (no rules, no auto-reply).
    if (conv.is_history) return { conv: first ? { ...conv, routed_at: now } : conv, changed: false, dirty: first };
    const compiled = await this.d.policies.forConversation(trx, conv.workspace_id, conv.sla_policy_id);
    const set: Partial<Conv> = {};
    if (!first && (conv.status === 'pending' || conv.status === 'snoozed') && compiled.definition.reopenOnCustomerMessage) Object.assign(set, { status: 'open', snoozed_until: null });
    const rules = active.filter((r) => first || r.runOn === 'every_message').map((r) => r.rule);
    let outcome: RoutingOutcome | undefined;
    const notes: Record<string, unknown> = {};
    if (rules.some((r) => r.enabled)) {
      const flags = batch.flags.get(item.author_id) ?? { vip: false, customer: false };
      outcome = evaluateRules(rules, contextOf(item, item, flags), ruleEnv(compiled.schedule)).outcome;
      if (outcome.matchedRuleIds.length) await this.apply(trx, conv, outcome, first, item.lang ?? undefined, set, notes, now, batch);
    }
    if (first) set.routed_at = now;
    const changed = Object.keys(set).some((k) => k !== 'routed_at');
    // Written for the whole batch at once (`write`).
    const dirty = Object.keys(set).length > 0;
    if (changed || outcome?.matchedRuleIds.length) {
      const pick = (c: Partial<Conv>) => ({ status: c.status, priority: c.priority, tags: c.tags, teamId: c.team_id, assigneeId: c.assignee_id, slaPolicyId: c.sla_policy_id });
      await appendAudit(trx as Transaction<InboxDbTables>, {
        workspaceId: conv.workspace_id,
        actor: ROUTING_ACTOR,
        action: 'routing.applied',
        targetType: 'conversation',
        targetId: conv.id,
        before: pick(conv),
        after: { ...pick({ ...conv, ...set }), itemId: item.id, rules: outcome?.matchedRuleIds ?? [], setBy: outcome?.setBy ?? {}, escalations: outcome?.escalations ?? [], ...notes },
        at: now,
      });
    }
    const ack = first ? outcome?.autoAcknowledgeTemplateId : undefined;
    return { conv: { ...conv, ...set, ...(changed ? { updated_at: now } : {}) }, changed, dirty, ...(ack ? { ack } : {}) };
  }

  /** The outcome's changes into `set` (references checked: a deleted team or agent is skipped and noted). */
  private async apply(trx: InboxDb, conv: Conv, o: RoutingOutcome, first: boolean, language: string | undefined, set: Partial<Conv>, notes: Record<string, unknown>, now: Date, batch: Batch): Promise<void> {
    const ws = conv.workspace_id;
    const escalatedTo = o.escalations.some((e) => e.teamId && e.teamId === o.teamId);
    if (o.teamId && (first || escalatedTo || !conv.team_id) && o.teamId !== conv.team_id) {
      if (await this.exists(trx, batch, 'teams', ws, o.teamId)) set.team_id = o.teamId;
      else notes.skipped = [...((notes.skipped as string[]) ?? []), `team ${o.teamId} no longer exists`];
    }
    if (o.priority && (first || RANK[o.priority] > RANK[conv.priority])) set.priority = o.priority;
    const tags = [...conv.tags];
    for (const t of o.tags) if (!tags.includes(t)) tags.push(t);
    if (o.escalations.length && !tags.includes('escalated')) tags.push('escalated');
    if (tags.length !== conv.tags.length) set.tags = tags;
    if (o.slaPolicyId && o.slaPolicyId !== conv.sla_policy_id) {
      if (await this.exists(trx, batch, 'sla_policies', ws, o.slaPolicyId)) set.sla_policy_id = o.slaPolicyId;
    }
    if (o.assignment && (first || !conv.assignee_id) && conv.status !== 'resolved' && conv.status !== 'closed') {
      if (o.assignment.type === 'agent') {
        if (await isActiveMember(trx, ws, o.assignment.agentId)) set.assignee_id = o.assignment.agentId;
        else notes.assignment = { ok: false, reason: 'agent is not an active member' };
      } else {
        const teamId = o.assignment.teamId ?? set.team_id ?? conv.team_id;
        if (!teamId) notes.assignment = { ok: false, reason: 'no team to assign in' };
        else {
          let pools = batch.pools.get(ws);
          if (!pools) batch.pools.set(ws, (pools = new Map()));
          const r = await pickAgent(trx, ws, { teamId, strategy: o.assignment.strategy, ...(language ? { language } : {}) }, now, pools);
          if (r.ok) set.assignee_id = r.agentId;
          notes.assignment = r.ok ? { ok: true, agentId: r.agentId, strategy: r.strategy } : { ok: false, reason: r.reason, message: r.message };
        }
      }
    }
  }

  /** Whether a team or SLA policy a rule names is still there (asked once per batch). */
  private async exists(trx: InboxDb, batch: Batch, table: 'teams' | 'sla_policies', workspaceId: string, id: string): Promise<boolean> {
    const key = `${table}:${workspaceId}:${id}`;
    let known = batch.known.get(key);
    if (known === undefined) batch.known.set(key, (known = /^[0-9a-f-]{36}$/i.test(id) && !!(await trx.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst())));
    return known;
  }

  /** Auto-acknowledgement: the canned reply rendered for the conversation, sent as the system (once). */
  private async acknowledge(conv: Conv, templateId: string): Promise<void> {
    const skip = (reason: string) =>
      this.db
        .transaction()
        .execute((trx) => appendAudit(trx, { workspaceId: conv.workspace_id, actor: ROUTING_ACTOR, action: 'routing.ack_skipped', targetType: 'conversation', targetId: conv.id, after: { templateId, reason }, at: this.clock.now() }));
    try {
      const template = await this.d.canned.find(this.db, conv.workspace_id, templateId);
      if (!template) return void (await skip('the canned reply no longer exists'));
      const values = await this.d.canned.valuesFor(this.db, conv.workspace_id, conv.id, null);
      const r = renderTemplate(template.text, values ?? {});
      if (!r.ok) return void (await skip(`template incomplete: ${[...r.missing, ...r.unknown].join(', ') || 'syntax'}`));
      await this.d.outbox.queueAutomatic(conv.workspace_id, conv.id, r.text, `ack:${conv.id}`);
    } catch (err) {
      if (err instanceof DomainError) await skip(`${err.code}: ${err.message}`);
      else this.log.error({ err, conversationId: conv.id }, 'auto-acknowledgement failed');
    }
  }
}
