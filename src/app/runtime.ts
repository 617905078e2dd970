import { sealUnsigned, setAuditKey, type AuditTables } from '../modules/audit/index.js';
import { tables } from '../platform/db/store.js';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Bus } from '../platform/bus/bus.js';
import { openBus } from '../platform/bus/open.js';
import { PriorityBus } from '../platform/bus/priority.js';
import { INGEST_QUEUE } from '../flows/ingest/index.js';
import { GROUPING_QUEUE } from '../modules/inbox/index.js';
import { ROUTING_QUEUE } from '../modules/inbox/index.js';
import { systemClock, type Clock } from '../platform/clock/clock.js';
import { LocalStorage } from '../platform/storage/local.js';
import { S3Storage } from '../platform/storage/s3.js';
import { migrate } from '../platform/db/migrate.js';
import { openPGliteStore } from '../platform/db/pglite.js';
import { lockDataDir } from '../platform/db/data-lock.js';
import { openPostgresStore } from '../platform/db/postgres.js';
import type { Store } from '../platform/db/store.js';
import { createLogger, type Logger } from '../platform/log/log.js';
import { Scheduler } from '../platform/scheduler/scheduler.js';
import { buildServer } from '../http/server.js';
import { registerAuth } from '../modules/identity/index.js';
import { StreamSupervisor } from '../flows/ingest/index.js';
import { createKeyring, loadKey, SecretKeyError } from '../modules/secrets/index.js';
import { storedKeyIds } from '../modules/secrets/index.js';
import { createServices, type Services } from './services.js';
import { demoWorkspaceId, seedDemoOnce } from './demo.js';
import { demoReplayer, demoReplayPosition } from './demo-replay.js';
import { demoPosts } from '../demo/dataset/index.js';
import { startDemoChannels } from './demo-channels.js';
import { seedDemoCustomers } from './demo-customers.js';
import { seedDemoPublishing } from './demo-publishing.js';
import { systemActor } from '../platform/actor.js';
import { pointDemoBank } from './demo-bank.js';

const demoScope = (workspaceId: string) => ({ workspaceId, actor: systemActor, role: 'admin' as const, tokenScopes: null });
import { httpRoutes, recurringJobs } from './modules.js';
import { startListeningWorkers } from '../modules/listening/index.js';
import { buildRedirectServer } from '../modules/links/index.js';
import type { ProcessRole } from './roles.js';
import { loadAdapters, type AdapterRegistry } from '../channels/registry.js';

/**
 * Demo posts per second by default: one every 100 s. At this rate the demo brand's negative and
 * complaint posts stay under the alerts' default minimum volume (10 an hour) at every hour, so the
 * demo raises an alert only for the crisis drill.
 */
export const DEFAULT_DEMO_RATE = 0.01;
/** The live feed's share of the dataset at most: about six hours of it at the default rate (below). */
const DEMO_LIVE_HOURS = 6;

/**
 * How many posts of the dataset the first start's history takes when a live feed follows: all but
 * what the live feed plays in its first DEMO_LIVE_HOURS, and at least half of the dataset. Each post
 * is shown once, so history and live feed share the dataset instead of repeating it.
 */
export function demoHistoryPosts(rate: number, total = demoPosts.length): number {
  const live = Math.min(Math.floor(total / 2), Math.round(rate * DEMO_LIVE_HOURS * 3600));
  return total - live;
}

export interface RuntimeOptions {
  roles: Set<ProcessRole>;
  demo: boolean;
  logger?: Logger;
  clock?: Clock;
  webRoot?: string;
  /** Demo posts per second replayed into the demo workspace by the worker role (0: none). */
  demoRate?: number;
  /** Days of demo history written on the first start (default 14; 0: none). */
  demoHistoryDays?: number;
  /** Channel adapters (default: every folder under src/channels). */
  adapters?: AdapterRegistry;
  /** Print a line for people (the demo login); defaults to stdout. */
  announce?: (line: string) => void;
}

export interface Runtime {
  services: Services;
  app?: FastifyInstance;
  url?: string;
  demoLogin?: { email: string; password: string; workspaceId: string } | null;
  stop(): Promise<void>;
}

