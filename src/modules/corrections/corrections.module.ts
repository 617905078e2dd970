/** Corrections of the text analytics and the per-workspace adaptation learned from them: the module's face. */
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import type { RecurringJob } from '../../platform/scheduler/scheduler.js';
import type { Analyzer } from '../../nlp/index.js';
import { AdaptationRegistry } from './adaptation.registry.js';
import { ADAPT_JOB, AdaptationRunner } from './adaptation.runner.js';
import { AdaptationService } from './adaptation.service.js';
import { CorrectionsService } from './corrections.service.js';

export { ADAPTATION_CHANGED } from './adaptation.registry.js';
export type { CorrectionView } from './corrections.service.js';
export type { AdaptationView, VersionView } from './adaptation.service.js';

export interface AdaptationSettings {
  /** A new version is learned this long after the last correction (debounce). */
  delayMs: number;
  /** Items received within this many days are re-scored when the active version changes… */
  rescoreDays: number;
  /** …at most this many (the newest). */
  rescoreMax: number;
}

export const DEFAULT_ADAPTATION: AdaptationSettings = { delayMs: 120_000, rescoreDays: 7, rescoreMax: 20_000 };

export interface CorrectionsDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  analyzer: Analyzer;
  settings: AdaptationSettings;
}

export function createCorrections(d: CorrectionsDeps) {
  const registry = new AdaptationRegistry(d.store, d.bus, d.logger);
  return {
    registry,
    corrections: new CorrectionsService(d.store, d.clock, d.bus, d.settings.delayMs),
    adaptation: new AdaptationService(d.store, d.clock, registry),
    runner: new AdaptationRunner(d.store, d.clock, d.bus, d.logger, d.analyzer, registry, d.settings),
    /** How often the due work is looked for: often enough for a short delay, at most every 10 s. */
    jobIntervalMs: Math.max(1_000, Math.min(10_000, d.settings.delayMs)),
  };
}

export type Corrections = ReturnType<typeof createCorrections>;

export function correctionsJobs(c: Corrections): RecurringJob[] {
  return [{ name: ADAPT_JOB, intervalMs: c.jobIntervalMs, run: async () => void (await c.runner.runDue()) }];
}
