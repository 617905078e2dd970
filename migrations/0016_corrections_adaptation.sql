-- Corrections of the text analytics by people, and the per-workspace adaptation learned from them.

-- One row per correction (history kept; the latest per item and task wins). The text is the item's
-- stored (masked) text when the correction was made, so an export or a retraining never needs the item.
create table analysis_corrections (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  item_id uuid not null references items(id) on delete cascade,
  task text not null check (task in ('sentiment', 'complaint', 'intents', 'abuse')),
  old_label text not null,
  new_label text not null,
  text text not null,
  lang text,
  actor_id uuid,
  actor_label text not null,
  actor_name text,
  created_at timestamptz not null
);
create index analysis_corrections_ws_idx on analysis_corrections (workspace_id, created_at desc, id desc);
create index analysis_corrections_item_idx on analysis_corrections (item_id, task, created_at desc);

-- Every adaptation learned for a workspace, active or not, with its weights (base64 of the compact
-- encoding, src/nlp/adapt/codec.ts) and its cross-validated before/after figures.
create table adaptation_versions (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  version integer not null,
  weights text not null,
  weights_bytes integer not null,
  corrections integer not null,
  folds integer not null,
  before jsonb not null,
  after jsonb not null,
  accepted boolean not null,
  reason text,
  created_at timestamptz not null,
  unique (workspace_id, version)
);

-- Which version each workspace uses (none: the base models alone).
create table adaptation_state (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  active_version_id uuid references adaptation_versions(id) on delete set null,
  changed_at timestamptz not null
);

-- Timed work per workspace: learn a new version (debounced after corrections) or re-score recent items
-- after the active version changed. Claimed with FOR UPDATE SKIP LOCKED; a row whose due time moved
-- while it was worked on is worked again.
create table adaptation_jobs (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('train', 'rescore')),
  due_at timestamptz not null,
  claimed_until timestamptz,
  attempts integer not null default 0,
  last_error text,
  primary key (workspace_id, kind)
);
create index adaptation_jobs_due_idx on adaptation_jobs (due_at);
