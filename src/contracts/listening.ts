/**
 * Listening's JSON views (`/api/v1/w/:ws/listening`, `/api/v1/shared/:token`; docs/listening.md): monitoring
 * queries, backfills, dashboards, shared links, crisis alerts and search. Types only; dates are ISO strings.
 */
import type { ItemView } from './items.js';

export type Sentiment = 'negative' | 'neutral' | 'positive' | 'unknown';
export type QueryKind = 'brand' | 'product' | 'competitor' | 'topic';
export type Sensitivity = 'low' | 'medium' | 'high';
export type BucketUnit = 'hour' | 'day';

export interface AlertSettings {
  enabled: boolean;
  sensitivity: Sensitivity;
  minVolume: number;
  cooldownMinutes: number;
  channelIds: string[];
}

/** A monitoring query. */
export interface QueryView {
  id: string;
  name: string;
  expression: string;
  canonical: string;
  kind: QueryKind;
  setId: string | null;
  enabled: boolean;
  alert: AlertSettings;
  revision: number;
  historyFrom: string;
  createdAt: string;
  updatedAt: string;
}

/** GET /queries: each with its mentions over the dashboard's default period (the number the dashboard opens with). */
export type QueryListEntry = QueryView & { mentions: { from: string; to: string; count: number } };

