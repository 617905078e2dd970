-- The archive (issue #19): every inbound and outbound message version, append-only and hash-chained per
-- workspace; retention per workspace and channel; legal holds; purges (which leave tombstones, so the
-- chain still verifies); exports.

-- One row per message version. (workspace_id, seq) is the chain position; hash covers every column but
-- body_enc (the encrypted original, whose digest content_sha256 it covers) and the purge columns.
create table archive_versions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  seq bigint not null check (seq > 0),
  prev_hash text not null,
  hash text not null,
  recorded_at timestamptz not null,
  occurred_at timestamptz,
  kind text,
  dedupe_key text,
  source text,
  source_id text,
  channel text,
  account_id uuid,
  native_id text,
  conversation_id uuid,
  author_id uuid,
  author_label text,
  direction text,
  is_private boolean,
  item_version integer,
  labels jsonb,
  meta jsonb,
  attachments jsonb,
  text_masked text,
  content_nonce text,
  content_sha256 text,
  body_enc text,
  -- Set by a purge: the content columns are emptied, seq, prev_hash and hash stay as the tombstone.
  purged_at timestamptz,
  purge_id uuid,
  primary key (workspace_id, seq)
);
create unique index archive_versions_dedupe on archive_versions (workspace_id, dedupe_key);
create index archive_versions_occurred on archive_versions (workspace_id, occurred_at) where purged_at is null;
create index archive_versions_author on archive_versions (workspace_id, author_id) where purged_at is null;
create index archive_versions_conversation on archive_versions (workspace_id, conversation_id) where purged_at is null;

-- Where each workspace's chain ends; locked by every append (appends of one workspace serialise).
create table archive_heads (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  seq bigint not null,
  hash text not null
);

-- Append-only: a row may only be emptied into a tombstone by a purge (which sets sotong.archive_purge
-- for its transaction), and deleted only with its workspace (restore replaces a workspace).
create function archive_versions_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if coalesce(current_setting('sotong.archive_purge', true), '') <> 'on' or old.purged_at is not null
       or new.seq <> old.seq or new.hash <> old.hash or new.prev_hash <> old.prev_hash or new.recorded_at <> old.recorded_at
       or new.purged_at is null then
      raise exception 'archive_versions is append-only (only a purge may empty a version)' using errcode = '42501';
    end if;
    return new;
  end if;
  -- A workspace's deletion cascades through the foreign key's own trigger (depth 2 here); a statement
  -- that deletes versions directly runs at depth 1.
  if pg_trigger_depth() < 2 then
    raise exception 'archive_versions is append-only (rows go only with their workspace)' using errcode = '42501';
  end if;
  return old;
end
$$;
create trigger archive_versions_append_only before update or delete on archive_versions
  for each row execute function archive_versions_guard();

-- Retention: days per workspace, optionally per channel ('*': every channel without its own).
create table archive_retention (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  channel text not null,
  days integer not null check (days > 0),
  updated_at timestamptz not null,
  updated_by uuid,
  primary key (workspace_id, channel)
);

-- Legal holds: every criterion given must match (null: any); an active hold keeps what it matches.
create table archive_holds (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  reason text not null default '',
  author_id uuid,
  channel text,
  conversation_id uuid,
  from_at timestamptz,
  to_at timestamptz,
  created_by uuid,
  created_at timestamptz not null,
  released_at timestamptz,
  released_by uuid
);
create index archive_holds_active on archive_holds (workspace_id) where released_at is null;

-- What each purge removed.
create table archive_purges (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  at timestamptz not null,
  removed integer not null,
  held integer not null,
  first_seq bigint,
  last_seq bigint,
  seqs jsonb not null
);
create index archive_purges_ws on archive_purges (workspace_id, at desc);

-- Export packages made through the API (the CLI writes its own folder).
create table archive_exports (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  status text not null,
  filters jsonb not null,
  created_by uuid,
  created_at timestamptz not null,
  finished_at timestamptz,
  versions integer,
  bytes bigint,
  head_seq bigint,
  head_hash text,
  error text
);
create index archive_exports_ws on archive_exports (workspace_id, created_at desc);

-- Which conversation an archived item joined (known only after grouping, so not part of the version):
-- holds and searches by conversation use it.
create table archive_conversation_links (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  item_id text not null,
  conversation_id uuid not null,
  primary key (workspace_id, item_id, conversation_id)
);
create index archive_conversation_links_conv on archive_conversation_links (workspace_id, conversation_id);
