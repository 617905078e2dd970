/**
 * The publishing module's public face: campaigns, posts and their per-channel variants, approval chains
 * with 심의필, the calendar, and the module's side of sending (used by the publish flow).
 */
export { PostsService, type PostInput, type PostView, type PublishingDeps, type VariantCheck, type VariantInput, type VariantView } from './posts.service.js';
export { ApprovalsService, type ApproveInput, type ReviewView } from './approvals.service.js';
export { DeliveryService, idempotencyKeyOf, type BeginResult, type DueVariant } from './delivery.service.js';
export { CalendarService } from './calendar.service.js';
export { PublishedRecords, type PublishedRecord } from './records.js';
export { publishingRoutes, type PublishingRouteServices } from './publishing.routes.js';
export { DEFAULT_SETTINGS, renderStamp, reviewExpired } from './publishing.settings.js';
export { BUILTIN_BLOG, type PublishingSettings, type TrackedLink } from './publishing.tables.js';
export type { PostLinkContext, PostLinks } from './posts.links.js';
export { EngagementService, ENGAGEMENT_CADENCE_MS, type EngagementDue, type EngagementOutcome } from './engagement.service.js';
export { pullEngagement, refreshPost, PUBLISH_ENGAGEMENT_JOB } from './engagement.job.js';
export { PublishedService } from './published.service.js';
export { publishedRoutes, type PublishedRouteServices } from './published.routes.js';
export { keywords, shortText, spawnShortPost } from './spawn.js';
export * from './publishing.events.js';

import type { PublishingDeps } from './posts.service.js';
import { PostsService } from './posts.service.js';
import { ApprovalsService } from './approvals.service.js';
import { DeliveryService } from './delivery.service.js';
import { CalendarService } from './calendar.service.js';
import { PublishedRecords } from './records.js';
import { EngagementService } from './engagement.service.js';
import { PublishedService } from './published.service.js';

export interface Publishing {
  posts: PostsService;
  approvals: ApprovalsService;
  delivery: DeliveryService;
  calendar: CalendarService;
  records: PublishedRecords;
  engagement: EngagementService;
  published: PublishedService;
  /** The dependencies the module was made with (the routes of spawned posts count through its adapters). */
  deps: PublishingDeps;
}

export function createPublishing(d: PublishingDeps): Publishing {
  const posts = new PostsService(d);
  const engagement = new EngagementService(d);
  return {
    posts,
    approvals: new ApprovalsService(d, posts),
    delivery: new DeliveryService(d),
    calendar: new CalendarService(d),
    records: new PublishedRecords(d.store),
    engagement,
    published: new PublishedService(d, posts, engagement),
    deps: d,
  };
}
