/**
 * The network module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { networkRoutes } from './network.routes.js';
export type { IdentityJoin, PersonView } from './network.people.js';
export { NetworkRunner, RUN_QUEUED_JOB, SCHEDULE_JOB } from './network.runner.js';
export { NetworkService } from './network.service.js';
