/**
 * The items module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { analyticsEnricher } from './analysis.js';
export type { Enricher } from './enrich.js';
export { INGESTED_SUBJECT } from './items.events.js';
export type { IngestedBatch, IngestedItem } from './items.events.js';
export { AUTHOR_COLUMNS, ITEM_COLUMNS, presentItem } from './items.present.js';
export type { ItemRowView, ItemView } from './items.present.js';
export { itemsRoutes } from './items.routes.js';
export { ItemsService } from './items.service.js';
export { writeEvents } from './items.store.js';
export type { ProtectOriginal } from './items.store.js';
export { ITEM_FIELDS } from './items.tables.js';
export type { ItemFields, ItemsTables } from './items.tables.js';
export { PiiPolicy, originalAad } from './pii-policy.js';
export type { AnalysisAdapter } from './analysis.js';
export { analysedText, changedRef, lockItems, recentItems, writeAnalysis } from './analysis.store.js';
