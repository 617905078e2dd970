/** Scheduled weekly summary e-mails: configurable recipients, queries, weekday and hour (Seoul). */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { DAY_MS, HOUR_MS, KST_OFFSET_MS, startOfSeoulDay } from './domain/seoul-time.js';
import type { DashboardService } from './dashboard.service.js';
import type { Delivery } from './delivery.js';
import { renderReport } from './report.render.js';
import { checkRecipients } from './settings.service.js';
import { UUID_RE, iso, type ListeningDb, type ListeningTables } from './listening.tables.js';
import type { ReportPreview, WeeklyReportView } from '../../contracts/listening.js';

export const REPORTS_JOB = 'listening.send_reports';
type ReportRow = ListeningTables['listening_reports'];
export interface ReportInput {
  name?: string;
  recipients?: string[];
  queryIds?: string[];
  weekday?: number;
  hour?: number;
  enabled?: boolean;
}

const present = (r: ReportRow): WeeklyReportView => ({
  id: r.id,
  name: r.name,
  recipients: r.recipients,
  queryIds: r.query_ids,
  weekday: r.weekday,
  hour: r.hour,
  enabled: r.enabled,
  nextRunAt: iso(r.next_run_at)!,
  lastSentAt: iso(r.last_sent_at),
  lastError: r.last_error,
});

/** The next Seoul `weekday` `hour`:00 strictly after `now`. */
export function nextRun(now: number, weekday: number, hour: number): Date {
  let day = startOfSeoulDay(now);
  for (let i = 0; i < 8; i++, day += DAY_MS) {
    const at = day + hour * HOUR_MS;
    if (new Date(day + KST_OFFSET_MS).getUTCDay() === weekday && at > now) return new Date(at);
  }
  return new Date(day + hour * HOUR_MS);
}

