-- Publishing (issue #16): campaigns, posts with per-channel variants, approval chains with 심의필, and the
-- exactly-once send (an idempotency record written before the channel is called).
create table publishing_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  -- { "chains": [{ "product": "loan" | "*" | "none", "steps": [{ "name", "roles": [...], "compliance"? }], "reapproveOnReschedule" }],
  --   "reviewTemplate": "준법감시인 심의필 제{number}호 ({from}~{until})", "deadlineMinutes": 120, "stampTargets": [] }
  settings jsonb not null,
  updated_at timestamptz not null
);

create table publishing_campaigns (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  product text,
  note text not null default '',
  created_by uuid,
  created_at timestamptz not null
);
create index publishing_campaigns_ws on publishing_campaigns (workspace_id, created_at);

create table publishing_posts (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid references publishing_campaigns (id) on delete set null,
  title text not null default '',
  master_text text not null,
  product text,
  -- draft, in_review, changes_requested, approved, published, failed, missed, stopped
  status text not null,
  scheduled_at timestamptz,
  round integer not null default 0,
  step integer not null default 0,
  -- the chain as it was when the round started: [{ name, roles, compliance }]
  chain jsonb not null default '[]',
  reapprove_on_reschedule boolean not null default false,
  review_number text,
  review_valid_from text,
  review_valid_until text,
  stamp text,
  approval_due_at timestamptz,
  escalated_at timestamptz,
  owner_id uuid,
  owner_label text not null,
  -- user ids that wrote this round's content (they may not approve it)
  makers jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index publishing_posts_ws_slot on publishing_posts (workspace_id, scheduled_at);
create index publishing_posts_review_due on publishing_posts (approval_due_at) where status = 'in_review';

create table publishing_variants (
  id uuid primary key,
  post_id uuid not null references publishing_posts (id) on delete cascade,
  workspace_id uuid not null,
  account_id uuid,
  target text not null,
  text text not null,
  media jsonb not null default '[]',
  stamp_required boolean not null default false,
  -- draft, scheduled, sending, published, failed, paused, stopped, unknown
  status text not null,
  due_at timestamptz,
  claim_until timestamptz,
  attempts integer not null default 0,
  native_id text,
  url text,
  error text,
  published_at timestamptz,
  position integer not null default 0
);
create index publishing_variants_post on publishing_variants (post_id, position);
create index publishing_variants_due on publishing_variants (due_at) where status in ('scheduled', 'sending');
create index publishing_variants_ws_due on publishing_variants (workspace_id, due_at);

-- The idempotency record: written (and committed) before the channel is called; finished after.
create table publishing_sends (
  variant_id uuid primary key references publishing_variants (id) on delete cascade,
  workspace_id uuid not null,
  idempotency_key text not null unique,
  started_at timestamptz not null,
  calls integer not null default 1,
  finished_at timestamptz,
  native_id text,
  url text
);

create table publishing_reviews (
  id uuid primary key,
  post_id uuid not null references publishing_posts (id) on delete cascade,
  workspace_id uuid not null,
  round integer not null,
  step integer,
  -- submitted, approved, changes_requested, comment, returned
  action text not null,
  user_id uuid,
  user_label text not null,
  comment text not null default '',
  -- submitted: { masterText, title, variants: [{ target, text }] }
  snapshot jsonb,
  at timestamptz not null
);
create index publishing_reviews_post on publishing_reviews (post_id, at);
