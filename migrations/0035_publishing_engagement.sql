-- Publishing (issue #16): engagement pulled back per published variant at a decaying cadence (1 h, 6 h,
-- 24 h, 72 h after publishing), its history, and edits and deletes of published posts.
create table publishing_engagement (
  variant_id uuid primary key references publishing_variants (id) on delete cascade,
  workspace_id uuid not null,
  post_id uuid not null,
  published_at timestamptz not null,
  -- pulls done so far; the next one is due at next_check_at (null: no more)
  checks integer not null default 0,
  next_check_at timestamptz,
  claim_until timestamptz,
  replies integer,
  shares integer,
  likes integer,
  views integer,
  fetched_at timestamptz,
  error text
);
create index publishing_engagement_due on publishing_engagement (next_check_at) where next_check_at is not null;
create index publishing_engagement_post on publishing_engagement (post_id);
create index publishing_engagement_ws on publishing_engagement (workspace_id, published_at);

create table publishing_engagement_samples (
  variant_id uuid not null references publishing_variants (id) on delete cascade,
  workspace_id uuid not null,
  at timestamptz not null,
  replies integer,
  shares integer,
  likes integer,
  views integer,
  primary key (variant_id, at)
);

-- Published variants found by the engagement job without scanning every variant.
create index publishing_variants_published on publishing_variants (published_at) where status = 'published';

-- A published variant edited or taken down through its channel; an edit waiting for approval.
alter table publishing_variants add column edited_at timestamptz;
alter table publishing_variants add column deleted_at timestamptz;
alter table publishing_variants add column pending_text text;
alter table publishing_variants add column pending_by uuid;
