import { sql, type Transaction } from 'kysely';
import type { ItemsTables } from '../items/items.tables.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { DomainError } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/audit.store.js';
import { isActiveMember, pickAgent } from './assign.js';
import { renderTemplate } from './domain/templates.js';
import { evaluateRules, type RoutingOutcome } from './domain/rules.js';
import { CONVERSATION_SUBJECT, type ConversationEvent, type InboxDb, type InboxDbTables, type InboxTables, type Priority } from './inbox.tables.js';
import type { CannedReplies } from './canned.service.js';
import type { Outbox } from './outbox.js';
import { contextOf, customerFlags, ruleEnv } from './routing.context.js';
import type { RulesService } from './rules.service.js';
import type { SlaPolicies } from './sla.policies.js';
import type { SlaTimers } from './sla.timers.js';

export const ROUTING_ACTOR = { userId: null, label: 'system:routing' } as const;
const BATCH = 100;
const RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
type Conv = InboxTables['conversations'];
type Item = ItemsTables['items'] & { followers: number | null; influence: number | null };

export interface RouterDeps {
  rules: RulesService;
  policies: SlaPolicies;
  timers: SlaTimers;
  canned: CannedReplies;
  outbox: Outbox;
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
   * Events are routed in small batches (up to 100, or what arrived within 10 ms): one transaction and
   * one commit per batch. A handler resolves (and its message is acked) once its batch committed; if a
   * batch fails, its events are retried one by one, so one bad event fails only itself.
   */
  work(): Promise<Subscription> {
    return this.bus.consume<ConversationEvent>('inbox-routing', [CONVERSATION_SUBJECT], async (msg) => {
      if ((msg.data.change === 'created' || msg.data.change === 'message') && msg.data.itemId) await this.enqueue(msg.data);
    }, { concurrency: 200 });
  }

