-- Listening: connected channel accounts, raw events as received, authors, items, interactions.

create table channel_accounts (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  type text not null,                       -- the adapter's type
  name text not null,
  settings jsonb not null default '{}'::jsonb,
  status text not null default 'active' check (status in ('active', 'paused', 'error', 'disconnected')),
  webhook_key text not null unique,         -- unguessable path segment of the inbound webhook URL
  cursor text,
  poll_interval_ms integer not null default 60000,
  next_poll_at timestamptz,
  stream_owner text,
  stream_lease_until timestamptz,
  health jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index channel_accounts_ws on channel_accounts (workspace_id);
create index channel_accounts_poll on channel_accounts (next_poll_at) where status = 'active';

-- Everything received, stored before it is acknowledged; the worker turns it into items.
create table raw_events (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  account_id uuid not null references channel_accounts(id) on delete cascade,
  received_at timestamptz not null,
  source text not null check (source in ('webhook', 'poll', 'stream', 'import', 'demo')),
  headers jsonb,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'processed', 'dead')),
  attempts integer not null default 0,
  last_error text,
  processed_at timestamptz
);
create index raw_events_pending on raw_events (received_at) where status = 'pending';
create index raw_events_dead on raw_events (workspace_id, received_at desc) where status = 'dead';

create table authors (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  channel text not null,
  native_id text not null,
  handle text,
  display_name text,
  followers integer,
  verified boolean,
  profile_url text,
  avatar_url text,
  influence double precision,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  unique (workspace_id, channel, native_id)
);

create table items (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  account_id uuid not null references channel_accounts(id) on delete cascade,
  channel text not null,
  native_id text not null,
  kind text not null check (kind in ('post', 'comment', 'reply', 'repost', 'quote', 'direct_message', 'email', 'review')),
  author_id uuid not null references authors(id) on delete cascade,
  parent_native_id text,
  thread_native_id text,
  title text,
  text text not null,
  lang text,
  links jsonb not null default '[]'::jsonb,
  media jsonb not null default '[]'::jsonb,
  url text,
  is_private boolean not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  created_at timestamptz not null,
  received_at timestamptz not null,
  edited_at timestamptz,
  deleted_at timestamptz,
  version integer not null default 1,
  analysis jsonb,
  raw jsonb,
  unique (account_id, native_id)
);
create index items_ws_created on items (workspace_id, created_at desc);
create index items_ws_received on items (workspace_id, received_at desc);
create index items_thread on items (account_id, thread_native_id);
create index items_author on items (author_id, created_at desc);

create table interactions (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  type text not null check (type in ('reply', 'mention', 'repost', 'quote', 'follow')),
  source_author_id uuid not null references authors(id) on delete cascade,
  target_author_id uuid not null references authors(id) on delete cascade,
  item_id uuid references items(id) on delete cascade,
  at timestamptz not null,
  unique (item_id, type, target_author_id)
);
create index interactions_ws_at on interactions (workspace_id, at);
create unique index interactions_without_item on interactions (source_author_id, target_author_id, type) where item_id is null;
