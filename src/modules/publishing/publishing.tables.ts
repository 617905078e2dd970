import type { Generated, Selectable } from 'kysely';
import type { Role } from '../../platform/access/roles.js';
import type { MediaItem, TrackedLink } from '../../contracts/publishing.js';

export type { MediaItem, TrackedLink };

/** One step of an approval chain: who may approve it, and whether it is the compliance review (심의필). */
export interface ChainStep {
  name: string;
  roles: Role[];
  compliance?: boolean;
}

export interface ChainRule {
  /** A product type, `none` (posts without a product) or `*` (every post no other rule matches). */
  product: string;
  steps: ChainStep[];
  /** Moving an approved post to another slot sends it back to review. */
  reapproveOnReschedule: boolean;
}

export interface PublishingSettings {
  chains: ChainRule[];
  /** `{number}`, `{from}`, `{until}` (dates as 2026.12.01). */
  reviewTemplate: string;
  /** Approval is due this many minutes before the slot; late approvals escalate. */
  deadlineMinutes: number;
  /** Targets whose variants carry the 심의필 stamp (empty: every target) for posts with a product. */
  stampTargets: string[];
}

/** A link of a variant made a tracked short link: what was written and what replaced it. */
export const POST_STATUSES = ['draft', 'in_review', 'changes_requested', 'approved', 'published', 'failed', 'missed', 'stopped'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export type VariantStatus = 'draft' | 'scheduled' | 'sending' | 'published' | 'failed' | 'paused' | 'stopped' | 'unknown';

export interface Snapshot {
  title: string;
  masterText: string;
  scheduledAt: string | null;
  variants: Array<{ target: string; accountId: string | null; text: string }>;
}

export interface PublishingTables {
  publishing_settings: { workspace_id: string; settings: PublishingSettings; updated_at: Date };
  publishing_campaigns: { id: string; workspace_id: string; name: string; product: string | null; note: string; created_by: string | null; created_at: Date };
  publishing_posts: {
    id: string;
    workspace_id: string;
    campaign_id: string | null;
    title: string;
    master_text: string;
    product: string | null;
    status: PostStatus;
    scheduled_at: Date | null;
    round: number;
    step: number;
    chain: ChainStep[];
    reapprove_on_reschedule: boolean;
    review_number: string | null;
    review_valid_from: string | null;
    review_valid_until: string | null;
    stamp: string | null;
    approval_due_at: Date | null;
    escalated_at: Date | null;
    owner_id: string | null;
    owner_label: string;
    makers: string[];
    created_at: Date;
    updated_at: Date;
  };
  publishing_variants: {
    id: string;
    post_id: string;
    workspace_id: string;
    account_id: string | null;
    target: string;
    text: string;
    /** The text with its links made tracked short links when the round was opened (null: none yet). */
    tracked_text: string | null;
    tracked_links: TrackedLink[];
    media: MediaItem[];
    stamp_required: boolean;
    status: VariantStatus;
    due_at: Date | null;
    claim_until: Date | null;
    /** Claimed ahead of the slot and not yet confirmed (never called); null otherwise. */
    staged_at: Generated<Date | null>;
    attempts: number;
    native_id: string | null;
    url: string | null;
    error: string | null;
    published_at: Date | null;
    position: number;
    /** After publishing: when an edit went out through the channel, when it was taken down there. */
    edited_at: Generated<Date | null>;
    deleted_at: Generated<Date | null>;
    /** An edit of the published text waiting for approval, and who asked for it. */
    pending_text: Generated<string | null>;
    pending_by: Generated<string | null>;
  };
  /** Engagement pulled back from the channel for a published variant (latest figures, next pull). */
  publishing_engagement: {
    variant_id: string;
    workspace_id: string;
    post_id: string;
    published_at: Date;
    checks: number;
    next_check_at: Date | null;
    claim_until: Date | null;
    replies: number | null;
    shares: number | null;
    likes: number | null;
    views: number | null;
    fetched_at: Date | null;
    error: string | null;
  };
  publishing_engagement_samples: { variant_id: string; workspace_id: string; at: Date; replies: number | null; shares: number | null; likes: number | null; views: number | null };
  publishing_sends: { variant_id: string; workspace_id: string; idempotency_key: string; started_at: Date; calls: number; finished_at: Date | null; native_id: string | null; url: string | null };
  publishing_reviews: {
    id: string;
    post_id: string;
    workspace_id: string;
    round: number;
    step: number | null;
    action: 'submitted' | 'approved' | 'changes_requested' | 'comment' | 'returned';
    user_id: string | null;
    user_label: string;
    comment: string;
    snapshot: Snapshot | null;
    at: Date;
  };
}

export type PostRow = PublishingTables['publishing_posts'];
export type VariantRow = Selectable<PublishingTables['publishing_variants']>;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
/** The target of the built-in blog served by Sotong (no channel account). */
export const BUILTIN_BLOG = 'builtin-blog';