export class ReportsService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly dashboards: DashboardService,
    private readonly delivery: Delivery,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  async list(scope: Scope) {
    assertCan(scope, 'listening.read');
    return (await this.db.selectFrom('listening_reports').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at').execute()).map(present);
  }

  private async row(scope: Scope, id: string, db: Kysely<ListeningDb> = this.db): Promise<ReportRow> {
    const row = UUID_RE.test(id) ? await db.selectFrom('listening_reports').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('listening.report_not_found', 'No such report.');
    return row;
  }

  private async checkQueries(scope: Scope, db: Kysely<ListeningDb>, ids: string[] | undefined): Promise<string[]> {
    const list = [...new Set(ids ?? [])];
    if (list.length === 0) return [];
    const found = list.every((i) => UUID_RE.test(i)) ? await db.selectFrom('listening_queries').select('id').where('workspace_id', '=', scope.workspaceId).where('id', 'in', list).execute() : [];
    if (found.length !== list.length) throw invalid('listening.unknown_query', 'queryIds names a query that does not exist.', 'queryIds');
    return list;
  }

  async create(scope: Scope, input: ReportInput & { name: string; recipients: string[] }) {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const weekday = input.weekday ?? 1;
      const hour = input.hour ?? 9;
      const row: ReportRow = {
        id: crypto.randomUUID(),
        workspace_id: scope.workspaceId,
        name: input.name.trim(),
        recipients: checkRecipients(input.recipients),
        query_ids: await this.checkQueries(scope, trx, input.queryIds),
        weekday,
        hour,
        enabled: input.enabled ?? true,
        next_run_at: nextRun(now.getTime(), weekday, hour),
        last_sent_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      };
      await trx
        .insertInto('listening_reports')
        .values({ ...row, recipients: jsonParam(row.recipients), query_ids: jsonParam(row.query_ids) })
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.report_created', targetType: 'listening_report', targetId: row.id, after: present(row), at: now });
      return present(row);
    });
  }

  async update(scope: Scope, id: string, input: ReportInput) {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      const weekday = input.weekday ?? before.weekday;
      const hour = input.hour ?? before.hour;
      const row: ReportRow = {
        ...before,
        name: input.name?.trim() ?? before.name,
        recipients: input.recipients ? checkRecipients(input.recipients) : before.recipients,
        query_ids: input.queryIds ? await this.checkQueries(scope, trx, input.queryIds) : before.query_ids,
        weekday,
        hour,
        enabled: input.enabled ?? before.enabled,
        next_run_at: weekday !== before.weekday || hour !== before.hour ? nextRun(now.getTime(), weekday, hour) : before.next_run_at,
        updated_at: now,
      };
      await trx
        .updateTable('listening_reports')
        .set({ ...row, recipients: jsonParam(row.recipients), query_ids: jsonParam(row.query_ids) })
        .where('id', '=', row.id)
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.report_updated', targetType: 'listening_report', targetId: row.id, before: present(before), after: present(row), at: now });
      return present(row);
    });
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'listening.manage');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(scope, id, trx);
      await trx.deleteFrom('listening_reports').where('id', '=', before.id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.report_deleted', targetType: 'listening_report', targetId: before.id, before: present(before), at: this.clock.now() });
    });
  }

  /** Renders one report for the 7 days before now (Seoul days). */
  private async compose(r: ReportRow) {
    const now = this.clock.now();
    const to = new Date(startOfSeoulDay(now));
    const from = new Date(to.getTime() - 7 * DAY_MS);
    let ids = r.query_ids;
    if (ids.length === 0) ids = (await this.db.selectFrom('listening_queries').select('id').where('workspace_id', '=', r.workspace_id).orderBy('created_at').limit(20).execute()).map((q) => q.id);
    const dashboards = [];
    for (const id of ids) {
      const target = await this.dashboards.target(r.workspace_id, 'query', id).catch(() => null);
      if (target) dashboards.push(await this.dashboards.build(r.workspace_id, target, { from: from.toISOString(), to: to.toISOString(), bucket: 'day' }));
    }
    const alerts = await this.db
      .selectFrom('listening_alerts as a')
      .innerJoin('listening_queries as q', 'q.id', 'a.query_id')
      .select(['q.name', 'a.kind', 'a.severity', 'a.hour_start', 'a.observed'])
      .where('a.workspace_id', '=', r.workspace_id)
      .where('a.hour_start', '>=', from)
      .where('a.hour_start', '<', to)
      .orderBy('a.hour_start')
      .limit(50)
      .execute();
    return renderReport(
      r.name,
      dashboards,
      alerts.map((a) => ({ queryName: a.name, kind: a.kind, severity: a.severity, hourStart: iso(a.hour_start)!, observed: a.observed })),
      from.toISOString(),
      to.toISOString(),
    );
  }

  private async send(r: ReportRow): Promise<void> {
    await this.delivery.sendMail(r.workspace_id, r.recipients, await this.compose(r));
  }

  /** The e-mail as it would be sent now, without sending it (subject, HTML, plain text, period). */
  async preview(scope: Scope, id: string): Promise<{ preview: ReportPreview }> {
    assertCan(scope, 'listening.read');
    const m = await this.compose(await this.row(scope, id));
    return { preview: { subject: m.subject, html: m.html, text: m.text, from: m.data.from as string, to: m.data.to as string, attachments: (m.attachments ?? []).map((a) => a.filename) } };
  }

  async sendNow(scope: Scope, id: string) {
    assertCan(scope, 'listening.manage');
    const r = await this.row(scope, id);
    try {
      await this.send(r);
    } catch (err) {
      if (err instanceof DomainError) throw err; // e.g. listening.smtp_missing: the caller can act on it
      throw invalid('listening.delivery_failed', `The report was not sent: ${(err as Error).message}`);
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('listening_reports').set({ last_sent_at: this.clock.now(), last_error: null }).where('id', '=', r.id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.report_sent', targetType: 'listening_report', targetId: r.id, at: this.clock.now() });
    });
    return { sent: true as const, recipients: r.recipients };
  }

  /** Recurring job: sends every due report once (claimed with SKIP LOCKED), then schedules the next week. */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const r = await this.db.transaction().execute(async (trx) => {
        const due = await trx.selectFrom('listening_reports').selectAll().where('enabled', '=', true).where('next_run_at', '<=', now).orderBy('next_run_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
        if (due)
          await trx
            .updateTable('listening_reports')
            .set({ next_run_at: nextRun(now.getTime(), due.weekday, due.hour) })
            .where('id', '=', due.id)
            .execute();
        return due;
      });
      if (!r) return sent;
      try {
        await this.send(r);
        await this.db.updateTable('listening_reports').set({ last_sent_at: this.clock.now(), last_error: null }).where('id', '=', r.id).execute();
        sent++;
      } catch (err) {
        this.log.warn({ err, report: r.id }, 'listening report not sent');
        await this.db
          .updateTable('listening_reports')
          .set({ last_error: (err as Error).message.slice(0, 500) })
          .where('id', '=', r.id)
          .execute();
      }
    }
  }
}
