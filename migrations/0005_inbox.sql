-- Unified inbox: conversations (one customer, one thread), agents' replies through a durable outbox,
-- notes, teams and agents, routing rules (versioned), SLA policies and timers, canned replies.

create table teams (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  skills jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  unique (workspace_id, name)
);

create table agents (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  team_ids jsonb not null default '[]'::jsonb,
  skills jsonb not null default '[]'::jsonb,      -- e.g. ["ko", "en", "card", "loan"]
  capacity integer not null default 10 check (capacity >= 0),
  availability text not null default 'offline' check (availability in ('online', 'away', 'offline')),
  last_assigned_at timestamptz,
  primary key (workspace_id, user_id)
);

create table sla_policies (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  definition jsonb not null,                     -- targets per priority, schedule, calendar, warn ratio
  is_default boolean not null default false,
  created_at timestamptz not null default now()
);

create table conversations (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  account_id uuid not null references channel_accounts(id) on delete cascade,
  channel text not null,
  thread_key text not null,
  customer_author_id uuid not null references authors(id) on delete cascade,
  is_private boolean not null,
  subject text,
  status text not null default 'open' check (status in ('open', 'pending', 'snoozed', 'resolved', 'closed')),
  priority text not null default 'normal' check (priority in ('urgent', 'high', 'normal', 'low')),
  tags jsonb not null default '[]'::jsonb,
  team_id uuid references teams(id) on delete set null,
  assignee_id uuid references users(id) on delete set null,
  sla_policy_id uuid references sla_policies(id) on delete set null,
  snoozed_until timestamptz,
  linked_conversation_id uuid references conversations(id) on delete set null,
  last_message_at timestamptz not null,
  last_customer_message_at timestamptz,
  last_agent_reply_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  message_count integer not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (workspace_id, thread_key)
);
create index conversations_queue on conversations (workspace_id, status, last_message_at desc);
create index conversations_assignee on conversations (workspace_id, assignee_id, status);
create index conversations_team on conversations (workspace_id, team_id, status);
create index conversations_customer on conversations (customer_author_id);

create table conversation_items (
  conversation_id uuid not null references conversations(id) on delete cascade,
  item_id uuid not null references items(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  primary key (conversation_id, item_id)
);
create unique index conversation_items_item on conversation_items (item_id);

-- Replies leave through here: sending → sent | failed; a row is sent at most once (claim + idempotency key).
create table outbox (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  account_id uuid not null references channel_accounts(id) on delete cascade,
  in_reply_to_item_id uuid references items(id) on delete set null,
  author_user_id uuid references users(id) on delete set null,
  text text not null,
  is_private boolean not null,
  status text not null check (status in ('sending', 'sent', 'failed')),
  attempts integer not null default 0,
  error text,
  error_code text,
  claimed_until timestamptz,
  native_id text,
  url text,
  idempotency_key text not null unique,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index outbox_conversation on outbox (conversation_id, created_at);
create index outbox_due on outbox (created_at) where status = 'sending';

create table conversation_notes (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  author_user_id uuid references users(id) on delete set null,
  text text not null,
  mentions jsonb not null default '[]'::jsonb,
  created_at timestamptz not null
);
create index conversation_notes_conv on conversation_notes (conversation_id, created_at);

create table routing_rules (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  enabled boolean not null default true,
  position integer not null,
  definition jsonb not null,
  version integer not null default 1,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null
);
create index routing_rules_ws on routing_rules (workspace_id, position);

create table routing_rule_versions (
  rule_id uuid not null references routing_rules(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  version integer not null,
  definition jsonb not null,
  updated_by uuid,
  updated_at timestamptz not null,
  primary key (rule_id, version)
);

-- SLA timers live here, so they survive restarts; the scheduler claims due ones with SKIP LOCKED.
create table sla_timers (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  kind text not null check (kind in ('first_response', 'next_response', 'resolution')),
  started_at timestamptz not null,
  due_at timestamptz not null,
  warn_at timestamptz not null,
  state text not null default 'running' check (state in ('running', 'paused', 'met', 'breached', 'cancelled')),
  warned_at timestamptz,
  breached_at timestamptz,
  stopped_at timestamptz,
  unique (conversation_id, kind, started_at)
);
create index sla_timers_due on sla_timers (due_at) where state = 'running';
create index sla_timers_warn on sla_timers (warn_at) where state = 'running' and warned_at is null;

create table canned_replies (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  text text not null,
  language text not null default 'ko',
  created_at timestamptz not null default now()
);
