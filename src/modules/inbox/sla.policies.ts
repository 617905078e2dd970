import crypto from 'node:crypto';
import { SLA_POLICIES_CHANGED_SUBJECT } from './inbox.tables.js';
import { SharedCache } from '../../platform/cache.js';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, DomainError, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { createHolidayCalendar, type HolidayCalendar } from './domain/holidays.js';
import { validateSchedule, type BusinessSchedule, type DayKey, type Shift } from './domain/business-time.js';
import { validateSlaPolicy, type ConversationStatus, type Priority, type SlaPolicy, type SlaTargets } from './domain/sla.js';
import type { InboxTables, InboxDb } from './inbox.tables.js';
import type { SlaPolicyView as SlaPolicyViewContract } from '../../contracts/inbox.js';

type Db = InboxDb;
const UUID = /^[0-9a-f-]{36}$/i;
const MIN = 60_000;
const HOUR = 60 * MIN;
/** One business day of the default schedule (09:00–18:00). */
const BDAY = 9 * HOUR;

export interface ScheduleDefinition {
  timeZone: string;
  week: Partial<Record<DayKey, Shift[]>>;
  /** Korean public holidays always close a business schedule; these adjust it. */
  holidays: { laborDay: boolean; extra: Array<{ date: string; name: string }>; exclude: string[] };
  holidayShifts: Shift[];
}

export interface PolicyDefinition {
  clock: 'business' | 'calendar';
  warningRatio: number;
  pauseResolutionWhen: ConversationStatus[];
  reopenOnCustomerMessage: boolean;
  targets: Partial<Record<Priority, SlaTargets>>;
  schedule: ScheduleDefinition;
  /** On a breach: raise the priority one step, and/or move the conversation to a team. */
  escalation: { raisePriority: boolean; teamId: string | null };
}

export interface SlaPolicyView extends PolicyDefinition {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: string;
}

export type SlaPolicyInput = Partial<PolicyDefinition> & { name?: string; isDefault?: boolean };

/** A policy ready for the domain: the SLA policy, its business schedule and the escalation. */
export interface CompiledPolicy {
  id: string;
  name: string;
  policy: SlaPolicy;
  schedule: BusinessSchedule;
  definition: PolicyDefinition;
}

const WEEKDAYS: DayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const officeWeek = (): ScheduleDefinition['week'] => Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '09:00', end: '18:00' }]]));

/** The seeded defaults: bank office hours (09:00–18:00 Mon–Fri Seoul, Korean holidays and 근로자의 날). */
export function defaultDefinition(): PolicyDefinition {
  return {
    clock: 'business',
    warningRatio: 0.8,
    pauseResolutionWhen: ['pending'],
    reopenOnCustomerMessage: true,
    targets: {
      urgent: { firstResponseMs: 15 * MIN, nextResponseMs: 2 * HOUR, resolutionMs: 8 * HOUR },
      high: { firstResponseMs: 30 * MIN, nextResponseMs: 4 * HOUR, resolutionMs: BDAY },
      normal: { firstResponseMs: HOUR, nextResponseMs: 8 * HOUR, resolutionMs: 3 * BDAY },
      low: { firstResponseMs: 4 * HOUR, nextResponseMs: BDAY, resolutionMs: 5 * BDAY },
    },
    schedule: { timeZone: 'Asia/Seoul', week: officeWeek(), holidays: { laborDay: true, extra: [], exclude: [] }, holidayShifts: [] },
    escalation: { raisePriority: true, teamId: null },
  };
}

/** Around the clock for public social posts, offered (not default): the same targets in calendar time. */
export function socialDefinition(): PolicyDefinition {
  return {
    ...defaultDefinition(),
    clock: 'calendar',
    targets: {
      urgent: { firstResponseMs: 15 * MIN, resolutionMs: 8 * HOUR },
      high: { firstResponseMs: 30 * MIN, resolutionMs: 24 * HOUR },
      normal: { firstResponseMs: HOUR, resolutionMs: 72 * HOUR },
      low: { firstResponseMs: 4 * HOUR, resolutionMs: 120 * HOUR },
    },
  };
}

export const DEFAULT_POLICY_NAME = '기본 SLA (영업시간)';
export const SOCIAL_POLICY_NAME = '소셜 공개글 24/7';

const calendars = new Map<string, HolidayCalendar>();
function calendarFor(h: ScheduleDefinition['holidays']): HolidayCalendar {
  const key = JSON.stringify(h);
  let c = calendars.get(key);
  if (!c) {
    c = createHolidayCalendar({ laborDay: h.laborDay, extra: h.extra.map((e) => ({ date: e.date, nameKo: e.name })), exclude: h.exclude });
    if (calendars.size > 500) calendars.clear();
    calendars.set(key, c);
  }
  return c;
}

export function toSchedule(d: ScheduleDefinition): BusinessSchedule {
  return { timeZone: d.timeZone, week: d.week, holidays: calendarFor(d.holidays), ...(d.holidayShifts.length ? { holidayShifts: d.holidayShifts } : {}) };
}

