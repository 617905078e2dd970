/** Tracked links' JSON views (`/api/v1/w/:ws/links`, `/conversions`; docs/links.md). Types only; dates are ISO strings. */

/** `country`: ISO 3166-1 alpha-2 of the click's address (offline table, IPv4 only); `(none)` when unknown. */
export type Dimension = 'link' | 'channel' | 'campaign' | 'post' | 'country';

export interface LinkView {
  id: string;
  code: string;
  shortUrl: string;
  targetUrl: string;
  finalUrl: string;
  campaign: string | null;
  channel: string | null;
  postId: string | null;
  variant: string | null;
  replyId: string | null;
  conversationId: string | null;
  title: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export interface AnalyticsRow {
  key: string;
  /** What people read: the link's title or short code, the channel, campaign, or the post's title (else its id). */
  label: string;
  clicks: number;
  uniqueVisitors: number;
  /** Bot, unfurler and prefetch requests: logged, not counted. */
  filtered: number;
  conversions: number;
  /** Conversions per counted click (0 when there are no clicks). */
  rate: number;
}

export interface AnalyticsView {
  by: Dimension;
  from: string;
  to: string;
  rows: AnalyticsRow[];
  daily: Array<{ day: string; clicks: number; conversions: number }>;
  totals: { clicks: number; uniqueVisitors: number; filtered: number; conversions: number; rate: number };
}

export interface ConversionView {
  id: string;
  eventId: string;
  type: string;
  occurredAt: string;
  source: 'api' | 'webhook';
  clickId: string | null;
  linkId: string | null;
  postId: string | null;
  channel: string | null;
  campaign: string | null;
  attributed: boolean;
  reason: string | null;
  value: number | null;
}
