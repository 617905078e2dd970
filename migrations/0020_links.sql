-- Tracked links and conversions (issue #19): short links on the institution's domain, their clicks
-- (bots and prefetches kept but flagged), the daily salts of the visitor hashes, the UTM templates,
-- each workspace's webhook and attribution settings, and the conversions from the bank's systems.
create table links (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  code text not null unique,
  target_url text not null,
  final_url text not null,
  campaign text,
  channel text,
  post_id text,
  variant text,
  reply_id text,
  title text,
  expires_at timestamptz,
  created_by uuid,
  created_at timestamptz not null
);
create index links_workspace on links (workspace_id, created_at desc);
create index links_context on links (workspace_id, target_url, channel, campaign, post_id, variant, reply_id);

create table link_utm_templates (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  -- '' stands for "every channel" / "every campaign".
  channel text not null default '',
  campaign text not null default '',
  params jsonb not null,
  updated_at timestamptz not null,
  primary key (workspace_id, channel, campaign)
);

create table link_clicks (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  link_id uuid not null references links (id) on delete cascade,
  at timestamptz not null,
  day date not null,
  -- salted hash of address and agent; the salt changes every day and old ones are deleted.
  visitor text,
  referrer_host text,
  device text not null,
  country text,
  bot boolean not null default false,
  prefetch boolean not null default false
);
create index link_clicks_link on link_clicks (link_id, at);
create index link_clicks_workspace on link_clicks (workspace_id, at);

create table link_salts (
  day date primary key,
  salt text not null
);

create table link_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  window_days integer not null default 30 check (window_days between 1 and 365),
  model text not null default 'last_click' check (model in ('last_click', 'first_click')),
  updated_at timestamptz not null
);

create table link_conversions (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  event_id text not null,
  type text not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null,
  source text not null check (source in ('api', 'webhook')),
  click_id uuid,
  link_id uuid references links (id) on delete set null,
  post_id text,
  channel text,
  campaign text,
  attributed boolean not null,
  reason text,
  value numeric,
  unique (workspace_id, event_id)
);
create index link_conversions_workspace on link_conversions (workspace_id, occurred_at);
create index link_conversions_link on link_conversions (link_id);
