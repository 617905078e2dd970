/**
 * The recurring crisis check: for every enabled query with alerts on, the hourly series of negative
 * items and of complaints (from the rollups, up to 4 weeks) goes through the anomaly detector with
 * its hour-of-week baseline. An alert is one row per query, kind and hour (updated while the hour
 * grows); shouldNotify decides, with the query's cool-down, whether it is sent to its channels. When the
 * clock hour does not alert, the hour before now is judged across the boundary, so a spike that began
 * just before the hour turned is not split in two.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import { jsonParam } from '../audit/index.js';
import { detectAnomaly, shouldNotify, type AnomalyResult } from './domain/anomaly.js';
import { HOUR_MS } from './domain/seoul-time.js';
import { alertOf } from './queries.service.js';
import type { AlertsService } from './alerts.service.js';
import type { Delivery } from './delivery.js';
import { Z_BY_SENSITIVITY, type AlertRow, type ListeningDb, type QueryRow } from './listening.tables.js';

export const DETECT_JOB = 'listening.detect_spikes';
const HISTORY_MS = 28 * 24 * HOUR_MS;
const KINDS = ['negative', 'complaint'] as const;

export class AlertDetector {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly alerts: AlertsService,
    private readonly delivery: Delivery,
    /** Also judge the hour before now across the boundary (off only to measure its cost, bench/listening). */
    private readonly options: { acrossBoundary?: boolean } = {},
  ) {
    this.db = tables<ListeningDb>(store);
  }

  /** Checks every enabled query; returns the alerts raised or updated. */
  async run(): Promise<number> {
    const now = this.clock.now().getTime();
    const queries = await this.db.selectFrom('listening_queries').selectAll().where('enabled', '=', true).orderBy('id').execute();
    let n = 0;
    for (const q of queries) {
      if (!alertOf(q).enabled) continue;
      try {
        n += await this.check(q, now);
      } catch (err) {
        this.log.error({ err, query: q.id }, 'listening: spike check failed');
      }
    }
    return n;
  }

  async check(q: QueryRow, now: number): Promise<number> {
    const settings = alertOf(q);
    const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS;
    const start = Math.max(hourStart - HISTORY_MS, Math.floor(new Date(q.history_from).getTime() / HOUR_MS) * HOUR_MS);
    const rows = await this.db
      .selectFrom('listening_rollups_hourly')
      .select(['bucket_hour', sql<number>`coalesce(sum(count) filter (where sentiment = 'negative'), 0)::int8`.as('negative'), sql<number>`coalesce(sum(complaint_count), 0)::int8`.as('complaint')])
      .where('query_id', '=', q.id)
      .where('bucket_hour', '>=', new Date(start))
      .where('bucket_hour', '<=', new Date(hourStart))
      .groupBy('bucket_hour')
      .execute();
    const hours = Math.max(0, (hourStart - start) / HOUR_MS);
    const options = { zThreshold: Z_BY_SENSITIVITY[settings.sensitivity], minCount: settings.minVolume };
    const series = KINDS.map((kind) => {
      const counts = new Array<number>(hours).fill(0);
      let current = 0;
      for (const r of rows) {
        const i = (new Date(r.bucket_hour).getTime() - start) / HOUR_MS;
        const v = Number(r[kind]);
        if (i === hours) current = v;
        else if (i >= 0 && i < hours) counts[i] = v;
      }
      return { kind, input: { history: { start, counts }, current: { hourStart, count: current }, now } };
    });
    // One crisis, one alert: the negative series speaks first; complaints alone alert only without it.
    for (const { kind, input } of series) {
      const result = detectAnomaly(input, options);
      if (!result.alert) continue;
      await this.raise(q, kind, hourStart, now, result, hourStart);
      return 1;
    }
    // Across the boundary: the hour before now, so a spike that began just before the hour turned is not
    // judged in two halves. Not when the previous hour has an alert of its own (that spike is known).
    // The whole previous hour bounds its tail from above: when even that does not alert, nothing is read.
    if (this.options.acrossBoundary === false) return 0;
    const possible = series.filter(({ input }) => {
      const bound = input.history.counts.at(-1) ?? 0;
      return bound > 0 && detectAnomaly({ ...input, carried: bound }, options).alert;
    });
    const tail = possible.length ? await this.tail(q, now, hourStart) : null;
    for (const { kind, input } of possible) {
      const carried = tail?.[kind] ?? 0;
      if (carried === 0) continue;
      const result = detectAnomaly({ ...input, carried }, options);
      if (!result.alert) continue;
      await this.raise(q, kind, hourStart, now, result, now - HOUR_MS);
      return 1;
    }
    return 0;
  }

  /** Items per kind posted in the previous hour within the hour before now; null when that hour alerted. */
  private async tail(q: QueryRow, now: number, hourStart: number): Promise<Record<(typeof KINDS)[number], number> | null> {
    const before = await this.db
      .selectFrom('listening_alerts')
      .select('id')
      .where('query_id', '=', q.id)
      .where('hour_start', '=', new Date(hourStart - HOUR_MS))
      .executeTakeFirst();
    if (before) return null;
    const row = await this.db
      .selectFrom('query_matches as qm')
      .select([sql<number>`count(*) filter (where qm.sentiment = 'negative')::int8`.as('negative'), sql<number>`count(*) filter (where qm.complaint)::int8`.as('complaint')])
      .where('qm.query_id', '=', q.id)
      .where('qm.created_at', '>=', new Date(now - HOUR_MS))
      .where('qm.created_at', '<', new Date(hourStart))
      .executeTakeFirstOrThrow();
    return { negative: Number(row.negative), complaint: Number(row.complaint) };
  }

  private async evidence(q: QueryRow, kind: 'negative' | 'complaint', from: number) {
    const which = kind === 'negative' ? sql<boolean>`qm.sentiment = 'negative'` : sql<boolean>`qm.complaint`;
    const items = await this.db
      .selectFrom('query_matches as qm')
      .innerJoin('items as i', 'i.id', 'qm.item_id')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .select(['i.id', 'i.text', 'i.channel', 'a.handle', 'qm.reach'])
      .where('qm.query_id', '=', q.id)
      .where('qm.created_at', '>=', new Date(from))
      .where(which)
      .orderBy('qm.reach', 'desc')
      .orderBy('qm.created_at', 'desc')
      .limit(5)
      .execute();
    const terms = await sql<{ term: string; n: number }>`select term, count(*)::int8 as n from query_matches qm, unnest(qm.keywords) as term
      where qm.query_id = ${q.id} and qm.created_at >= ${new Date(from)} and ${which} group by term order by n desc, term limit 10`.execute(this.db);
    return {
      topItems: items.map((i) => ({ id: i.id, text: i.text.slice(0, 500), channel: i.channel, author: i.handle, reach: Number(i.reach) })),
      topKeywords: terms.rows.map((t) => ({ term: t.term, count: Number(t.n) })),
    };
  }

  /** Stores (or grows) the alert of the hour; its evidence is what was posted from `since` on. */
  private async raise(q: QueryRow, kind: 'negative' | 'complaint', hourStart: number, now: number, r: AnomalyResult, since: number): Promise<void> {
    const settings = alertOf(q);
    const at = new Date(now);
    const ev = await this.evidence(q, kind, since);
    const severity = r.severity === 'none' ? 'warning' : r.severity;
    const outcome = await this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('listening_queries').select('id').where('id', '=', q.id).forUpdate().execute();
      const previous = await trx
        .selectFrom('listening_alerts')
        .selectAll()
        .where('query_id', '=', q.id)
        .where('kind', '=', kind)
        .where('created_at', '>=', new Date(now - 14 * 24 * HOUR_MS))
        .execute();
      const existing = previous.find((p) => new Date(p.hour_start).getTime() === hourStart);
      if (existing && existing.observed >= r.observed && existing.severity === severity) return null; // nothing new this run
      const decision = shouldNotify(
        previous.map((p) => ({ at: new Date(p.created_at).getTime(), severity: p.severity, ratio: p.ratio, observed: p.observed, notified: p.notified })),
        now,
        settings.cooldownMinutes * 60_000,
        { alert: true, severity, ratio: r.ratio, observed: r.observed },
      );
      const fields = {
        observed: r.observed,
        expected: r.expected,
        ratio: r.ratio,
        score: r.score,
        severity,
        code: r.code,
        reason: r.reason,
        reason_params: jsonParam(r.params),
        top_items: jsonParam(ev.topItems),
        top_keywords: jsonParam(ev.topKeywords),
        updated_at: at,
      };
      let row: AlertRow;
      if (existing) {
        row = await trx
          .updateTable('listening_alerts')
          .set({ ...fields, ...(decision.notify ? { notified: true, notify_reason: decision.reason } : {}) })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        row = await trx
          .insertInto('listening_alerts')
          .values({
            id: crypto.randomUUID(),
            workspace_id: q.workspace_id,
            query_id: q.id,
            kind,
            hour_start: new Date(hourStart),
            ...fields,
            status: 'open',
            pinned: false,
            notified: decision.notify,
            notify_reason: decision.reason,
            created_at: at,
            acknowledged_at: null,
            resolved_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      let deliveries: string[] = [];
      if (decision.notify && settings.channelIds.length) {
        const channels = await trx.selectFrom('listening_notify_channels').selectAll().where('workspace_id', '=', q.workspace_id).where('id', 'in', settings.channelIds).where('enabled', '=', true).execute();
        deliveries = await this.delivery.queue(
          trx,
          channels.map((c) => ({ workspace_id: q.workspace_id, alert_id: row.id, report_id: null, channel_id: c.id, target: c.kind === 'email' ? (c.config.recipients ?? []).join(', ') : (c.config.url ?? '') })),
        );
      }
      return { row, deliveries };
    });
    if (!outcome) return;
    await this.delivery.publish(outcome.deliveries);
    const view = await this.alerts.view(outcome.row.id);
    if (view) await this.alerts.emit(q.workspace_id, 'alert', view);
  }
}
