/**
 * The screening module's public face: the only file other modules, flows, the CLI and the composition
 * root import. It owns the versioned rule sets (screening_rule_sets) and the pre-send screen.
 */
export { ScreeningService, validateRules, type RuleSetSummary, type RuleSetView, type ScreenResult } from './screening.service.js';
export { screeningRoutes, type ScreeningRouteServices } from './screening.routes.js';
export { RULE_SET_ACTIVATED, type RuleSetActivatedEvent } from './screening.events.js';
export { blocks, type Finding, type FindingType, type ScreenContext } from './engine.js';
export { screenWithDefaults } from './default-screen.js';
export { DEFAULT_RULES } from './defaults.js';
export { PRODUCTS, type Product, type RuleSetDocument, type Severity } from './rules.js';
