/** The unified inbox's pure domain logic: holidays, business time, SLA, routing, assignment, templates, reply checks. */
export * from './civil.js';
export * from './holidays.js';
export * from './business-time.js';
export * from './sla.js';
export * from './rule-fields.js';
export * from './rules.js';
export * from './rule-validation.js';
export * from './assignment.js';
export * from './templates.js';
export * from './reply-checks.js';
