/** Bus subjects the publishing module announces, and their payloads. */
export const POST_APPROVED = 'post.approved';
export const POST_PUBLISHED = 'post.published';
/** The same as `post.published`, one message per recorded batch of one workspace (what the archive capture reads). */
export const POST_PUBLISHED_BATCH = 'post.published_batch';
export const POST_FAILED = 'post.failed';
export const POST_APPROVAL_LATE = 'post.approval_late';

export interface PostApprovedEvent {
  workspaceId: string;
  postId: string;
  round: number;
  scheduledAt: string | null;
}
export interface PostPublishedEvent {
  workspaceId: string;
  postId: string;
  variantId: string;
  target: string;
  nativeId: string;
  url: string | null;
}
export interface PostPublishedBatch {
  workspaceId: string;
  posts: PostPublishedEvent[];
}
/** A variant that could not be sent, or a whole post that missed its slot (`variantId` null); the owner is told. */
export interface PostFailedEvent {
  workspaceId: string;
  postId: string;
  variantId: string | null;
  reason: string;
  message: string;
  ownerId: string | null;
}
export interface PostApprovalLateEvent {
  workspaceId: string;
  postId: string;
  step: string;
  approvalDueAt: string;
  scheduledAt: string | null;
}
