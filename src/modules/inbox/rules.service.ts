import crypto from 'node:crypto';
import { sql } from 'kysely';
import { RULES_CHANGED_SUBJECT } from './inbox.tables.js';
import { SharedCache } from '../../platform/cache.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { AnyDb, Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { evaluateRules, type Action, type Rule } from './domain/rules.js';
import { validateRule } from './domain/rule-validation.js';
import type { InboxTables, InboxDb } from './inbox.tables.js';
import { contextsFor, ruleEnv } from './routing.context.js';
import type { SlaPolicies } from './sla.policies.js';
import type { RulePreview, RuleVersionView, RuleView as RuleViewContract } from '../../contracts/inbox.js';

type Db = InboxDb;
type Row = InboxTables['routing_rules'];
type RunOn = Row['run_on'];
const UUID = /^[0-9a-f-]{36}$/i;

export interface RuleInput {
  name?: string;
  description?: string | null;
  enabled?: boolean;
  runOn?: RunOn;
  conditions?: unknown;
  actions?: unknown;
  stopProcessing?: boolean;
  position?: number;
}

/** What a version keeps: everything that defines the rule (not whether it is on, nor its place). */
interface Definition {
  name: string;
  description: string | null;
  runOn: RunOn;
  conditions: Rule['conditions'];
  actions: Rule['actions'];
  stopProcessing: boolean;
}

export interface RuleView extends Definition {
  id: string;
  enabled: boolean;
  position: number;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | null;
}

type RowWithName = Row & { updated_by_name?: string | null };
const stored = (r: Row) => r.definition as { conditions: Rule['conditions']; actions: Rule['actions']; stopProcessing: boolean };
const present = (r: RowWithName): RuleView & RuleViewContract => ({
  id: r.id,
  name: r.name,
  description: r.description,
  enabled: r.enabled,
  position: r.position,
  version: r.version,
  runOn: r.run_on,
  ...stored(r),
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by ? { id: r.updated_by, name: r.updated_by_name ?? null } : null,
});
/** A stored row as the domain evaluates it. */
export const toRule = (r: Row): Rule => ({ id: r.id, name: r.name, enabled: r.enabled, order: r.position, ...stored(r) });

/** JSON with object keys sorted (jsonb does not keep key order), for comparing definitions. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Validates a definition with the domain's validator: 400 with the JSON path of the first problem. */
export function validated(def: Definition, id = 'draft', order = 0): Rule {
  const v = validateRule({ id, name: def.name, order, conditions: def.conditions, actions: def.actions, stopProcessing: def.stopProcessing, ...(def.description ? { description: def.description } : {}) });
  if (v.ok) return v.rule;
  throw new DomainError('invalid', 'rule.invalid', v.errors.map((e) => `${e.path || '(rule)'}: ${e.message}`).join('; '), { field: v.errors[0]!.path || 'rule' });
}

/**
 * Routing rules: CRUD with versions (every change of the definition is a new version; earlier ones
 * are kept), order, enable/disable, and a preview against recent items. The router reads the enabled
 * rules through a short cache that changes here clear at once.
 */
