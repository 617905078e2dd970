import type { HttpRoutes } from '../http/server.js';
import type { RecurringJob } from '../platform/scheduler/scheduler.js';
import type { Services } from './services.js';
import { identityRoutes, mfaRoutes, oidcRoutes } from '../modules/identity/index.js';
import { workspacesRoutes } from '../modules/workspaces/index.js';
import { tokensRoutes } from '../modules/tokens/index.js';
import { auditRoutes } from '../modules/audit/index.js';
import { accountsRoutes } from '../modules/accounts/index.js';
import { itemsRoutes } from '../modules/items/index.js';
import { ingestRoutes } from '../flows/ingest/index.js';
import { importRoutes } from '../flows/import/index.js';
import { inboxRoutes } from '../modules/inbox/index.js';
import { SLA_JOB, WAKE_JOB } from '../modules/inbox/index.js';
import { analyzeRoutes } from '../modules/analytics/index.js';
import { networkRoutes } from '../modules/network/index.js';
import { RUN_QUEUED_JOB, SCHEDULE_JOB } from '../modules/network/index.js';
import { listeningRoutes } from '../modules/listening/index.js';
import { listeningJobs } from '../modules/listening/index.js';
import { crisisDrillRoutes } from './crisis-drill.routes.js';
import { demoBankRoutes } from './demo-bank.js';
import { correctionsRoutes, correctionsJobs } from '../modules/corrections/index.js';
import { screeningRoutes } from '../modules/screening/index.js';
import { publishedRoutes, publishingRoutes, pullEngagement, PUBLISH_ENGAGEMENT_JOB } from '../modules/publishing/index.js';
import { PUBLISH_DEADLINES_JOB, PUBLISH_SEND_JOB } from '../flows/publish/index.js';
import { MICROBLOG_CAPTURE_JOB } from '../flows/archive-capture/index.js';
import { microblogRoutes } from '../modules/microblog/index.js';
import { mastodonRoutes } from '../modules/mastodon-api/index.js';
import { archiveRoutes, ATTACHMENTS_JOB as ARCHIVE_ATTACHMENTS_JOB, EXPORT_JOB as ARCHIVE_EXPORT_JOB, PURGE_JOB as ARCHIVE_PURGE_JOB } from '../modules/archive/index.js';
import { blogRoutes } from '../modules/blog/index.js';
import { linksRoutes } from '../modules/links/index.js';
import { customersJobs, customersRoutes } from '../modules/customers/index.js';
import { consentLinkRoutes } from '../flows/consent-link/index.js';
import { AUTO_MERGE_JOB, caseMergeRoutes } from '../flows/case-merge/index.js';
import { knowledgeAnswersRoutes } from '../flows/knowledge-answers/index.js';

/** Every module's HTTP routes, in registration order. */
export const httpRoutes: HttpRoutes<Services>[] = [
  identityRoutes,
  mfaRoutes,
  oidcRoutes,
  workspacesRoutes,
  tokensRoutes,
  auditRoutes,
  accountsRoutes,
  itemsRoutes,
  ingestRoutes,
  importRoutes,
  inboxRoutes,
  analyzeRoutes,
  networkRoutes,
  listeningRoutes,
  crisisDrillRoutes,
  demoBankRoutes,
  correctionsRoutes,
  screeningRoutes,
  publishingRoutes,
  publishedRoutes,
  microblogRoutes,
  mastodonRoutes,
  archiveRoutes,
  blogRoutes,
  linksRoutes,
  customersRoutes,
  consentLinkRoutes,
  caseMergeRoutes,
  knowledgeAnswersRoutes,
];

/** Every module's recurring jobs (run by the worker role, fired by the scheduler role). */
export function recurringJobs(s: Services): RecurringJob[] {
  return [
    { name: 'audit.checkpoint', intervalMs: 5 * 60_000, run: async () => void (await s.auditCheckpoints?.write()) },
    { name: 'identity.purge_expired', intervalMs: 10 * 60 * 1000, run: async () => (await s.auth.purgeExpired(), await s.mfa.purgeExpired(), await s.oidc?.purgeExpired()) },
    { name: 'ingest.poll_due', intervalMs: 5_000, run: async () => void (await s.poller.pollDue()) },
    { name: 'ingest.requeue_pending', intervalMs: 30_000, run: async () => void (await s.ingest.requeuePending()) },
    { name: 'inbox.outbox_requeue', intervalMs: 30_000, run: async () => void (await s.inbox.outbox.requeueStuck()) },
    { name: 'ingest.purge_raw', intervalMs: 6 * 3_600_000, run: async () => void (await s.ingest.purgeProcessed()) },
    { name: 'accounts.health_check', intervalMs: 5 * 60_000, run: async () => void (await s.accounts.checkHealth()) },
    { name: SCHEDULE_JOB, intervalMs: 15 * 60_000, run: () => s.network.runner.scheduled() },
    { name: RUN_QUEUED_JOB, intervalMs: 60_000, run: async () => void (await s.network.runner.drain()) },
    { name: SLA_JOB, intervalMs: 15_000, run: async () => void (await s.inbox.timers.runDue()) },
    { name: WAKE_JOB, intervalMs: 15_000, run: async () => void (await s.inbox.snooze.wakeDue()) },
    ...listeningJobs(s.listening),
    ...correctionsJobs(s.corrections),
    { name: PUBLISH_SEND_JOB, intervalMs: 1_000, run: async () => void (await s.publisher.runDue()) },
    { name: PUBLISH_DEADLINES_JOB, intervalMs: 30_000, run: async () => void (await s.publishing.delivery.runDeadlines()) },
    { name: PUBLISH_ENGAGEMENT_JOB, intervalMs: 60_000, run: async () => void (await pullEngagement(s.publishing.deps, s.publishing.engagement)) },
    { name: ARCHIVE_PURGE_JOB, intervalMs: 6 * 3_600_000, run: async () => void (await s.archive.purgeAll()) },
    // Queued exports (woken at once by the web role) and exports whose worker died (lease lapsed).
    { name: ARCHIVE_EXPORT_JOB, intervalMs: 60_000, run: async () => s.archiveAdmin.work() },
    // Attachment files of archived versions: fetched and held, retried with backoff; purged versions' files removed.
    { name: ARCHIVE_ATTACHMENTS_JOB, intervalMs: 30_000, run: async () => void (await s.archiveAdmin.attachments?.drain()) },
    // The internal microblog's post versions and deletions, in order from the archive's cursor.
    { name: MICROBLOG_CAPTURE_JOB, intervalMs: 10_000, run: async () => void (await s.microblogCapture.run()) },
    ...s.links.jobs(),
    ...customersJobs(s.customers),
    { name: AUTO_MERGE_JOB, intervalMs: 60_000, run: async () => void (await s.caseMerge.autoMerge()) },
  ];
}