const compiledCache = new Map<string, { json: string; compiled: CompiledPolicy }>();
export function compile(row: InboxTables['sla_policies']): CompiledPolicy {
  const json = JSON.stringify(row.definition) + row.name;
  const hit = compiledCache.get(row.id);
  if (hit && hit.json === json) return hit.compiled;
  const d = normalise(row.definition as Partial<PolicyDefinition>);
  const compiled: CompiledPolicy = {
    id: row.id,
    name: row.name,
    definition: d,
    policy: { id: row.id, name: row.name, targets: d.targets, warningRatio: d.warningRatio, clock: d.clock, pauseResolutionWhen: d.pauseResolutionWhen, reopenOnCustomerMessage: d.reopenOnCustomerMessage },
    schedule: toSchedule(d.schedule),
  };
  if (compiledCache.size > 5000) compiledCache.clear();
  compiledCache.set(row.id, { json, compiled });
  return compiled;
}

/** Fills what a stored or submitted definition leaves out with the defaults. */
function normalise(d: Partial<PolicyDefinition>, base: PolicyDefinition = defaultDefinition()): PolicyDefinition {
  const s: Partial<ScheduleDefinition> = d.schedule ?? {};
  return {
    clock: d.clock ?? base.clock,
    warningRatio: d.warningRatio ?? base.warningRatio,
    pauseResolutionWhen: d.pauseResolutionWhen ?? base.pauseResolutionWhen,
    reopenOnCustomerMessage: d.reopenOnCustomerMessage ?? base.reopenOnCustomerMessage,
    targets: d.targets ?? base.targets,
    schedule: {
      timeZone: s.timeZone ?? base.schedule.timeZone,
      week: s.week ?? base.schedule.week,
      holidays: { ...base.schedule.holidays, ...(s.holidays ?? {}) },
      holidayShifts: s.holidayShifts ?? base.schedule.holidayShifts,
    },
    escalation: { ...base.escalation, ...(d.escalation ?? {}) },
  };
}

