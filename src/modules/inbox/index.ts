/**
 * The inbox module's public face: the only file other modules import (docs/ARCHITECTURE.md).
 */
export { GROUPING_QUEUE } from './attach.js';
export type { ConversationGrouper } from './attach.js';
export type { ConversationsService } from './conversations.service.js';
export { inboxRoutes } from './inbox.routes.js';
export { createInbox } from './inbox.js';
export type { InboxServices } from './inbox.js';
export type { Outbox, ReplyLinks } from './outbox.js';
export type { CannedProposals, CannedProposalView } from './canned.proposals.js';
export { ROUTING_QUEUE } from './router.js';
export { SLA_JOB, WAKE_JOB } from './snooze.js';
export { SOCIAL_POLICY_NAME } from './sla.policies.js';
export { CONVERSATION_BATCH_SUBJECT, CONVERSATION_SUBJECT } from './inbox.tables.js';
export type { ConversationBatch, ConversationEvent, InboxTables } from './inbox.tables.js';
