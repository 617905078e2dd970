-- Pre-send screening (issue #16): each workspace's rule sets, versioned. Every version is kept; exactly
-- one is active (the partial unique index); the first version is the seeded Korean default.
create table screening_rule_sets (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  version integer not null check (version > 0),
  rules jsonb not null,
  note text not null default '',
  active boolean not null default false,
  created_by uuid,
  created_at timestamptz not null,
  activated_at timestamptz,
  unique (workspace_id, version)
);
create unique index screening_rule_sets_one_active on screening_rule_sets (workspace_id) where active;