const present = (r: InboxTables['sla_policies']): SlaPolicyView & SlaPolicyViewContract => ({
  id: r.id,
  name: r.name,
  isDefault: r.is_default,
  ...normalise(r.definition as Partial<PolicyDefinition>),
  createdAt: new Date(r.created_at).toISOString(),
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every problem as `path: message` (the domain's validators plus the schedule's holiday list). */
function problems(name: string, d: PolicyDefinition): string[] {
  const errors = validateSlaPolicy({ id: 'policy', name, targets: d.targets, warningRatio: d.warningRatio, clock: d.clock, pauseResolutionWhen: d.pauseResolutionWhen });
  errors.push(...validateSchedule({ timeZone: d.schedule.timeZone, week: d.schedule.week, holidayShifts: d.schedule.holidayShifts }).map((e) => `schedule.${e}`));
  d.schedule.holidays.extra.forEach((e, i) => {
    if (!DATE.test(e.date)) errors.push(`schedule.holidays.extra[${i}].date: expected YYYY-MM-DD`);
  });
  d.schedule.holidays.exclude.forEach((e, i) => {
    if (!DATE.test(e)) errors.push(`schedule.holidays.exclude[${i}]: expected YYYY-MM-DD`);
  });
  if (d.clock === 'business' && !Object.values(d.schedule.week).some((s) => s && s.length)) errors.push('schedule.week: a business clock needs at least one shift');
  return errors;
}

function assertValid(name: string, d: PolicyDefinition): void {
  const errors = problems(name, d);
  if (!errors.length) return;
  const field = errors[0]!.split(':')[0];
  throw new DomainError('invalid', 'sla.invalid', errors.join('; '), field ? { field } : {});
}

export class SlaPolicies {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly clock: Clock,
    bus?: Bus,
  ) {
    this.db = tables(store);
    this.cache = new SharedCache(5_000, clock, bus, SLA_POLICIES_CHANGED_SUBJECT);
  }

  /**
   * Compiled policies by `workspace:id` (or `workspace:default`) for a few seconds; a change drops them
   * in every process at once, after it commits (`watch` follows the others' changes).
   */
  private readonly cache: SharedCache<CompiledPolicy | undefined>;

  watch(): Promise<Subscription> | undefined {
    return this.cache.watch();
  }

  /** Creates the workspace's default policies if it has none (safe when several run at once). */
  async ensureDefaults(db: Db, workspaceId: string): Promise<void> {
    const any = await db.selectFrom('sla_policies').select('id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
    if (any) return;
    const now = this.clock.now();
    const made = await db
      .insertInto('sla_policies')
      .values({ id: crypto.randomUUID(), workspace_id: workspaceId, name: DEFAULT_POLICY_NAME, definition: jsonParam(defaultDefinition()), is_default: true, created_at: now })
      .onConflict((oc) => oc.column('workspace_id').where('is_default', '=', true).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (made)
      await db
        .insertInto('sla_policies')
        .values({ id: crypto.randomUUID(), workspace_id: workspaceId, name: SOCIAL_POLICY_NAME, definition: jsonParam(socialDefinition()), is_default: false, created_at: now })
        .execute();
  }

  /** Compiled policies by `workspace:id` (or `workspace:default`), for a few seconds; changes here clear it. */
  /** The policy for a conversation: its own, else the workspace default (created on first use). */
  async forConversation(db: Db, workspaceId: string, policyId: string | null): Promise<CompiledPolicy> {
    if (policyId) {
      const own = await this.cache.get(`${workspaceId}:${policyId}`, async () => {
        const row = await db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', policyId).executeTakeFirst();
        return row ? compile(row) : undefined;
      });
      if (own) return own;
    }
    return (await this.cache.get(`${workspaceId}:default`, () => this.loadDefault(db, workspaceId)))!;
  }

  async defaultPolicy(db: Db, workspaceId: string): Promise<CompiledPolicy> {
    return this.forConversation(db, workspaceId, null);
  }

  private async loadDefault(db: Db, workspaceId: string): Promise<CompiledPolicy> {
    let row = await db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('is_default', '=', true).executeTakeFirst();
    if (!row) {
      await this.ensureDefaults(db, workspaceId);
      row = await db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('is_default', 'desc').orderBy('created_at').limit(1).executeTakeFirst();
    }
    if (!row)
      return { id: 'builtin', name: DEFAULT_POLICY_NAME, definition: defaultDefinition(), policy: { id: 'builtin', name: DEFAULT_POLICY_NAME, targets: defaultDefinition().targets }, schedule: toSchedule(defaultDefinition().schedule) };
    return compile(row);
  }

  async list(scope: Scope): Promise<SlaPolicyView[]> {
    assertCan(scope, 'inbox.read');
    await this.ensureDefaults(this.db, scope.workspaceId);
    const rows = await this.db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('is_default', 'desc').orderBy('created_at').orderBy('id').execute();
    return rows.map(present);
  }

  async create(scope: Scope, input: SlaPolicyInput & { name: string }): Promise<SlaPolicyView> {
    assertCan(scope, 'inbox.manage');
    const d = normalise(input);
    assertValid(input.name, d);
    const now = this.clock.now();
    await this.ensureDefaults(this.db, scope.workspaceId);
    const view = await this.db.transaction().execute(async (trx) => {
      await this.checkTeam(trx, scope.workspaceId, d.escalation.teamId);
      if (input.isDefault) await trx.updateTable('sla_policies').set({ is_default: false }).where('workspace_id', '=', scope.workspaceId).execute();
      const row = await trx
        .insertInto('sla_policies')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, name: input.name.trim(), definition: jsonParam(d), is_default: input.isDefault === true, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'sla_policy.created', targetType: 'sla_policy', targetId: row.id, after: { name: row.name, isDefault: row.is_default, definition: d }, at: now });
      return present(row);
    });
    await this.cache.changed();
    return view;
  }

  async update(scope: Scope, id: string, input: SlaPolicyInput): Promise<SlaPolicyView> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    const view = await this.db.transaction().execute(async (trx) => {
      const before = UUID.test(id) ? await trx.selectFrom('sla_policies').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!before) throw notFound('sla.not_found', 'No such SLA policy.');
      const old = normalise(before.definition as Partial<PolicyDefinition>);
      const d = normalise({ ...old, ...input, schedule: { ...old.schedule, ...(input.schedule ?? {}) }, escalation: { ...old.escalation, ...(input.escalation ?? {}) } } as Partial<PolicyDefinition>, old);
      const name = input.name?.trim() ?? before.name;
      assertValid(name, d);
      await this.checkTeam(trx, scope.workspaceId, d.escalation.teamId);
      if (input.isDefault === false && before.is_default) throw conflict('sla.default_policy', 'Make another policy the default instead.');
      if (input.isDefault === true && !before.is_default) await trx.updateTable('sla_policies').set({ is_default: false }).where('workspace_id', '=', scope.workspaceId).execute();
      const row = await trx
        .updateTable('sla_policies')
        .set({ name, definition: jsonParam(d), ...(input.isDefault === true ? { is_default: true } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'sla_policy.updated',
        targetType: 'sla_policy',
        targetId: id,
        before: { name: before.name, isDefault: before.is_default, definition: old },
        after: { name: row.name, isDefault: row.is_default, definition: d },
        at: now,
      });
      return present(row);
    });
    await this.cache.changed();
    return view;
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = UUID.test(id) ? await trx.selectFrom('sla_policies').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
      if (!row) throw notFound('sla.not_found', 'No such SLA policy.');
      if (row.is_default) throw conflict('sla.default_policy', 'The default policy cannot be deleted; make another policy the default first.');
      await trx.deleteFrom('sla_policies').where('id', '=', id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'sla_policy.deleted', targetType: 'sla_policy', targetId: id, before: { name: row.name, definition: row.definition }, at: now });
    });
    await this.cache.changed();
  }

  private async checkTeam(db: Db, workspaceId: string, teamId: string | null): Promise<void> {
    if (!teamId) return;
    const team = UUID.test(teamId) ? await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst() : undefined;
    if (!team) throw new DomainError('invalid', 'sla.invalid', 'escalation.teamId: no such team', { field: 'escalation.teamId' });
  }
}
