/**
 * The case-merge flow's public face (docs/ARCHITECTURE.md).
 */
export { caseMergeRoutes } from './case-merge.routes.js';
export { AUTO_MERGE_ACTOR, AUTO_MERGE_JOB, CaseMergeFlow } from './case-merge.service.js';
