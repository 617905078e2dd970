/**
 * The customers' JSON views (`/customers`, `/customer-risk`, `/leads`, `/cases`, `/consent/settings`;
 * docs/customers.md). Types only; dates are ISO strings.
 */
import type { ItemView } from './items.js';

export interface CustomerView {
  id: string;
  externalId: string;
  /** Personal fields: in clear for `customers.pii`, masked otherwise (then `masked` is true). */
  name: string | null;
  email: string | null;
  phone: string | null;
  masked: boolean;
  segment: string | null;
  products: string[];
  manager: string | null;
  optOuts: string[];
  tags: string[];
  lifecycle: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentSettingsView {
  purpose: string;
  loginUrl: string | null;
  linkTtlMinutes: number;
}

export interface LinkView {
  id: string;
  customerId: string;
  author: { id: string; channel: string; handle: string | null; name: string | null };
  purpose: string;
  linkedBy: string;
  linkedAt: string;
  proof: Record<string, unknown>;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface LeadView {
  id: string;
  itemId: string;
  author: { id: string; channel: string; handle: string | null; name: string | null };
  customerId: string | null;
  excerpt: string;
  ownerId: string | null;
  status: string;
  followUpAt: string | null;
  createdAt: string;
}

export interface MergeProposal {
  targetConversationId: string;
  sourceConversationId: string;
  reason: { kind: 'same_customer'; customerId: string } | { kind: 'similar_content'; similarity: number; hoursApart: number };
  confidence: number;
  channels: [string, string];
  texts: [string, string];
}

export interface MergeView {
  id: string;
  targetConversationId: string;
  sourceConversationId: string;
  reason: unknown;
  mergedBy: string;
  mergedAt: string;
  undoneAt: string | null;
}

export interface TimelineEntry {
  item: ItemView;
  /** positive − negative probability of the item's sentiment, −1..1; null when not analysed. */
  sentiment: number | null;
  /** The bank's published post this item replies to or comments on, if any. */
  engagedPost?: EngagedPost | null;
}

export interface SentimentPoint {
  day: string;
  mean: number;
  count: number;
}

/** Why a customer is at risk: each signal with its weight and value (GET /customer-risk). */
export interface ChurnReasonView {
  reason: string;
  weight: number;
  value: number;
}

export interface RiskRow {
  customer: CustomerView;
  score: number;
  reasons: ChurnReasonView[];
  scoredAt: string | null;
}

/** Where leads go in the bank's systems (`GET /lead-webhook`). */
export interface LeadWebhookView {
  /** null: leads stay in Sotong. */
  url: string | null;
  /** Shown once, when made or rotated. */
  secret?: string;
  pending: number;
  failed: number;
  delivered: number;
}

export interface LeadDeliveryView {
  id: string;
  leadId: string | null;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAt: string | null;
}

/** One piece of evidence for a suggested match; `value` is the customer's own field as the viewer may see it. */
export interface MatchEvidenceView {
  kind: 'dm_external_id' | 'dm_email' | 'dm_phone' | 'same_name';
  /** The message that carried it (none for a same name). */
  itemId: string | null;
  at: string;
  /** The matching field of the customer: masked without `customers.pii` (the external id is not personal). */
  value: string | null;
}

/** Sotong's suggestion that a social identity is a known customer (`GET /customer-matches`); a person decides. */
export interface MatchSuggestionView {
  id: string;
  author: { id: string; channel: string; handle: string | null; name: string | null };
  customer: CustomerView;
  evidence: MatchEvidenceView[];
  confidence: number;
  status: 'open' | 'confirmed' | 'dismissed';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
}

/** The workspace's automatic merges of conversations of identities linked to the same customer. */
export interface CaseSettingsView {
  autoMerge: boolean;
  /** Proposals at or above this confidence are merged automatically (same-customer proposals are 0.9). */
  threshold: number;
}

/** What the customer did with the bank's links in private replies (`activity` of the timeline). */
export type CustomerActivity =
  | { kind: 'link_click'; at: string; linkId: string; shortUrl: string | null; target: string; conversationId: string | null; device: string }
  | { kind: 'conversion'; at: string; type: string; value: number | null; linkId: string | null; conversationId: string | null };

/** A published post of the bank that a timeline item answers (a reply or comment on it). */
export interface EngagedPost {
  postId: string;
  title: string;
  url: string | null;
  channel: string;
  publishedAt: string | null;
}

/** A segment's rules; every rule given must hold (lists: any of). */
export interface SegmentRules {
  lifecycle?: string[];
  products?: string[];
  segments?: string[];
  tags?: string[];
  /** Channels of the customer's living linked identities. */
  channels?: string[];
  /** Mean sentiment of the last 30 days (−1..1), as last scored. */
  sentimentBelow?: number;
  sentimentAbove?: number;
  minChurnScore?: number;
}

export interface SegmentView {
  id: string;
  name: string;
  rules: SegmentRules;
  createdAt: string;
  updatedAt: string | null;
  /** Customers in the segment now (in the list). */
  members?: number;
}
