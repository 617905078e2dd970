-- Customers (issue #17): customers imported from the bank's systems, identity links made with the
-- customer's consent, and the consent requests (signed, expiring links) that lead to them.
-- Personal fields are kept as AES-GCM envelopes (bound to workspace and external id) beside a masked form.
create table customers (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  external_id text not null,
  name_enc text,
  name_masked text,
  email_enc text,
  email_masked text,
  phone_enc text,
  phone_masked text,
  segment text,
  products jsonb not null default '[]',
  manager text,
  opt_outs jsonb not null default '[]',
  tags jsonb not null default '[]',
  lifecycle text not null default 'prospect',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (workspace_id, external_id)
);
create index customers_workspace_updated on customers (workspace_id, updated_at desc, id);

-- One living link per social identity (author); revoked links stay as the record of what was.
create table customer_links (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  author_id uuid not null,
  purpose text not null,
  proof jsonb not null,
  request_id uuid,
  linked_by text not null,
  linked_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text
);
create unique index customer_links_one_live on customer_links (workspace_id, author_id) where revoked_at is null;
create index customer_links_customer on customer_links (workspace_id, customer_id);

-- A consent link sent from a conversation: the token carries the id and is signed; the nonce is spent once.
create table consent_requests (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  conversation_id uuid not null,
  author_id uuid not null,
  purpose text not null,
  created_by uuid,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  authenticated_at timestamptz,
  customer_external_id text,
  completed_at timestamptz,
  -- The browser that authenticated holds the session secret (its hash is here) to give consent.
  session_hash text,
  link_id uuid
);
create index consent_requests_workspace on consent_requests (workspace_id, created_at desc);

-- The workspace's consent settings: the stated purpose and the bank login that signs assertions
-- (the link-signing key and the assertion secret are in `secrets`, owner type consent).
create table customer_consent_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  purpose text not null,
  login_url text,
  link_ttl_minutes integer not null default 1440,
  updated_at timestamptz not null
);

-- Churn risk as last scored (score 0..1 and its reasons), and the workspace's lifecycle rules.
alter table customers add column churn_score real;
alter table customers add column churn_reasons jsonb not null default '[]';
alter table customers add column scored_at timestamptz;
create index customers_churn on customers (workspace_id, churn_score desc nulls last);
create table customer_rules (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  rules jsonb not null,
  updated_at timestamptz not null
);

-- Leads from purchase-intent posts: one per item, with an owner, a status and a follow-up date.
create table customer_leads (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  item_id uuid not null,
  author_id uuid not null,
  customer_id uuid references customers (id) on delete set null,
  excerpt text not null,
  owner_id uuid,
  status text not null default 'new',
  follow_up_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (workspace_id, item_id)
);
create index customer_leads_list on customer_leads (workspace_id, status, created_at desc);

-- One case per complaint: a conversation merged into another (the case, with its one SLA); undoable.
create table case_merges (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  target_conversation_id uuid not null,
  source_conversation_id uuid not null,
  reason jsonb not null,
  previous_status text not null,
  merged_by text not null,
  merged_at timestamptz not null,
  undone_at timestamptz,
  undone_by text
);
create unique index case_merges_one_live on case_merges (workspace_id, source_conversation_id) where undone_at is null;
create index case_merges_target on case_merges (workspace_id, target_conversation_id);

-- Segments by rules (lifecycle, products, sentiment, channels, tags); the mean sentiment of the last
-- 30 days is kept with the churn score for them.
alter table customers add column sentiment_30d real;
create table customer_segments (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  rules jsonb not null,
  created_at timestamptz not null,
  unique (workspace_id, name)
);
