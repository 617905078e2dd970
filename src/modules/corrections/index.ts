/**
 * The corrections module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 * People's corrections of the analytics, and the per-workspace adaptation learned from them.
 */
export { ADAPTATION_CHANGED, DEFAULT_ADAPTATION, correctionsJobs, createCorrections } from './corrections.module.js';
export type { AdaptationSettings, AdaptationView, CorrectionView, Corrections, VersionView } from './corrections.module.js';
export { correctionsRoutes } from './corrections.routes.js';
