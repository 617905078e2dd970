/** Builds the listening services from the platform ports, and lists its workers and recurring jobs. */
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import type { RecurringJob } from '../../platform/scheduler/scheduler.js';
import type { SecretsStore } from '../secrets/index.js';
import { AlertDetector, DETECT_JOB } from './alerts.detector.js';
import { AlertsService, alertMessage } from './alerts.service.js';
import { BACKFILL_JOB, BackfillRunner } from './backfill.runner.js';
import { CommunicationService, type ConversationLinks } from './communication.service.js';
import { CrisisService } from './crisis.service.js';
import { DashboardService } from './dashboard.service.js';
import { Delivery } from './delivery.js';
import { MAINTENANCE_JOB, Maintenance } from './maintenance.js';
import { MatcherConsumer } from './matcher.consumer.js';
import { QueriesService } from './queries.service.js';
import { CompiledQueries } from './query-compile.js';
import { REPORTS_JOB, ReportsService } from './reports.service.js';
import { SearchService, type SegmentAuthors } from './search.service.js';
import { SettingsService } from './settings.service.js';
import { SharesService } from './shares.service.js';

export interface ListeningDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  secrets: SecretsStore;
  /** Channel types a `channel:` filter may name. */
  channelTypes: () => string[];
  /** Public base URL for links in notifications (SOTONG_PUBLIC_URL), when known. */
  publicUrl?: string;
  /** Tracked links in replies, for the communication index's "links followed" (the tracked-links flow). */
  conversationLinks?: ConversationLinks;
  /** Authors of a customer segment, for the `segmentId` search filter (the customers module). */
  segmentAuthors?: SegmentAuthors;
}

export function createListening(d: ListeningDeps) {
  const compiled = new CompiledQueries();
  const backfills = new BackfillRunner(d.store, d.bus, d.clock, d.logger, compiled);
  const alerts = new AlertsService(d.store, d.bus, d.clock);
  const base = d.publicUrl?.replace(/\/$/, '');
  const delivery = new Delivery(d.store, d.bus, d.clock, d.logger, d.secrets, async (row) => {
    if (!row.alert_id) return null;
    const view = await alerts.view(row.alert_id);
    return view ? alertMessage(view, base ? `${base}/listening/alerts/${view.id}` : null) : null;
  });
  const dashboards = new DashboardService(d.store, d.clock);
  return {
    queries: new QueriesService(d.store, d.clock, d.channelTypes, backfills),
    backfills,
    consumer: new MatcherConsumer(d.store, d.bus, d.logger, compiled),
    search: new SearchService(d.store, d.segmentAuthors, () => d.clock.now()),
    dashboards,
    shares: new SharesService(d.store, d.clock, d.secrets, dashboards, d.publicUrl),
    alerts,
    detector: new AlertDetector(d.store, d.clock, d.logger, alerts, delivery),
    delivery,
    settings: new SettingsService(d.store, d.clock, d.secrets, delivery),
    crisis: new CrisisService(d.store, d.clock, alerts),
    communication: new CommunicationService(d.store, d.clock, d.conversationLinks),
    reports: new ReportsService(d.store, d.clock, d.logger, dashboards, delivery),
    maintenance: new Maintenance(d.store, d.clock),
  };
}

export type Listening = ReturnType<typeof createListening>;

/** Durable consumers the worker role runs: matching at ingest, and notification delivery. */
export async function startListeningWorkers(l: Listening): Promise<Subscription[]> {
  return [await l.consumer.work(), await l.delivery.work()];
}

export function listeningJobs(l: Listening): RecurringJob[] {
  return [
    { name: DETECT_JOB, intervalMs: 60_000, run: async () => void (await l.detector.run()) },
    { name: BACKFILL_JOB, intervalMs: 10_000, run: async () => void (await l.backfills.drain()) },
    { name: REPORTS_JOB, intervalMs: 5 * 60_000, run: async () => void (await l.reports.sendDue()) },
    { name: MAINTENANCE_JOB, intervalMs: 10 * 60_000, run: () => l.maintenance.run() },
  ];
}
