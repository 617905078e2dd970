/**
 * The microblog module's public face: people (directory import), posts screened by the guideline
 * screen, timelines, follows, polls, notifications, tag pages and the moderation queue.
 */
export { createMicroblog, type Microblog } from './microblog.js';
export { microblogRoutes, type MicroblogRouteServices } from './microblog.routes.js';
export { MICROBLOG_EVENT, type MicroblogEvent } from './microblog.events.js';
export { PostsService, MAX_POST_CHARS, type NewPost, type PostResult } from './posts.service.js';
export type { ImportSummary } from './people.service.js';
export type { Viewer, Page } from './context.js';
export type { Relationship } from './social.service.js';
export type { TagView, TagPage } from './timelines.service.js';
export type { TagMergeView, TagSummary } from '../../contracts/microblog.js';
export { firstSentence } from './curation.service.js';
export type { StreamPlacement } from './streams.service.js';
export { MicroblogArchiveFeed, type FeedCursor, type MicroblogRecord } from './archive-feed.js';
export type { HoldReason } from './microblog.tables.js';
export type { NotificationView, PersonView, PollView, PostView, PostVersionView } from './views.js';
export { guidelineScreen, CONFIDENTIAL_MARKERS } from './guideline.js';
export { MAX_MEDIA_BYTES, MAX_MEDIA_PER_POST, MediaService, sniff } from './media.service.js';
export type { MediaView } from './media.service.js';
export { parseCsv } from './csv.js';
export { GroupsService, type GroupMemberView, type GroupRequestView, type GroupView } from './groups.service.js';
export { REPORT_CATEGORIES, ReportsService, type ReportCategory, type ReportView } from './reports.service.js';
