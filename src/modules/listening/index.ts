/**
 * The listening module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { compileQuery } from './domain/matcher.js';
export type { MatchItem } from './domain/matcher.js';
export { parseAndValidate } from './domain/query-parser.js';
export { createListening, listeningJobs, startListeningWorkers } from './listening.module.js';
export type { Listening } from './listening.module.js';
export { listeningRoutes } from './listening.routes.js';
export type { QueriesService } from './queries.service.js';
export { isCrisisActive } from './crisis.service.js';
export type { ConversationLinks, WeekRow } from './communication.service.js';
export type { SegmentAuthors } from './search.service.js';
