/**
 * The links module's public face: short links on the institution's domain, the redirect, the click log
 * and the conversions attributed to them. It owns links, link_clicks, link_salts, link_utm_templates,
 * link_settings and link_conversions.
 */
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Logger } from '../../platform/log/log.js';
import type { Store } from '../../platform/db/store.js';
import type { RecurringJob } from '../../platform/scheduler/scheduler.js';
import type { SecretsStore } from '../secrets/index.js';
import { LinksService } from './links.service.js';
import { ConversionsService } from './conversions.service.js';
import { LinkAnalytics, type LinkLabels } from './analytics.js';
import { ClickPublisher, redirectCache, SaltKeeper, type RedirectDeps } from './redirect.js';
import { startClickWriter, type ClickWriterOptions } from './clicks.worker.js';
import { CountryTable } from './country.js';

export { LinksService, type LinkInput, type LinkView, type RewriteContext, type RewrittenLink, type UtmTemplateView } from './links.service.js';
export { ConversionsService, validateConversion, CONVERSION_TYPES, WEBHOOK_TOLERANCE_S, type ConversionInput, type ConversionView, type AttributionSettings } from './conversions.service.js';
export { LinkAnalytics, analyticsCsv, csvCell, DIMENSIONS, type AnalyticsRow, type AnalyticsView, type ConversationActivity, type Dimension, type LinkLabels } from './analytics.js';
export { CLICK_PARAM, redirectRoute, visitorHash, SaltKeeper, ClickPublisher, type RedirectDeps, type LinkEntry } from './redirect.js';
export { startClickWriter, type ClickWriterOptions } from './clicks.worker.js';
export { linksRoutes, type LinksRouteServices } from './links.routes.js';
export { CLICKS_QUEUE, LINK_CHANGED, LINK_CLICKS, type LinkClickedEvent, type LinkClicksEvent } from './links.events.js';
export { UNFURLERS, isBotAgent, isPrefetch, deviceOf, referrerHost } from './classify.js';
export { findUrls, shortUrlOf, applyUtm, checkTarget } from './urls.js';
export { CountryTable } from './country.js';
export type { LinksTables } from './links.tables.js';

export interface Links {
  links: LinksService;
  conversions: ConversionsService;
  analytics: LinkAnalytics;
  redirect: RedirectDeps;
  /** The base of short URLs (SOTONG_LINKS_BASE_URL, else the public or listening web address). */
  baseUrl(): string;
  setBaseUrl(url: string): void;
  /** Watches the bus for changed links (every process's redirect cache) and loads the day's salt. */
  start(): Promise<Subscription[]>;
  /** The worker: writes published clicks in batches. */
  work(opts?: ClickWriterOptions): Promise<Subscription>;
  jobs(): RecurringJob[];
}

export function createLinks(d: { store: Store; bus: Bus; clock: Clock; logger: Logger; secrets: SecretsStore; baseUrl: string; labels?: () => LinkLabels | undefined }): Links {
  let base = d.baseUrl.replace(/\/$/, '');
  const cache = redirectCache(d.clock, d.bus);
  const salts = new SaltKeeper(d.store, d.clock);
  const publisher = new ClickPublisher(d.bus, d.logger);
  const baseUrl = () => base;
  let countries: CountryTable | undefined;
  let countriesLoading: Promise<void> | undefined;
  return {
    links: new LinksService(d.store, d.clock, baseUrl, cache as never),
    conversions: new ConversionsService(d.store, d.clock, d.secrets),
    analytics: new LinkAnalytics(d.store, d.labels),
    redirect: { store: d.store, clock: d.clock, cache, salts, publisher, countries: () => countries },
    baseUrl,
    setBaseUrl: (url) => void (base = url.replace(/\/$/, '')),
    async start() {
      await salts.prepare().catch((err: unknown) => d.logger.warn({ err }, 'links: could not load the day’s salt yet'));
      // The country table loads in the background (about 0.3 s); the redirect answers meanwhile.
      countriesLoading ??= CountryTable.load().then(
        (t) => void (countries = t),
        (err: unknown) => d.logger.warn({ err }, 'links: the offline country table could not be loaded; clicks get no country'),
      );
      const watch = await cache.watch();
      return watch ? [watch, { close: () => publisher.flush() }] : [{ close: () => publisher.flush() }];
    },
    work: (opts) => startClickWriter(d.store, d.bus, d.logger, opts),
    jobs: () => [{ name: 'links.rotate_salts', intervalMs: 3_600_000, run: async () => void (await salts.prepare(), await salts.purge()) }],
  };
}
export { buildRedirectServer } from './redirect-server.js';
