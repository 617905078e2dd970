-- Foundation: workspaces, users and their roles, sessions, API tokens, audit chain, encrypted secrets,
-- recurring jobs. Every row that belongs to a workspace carries workspace_id.

create table workspaces (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
  name text not null,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  email text not null unique check (email = lower(email)),
  name text not null,
  password_hash text,
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  is_instance_admin boolean not null default false,
  created_at timestamptz not null default now(),
  last_login_at timestamptz,
  password_changed_at timestamptz
);

create table memberships (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('admin', 'manager', 'agent', 'analyst', 'compliance', 'employee')),
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id text primary key,               -- sha256 of the cookie token
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

create table login_attempts (
  key text not null,                 -- 'account:<email>' or 'ip:<address>'
  at timestamptz not null
);
create index login_attempts_key_at on login_attempts (key, at);

create table api_tokens (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  token_hash text not null unique,   -- sha256 of the secret
  prefix text not null,
  scopes jsonb not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_ws on api_tokens (workspace_id);

-- Append-only audit trail: one hash chain per workspace (chain = workspace id, or 'system').
create table audit_log (
  chain text not null,
  seq bigint not null,
  workspace_id uuid references workspaces(id) on delete cascade,
  at timestamptz not null,
  actor_id uuid,
  actor_label text,
  action text not null,
  target_type text,
  target_id text,
  before jsonb,
  after jsonb,
  ip text,
  prev_hash text not null,
  hash text not null,
  primary key (chain, seq)
);
create index audit_log_ws_at on audit_log (workspace_id, at desc);
create index audit_log_ws_action on audit_log (workspace_id, action);

create table audit_heads (
  chain text primary key,
  workspace_id uuid references workspaces(id) on delete cascade,
  seq bigint not null,
  hash text not null
);

-- Secrets at rest (channel credentials, tokens): AES-256-GCM envelopes, see src/modules/secrets.
create table secrets (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  owner_type text not null,
  owner_id text not null,
  envelope text not null,
  key_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, owner_type, owner_id)
);

create table instance_settings (
  key text primary key,
  value jsonb not null
);

-- Recurring jobs: the scheduler role claims due rows with FOR UPDATE SKIP LOCKED and hands them to workers.
create table scheduled_jobs (
  name text primary key,
  interval_ms integer not null check (interval_ms > 0),
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  last_error text
);
