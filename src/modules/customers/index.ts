/**
 * The customers module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { ConsentStore, DEFAULT_PURPOSE } from './consent.store.js';
export type { ConsentRequestRow, ConsentSettingsView, LinkRow, LinkView } from './consent.store.js';
export { createCustomers, customersJobs } from './customers.module.js';
export type { Customers } from './customers.module.js';
export { customersRoutes } from './customers.routes.js';
export { CustomersService, LIFECYCLES } from './customers.service.js';
export type { CustomerView, ImportResult } from './customers.service.js';
export type { CustomersTables } from './customers.tables.js';
export { CustomerLinksService } from './links.service.js';
export { CUSTOMER_FIELDS, OPT_OUTS, parseCustomersCsv } from './mapping.js';
export type { CustomerRecord, Mapping } from './mapping.js';
export { DEFAULT_RULES, LEAD_STATUSES, nextLifecycle } from './insights.service.js';
export type { LeadView, LifecycleRules } from './insights.service.js';
export { churnFeatures, churnScore } from './churn.js';
export type { ChurnFeatures, ChurnScore, HistoryEvent } from './churn.js';
export { CasesStore, similarity } from './cases.store.js';
export type { CaseSettingsView, MergeProposal, MergeRow, MergeView } from './cases.store.js';
export { SegmentsService, segmentsOfAuthors } from './segments.service.js';
export { LEAD_WEBHOOK_MAX_ATTEMPTS, LeadWebhooks } from './lead-webhook.js';
export type { LeadDeliveryView, LeadEvent, LeadWebhookView } from './lead-webhook.js';
export type { SegmentRules, SegmentView } from './segments.service.js';
export { CustomerMatching } from './matching.service.js';
export type { MatchSuggestionView } from './matching.service.js';
export { MATCH_KINDS, MATCH_WEIGHTS, blindHash, extractClaims } from './matching.js';
export type { CustomerActivity, EngagedPost, TimelineExtras } from './timeline.js';