  private pending: Array<{ e: ConversationEvent; done: (err?: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;

  private enqueue(e: ConversationEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ e, done: (err) => (err ? reject(err) : resolve()) });
      if (this.pending.length >= BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), 10);
    });
  }

  /** At most two batches at once (each holds a database connection), the next one as soon as one ends. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running >= 2 || !this.pending.length) return;
    const batch = this.pending.splice(0, BATCH);
    this.running++;
    void this.handleMany(batch.map((b) => b.e))
      .then(
        () => batch.forEach((b) => b.done()),
        async () => {
          for (const b of batch) await this.handle(b.e).then(() => b.done(), (err: unknown) => b.done(err));
        },
      )
      .finally(() => {
        this.running--;
        if (this.pending.length) this.flush();
      });
    if (this.pending.length) this.flush();
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
    const T0 = performance.now(); const TR: Record<string, number> = {};
    const mark = (k: string, t: number) => (TR[k] = (TR[k] ?? 0) + performance.now() - t);
    const results = await this.db.transaction().execute(async (trx) => {
      const T1 = performance.now();
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
      mark('lock', T1);
      const T2 = performance.now();
      const items = new Map(
        (await trx.selectFrom('items as i').innerJoin('authors as a', 'a.id', 'i.author_id').selectAll('i').select(['a.followers', 'a.influence']).where('i.id', 'in', events.map((e) => e.itemId!)).execute()).map((i) => [i.id, i]),
      );
      mark('items', T2);
      const T3 = performance.now();
      const out: Array<{ conv: Conv; changed: boolean; routedOnly: boolean; ack?: string }> = [];
      for (const e of events) {
        const conv = convs.get(e.conversationId);
        const item = items.get(e.itemId!);
        if (!conv || !item || item.direction === 'outbound') continue;
        const r = await this.route(trx, conv, item, active.get(e.workspaceId) ?? [], now);
        convs.set(conv.id, r.conv);
        out.push(r);
      }
      const routedOnly = out.filter((r) => r.routedOnly).map((r) => r.conv.id);
      if (routedOnly.length) await trx.updateTable('conversations').set({ routed_at: now }).where('id', 'in', routedOnly).execute();
      mark('route', T3);
      const T4 = performance.now();
      // SLA clocks once per conversation, with its final state.
      await this.d.timers.syncMany(trx, [...new Set(events.map((e) => e.conversationId))].map((id) => convs.get(id)).filter((c): c is Conv => !!c), now);
      mark('sync', T4);
      return out;
    });
    mark('total', T0);
    if (process.env.TRACE_INBOX) process.stderr.write(`router batch ${events.length}: ${Object.entries(TR).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' ')}\n`);
    for (const r of results) {
      if (r.ack) await this.acknowledge(r.conv, r.ack);
      if (r.changed) await this.bus.publish(CONVERSATION_SUBJECT, { workspaceId: r.conv.workspace_id, conversationId: r.conv.id, change: 'updated' } satisfies ConversationEvent);
    }
  }

  /** One customer message: reopen if pending/snoozed, the rules, the changes and their audit entry. */
  private async route(trx: InboxDb, conv: Conv, item: Item, active: Awaited<ReturnType<RulesService['active']>>, now: Date): Promise<{ conv: Conv; changed: boolean; routedOnly: boolean; ack?: string }> {
    const first = !conv.routed_at;
    const compiled = await this.d.policies.forConversation(trx, conv.workspace_id, conv.sla_policy_id);
    const set: Partial<Conv> = {};
    if (!first && (conv.status === 'pending' || conv.status === 'snoozed') && compiled.definition.reopenOnCustomerMessage) Object.assign(set, { status: 'open', snoozed_until: null });
    const rules = active.filter((r) => first || r.runOn === 'every_message').map((r) => r.rule);
    let outcome: RoutingOutcome | undefined;
    const notes: Record<string, unknown> = {};
    if (rules.some((r) => r.enabled)) {
      const flags = (await customerFlags(trx, conv.workspace_id, [item.author_id])).get(item.author_id)!;
      outcome = evaluateRules(rules, contextOf(item, item, flags), ruleEnv(compiled.schedule)).outcome;
      if (outcome.matchedRuleIds.length) await this.apply(trx, conv, outcome, first, item.lang ?? undefined, set, notes, now);
    }
    if (first) set.routed_at = now;
    const changed = Object.keys(set).some((k) => k !== 'routed_at');
    // Only marked as routed: the batch does that for all of them in one statement.
    const routedOnly = first && !changed;
    if (Object.keys(set).length && !routedOnly) await trx.updateTable('conversations').set({ ...set, ...(set.tags ? { tags: jsonParam(set.tags) } : {}), ...(changed ? { updated_at: now } : {}) }).where('id', '=', conv.id).execute();
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
    return { conv: { ...conv, ...set, ...(changed ? { updated_at: now } : {}) }, changed, routedOnly, ...(ack ? { ack } : {}) };
  }

  /** The outcome's changes into `set` (references checked: a deleted team or agent is skipped and noted). */
  private async apply(trx: InboxDb, conv: Conv, o: RoutingOutcome, first: boolean, language: string | undefined, set: Partial<Conv>, notes: Record<string, unknown>, now: Date): Promise<void> {
    const ws = conv.workspace_id;
    const escalatedTo = o.escalations.some((e) => e.teamId && e.teamId === o.teamId);
    if (o.teamId && (first || escalatedTo || !conv.team_id) && o.teamId !== conv.team_id) {
      const team = await trx.selectFrom('teams').select('id').where('workspace_id', '=', ws).where('id', '=', o.teamId).executeTakeFirst();
      if (team) set.team_id = team.id;
      else notes.skipped = [...((notes.skipped as string[]) ?? []), `team ${o.teamId} no longer exists`];
    }
    if (o.priority && (first || RANK[o.priority] > RANK[conv.priority])) set.priority = o.priority;
    const tags = [...conv.tags];
    for (const t of o.tags) if (!tags.includes(t)) tags.push(t);
    if (o.escalations.length && !tags.includes('escalated')) tags.push('escalated');
    if (tags.length !== conv.tags.length) set.tags = tags;
    if (o.slaPolicyId && o.slaPolicyId !== conv.sla_policy_id) {
      const p = await trx.selectFrom('sla_policies').select('id').where('workspace_id', '=', ws).where('id', '=', o.slaPolicyId).executeTakeFirst();
      if (p) set.sla_policy_id = p.id;
    }
    if (o.assignment && (first || !conv.assignee_id) && conv.status !== 'resolved' && conv.status !== 'closed') {
      if (o.assignment.type === 'agent') {
        if (await isActiveMember(trx, ws, o.assignment.agentId)) set.assignee_id = o.assignment.agentId;
        else notes.assignment = { ok: false, reason: 'agent is not an active member' };
      } else {
        const teamId = o.assignment.teamId ?? set.team_id ?? conv.team_id;
        if (!teamId) notes.assignment = { ok: false, reason: 'no team to assign in' };
        else {
          const r = await pickAgent(trx, ws, { teamId, strategy: o.assignment.strategy, ...(language ? { language } : {}) }, now);
          if (r.ok) set.assignee_id = r.agentId;
          notes.assignment = r.ok ? { ok: true, agentId: r.agentId, strategy: r.strategy } : { ok: false, reason: r.reason, message: r.message };
        }
      }
    }
  }

  /** Auto-acknowledgement: the canned reply rendered for the conversation, sent as the system (once). */
  private async acknowledge(conv: Conv, templateId: string): Promise<void> {
    const skip = (reason: string) =>
      this.db.transaction().execute((trx) => appendAudit(trx, { workspaceId: conv.workspace_id, actor: ROUTING_ACTOR, action: 'routing.ack_skipped', targetType: 'conversation', targetId: conv.id, after: { templateId, reason }, at: this.clock.now() }));
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
