/** Tables owned by the listening module (migrations/0009_listening.sql). */
import type { ItemsTables } from '../items/index.js';
import type { AuditTables } from '../audit/index.js';

import type { AlertSettings, QueryKind, Sensitivity, Sentiment, WebhookFormat } from '../../contracts/listening.js';

export type { AlertSettings, QueryKind, Sensitivity };
export type SentimentKey = Sentiment;
export const QUERY_KINDS: readonly QueryKind[] = ['brand', 'product', 'competitor', 'topic'];
export const SENTIMENT_KEYS: readonly SentimentKey[] = ['negative', 'neutral', 'positive', 'unknown'];

export const DEFAULT_ALERT: AlertSettings = { enabled: true, sensitivity: 'medium', minVolume: 10, cooldownMinutes: 180, channelIds: [] };
export const Z_BY_SENSITIVITY: Record<Sensitivity, number> = { low: 5, medium: 4, high: 3 };

export interface ListeningTables {
  listening_queries: {
    id: string;
    workspace_id: string;
    name: string;
    expression: string;
    canonical: string;
    kind: QueryKind;
    set_id: string | null;
    enabled: boolean;
    alert: Partial<AlertSettings>;
    revision: number;
    history_from: Date;
    created_at: Date;
    updated_at: Date;
  };
  query_matches: {
    workspace_id: string;
    query_id: string;
    item_id: string;
    created_at: Date;
    channel: string;
    sentiment: SentimentKey;
    complaint: boolean;
    author_id: string;
    followers: number;
    reposts: number;
    reach: number;
    keywords: string[];
  };
  listening_repost_marks: { item_id: string; workspace_id: string };
  listening_rollups_hourly: {
    workspace_id: string;
    query_id: string;
    bucket_hour: Date;
    channel: string;
    sentiment: SentimentKey;
    count: number;
    complaint_count: number;
    reach_sum: number;
  };
  listening_keywords_daily: { workspace_id: string; query_id: string; day: string; term: string; count: number };
  listening_authors_daily: { workspace_id: string; query_id: string; day: string; author_id: string; count: number; negative: number };
  listening_backfills: {
    id: string;
    workspace_id: string;
    query_id: string;
    revision: number;
    status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
    range_from: Date;
    range_to: Date;
    total: number | null;
    processed: number;
    matched: number;
    cursor_at: Date | null;
    cursor_id: string | null;
    worker: string | null;
    heartbeat_at: Date | null;
    error: string | null;
    requested_by: string | null;
    created_at: Date;
    started_at: Date | null;
    finished_at: Date | null;
  };
  listening_notify_channels: {
    id: string;
    workspace_id: string;
    kind: 'email' | 'webhook';
    name: string;
    config: { recipients?: string[]; url?: string; format?: WebhookFormat };
    enabled: boolean;
    created_at: Date;
    updated_at: Date;
  };
  listening_alerts: {
    id: string;
    workspace_id: string;
    query_id: string;
    kind: 'negative' | 'complaint';
    hour_start: Date;
    observed: number;
    expected: number | null;
    ratio: number | null;
    score: number | null;
    severity: 'warning' | 'high' | 'critical';
    code: string;
    reason: string;
    reason_params: unknown;
    top_items: unknown;
    top_keywords: unknown;
    status: 'open' | 'acknowledged' | 'resolved';
    pinned: boolean;
    notified: boolean;
    notify_reason: string | null;
    created_at: Date;
    updated_at: Date;
    acknowledged_at: Date | null;
    resolved_at: Date | null;
  };
  listening_deliveries: {
    id: string;
    workspace_id: string;
    alert_id: string | null;
    report_id: string | null;
    channel_id: string | null;
    target: string;
    status: 'pending' | 'sent' | 'failed';
    attempts: number;
    last_error: string | null;
    created_at: Date;
    sent_at: Date | null;
  };
  listening_settings: {
    workspace_id: string;
    smtp: SmtpSettings | null;
    crisis_active: boolean;
    crisis_period_id: string | null;
    updated_at: Date;
  };
  listening_crisis_periods: {
    id: string;
    workspace_id: string;
    started_at: Date;
    ended_at: Date | null;
    reason: string | null;
    alert_id: string | null;
    started_by: string | null;
    ended_by: string | null;
  };
  listening_shares: {
    id: string;
    workspace_id: string;
    target_type: 'query' | 'set';
    target_id: string;
    label: string | null;
    expires_at: Date;
    revoked_at: Date | null;
    created_by: string | null;
    created_at: Date;
    last_used_at: Date | null;
  };
  listening_reports: {
    id: string;
    workspace_id: string;
    name: string;
    recipients: string[];
    query_ids: string[];
    weekday: number;
    hour: number;
    enabled: boolean;
    next_run_at: Date;
    last_sent_at: Date | null;
    last_error: string | null;
    created_at: Date;
    updated_at: Date;
  };
}

export type { WebhookFormat };
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['sotong', 'slack', 'teams', 'kakaowork'];

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  rejectUnauthorized: boolean;
}

/** Everything the listening code reads and writes (its own tables, items, audit). */
export type ListeningDb = ListeningTables & ItemsTables & AuditTables;

export type QueryRow = ListeningTables['listening_queries'];
export type BackfillRow = ListeningTables['listening_backfills'];
export type AlertRow = ListeningTables['listening_alerts'];

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
