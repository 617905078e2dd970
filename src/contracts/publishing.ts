/**
 * Publishing's JSON views and the post it accepts (`/api/v1/w/:ws/publishing`, docs/publishing.md):
 * posts with their per-channel variants, the live check of a variant, reviews. Types only; dates are ISO strings.
 */
import type { Measurement } from './channels.js';

export type Product = 'deposit' | 'loan' | 'investment' | 'card' | 'insurance';
export type PostStatus = 'draft' | 'in_review' | 'changes_requested' | 'approved' | 'published' | 'failed' | 'missed' | 'stopped';
export type VariantStatus = 'draft' | 'scheduled' | 'sending' | 'published' | 'failed' | 'paused' | 'stopped' | 'unknown';

export interface MediaItem {
  url: string;
  altText: string;
  mimeType?: string;
}

/** A link of a variant made a tracked short link: what was written and its short link. */
export interface TrackedLink {
  written: string;
  shortUrl: string;
}

export interface VariantInput {
  accountId?: string | null;
  target: string;
  text?: string;
  media?: MediaItem[];
}

/** The body of POST /posts and PUT /posts/:id. */
export interface PostInput {
  campaignId?: string | null;
  title?: string;
  masterText: string;
  product?: Product | null;
  scheduledAt?: string | null;
  variants: VariantInput[];
}

/** Something the pre-send screen found (offsets: UTF-16 code units of the text as given). */
export interface Finding {
  type: 'prohibited_claim' | 'missing_disclosure' | 'personal_data' | 'link' | 'crisis_word';
  start: number;
  end: number;
  text: string;
  rule: string;
  severity: 'block' | 'warn';
  message: string;
}

export interface VariantCheck {
  measure: Measurement | null;
  /** Within the channel's limit, every image has alt text, an image where the channel requires one, and no finding blocks. */
  ok: boolean;
  problems: Array<'too_long' | 'alt_text_missing' | 'image_required'>;
  findings: Finding[];
}

export interface VariantView {
  id: string;
  accountId: string | null;
  accountName: string | null;
  target: string;
  text: string;
  /** As it goes out: the links tracked (once a round made them) and the 심의필 stamp where required. */
  finalText: string;
  /** The links of this variant made tracked short links: what was written and its short link. */
  trackedLinks: TrackedLink[];
  media: MediaItem[];
  stampRequired: boolean;
  status: VariantStatus;
  dueAt: string | null;
  nativeId: string | null;
  url: string | null;
  error: string | null;
  publishedAt: string | null;
  /** After publishing: when an edit went out, when it was taken down, and an edit waiting for approval. */
  editedAt?: string | null;
  deletedAt?: string | null;
  pendingText?: string | null;
  check?: VariantCheck;
}

export interface PostView {
  id: string;
  campaignId: string | null;
  title: string;
  masterText: string;
  product: string | null;
  status: PostStatus;
  scheduledAt: string | null;
  round: number;
  step: number;
  chain: Array<{ name: string; roles: string[]; compliance: boolean }>;
  review: { number: string; validFrom: string | null; validUntil: string | null; stamp: string | null } | null;
  approvalDueAt: string | null;
  escalatedAt: string | null;
  owner: { id: string | null; label: string };
  createdAt: string;
  updatedAt: string;
  variants: VariantView[];
}

export interface ReviewView {
  id: string;
  round: number;
  step: number | null;
  stepName: string | null;
  action: 'submitted' | 'approved' | 'changes_requested' | 'comment' | 'returned';
  user: string;
  comment: string;
  at: string;
}

export interface CampaignView {
  id: string;
  name: string;
  product: string | null;
  note: string;
  createdAt: string;
}

/** A post on the calendar (GET /calendar). */
export interface CalendarEntry {
  postId: string;
  title: string;
  excerpt: string;
  status: string;
  product: string | null;
  campaignId: string | null;
  scheduledAt: string;
  variants: Array<{ target: string; accountId: string | null; status: string }>;
}

export interface CalendarView {
  from: string;
  to: string;
  entries: CalendarEntry[];
}

export interface BestTime {
  channel: string;
  /** 0 = Sunday … 6 = Saturday, Korean time. */
  dayOfWeek: number;
  hour: number;
  /** Mean engagements (replies, comments, quotes, shares and likes the channel reported, and clicks on its tracked links) per post in this hour of the week (or audience messages per week, by `basis`). */
  score: number;
  /** Of the score, the mean counted clicks on the posts' tracked links. */
  clicks: number;
  posts: number;
  /** 0..1: how much evidence stands behind the score. */
  confidence: number;
}

/** GET /best-times. */
export interface BestTimes {
  basis: 'engagement' | 'audience_activity' | 'none';
  times: BestTime[];
}

/** A word-level diff between two texts. */
export interface DiffOp {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** What changed between two submitted rounds of a post, field by field (GET /posts/:id/diff). */
export interface PostDiff {
  from: number;
  to: number;
  fields: Array<{ field: string; ops: DiffOp[] }>;
}

/** Engagement figures as the channel reports them (null: not pulled yet, or the channel does not tell). */
export interface EngagementFigures {
  replies: number | null;
  shares: number | null;
  likes: number | null;
  views: number | null;
}

/** One channel variant of a published post: what its channel reports and what its tracked links drew. */
export interface VariantAnalytics extends EngagementFigures {
  variantId: string;
  target: string;
  accountId: string | null;
  accountName: string | null;
  status: VariantStatus;
  url: string | null;
  publishedAt: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  /** An edit of the published text waits for approval. */
  pendingEdit: boolean;
  /** Pulls done (1 h, 6 h, 24 h, 72 h after publishing) and when the figures were last read. */
  checks: number;
  fetchedAt: string | null;
  nextCheckAt: string | null;
  error: string | null;
  /** Counted clicks (people, not bots) on this variant's tracked links, and the conversions attributed to them. */
  clicks: number;
  conversions: number;
}

export interface AnalyticsTotals {
  replies: number;
  shares: number;
  likes: number;
  views: number;
  clicks: number;
  conversions: number;
}

export interface PostAnalytics {
  postId: string;
  title: string;
  campaignId: string | null;
  product: string | null;
  status: PostStatus;
  scheduledAt: string | null;
  variants: VariantAnalytics[];
  totals: AnalyticsTotals;
}

/** GET /analytics: per post (and variant), for one post, one campaign, or the latest published posts. */
export interface PublishingAnalytics {
  campaign: CampaignView | null;
  posts: PostAnalytics[];
  totals: AnalyticsTotals;
}

/** GET|PUT /settings: approval chains by product, the 심의필 template, the approval deadline, stamped targets. */
export interface PublishingSettingsView {
  chains: Array<{ product: string; steps: Array<{ name: string; roles: string[]; compliance?: boolean }>; reapproveOnReschedule: boolean }>;
  /** `{number}`, `{from}`, `{until}` (dates as 2026.12.01). */
  reviewTemplate: string;
  deadlineMinutes: number;
  stampTargets: string[];
}
