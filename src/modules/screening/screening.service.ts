import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { DEFAULT_RULES } from './defaults.js';
import { RuleSetError, blocks, compileRuleSet, screen, type CompiledRuleSet, type Finding, type ScreenContext } from './engine.js';
import type { RuleSetDocument } from './rules.js';
import { RULE_SET_ACTIVATED, type RuleSetActivatedEvent } from './screening.events.js';
import type { ScreeningTables } from './screening.tables.js';

export interface RuleSetSummary {
  version: number;
  note: string;
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
}
export interface RuleSetView extends RuleSetSummary {
  rules: RuleSetDocument;
}
export interface ScreenResult {
  ruleSetVersion: number;
  ok: boolean;
  findings: Finding[];
}

type Row = ScreeningTables['screening_rule_sets'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const summary = (r: Row): RuleSetSummary => ({ version: r.version, note: r.note, active: r.active, createdBy: r.created_by, createdAt: iso(r.created_at)!, activatedAt: iso(r.activated_at) });
const view = (r: Row): RuleSetView => ({ ...summary(r), rules: r.rules });

/** Checks a rule-set document; a bad pattern is a 400 with the stable code `screening.bad_rule`. */
export function validateRules(doc: RuleSetDocument): CompiledRuleSet {
  try {
    return compileRuleSet(doc);
  } catch (err) {
    if (err instanceof RuleSetError) throw invalid('screening.bad_rule', err.message, 'rules');
    throw err;
  }
}

/**
 * Versioned rule sets per workspace (compliance edits, every version kept and audited, one active,
 * the Korean default seeded as version 1) and the screen that applies the active one.
 */
export class ScreeningService {
  private readonly db: Kysely<ScreeningTables>;
  /** Compiled rule sets by row id (a row never changes, so this never goes stale). */
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly bus?: Bus,
  ) {
    this.db = tables<ScreeningTables>(store);
  }

  async screen(scope: Scope, text: string, context: ScreenContext = {}): Promise<ScreenResult> {
    const [result] = await this.screenMany(scope, [{ text, context }]);
    return result!;
  }

  /** `screen` for many texts of one workspace under one read of the active rule set (the sender's batches). */
  async screenMany(scope: Scope, inputs: Array<{ text: string; context?: ScreenContext }>): Promise<ScreenResult[]> {
    assertCan(scope, 'screening.use');
    if (!inputs.length) return [];
    const row = await this.active(scope);
    let compiled = this.compiled.get(row.id);
    if (!compiled) {
      compiled = compileRuleSet(row.rules);
      if (this.compiled.size > 500) this.compiled.clear();
      this.compiled.set(row.id, compiled);
    }
    const rs = compiled;
    return inputs.map(({ text, context }) => {
      const findings = screen(rs, text, context ?? {});
      return { ruleSetVersion: row.version, ok: !blocks(findings), findings };
    });
  }

  /** The active rule set's version (the sender asks at the slot whether the screen it ran ahead still holds). */
  async activeVersion(scope: Scope): Promise<number> {
    assertCan(scope, 'screening.use');
    const row = await this.db.selectFrom('screening_rule_sets').select('version').where('workspace_id', '=', scope.workspaceId).where('active', '=', true).executeTakeFirst();
    return row?.version ?? (await this.active(scope)).version;
  }

  async list(scope: Scope): Promise<RuleSetSummary[]> {
    assertCan(scope, 'screening.use');
    await this.seed(scope);
    const rows = await this.db.selectFrom('screening_rule_sets').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('version', 'desc').execute();
    return rows.map(summary);
  }

  async get(scope: Scope, version: number): Promise<RuleSetView> {
    assertCan(scope, 'screening.use');
    await this.seed(scope);
    return view(await this.row(this.db, scope, version));
  }

  async create(scope: Scope, input: { rules: RuleSetDocument; note?: string; activate?: boolean }): Promise<RuleSetView> {
    assertCan(scope, 'screening.manage');
    validateRules(input.rules);
    await this.seed(scope);
    const now = this.clock.now();
    const created = await this.db.transaction().execute(async (trx) => {
      const top = await trx
        .selectFrom('screening_rule_sets')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('workspace_id', '=', scope.workspaceId)
        .executeTakeFirst();
      const version = Number(top?.v ?? 0) + 1;
      const row = await trx
        .insertInto('screening_rule_sets')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, version, rules: jsonParam(input.rules), note: (input.note ?? '').trim(), active: false, created_by: scope.actor.userId, created_at: now, activated_at: null })
        .onConflict((oc) => oc.columns(['workspace_id', 'version']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict('screening.version_taken', 'Another version was saved at the same time; try again.');
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'screening.rule_set_created', targetType: 'screening_rule_set', targetId: row.id, after: { version, note: row.note, rules: input.rules }, at: now });
      return row;
    });
    if (input.activate) return this.activate(scope, created.version);
    return view(created);
  }

  async activate(scope: Scope, version: number): Promise<RuleSetView> {
    assertCan(scope, 'screening.manage');
    await this.seed(scope);
    const now = this.clock.now();
    const { row, previous } = await this.db.transaction().execute(async (trx) => {
      const target = await this.row(trx, scope, version, true);
      const current = await trx.selectFrom('screening_rule_sets').selectAll().where('workspace_id', '=', scope.workspaceId).where('active', '=', true).forUpdate().executeTakeFirst();
      if (current?.id === target.id) return { row: target, previous: current.version };
      if (current) await trx.updateTable('screening_rule_sets').set({ active: false }).where('id', '=', current.id).execute();
      const row = await trx.updateTable('screening_rule_sets').set({ active: true, activated_at: now }).where('id', '=', target.id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'screening.rule_set_activated',
        targetType: 'screening_rule_set',
        targetId: row.id,
        before: { version: current?.version ?? null },
        after: { version },
        at: now,
      });
      return { row, previous: current?.version ?? null };
    });
    if (previous !== version) {
      const event: RuleSetActivatedEvent = { workspaceId: scope.workspaceId, version, previousVersion: previous };
      await this.bus?.publish(RULE_SET_ACTIVATED, event).catch(() => undefined);
    }
    return view(row);
  }

  private async row(db: Kysely<ScreeningTables> | Transaction<ScreeningTables>, scope: Scope, version: number, lock = false): Promise<Row> {
    let q = db.selectFrom('screening_rule_sets').selectAll().where('workspace_id', '=', scope.workspaceId).where('version', '=', version);
    if (lock) q = q.forUpdate();
    const row = Number.isSafeInteger(version) && version > 0 ? await q.executeTakeFirst() : undefined;
    if (!row) throw notFound('screening.rule_set_not_found', `No rule set version ${version}.`);
    return row;
  }

  private async active(scope: Scope): Promise<Row> {
    const find = () => this.db.selectFrom('screening_rule_sets').selectAll().where('workspace_id', '=', scope.workspaceId).where('active', '=', true).executeTakeFirst();
    const row = (await find()) ?? (await this.seed(scope), await find());
    if (!row) throw notFound('screening.no_active_rule_set', 'No rule set is active.');
    return row;
  }

  /** Version 1, the Korean default, the first time a workspace's rule sets are touched. */
  private async seed(scope: Scope): Promise<void> {
    const any = await this.db.selectFrom('screening_rule_sets').select('id').where('workspace_id', '=', scope.workspaceId).limit(1).executeTakeFirst();
    if (any) return;
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('screening_rule_sets')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, version: 1, rules: jsonParam(DEFAULT_RULES), note: 'Korean default (seeded)', active: true, created_by: null, created_at: now, activated_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'version']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'screening.rule_set_seeded', targetType: 'screening_rule_set', targetId: row.id, after: { version: 1 }, at: now });
    });
  }
}