export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl) {
    try {
      return await openPostgresStore(config.databaseUrl);
    } catch (err) {
      throw new Error(`cannot reach PostgreSQL at DATABASE_URL (${redact(config.databaseUrl)}): ${(err as Error).message}`);
    }
  }
  // One process at a time: a second one (a CLI command beside a running server) would write where the
  // server never looks, and lose it. The lock is released when the store closes.
  const release = lockDataDir(config.dataDir);
  try {
    const store = await openPGliteStore(path.join(config.dataDir, 'pglite'));
    const close = store.close.bind(store);
    return Object.assign(store, {
      async close() {
        try {
          await close();
        } finally {
          release();
        }
      },
    });
  } catch (err) {
    release();
    throw err;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Opens the store (migrated), bus and services: what every command needs. */
/** Work queues whose work may lag behind intake during a peak and catch up after it: inbox grouping and routing. */
const DERIVED_QUEUES = [GROUPING_QUEUE, ROUTING_QUEUE];

export async function openPlatform(config: Config, logger: Logger, clock: Clock = systemClock, adapters?: AdapterRegistry): Promise<Services> {
  const store = await openStore(config);
  try {
    const applied = await migrate(store);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const { key, source, file } = loadKey(config.secretKey, config.dataDir);
    if (source === 'generated') logger.warn({ file }, 'SOTONG_SECRET_KEY is not set: generated a secret key into the data folder. Back it up, or set SOTONG_SECRET_KEY; without it the stored channel credentials cannot be read.');
    const keyring = createKeyring(key);
    setAuditKey(key);
    if (applied.includes('0012_harden_identity_audit')) await sealUnsigned(tables<AuditTables>(store));
    const foreign = (await storedKeyIds(store)).filter((id) => id !== keyring.keyId);
    if (foreign.length)
      throw new SecretKeyError(`the database holds secrets encrypted with key ${foreign.join(', ')}, but the configured key is ${keyring.keyId}: set SOTONG_SECRET_KEY to the key used before (or run "sotong secrets rotate" with it)`);
    const opened: Bus = await openBus({ ...(config.natsUrl ? { natsUrl: config.natsUrl } : {}), stream: config.natsStream, logger });
    // Under load, workers take in (store, deduplicate, analyse) before they group and route: see PriorityBus.
    const bus = config.intakeFirst ? new PriorityBus(opened, { first: [INGEST_QUEUE], yielding: DERIVED_QUEUES }) : opened;
    const services = createServices({
      store,
      bus,
      clock,
      logger,
      keyring,
      adapters: adapters ?? (await loadAdapters()),
      ...(config.oidc ? { oidc: config.oidc } : {}),
      archiveDir: path.join(config.dataDir, 'archive-exports'),
      storage: config.s3 ? new S3Storage(config.s3) : new LocalStorage(config.filesDir),
      archiveFetchAllowHosts: config.archiveFetchAllowHosts,
      auditCheckpointDir: config.auditCheckpointDir,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      adaptation: { delayMs: config.adaptDelayMs, rescoreDays: config.adaptRescoreDays, rescoreMax: config.adaptRescoreMax },
      publishLeaseMs: config.publishLeaseMs,
      publishAheadMs: config.publishAheadMs,
      linksBaseUrl: config.linksBaseUrl ?? config.publicUrl ?? `http://${config.host}:${config.port}`,
    });
    // Ingest applies each workspace's active adaptation from memory: load them before any item comes in.
    await services.corrections.registry.load();
    return services;
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function closePlatform(s: Services): Promise<void> {
  await s.bus.close();
  await s.store.close();
}

/** `sotong start`: the roles asked for, in one process. */
export async function startRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const announce = opts.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  const services = await openPlatform(config, logger, opts.clock, opts.adapters);
  const stops: Array<() => Promise<void>> = [];
  const runtime: Runtime = {
    services,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'error while stopping'));
      await closePlatform(services);
    },
  };
  try {
    const demoRate = opts.demoRate ?? DEFAULT_DEMO_RATE;
    const firstHistoryDays = opts.demoHistoryDays ?? 14;
    runtime.demoLogin = opts.demo ? await seedDemoOnce(services, { queries: demoRate > 0 || firstHistoryDays > 0 }) : null;
    if (runtime.demoLogin) {
      announce(`Demo workspace ready. Log in as ${runtime.demoLogin.email} with password ${runtime.demoLogin.password} (shown once; change it under your name → Change password).`);
    }
    const watch = await services.ingest.watchAccounts();
    stops.push(() => watch.close());
    const adaptationWatch = await services.corrections.registry.watch();
    stops.push(() => adaptationWatch.close());
    const identityWatch = await services.identity.watch();
    if (identityWatch) stops.push(() => identityWatch.close());
    const piiWatch = await services.pii.watch();
    if (piiWatch) stops.push(() => piiWatch.close());
    for (const w of [await services.inbox.rules.watch(), await services.inbox.policies.watch()]) if (w) stops.push(() => w.close());
    const scheduler = new Scheduler(services.store, services.bus, services.clock, logger);
    for (const job of recurringJobs(services)) scheduler.register(job);
    if (opts.roles.has('worker')) {
      const clickWriter = await services.links.work();
      stops.push(() => clickWriter.close());
      for (const sub of [await scheduler.work(), await services.ingest.work(), await services.grouper.work(), await services.outbox.work(), await services.inbox.router.work(), await services.archiveCapture.work()])
        stops.push(() => sub.close());
      stops.push(() => services.archiveAdmin.settled());
      // Posts staged ahead of their slot go back on the schedule (after the job consumer has stopped).
      stops.push(() => services.publisher.stop());
      for (const sub of await startListeningWorkers(services.listening)) stops.push(() => sub.close());
      const streams = new StreamSupervisor(services.store, services.clock, services.adapters, services.accounts, services.ingest, logger);
      streams.start();
      stops.push(() => streams.stop());
    }
    // After the click writer, so that on stop the redirect's gathered clicks are published before the writer ends.
    if (opts.roles.has('web') || opts.roles.has('links')) for (const sub of await services.links.start()) stops.push(() => sub.close());
    if (opts.roles.has('scheduler')) {
      await scheduler.declare();
      // A last checkpoint of the audit chains once the scheduler has stopped (stops run in reverse).
      if (services.auditCheckpoints) stops.push(async () => void (await services.auditCheckpoints!.write()));
      scheduler.startTicking();
      stops.push(() => scheduler.stop());
    }
    if (opts.roles.has('web')) {
      const app = await buildServer({
        logger,
        bodyLimit: config.bodyLimit,
        trustProxy: config.trustProxy ? config.trustedProxies : false,
        services,
        authenticate: registerAuth,
        routes: httpRoutes,
        ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
      });
      const address = await app.listen({ host: config.host, port: config.port });
      runtime.app = app;
      runtime.url = address.replace('[::1]', 'localhost');
      if (!config.linksBaseUrl && !config.publicUrl) services.links.setBaseUrl(runtime.url);
      // The demo's consent links end at the demo bank's login on this server (src/app/demo-bank.ts).
      const bankWs = opts.demo || runtime.demoLogin ? await demoWorkspaceId(services) : undefined;
      if (bankWs) await pointDemoBank(services, bankWs, config.publicUrl ?? runtime.url).catch((err: unknown) => logger.warn({ err }, 'demo bank login not set'));
      stops.push(() => app.close());
      announce(`Sotong is listening on ${runtime.url} (roles: ${[...opts.roles].join(', ')}; store: ${services.store.kind}; bus: ${services.bus.kind})`);
    }
    if (opts.roles.has('links') && !opts.roles.has('web')) {
      // The redirect alone (`--roles=links`): a small server with only /l/:code and /healthz.
      const app = await buildRedirectServer(services.links.redirect, { logger, trustProxy: config.trustProxy ? config.trustedProxies : false });
      const address = await app.listen({ host: config.host, port: config.port });
      runtime.app = app;
      runtime.url = address.replace('[::1]', 'localhost');
      stops.push(() => app.close());
      announce(`Sotong links redirect is listening on ${runtime.url}`);
    }
    const demoWs = opts.demo || runtime.demoLogin ? await demoWorkspaceId(services) : undefined;
    if (demoWs) {
      // The demo's accounts answer through local simulators of each channel (src/app/demo-channels.ts).
      const channels = await startDemoChannels(services, demoWs);
      stops.push(() => channels.close());
      // Their cards tell the truth from the start: checked now (through the simulators), not at the next round.
      const checked = services.accounts.checkHealth({ workspaceId: demoWs }).catch((err: unknown) => logger.warn({ err }, 'demo accounts: health check failed'));
      stops.push(async () => void (await checked));
    }
    const historyDays = runtime.demoLogin ? firstHistoryDays : 0;
    if (demoWs && opts.roles.has('worker') && (demoRate > 0 || historyDays > 0)) {
      // Every post of the dataset is shown once (issue #15): the history takes the first part, the live
      // feed the rest and then ends; a restart goes on where the stored posts end.
      const position = historyDays > 0 ? 0 : await demoReplayPosition(services, demoWs);
      const replayer = demoReplayer(services, demoWs, demoRate > 0 ? demoRate : 1, position);
      // Started once the web is listening (a first start's history takes a while on the embedded store).
      // On the first start, history first (so the dashboards have two weeks to show), then live posts.
      const backfill =
        historyDays > 0
          ? replayer.backfill(historyDays, demoRate > 0 ? { posts: demoHistoryPosts(demoRate) } : {}).then(
              (r) => logger.info({ posts: r.posts }, 'demo history loaded'),
              (err: unknown) => logger.warn({ err }, 'demo backfill failed'),
            )
          : Promise.resolve();
      let stopping = false;
      stops.push(async () => void (await backfill));
      // The demo's customers link the channel identities of theirs seen so far (each start links the new ones).
      const linked = backfill.then(async () => (stopping ? 0 : seedDemoCustomers(services, demoWs))).catch((err: unknown) => void logger.warn({ err }, 'demo customers not linked'));
      // On the first start, the demo's publishing once its accounts exist (made by the history).
      const published = linked.then(async () => (stopping || !runtime.demoLogin ? undefined : seedDemoPublishing(services, demoScope(demoWs)))).catch((err: unknown) => void logger.warn({ err }, 'demo publishing not seeded'));
      stops.push(async () => void (await published));
      stops.push(async () => void (await linked));
      if (demoRate > 0) void linked.then(() => stopping || replayer.start());
      stops.push(async () => {
        stopping = true;
        await replayer.stop(); // also ends a backfill in progress after its current batch
      });
    }
    return runtime;
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}
