import type { HttpRoutes } from '../http/server.js';
import type { RecurringJob } from '../platform/scheduler/scheduler.js';
import type { Services } from './services.js';
import { identityRoutes } from '../modules/identity/identity.routes.js';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.js';
import { tokensRoutes } from '../modules/tokens/tokens.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { accountsRoutes } from '../modules/accounts/accounts.routes.js';
import { itemsRoutes } from '../modules/items/items.routes.js';
import { ingestRoutes } from '../flows/ingest/ingest.routes.js';
import { importRoutes } from '../flows/import/import.routes.js';
import { inboxRoutes } from '../modules/inbox/inbox.routes.js';
import { SLA_JOB, WAKE_JOB } from '../modules/inbox/snooze.js';
import { analyzeRoutes } from '../modules/analytics/analyze.routes.js';
import { networkRoutes } from '../modules/network/network.routes.js';
import { RUN_QUEUED_JOB, SCHEDULE_JOB } from '../modules/network/network.runner.js';
import { listeningRoutes } from '../modules/listening/listening.routes.js';
import { listeningJobs } from '../modules/listening/listening.module.js';
import { crisisDrillRoutes } from './crisis-drill.routes.js';
import { screeningRoutes } from '../modules/screening/index.js';
import { scopeResolver } from '../http/context.js';

const screeningHttp: HttpRoutes = (app, s) => screeningRoutes(app, { screening: s.screening, scopeOf: scopeResolver(s.auth) });

/** Every module's HTTP routes, in registration order. */
export const httpRoutes: HttpRoutes[] = [identityRoutes, workspacesRoutes, tokensRoutes, auditRoutes, accountsRoutes, itemsRoutes, ingestRoutes, importRoutes, inboxRoutes, analyzeRoutes, networkRoutes, listeningRoutes, crisisDrillRoutes, screeningHttp];

/** Every module's recurring jobs (run by the worker role, fired by the scheduler role). */
export function recurringJobs(s: Services): RecurringJob[] {
  return [
    { name: 'identity.purge_expired', intervalMs: 10 * 60 * 1000, run: () => s.auth.purgeExpired() },
    { name: 'ingest.poll_due', intervalMs: 5_000, run: async () => void (await s.poller.pollDue()) },
    { name: 'ingest.requeue_pending', intervalMs: 30_000, run: async () => void (await s.ingest.requeuePending()) },
    { name: 'ingest.purge_raw', intervalMs: 6 * 3_600_000, run: async () => void (await s.ingest.purgeProcessed()) },
    { name: 'accounts.health_check', intervalMs: 5 * 60_000, run: async () => void (await s.accounts.checkHealth()) },
    { name: SCHEDULE_JOB, intervalMs: 15 * 60_000, run: () => s.network.runner.scheduled() },
    { name: RUN_QUEUED_JOB, intervalMs: 60_000, run: async () => void (await s.network.runner.drain()) },
    { name: SLA_JOB, intervalMs: 15_000, run: async () => void (await s.inbox.timers.runDue()) },
    { name: WAKE_JOB, intervalMs: 15_000, run: async () => void (await s.inbox.snooze.wakeDue()) },
    ...listeningJobs(s.listening),
  ];
}
