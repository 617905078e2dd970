-- Listening dashboards and crisis alerts: monitoring queries, their matches, rollups maintained at
-- ingest, backfill jobs, full-text search, alerts and their delivery, crisis mode, shared links, reports.

-- Full-text search: the Korean-aware tokenizer's terms (and surface words, #tags, @mentions) as a
-- tsvector literal written at ingest; rows from before this migration are filled by a job.
alter table items add column search tsvector;
create index items_search on items using gin (search);
create index items_search_missing on items (id) where search is null;

create table listening_queries (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  expression text not null,
  canonical text not null,
  kind text not null check (kind in ('brand', 'product', 'competitor', 'topic')),
  set_id text,                                  -- share-of-voice set: queries with the same set_id are compared
  enabled boolean not null default true,
  alert jsonb not null default '{}'::jsonb,     -- { enabled, sensitivity, minVolume, cooldownMinutes, channelIds }
  revision integer not null default 1,          -- bumped when the expression changes (matches are rebuilt)
  history_from timestamptz not null,            -- matches are complete from here on (creation, or a finished backfill)
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index listening_queries_ws on listening_queries (workspace_id, created_at);
create index listening_queries_set on listening_queries (workspace_id, set_id) where set_id is not null;

-- One row per (query, item) that matches; dimensions copied so dashboards and drill-downs skip items.
create table query_matches (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  item_id uuid not null references items(id) on delete cascade,
  created_at timestamptz not null,
  channel text not null,
  sentiment text not null,                      -- negative | neutral | positive | unknown
  complaint boolean not null,
  author_id uuid not null,
  followers integer not null default 0,
  reposts integer not null default 0,
  reach bigint not null default 0,              -- author followers + followers of those who reposted or quoted it
  keywords text[] not null default '{}',
  primary key (query_id, item_id)
);
create index query_matches_time on query_matches (query_id, created_at desc, item_id desc);
create index query_matches_reach on query_matches (query_id, reach desc, created_at);
create index query_matches_item on query_matches (item_id);

-- Reposts and quotes already counted into their original's reach (so a redelivery does not count twice).
create table listening_repost_marks (
  item_id uuid primary key references items(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade
);
-- Reposts of an item, for its reach when a backfill matches it.
create index items_parent on items (account_id, parent_native_id) where parent_native_id is not null;

create table listening_rollups_hourly (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  bucket_hour timestamptz not null,
  channel text not null,
  sentiment text not null,
  count integer not null default 0,
  complaint_count integer not null default 0,
  reach_sum bigint not null default 0,
  primary key (query_id, bucket_hour, channel, sentiment)
);

create table listening_keywords_daily (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  day date not null,                            -- Seoul calendar day
  term text not null,
  count integer not null default 0,
  primary key (query_id, day, term)
);

create table listening_authors_daily (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  day date not null,
  author_id uuid not null,
  count integer not null default 0,
  negative integer not null default 0,
  primary key (query_id, day, author_id)
);

create table listening_backfills (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  revision integer not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
  range_from timestamptz not null,
  range_to timestamptz not null,
  total integer,
  processed integer not null default 0,
  matched integer not null default 0,
  cursor_at timestamptz,
  cursor_id uuid,
  worker text,
  heartbeat_at timestamptz,
  error text,
  requested_by text,
  created_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz
);
create index listening_backfills_query on listening_backfills (query_id, created_at desc);
create index listening_backfills_active on listening_backfills (created_at) where status in ('queued', 'running');

-- Where alerts go: e-mail recipients or a signed webhook (secret in `secrets`).
create table listening_notify_channels (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('email', 'webhook')),
  name text not null,
  config jsonb not null,                        -- email: { recipients }; webhook: { url, format }
  enabled boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index listening_notify_channels_ws on listening_notify_channels (workspace_id);

create table listening_alerts (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  query_id uuid not null references listening_queries(id) on delete cascade,
  kind text not null check (kind in ('negative', 'complaint')),
  hour_start timestamptz not null,
  observed integer not null,
  expected double precision,
  ratio double precision,
  score double precision,
  severity text not null check (severity in ('warning', 'high', 'critical')),
  code text not null,
  reason text not null,
  top_items jsonb not null default '[]'::jsonb,
  top_keywords jsonb not null default '[]'::jsonb,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  pinned boolean not null default false,
  notified boolean not null default false,
  notify_reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  unique (query_id, kind, hour_start)
);
create index listening_alerts_ws on listening_alerts (workspace_id, created_at desc);

create table listening_deliveries (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  alert_id uuid references listening_alerts(id) on delete cascade,
  report_id uuid,
  channel_id uuid references listening_notify_channels(id) on delete cascade,
  target text not null,                         -- e-mail addresses or the webhook URL
  status text not null check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index listening_deliveries_alert on listening_deliveries (alert_id);

-- Workspace-level settings: SMTP (password in `secrets`), crisis mode (a flag others read).
create table listening_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  smtp jsonb,                                   -- { host, port, secure, user, from, rejectUnauthorized }
  crisis_active boolean not null default false,
  crisis_period_id uuid,
  updated_at timestamptz not null
);

create table listening_crisis_periods (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  started_at timestamptz not null,
  ended_at timestamptz,
  reason text,
  alert_id uuid references listening_alerts(id) on delete set null,
  started_by text,
  ended_by text
);
create index listening_crisis_periods_ws on listening_crisis_periods (workspace_id, started_at desc);

create table listening_shares (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  target_type text not null check (target_type in ('query', 'set')),
  target_id text not null,
  label text,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_by text,
  created_at timestamptz not null,
  last_used_at timestamptz
);
create index listening_shares_ws on listening_shares (workspace_id, created_at desc);

create table listening_reports (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  recipients jsonb not null,
  query_ids jsonb not null default '[]'::jsonb,
  weekday integer not null check (weekday between 0 and 6),
  hour integer not null check (hour between 0 and 23),
  enabled boolean not null default true,
  next_run_at timestamptz not null,
  last_sent_at timestamptz,
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index listening_reports_due on listening_reports (next_run_at) where enabled;