export class RulesService {
  private readonly db: Db;
  private readonly cache: SharedCache<Array<{ rule: Rule; runOn: RunOn }>>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly policies: SlaPolicies,
    bus?: Bus,
    /** Segment names of authors' linked customers (as the router reads them), for the preview. */
    private readonly segmentsOf?: (db: AnyDb, workspaceId: string, authorIds: string[]) => Promise<Map<string, string[]>>,
  ) {
    this.db = tables(store);
    this.cache = new SharedCache(2_000, clock, bus, RULES_CHANGED_SUBJECT, 1_000);
  }

  /** Follows changes made by other processes (their caches drop the workspace as this one does). */
  watch(): Promise<Subscription> | undefined {
    return this.cache.watch();
  }

  /** The workspace's rules for evaluation (2 s cache; dropped in every process on every change, after commit). */
  async active(workspaceId: string): Promise<Array<{ rule: Rule; runOn: RunOn }>> {
    return this.cache.get(workspaceId, async () => {
      const rows = await this.db.selectFrom('routing_rules').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
      return rows.map((r) => ({ rule: toRule(r), runOn: r.run_on }));
    });
  }

  private base() {
    return this.db.selectFrom('routing_rules as r').leftJoin('users as u', 'u.id', 'r.updated_by').selectAll('r').select('u.name as updated_by_name');
  }

  async list(scope: Scope): Promise<RuleView[]> {
    assertCan(scope, 'inbox.read');
    return (await this.base().where('r.workspace_id', '=', scope.workspaceId).orderBy('r.position').orderBy('r.id').execute()).map(present);
  }

  async get(scope: Scope, id: string): Promise<{ rule: RuleView; versions: Array<RuleVersionView & { definition: Definition }> }> {
    assertCan(scope, 'inbox.read');
    const row = UUID.test(id) ? await this.base().where('r.workspace_id', '=', scope.workspaceId).where('r.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('rule.not_found', 'No such routing rule.');
    const versions = await this.db.selectFrom('routing_rule_versions as v').leftJoin('users as u', 'u.id', 'v.updated_by').selectAll('v').select('u.name').where('v.rule_id', '=', id).orderBy('v.version', 'desc').execute();
    return {
      rule: present(row),
      versions: versions.map((v) => ({ version: v.version, definition: v.definition as Definition, updatedAt: new Date(v.updated_at).toISOString(), updatedBy: v.updated_by ? { id: v.updated_by, name: v.name ?? null } : null })),
    };
  }

  /** Rejects actions that name a team, agent, canned reply or SLA policy the workspace does not have. */
  private async checkReferences(db: Db, workspaceId: string, actions: readonly Action[]): Promise<void> {
    const exists = async (table: 'teams' | 'canned_replies' | 'sla_policies', id: string) => UUID.test(id) && !!(await db.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst());
    for (const [i, a] of actions.entries()) {
      const at = (key: string) => `actions[${i}].${key}`;
      if ((a.type === 'set_team' || a.type === 'escalate' || a.type === 'assign_strategy') && a.teamId && !(await exists('teams', a.teamId))) throw invalid('rule.invalid', `${at('teamId')}: no such team`, at('teamId'));
      if (a.type === 'auto_acknowledge' && !(await exists('canned_replies', a.templateId))) throw invalid('rule.invalid', `${at('templateId')}: no such canned reply`, at('templateId'));
      if (a.type === 'set_sla_policy' && !(await exists('sla_policies', a.policyId))) throw invalid('rule.invalid', `${at('policyId')}: no such SLA policy`, at('policyId'));
      if (a.type === 'assign_agent') {
        const m = UUID.test(a.agentId) ? await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', a.agentId).where('status', '=', 'active').executeTakeFirst() : undefined;
        if (!m) throw invalid('rule.invalid', `${at('agentId')}: not an active member of this workspace`, at('agentId'));
      }
    }
  }

  private definitionOf(input: RuleInput, base?: Definition): Definition {
    return {
      name: (input.name ?? base?.name ?? '').trim(),
      description: input.description !== undefined ? input.description?.trim() || null : (base?.description ?? null),
      runOn: input.runOn ?? base?.runOn ?? 'created',
      conditions: (input.conditions ?? base?.conditions) as Definition['conditions'],
      actions: (input.actions ?? base?.actions) as Definition['actions'],
      stopProcessing: input.stopProcessing ?? base?.stopProcessing ?? false,
    };
  }

  async create(scope: Scope, input: RuleInput): Promise<RuleView> {
    assertCan(scope, 'inbox.manage');
    const def = this.definitionOf(input);
    validated(def);
    const now = this.clock.now();
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await this.checkReferences(trx, scope.workspaceId, def.actions);
      const max = await trx
        .selectFrom('routing_rules')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('workspace_id', '=', scope.workspaceId)
        .executeTakeFirst();
      const last = max?.p === null || max?.p === undefined ? -1 : Number(max.p);
      const position = input.position === undefined ? last + 1 : Math.max(0, Math.min(input.position, last + 1));
      if (position <= last) await trx.updateTable('routing_rules').set({ position: sql`position + 1` }).where('workspace_id', '=', scope.workspaceId).where('position', '>=', position).execute();
      await trx
        .insertInto('routing_rules')
        .values({
          id,
          workspace_id: scope.workspaceId,
          name: def.name,
          description: def.description,
          enabled: input.enabled ?? true,
          position,
          definition: jsonParam({ conditions: def.conditions, actions: def.actions, stopProcessing: def.stopProcessing }),
          version: 1,
          run_on: def.runOn,
          updated_by: scope.actor.userId,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('routing_rule_versions')
        .values({ rule_id: id, workspace_id: scope.workspaceId, version: 1, definition: jsonParam(def), updated_by: scope.actor.userId, updated_at: now })
        .execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'routing_rule.created',
        targetType: 'routing_rule',
        targetId: id,
        after: { ...def, enabled: input.enabled ?? true, position, version: 1 },
        at: now,
      });
    });
    await this.cache.changed(scope.workspaceId);
    return (await this.get(scope, id)).rule;
  }

  async update(scope: Scope, id: string, input: RuleInput): Promise<RuleView> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = UUID.test(id) ? await trx.selectFrom('routing_rules').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!row) throw notFound('rule.not_found', 'No such routing rule.');
      const before: Definition = { name: row.name, description: row.description, runOn: row.run_on, ...stored(row) };
      const def = this.definitionOf(input, before);
      validated(def, id, row.position);
      await this.checkReferences(trx, scope.workspaceId, def.actions);
      const changed = stable(def) !== stable(before);
      const version = changed ? row.version + 1 : row.version;
      const enabled = input.enabled ?? row.enabled;
      if (!changed && enabled === row.enabled && input.position === undefined) return;
      await trx
        .updateTable('routing_rules')
        .set({
          name: def.name,
          description: def.description,
          run_on: def.runOn,
          definition: jsonParam({ conditions: def.conditions, actions: def.actions, stopProcessing: def.stopProcessing }),
          enabled,
          version,
          updated_by: scope.actor.userId,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      if (changed)
        await trx
          .insertInto('routing_rule_versions')
          .values({ rule_id: id, workspace_id: scope.workspaceId, version, definition: jsonParam(def), updated_by: scope.actor.userId, updated_at: now })
          .execute();
      if (input.position !== undefined && input.position !== row.position) await this.move(trx, scope.workspaceId, id, input.position);
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'routing_rule.updated',
        targetType: 'routing_rule',
        targetId: id,
        before: { ...before, enabled: row.enabled, position: row.position, version: row.version },
        after: { ...def, enabled, position: input.position ?? row.position, version },
        at: now,
      });
    });
    await this.cache.changed(scope.workspaceId);
    return (await this.get(scope, id)).rule;
  }

  /** Puts one rule at a position, keeping the others' order (positions stay 0..n-1). */
  private async move(db: Db, workspaceId: string, id: string, position: number): Promise<void> {
    const ids = (await db.selectFrom('routing_rules').select('id').where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute()).map((r) => r.id).filter((x) => x !== id);
    ids.splice(Math.max(0, Math.min(position, ids.length)), 0, id);
    for (const [i, rid] of ids.entries()) await db.updateTable('routing_rules').set({ position: i }).where('id', '=', rid).execute();
  }

  async restore(scope: Scope, id: string, version: number): Promise<RuleView> {
    assertCan(scope, 'inbox.manage');
    const v = UUID.test(id) ? await this.db.selectFrom('routing_rule_versions').select('definition').where('workspace_id', '=', scope.workspaceId).where('rule_id', '=', id).where('version', '=', version).executeTakeFirst() : undefined;
    if (!v) throw notFound('rule.version_not_found', 'No such version of that rule.');
    return this.update(scope, id, v.definition as RuleInput);
  }

  async reorder(scope: Scope, ruleIds: string[]): Promise<RuleView[]> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('routing_rules').select(['id', 'position']).where('workspace_id', '=', scope.workspaceId).orderBy('position').forUpdate().execute();
      const have = new Set(rows.map((r) => r.id));
      if (ruleIds.length !== have.size || new Set(ruleIds).size !== ruleIds.length || ruleIds.some((r) => !have.has(r))) {
        throw invalid('rule.order_mismatch', 'List every rule of the workspace exactly once, in the new order.', 'ruleIds');
      }
      for (const [i, rid] of ruleIds.entries()) await trx.updateTable('routing_rules').set({ position: i }).where('id', '=', rid).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'routing_rule.reordered', targetType: 'routing_rules', before: { order: rows.map((r) => r.id) }, after: { order: ruleIds }, at: now });
    });
    await this.cache.changed(scope.workspaceId);
    return this.list(scope);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = UUID.test(id) ? await trx.selectFrom('routing_rules').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!row) throw notFound('rule.not_found', 'No such routing rule.');
      await trx.deleteFrom('routing_rules').where('id', '=', id).execute();
      await trx.updateTable('routing_rules').set({ position: sql`position - 1` }).where('workspace_id', '=', scope.workspaceId).where('position', '>', row.position).execute();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'routing_rule.deleted',
        targetType: 'routing_rule',
        targetId: id,
        before: { name: row.name, version: row.version, definition: row.definition },
        at: now,
      });
    });
    await this.cache.changed(scope.workspaceId);
  }

  /** "Test this rule against recent items": the draft alone, on the latest inbound item of the last `limit` conversations. */
  async preview(scope: Scope, draft: RuleInput, limit: number): Promise<RulePreview> {
    assertCan(scope, 'inbox.read');
    const rule = validated(this.definitionOf({ name: draft.name ?? '미리보기', ...draft }));
    const convs = await this.db.selectFrom('conversations').select('id').where('workspace_id', '=', scope.workspaceId).orderBy('last_message_at', 'desc').orderBy('id').limit(limit).execute();
    if (!convs.length) return { evaluated: 0, matched: 0, results: [] };
    const latest = await this.db
      .selectFrom('conversation_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .selectAll('i')
      .select('ci.conversation_id')
      .distinctOn('ci.conversation_id')
      .where(
        'ci.conversation_id',
        'in',
        convs.map((c) => c.id),
      )
      .where('i.direction', '=', 'inbound')
      .orderBy('ci.conversation_id')
      .orderBy('i.created_at', 'desc')
      .execute();
    const byConv = new Map(latest.map((i) => [i.conversation_id, i]));
    const items = convs.map((c) => byConv.get(c.id)).filter((i): i is NonNullable<typeof i> => !!i);
    const contexts = await contextsFor(this.db, scope.workspaceId, items, this.segmentsOf);
    const env = ruleEnv((await this.policies.defaultPolicy(this.db, scope.workspaceId)).schedule);
    const results = items.map((item, k) => {
      const r = evaluateRules([rule], contexts[k]!, env);
      return {
        conversationId: item.conversation_id,
        itemId: item.id,
        at: new Date(item.created_at).toISOString(),
        channel: item.channel,
        text: item.text.slice(0, 200),
        matched: r.outcome.matchedRuleIds.length > 0,
        outcome: r.outcome,
        trace: r.trace[0]!,
      };
    });
    return { evaluated: results.length, matched: results.filter((r) => r.matched).length, results };
  }
}
