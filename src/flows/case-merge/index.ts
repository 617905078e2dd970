/**
 * The case-merge flow's public face (docs/ARCHITECTURE.md).
 */
export { caseMergeRoutes } from './case-merge.routes.js';
export { CaseMergeFlow } from './case-merge.service.js';
