/**
 * Crisis mode per workspace: a flag other modules can read (the UI shows a banner in every area while it
 * is on), a marked period, and the alert that caused it pinned.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { AlertsService } from './alerts.service.js';
import { UUID_RE, iso, type ListeningDb, type ListeningTables } from './listening.tables.js';
import type { CrisisPeriodView, CrisisView } from '../../contracts/listening.js';

/** Whether the workspace is in crisis mode (for other modules: read-only, no scope needed). */
export async function isCrisisActive(store: Store, workspaceId: string): Promise<boolean> {
  const row = await tables<ListeningDb>(store).selectFrom('listening_settings').select('crisis_active').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.crisis_active ?? false;
}

type Period = ListeningTables['listening_crisis_periods'];
const presentPeriod = (p: Period): CrisisPeriodView => ({ id: p.id, startedAt: iso(p.started_at)!, endedAt: iso(p.ended_at), reason: p.reason, alertId: p.alert_id, startedBy: p.started_by, endedBy: p.ended_by });

export class CrisisService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly alerts: AlertsService,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  private async state(workspaceId: string, db: Kysely<ListeningDb> = this.db): Promise<CrisisView> {
    const s = await db.selectFrom('listening_settings').select(['crisis_active', 'crisis_period_id']).where('workspace_id', '=', workspaceId).executeTakeFirst();
    const period = s?.crisis_active && s.crisis_period_id ? await db.selectFrom('listening_crisis_periods').selectAll().where('id', '=', s.crisis_period_id).executeTakeFirst() : undefined;
    return { active: Boolean(s?.crisis_active), since: iso(period?.started_at), reason: period?.reason ?? null, alertId: period?.alert_id ?? null };
  }

  async get(scope: Scope): Promise<{ crisis: CrisisView; periods: CrisisPeriodView[] }> {
    assertCan(scope, 'listening.read');
    const periods = await this.db.selectFrom('listening_crisis_periods').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('started_at', 'desc').limit(50).execute();
    return { crisis: await this.state(scope.workspaceId), periods: periods.map(presentPeriod) };
  }

  async set(scope: Scope, input: { active: boolean; reason?: string; alertId?: string }) {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    const ws = scope.workspaceId;
    const pinned = await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('listening_settings')
        .values({ workspace_id: ws, smtp: null, crisis_active: false, crisis_period_id: null, updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      const s = await trx.selectFrom('listening_settings').selectAll().where('workspace_id', '=', ws).forUpdate().executeTakeFirstOrThrow();
      if (input.active === s.crisis_active) return null;
      if (input.active) {
        let alertId: string | null = null;
        if (input.alertId) {
          const a = UUID_RE.test(input.alertId) ? await trx.selectFrom('listening_alerts').select('id').where('workspace_id', '=', ws).where('id', '=', input.alertId).executeTakeFirst() : undefined;
          if (!a) throw notFound('listening.alert_not_found', 'No such alert.');
          alertId = a.id;
        } else {
          alertId = (await trx.selectFrom('listening_alerts').select('id').where('workspace_id', '=', ws).where('status', '=', 'open').orderBy('created_at', 'desc').limit(1).executeTakeFirst())?.id ?? null;
        }
        if (alertId) await trx.updateTable('listening_alerts').set({ pinned: true, updated_at: now }).where('id', '=', alertId).execute();
        const period: Period = { id: crypto.randomUUID(), workspace_id: ws, started_at: now, ended_at: null, reason: input.reason ?? null, alert_id: alertId, started_by: scope.actor.label, ended_by: null };
        await trx.insertInto('listening_crisis_periods').values(period).execute();
        await trx.updateTable('listening_settings').set({ crisis_active: true, crisis_period_id: period.id, updated_at: now }).where('workspace_id', '=', ws).execute();
        await appendAudit(trx, { workspaceId: ws, actor: scope.actor, action: 'listening.crisis_started', targetType: 'workspace', targetId: ws, after: presentPeriod(period), at: now });
        return alertId;
      }
      if (s.crisis_period_id) await trx.updateTable('listening_crisis_periods').set({ ended_at: now, ended_by: scope.actor.label }).where('id', '=', s.crisis_period_id).execute();
      await trx.updateTable('listening_settings').set({ crisis_active: false, crisis_period_id: null, updated_at: now }).where('workspace_id', '=', ws).execute();
      await appendAudit(trx, { workspaceId: ws, actor: scope.actor, action: 'listening.crisis_ended', targetType: 'workspace', targetId: ws, after: { periodId: s.crisis_period_id, reason: input.reason ?? null }, at: now });
      return null;
    });
    const crisis = await this.state(ws);
    await this.alerts.emit(ws, 'crisis', crisis);
    if (pinned) {
      const view = await this.alerts.view(pinned);
      if (view) await this.alerts.emit(ws, 'alert', view);
    }
    return { crisis };
  }
}