export interface BackfillView {
  id: string;
  queryId: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  from: string;
  to: string;
  total: number | null;
  processed: number;
  matched: number;
  progress: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface QueryRef {
  id: string;
  name: string;
  kind: QueryKind;
}

/** A share-of-voice set (GET /sets). */
export interface QuerySetView {
  id: string;
  queries: QueryRef[];
}

export type SentimentSplit = Record<Sentiment, number>;
export type Counts = SentimentSplit & { count: number };

/** A period's change against the one before it. */
export interface Change {
  previous: number;
  percent: number | null;
  direction: 'up' | 'down' | 'flat' | 'new';
}

/** GET …/dashboard (also inside a shared link's answer). */
export interface DashboardView {
  target: { type: 'query' | 'set'; id: string; name: string; queries: QueryRef[] };
  period: { from: string; to: string; bucket: BucketUnit; timezone: 'Asia/Seoul' };
  totals: Counts & { complaints: number; reach: number; change: Change };
  volume: Array<Counts & { key: string; start: string; complaints: number }>;
  sentiment: Array<{ sentiment: Sentiment; count: number; percent: number }>;
  channels: Array<Counts & { channel: string; percent: number }>;
  shareOfVoice: {
    setId: string;
    entries: Array<{ queryId: string | null; name: string; count: number; percent: number; own: boolean }>;
    series: Array<{ key: string; start: string; counts: Record<string, number> }>;
  } | null;
  keywords: Array<{ term: string; count: number; background: number; z: number }>;
  wordCloud: Array<{ term: string; count: number }>;
  topPosts: Array<{ item: ItemView; reach: number; followers: number; reposts: number }>;
  topAuthors: Array<{ author: { id: string; handle: string | null; name: string | null; channel: string; followers: number | null }; count: number; negative: number }>;
}

/** An item behind a dashboard number (GET …/items). */
export type DrillItem = ItemView & { reach: number };

export interface DrillPage {
  items: DrillItem[];
  nextCursor: string | null;
}

/** A shareable read-only dashboard link. */
export interface ShareView {
  id: string;
  targetType: 'query' | 'set';
  targetId: string;
  label: string | null;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** POST …/shares: the token is shown this once. */
export type CreatedShare = ShareView & { token: string; url: string };

/** GET /shared/:token. */
export interface SharedDashboard {
  share: { targetType: 'query' | 'set'; label: string | null; expiresAt: string; aggregatesOnly: true };
  dashboard: DashboardView;
}

/**
 * The numbers of an alert's reason. `hourStart` (ISO) is the hour judged; `by` ("HH:MM", Seoul) when the
 * hour had not ended; `since` ("HH:MM") when the window judged was the hour before `by`, across the
 * hour boundary; `hours` and `limit` for the cold start.
 */
export interface ReasonParams {
  hourStart?: string;
  observed?: number;
  expected?: number | null;
  ratio?: number | null;
  z?: number | null;
  by?: string | null;
  since?: string;
  hours?: number;
  limit?: number;
  minHours?: number;
}

export interface AlertView {
  id: string;
  queryId: string;
  queryName: string;
  kind: 'negative' | 'complaint';
  hourStart: string;
  observed: number;
  expected: number | null;
  ratio: number | null;
  score: number | null;
  severity: 'warning' | 'high' | 'critical';
  /** English, for logs; people read `code` + `reasonParams` through the dictionaries. */
  reason: string;
  code: string;
  reasonParams: ReasonParams;
  topItems: Array<{ id: string; text: string; channel: string; author: string | null; reach: number }>;
  topKeywords: Array<{ term: string; count: number }>;
  status: 'open' | 'acknowledged' | 'resolved';
  pinned: boolean;
  notified: boolean;
  createdAt: string;
  updatedAt: string;
  deliveries: Array<{ channelId: string | null; target: string; status: 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null }>;
}

export interface CrisisView {
  active: boolean;
  since: string | null;
  reason: string | null;
  alertId: string | null;
}

export interface CrisisPeriodView {
  id: string;
  startedAt: string;
  endedAt: string | null;
  reason: string | null;
  alertId: string | null;
  startedBy: string | null;
  endedBy: string | null;
}

/** GET /search. */
export interface SearchResult {
  items: ItemView[];
  nextCursor: string | null;
  /** Items matching in all (first page only; null on later pages), at most 10,000. */
  total: number | null;
  totalCapped: boolean;
  /** Words, phrases, tags and handles to highlight in the results. */
  terms: string[];
}

export type WebhookFormat = 'sotong' | 'slack' | 'teams' | 'kakaowork';

/** A notification channel (e-mail recipients or a signed webhook). */
export interface NotifyChannelView {
  id: string;
  kind: 'email' | 'webhook';
  name: string;
  recipients: string[] | null;
  url: string | null;
  format: WebhookFormat | null;
  enabled: boolean;
  createdAt: string;
}

/** The workspace's SMTP server (never its password). */
export interface SmtpView {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  rejectUnauthorized: boolean;
  passwordSet: boolean;
}

/** A weekly e-mail report. */
export interface WeeklyReportView {
  id: string;
  name: string;
  recipients: string[];
  queryIds: string[];
  /** 0 = Sunday. */
  weekday: number;
  hour: number;
  enabled: boolean;
  nextRunAt: string;
  lastSentAt: string | null;
  lastError: string | null;
}

export interface ReportPreview {
  subject: string;
  html: string;
  text: string;
  from: string;
  to: string;
  attachments: string[];
}

/** One week (and channel) of the communication index (GET /communication). */
export interface WeekRow {
  week: string;
  channel: string | null;
  conversations: number;
  inbound: number;
  responded: number;
  responseRate: number | null;
  medianResponseMinutes: number | null;
  sentimentShift: number | null;
  shiftSamples: number;
  /** Conversations whose replies carried a tracked link. */
  linkConversations: number;
  /** Of those, the conversations where a person followed at least one (bots and link previews not counted). */
  linksFollowed: number;
  /** linksFollowed / linkConversations (null without any). */
  linkFollowRate: number | null;
  /** Clicks by people (not bots or previews) on the tracked links of the bank's posts in the week (by the link's channel). */
  postClicks: number;
  /** How many posts those clicks were on. */
  postsClicked: number;
}

/** The demo workspace's crisis drill (GET/POST /demo/crisis-drill). */
export interface DrillState {
  available: boolean;
  running: boolean;
  posts: number;
  startedAt: string | null;
}
