-- Customer 360, second part (issue #17): suggested matches between unlinked social identities and
-- customers (a person confirms or dismisses; confirming only leads to the consent link), the blind
-- index those suggestions are looked up in, the workspace's automatic-merge setting, and segments
-- that can be edited.

-- Blind index of customers' personal fields: HMAC-SHA256 of the normalised value under a key of the
-- workspace (kept in `secrets`), so a value written in a message can be looked up without decrypting
-- every customer and without storing the value in clear. Kept up to date by a job, not by the import.
create table customer_match_keys (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  kind text not null,
  hash text not null,
  primary key (workspace_id, customer_id, kind)
);
create index customer_match_keys_lookup on customer_match_keys (workspace_id, kind, hash);
-- Which version of each customer the blind index was made from (the job re-indexes newer ones).
create table customer_match_indexed (
  customer_id uuid primary key references customers (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  customer_updated_at timestamptz not null
);
create index customer_match_indexed_ws on customer_match_indexed (workspace_id);

-- A suggestion that a social identity is a known customer, with its evidence; one row per pair, so a
-- dismissed pair is never suggested again.
create table customer_match_suggestions (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  author_id uuid not null,
  customer_id uuid not null references customers (id) on delete cascade,
  evidence jsonb not null,
  confidence real not null,
  status text not null default 'open',
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (workspace_id, author_id, customer_id)
);
create index customer_match_suggestions_list on customer_match_suggestions (workspace_id, status, confidence desc, created_at desc);

-- Automatic merges of conversations of identities linked to the same customer (off by default).
create table customer_case_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  auto_merge boolean not null default false,
  threshold real not null default 0.9,
  updated_at timestamptz not null
);

-- Segments can be edited.
alter table customer_segments add column updated_at timestamptz;

-- The customer timeline reads the tracked links of a customer's private conversations and the published
-- posts their replies answer: one lookup each by an index instead of a walk over the workspace.
create index links_conversation on links (workspace_id, conversation_id) where conversation_id is not null;
create index publishing_variants_native on publishing_variants (workspace_id, native_id) where native_id is not null;
